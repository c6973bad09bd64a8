// The one line a failed start prints names the dependency that failed — Telegram included — and never the token.
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../../infra/cli/failure.js';

const TOKEN = '123456:ABCdefGhIJKlmnOPqrsTUVwxyz123456789';

/** telegraf's fetch failure: the request URL (with the token) in the message, the system code beside it. */
function fetchFailure(code: string) {
  return Object.assign(new Error(`request to https://api.telegram.org/bot${TOKEN}/setMyCommands failed, reason: getaddrinfo ${code} api.telegram.org`), {
    type: 'system',
    code,
    errno: code,
  });
}

describe('a failed start in one line', () => {
  it('names the Telegram Bot API, not the stores, when Telegram cannot be reached, and never prints the token', () => {
    const line = describeFailure(fetchFailure('ENOTFOUND'), {});
    expect(line).toBe('cannot reach the Telegram Bot API at https://api.telegram.org (ENOTFOUND). Fix: let this server reach it (DNS, firewall, proxy), or correct TELEGRAM_API_ROOT');
    expect(line).not.toContain('ABCdef');
    expect(line).not.toMatch(/REDIS_URL|EVENTSTORE_URL/);
  });

  it('says the token is wrong when Telegram answers 401', () => {
    const refused = Object.assign(new Error('401: Unauthorized'), { response: { ok: false, error_code: 401, description: 'Unauthorized' } });
    expect(describeFailure(refused, {})).toMatch(/^Telegram refused TELEGRAM_TOKEN \(401\)\. Fix: .*@BotFather/);
  });

  it('still names the database for a refused connection to DATABASE_URL', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5999'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 5999 });
    expect(describeFailure(refused, { DATABASE_URL: 'postgres://app:secret@127.0.0.1:5999/school' })).toMatch(
      /^cannot reach the database at 127\.0\.0\.1:5999\/school \(ECONNREFUSED\)\. Fix: start PostgreSQL, or correct DATABASE_URL/,
    );
  });
});
