// QUIET_HOURS: on unless the school says off; anything else stops the start with one line naming it.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../infra/config.js';

describe('QUIET_HOURS', () => {
  it('is on by default (and when empty)', () => {
    expect(loadConfig({}).QUIET_HOURS).toBe('on');
    expect(loadConfig({ QUIET_HOURS: '' }).QUIET_HOURS).toBe('on');
  });

  it('may be switched off', () => {
    expect(loadConfig({ QUIET_HOURS: 'off' }).QUIET_HOURS).toBe('off');
    expect(loadConfig({ QUIET_HOURS: ' on ' }).QUIET_HOURS).toBe('on');
  });

  it('refuses anything else, in one line', () => {
    try {
      loadConfig({ QUIET_HOURS: 'night' });
      expect.unreachable('a bad QUIET_HOURS was accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual(['config: QUIET_HOURS must be on or off (got "night")']);
    }
  });
});
