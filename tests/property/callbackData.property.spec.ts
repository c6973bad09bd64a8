// Callback data always fits Telegram's 64-byte limit and decodes back to the same action.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { VERBS, decodeCallback, encodeCallback, type Verb } from '../../adapters/telegram/callbackData.js';

const verb = fc.constantFrom(...(Object.keys(VERBS) as Verb[]));
const arg = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);

describe('callback data codec', () => {
  it('round-trips every action within 64 bytes', () => {
    fc.assert(
      fc.property(verb, fc.array(arg, { maxLength: 2 }), (v, args) => {
        const data = encodeCallback(v, ...args);
        expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(64);
        expect(decodeCallback(data)).toEqual({ verb: v, args });
      }),
    );
  });

  it('refuses to encode non-ASCII or long arguments', () => {
    fc.assert(
      fc.property(verb, fc.string({ minLength: 1 }).filter((s) => !/^[A-Za-z0-9_-]{1,24}$/.test(s)), (v, bad) => {
        expect(() => encodeCallback(v, bad)).toThrow();
      }),
    );
  });

  it('decodes any foreign or forged string to nothing or to a well-formed action', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (data) => {
        const action = decodeCallback(data);
        if (action) expect(encodeCallback(action.verb, ...action.args)).toBe(data);
      }),
    );
    expect(decodeCallback('zz:1')).toBeUndefined();
    expect(decodeCallback('tt:1:2:3')).toBeUndefined();
    expect(decodeCallback('tt:№1')).toBeUndefined();
  });
});
