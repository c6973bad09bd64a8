// WAITING_REMIND_DAYS and WAITING_CLOSE_DAYS: whole school days, 3 and 5 unless set, reaching the policy the
// domain decides with; a bad value stops the start with one line naming the variable.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, schoolPolicyOf } from '../../infra/config.js';

describe('waiting on the author: configuration', () => {
  it('defaults to a reminder after 3 school days and a close 5 school days later', () => {
    const config = loadConfig({});
    expect([config.WAITING_REMIND_DAYS, config.WAITING_CLOSE_DAYS]).toEqual([3, 5]);
    expect(schoolPolicyOf(config)).toMatchObject({ waitingRemindDays: 3, waitingCloseDays: 5 });
  });

  it('takes the school’s numbers', () => {
    const config = loadConfig({ WAITING_REMIND_DAYS: '2', WAITING_CLOSE_DAYS: '10' });
    expect(schoolPolicyOf(config)).toMatchObject({ waitingRemindDays: 2, waitingCloseDays: 10 });
  });

  it('refuses zero and words, one line per variable', () => {
    let problems: readonly string[] = [];
    try {
      loadConfig({ WAITING_REMIND_DAYS: '0', WAITING_CLOSE_DAYS: 'пять' });
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(problems.filter((line) => line.startsWith('config: WAITING_REMIND_DAYS '))).toHaveLength(1);
    expect(problems.filter((line) => line.startsWith('config: WAITING_CLOSE_DAYS '))).toHaveLength(1);
  });
});
