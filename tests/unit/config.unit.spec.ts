import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactedConfig, schoolPolicyOf } from '../../infra/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('starts on the embedded default with no variables at all', () => {
    const config = loadConfig({}, 'host-1');
    expect(config.EVENT_STORE).toBe('embedded');
    expect(config.HTTP_PORT).toBe(8080);
    expect(config.SCHOOL_TIMEZONE).toBe('Europe/Moscow');
    expect(config.BOT_INSTANCE_ID).toBe('host-1');
    expect(config.ADMIN_TELEGRAM_IDS).toEqual([]);
  });

  it('accepts LOG_LEVEL and LOG_FORMAT in upper case, as operators write them', () => {
    expect(loadConfig({ LOG_LEVEL: 'INFO' }).LOG_LEVEL).toBe('info');
    expect(loadConfig({ LOG_LEVEL: ' Debug ' }).LOG_LEVEL).toBe('debug');
    expect(loadConfig({ LOG_FORMAT: 'JSON' }).LOG_FORMAT).toBe('json');
    expect(loadConfig({}).LOG_FORMAT).toBeUndefined();
    expect(problemsOf({ LOG_LEVEL: 'LOUD' })).toEqual([expect.stringMatching(/^config: LOG_LEVEL /)]);
  });

  it('picks the strongest configured store when EVENT_STORE is not set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).EVENT_STORE).toBe('postgres');
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', EVENTSTORE_URL: 'esdb://h:2113?tls=false' }).EVENT_STORE).toBe(
      'esdb',
    );
  });

  it('takes KurrentDB\'s own URL scheme and writes it as esdb://, the one the client parses', async () => {
    const { EventStoreDBClient } = await import('@eventstore/db-client');
    for (const [given, written] of [
      ['kurrentdb://h:2113?tls=false', 'esdb://h:2113?tls=false'],
      ['kurrentdb+discover://a:2113,b:2113', 'esdb+discover://a:2113,b:2113'],
      ['kurrent://h:2113', 'esdb://h:2113'],
      ['esdb://h:2113?tls=false', 'esdb://h:2113?tls=false'],
    ]) {
      const url = loadConfig({ EVENTSTORE_URL: given }).EVENTSTORE_URL;
      expect(url).toBe(written);
      expect(() => EventStoreDBClient.connectionString(url!)).not.toThrow();
    }
  });

  it('parses the admin list', () => {
    expect(loadConfig({ ADMIN_TELEGRAM_IDS: ' 11, 22 ,,33' }).ADMIN_TELEGRAM_IDS).toEqual([11, 22, 33]);
  });

  it('parses the technicians\' forum topics into a map by category', () => {
    expect(loadConfig({}).TECH_CHAT_TOPICS).toBeUndefined();
    expect(loadConfig({ TECH_CHAT_TOPICS: ' it=12, maintenance:34 ,' }).TECH_CHAT_TOPICS).toEqual(
      new Map([
        ['it', 12],
        ['maintenance', 34],
      ]),
    );
    expect(redactedConfig(loadConfig({ TECH_CHAT_TOPICS: 'it=12' })).TECH_CHAT_TOPICS).toEqual({ it: 12 });
  });

  it('refuses a TECH_CHAT_TOPICS typo with one line per bad entry instead of ignoring it', () => {
    const problems = problemsOf({ TECH_CHAT_TOPICS: 'it=12,mainteance=34,cleaning=x,it=13,safety' });
    expect(problems).toHaveLength(4);
    expect(problems.every((line) => line.startsWith('config: TECH_CHAT_TOPICS '))).toBe(true);
    expect(problems[0]).toContain('unknown category "mainteance"');
    expect(problems[1]).toContain('"cleaning=x" is not category=topic');
    expect(problems[2]).toContain('"it" is given twice');
    expect(problems[3]).toContain('"safety" is not category=topic');
  });

  it('reads DIGEST_TIME as an hour and a minute (08:00 by default), and refuses what is not a time of day', () => {
    expect(loadConfig({}).DIGEST_TIME).toEqual({ hour: 8, minute: 0 });
    expect(loadConfig({ DIGEST_TIME: '07:45' }).DIGEST_TIME).toEqual({ hour: 7, minute: 45 });
    expect(() => loadConfig({ DIGEST_TIME: '24:00' })).toThrow('config: DIGEST_TIME must be a time of day as HH:MM (got "24:00")');
  });

  it('reads the school calendar settings: file, hours as minutes of the day, and a week of 5 or 6 days', () => {
    const defaults = loadConfig({});
    expect(defaults.SCHOOL_CALENDAR_FILE).toBe('./calendar.yaml');
    expect(defaults.SCHOOL_HOURS).toEqual({ open: 480, close: 1080 });
    expect(defaults.SCHOOL_WEEK).toBe(5);
    const set = loadConfig({ SCHOOL_CALENDAR_FILE: '/etc/schoolbot/calendar.yaml', SCHOOL_HOURS: '07:30 - 19:15', SCHOOL_WEEK: '6' });
    expect(set).toMatchObject({ SCHOOL_CALENDAR_FILE: '/etc/schoolbot/calendar.yaml', SCHOOL_HOURS: { open: 450, close: 1155 }, SCHOOL_WEEK: 6 });
    expect(loadConfig({ SCHOOL_HOURS: '16:00-24:00' }).SCHOOL_HOURS).toEqual({ open: 960, close: 1440 });
    expect(() => loadConfig({ SCHOOL_HOURS: '8-18' })).toThrow(
      'config: SCHOOL_HOURS must be opening and closing times as HH:MM-HH:MM (for example 08:00-18:00) (got "8-18")',
    );
    expect(() => loadConfig({ SCHOOL_HOURS: '18:00-08:00' })).toThrow('config: SCHOOL_HOURS must open before it closes');
    expect(() => loadConfig({ SCHOOL_WEEK: '7' })).toThrow('config: SCHOOL_WEEK must be 5 (Monday–Friday) or 6 (Monday–Saturday) (got "7")');
  });

  it('gives one line per problem, each naming its variable', () => {
    const problems = problemsOf({ HTTP_PORT: 'eighty', TELEGRAM_MODE: 'pollng', SCHOOL_TIMEZONE: 'Mars/Olympus' });
    expect(problems).toHaveLength(3);
    expect(problems.find((line) => line.startsWith('config: HTTP_PORT '))).toContain('"eighty"');
    expect(problems.find((line) => line.startsWith('config: TELEGRAM_MODE '))).toContain('"pollng"');
    expect(problems.find((line) => line.startsWith('config: SCHOOL_TIMEZONE '))).toContain('IANA');
  });

  it('checks combinations: a store without its URL, prod without a token, a webhook without its secret', () => {
    expect(problemsOf({ EVENT_STORE: 'esdb' })).toEqual([expect.stringMatching(/^config: EVENTSTORE_URL /)]);
    expect(problemsOf({ EVENT_STORE: 'postgres' })).toEqual([expect.stringMatching(/^config: DATABASE_URL /)]);
    expect(problemsOf({ ENVIRONMENT: 'prod' })).toEqual([expect.stringMatching(/^config: TELEGRAM_TOKEN .*BotFather/)]);
    expect(
      problemsOf({ TELEGRAM_MODE: 'webhook', TELEGRAM_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghi' }),
    ).toEqual([expect.stringMatching(/^config: TELEGRAM_WEBHOOK_SECRET /)]);
  });

  it('states the real rule of a BotFather token: the numeric id, a colon, 30 to 64 letters, digits, _ and -', () => {
    const [line, ...rest] = problemsOf({ TELEGRAM_TOKEN: '123:abc' });
    expect(rest).toEqual([]);
    expect(line).toBe(
      "config: TELEGRAM_TOKEN is not a BotFather token: the bot's numeric id, a colon, then 30 to 64 letters, digits, _ and - (BotFather gives 35)",
    );
    const good = `123456789:${'A1_-'.repeat(8)}xyz`;
    expect(good.split(':')[1]).toHaveLength(35);
    expect(problemsOf({ TELEGRAM_TOKEN: good })).toEqual([]);
    // Telegram's own documentation shows a 34-character secret: the length is not a promise, so a range is read.
    expect(problemsOf({ TELEGRAM_TOKEN: good.slice(0, -1) })).toEqual([]);
    const secret = good.split(':')[1]!;
    for (const bad of [`123:${secret.slice(0, 29)}`, `123:${secret}${secret}`, `abc:${good.split(':')[1]!}`, `${good.slice(0, -1)}!`, `:${good.split(':')[1]!}`]) {
      expect(problemsOf({ TELEGRAM_TOKEN: bad })).toEqual([expect.stringMatching(/^config: TELEGRAM_TOKEN is not a BotFather token/)]);
    }
  });

  it('never shows the value of a secret, in errors or in the loggable view', () => {
    const secretToken = '123:short-token-value';
    const secretUrl = 'mysql://admin:hunter2@db/school';
    const problems = problemsOf({ TELEGRAM_TOKEN: secretToken, DATABASE_URL: secretUrl, AUDIT_API_TOKEN: 'tiny' });
    expect(problems).toHaveLength(3);
    for (const line of problems) {
      expect(line).not.toContain('short-token-value');
      expect(line).not.toContain('hunter2');
      expect(line).not.toContain('tiny');
    }
    const view = JSON.stringify(
      redactedConfig(loadConfig({ TELEGRAM_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghi', DATABASE_URL: 'postgres://u:pw@h/db' })),
    );
    expect(view).not.toContain('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    expect(view).not.toContain('pw@h');
    expect(view).toContain('"TELEGRAM_TOKEN":"set"');
  });
});

describe('SLA settings', () => {
  const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return [...error.problems];
      throw error;
    }
  };

  it('default to urgent 30 min / 4 h, high 2 h / 1 day, normal 1 / 3 days, low 2 / 5 days, all escalated, tasks after a day', () => {
    const policy = schoolPolicyOf(loadConfig({}));
    expect(policy.sla.urgent).toEqual({ firstResponse: { days: 0, ms: 30 * 60_000 }, resolution: { days: 0, ms: 4 * 3_600_000 }, escalate: true });
    expect(policy.sla.normal).toEqual({ firstResponse: { days: 1, ms: 0 }, resolution: { days: 3, ms: 0 }, escalate: true });
    expect(policy.sla.low).toEqual({ firstResponse: { days: 2, ms: 0 }, resolution: { days: 5, ms: 0 }, escalate: true });
    expect(policy.taskEscalateAfter).toEqual({ days: 1, ms: 0 });
  });

  it('take per-priority spans (others keep their defaults), the escalated priorities and the task delay', () => {
    const policy = schoolPolicyOf(loadConfig({ SLA_TARGETS: 'normal=4h/2d, urgent=15m/1d4h', ESCALATE_PRIORITIES: 'urgent,high', TASK_ESCALATE_AFTER: '2d' }));
    expect(policy.sla.normal).toEqual({ firstResponse: { days: 0, ms: 4 * 3_600_000 }, resolution: { days: 2, ms: 0 }, escalate: false });
    expect(policy.sla.urgent).toEqual({ firstResponse: { days: 0, ms: 15 * 60_000 }, resolution: { days: 1, ms: 4 * 3_600_000 }, escalate: true });
    expect(policy.sla.high.escalate).toBe(true);
    expect(policy.sla.low).toMatchObject({ resolution: { days: 5, ms: 0 }, escalate: false });
    expect(policy.taskEscalateAfter).toEqual({ days: 2, ms: 0 });
    expect(Object.values(schoolPolicyOf(loadConfig({ ESCALATE_PRIORITIES: 'none' })).sla).every((target) => !target.escalate)).toBe(true);
  });

  it('say what is wrong, one line per problem', () => {
    expect(problemsOf({ SLA_TARGETS: 'urgent=30m/4h,foo=1d/2d,high=xx/1d,normal', ESCALATE_PRIORITIES: 'urgent,bar', TASK_ESCALATE_AFTER: 'soon' })).toEqual([
      'config: SLA_TARGETS "foo" is not a priority (urgent, high, normal, low) (got "urgent=30m/4h,foo=1d/2d,high=xx/1d,normal")',
      'config: SLA_TARGETS high: "xx" is not a span of school time (for example 30m, 2h, 1d, 1d4h) (got "urgent=30m/4h,foo=1d/2d,high=xx/1d,normal")',
      'config: SLA_TARGETS entry "normal" must read priority=first-response/resolution (for example normal=1d/3d) (got "urgent=30m/4h,foo=1d/2d,high=xx/1d,normal")',
      'config: ESCALATE_PRIORITIES "bar" is not a priority (urgent, high, normal, low; or all, none) (got "urgent,bar")',
      'config: TASK_ESCALATE_AFTER must be a span of school time (for example 1d, 4h, 1d4h) (got "soon")',
    ]);
    expect(problemsOf({ SLA_TARGETS: 'low=0m/5d' })).toEqual(['config: SLA_TARGETS low: "0m" is not a span of school time (for example 30m, 2h, 1d, 1d4h) (got "low=0m/5d")']);
  });
});
