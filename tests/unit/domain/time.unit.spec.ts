import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMs, fromEpochMs, isBefore, normalizeIso, toEpochMs, DAY_MS } from '../../../domain/shared/time.js';

const two = (n: number) => String(n).padStart(2, '0');

describe('domain time arithmetic (no Date inside the domain)', () => {
  it('agrees with Date on every instant between 1900 and 2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_208_988_800_000, max: 7_258_118_400_000 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(fromEpochMs(ms)).toBe(iso);
        expect(toEpochMs(iso)).toBe(ms);
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with Date on instants written with any zone offset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (ms, offset) => {
          const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
          const zone = `${offset < 0 ? '-' : '+'}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
          expect(toEpochMs(`${local}${zone}`)).toBe(ms);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads zone offsets and normalizes to UTC', () => {
    expect(normalizeIso('2026-11-24T15:00:00+03:00')).toBe('2026-11-24T12:00:00.000Z');
    expect(normalizeIso('2026-11-24T15:00:00-05:30')).toBe('2026-11-24T20:30:00.000Z');
    expect(normalizeIso('2026-11-24T15:00Z')).toBe('2026-11-24T15:00:00.000Z');
    expect(normalizeIso('2026-11-24t15:00:07z')).toBe('2026-11-24T15:00:07.000Z');
    expect(addMs('2026-02-28T12:00:00.000Z', DAY_MS)).toBe('2026-03-01T12:00:00.000Z');
    expect(isBefore('2026-11-24T12:00:00Z', '2026-11-24T15:00:01+03:00')).toBe(true);
    expect(isBefore('2026-11-24T12:00:00Z', '2026-11-24T15:00:00+03:00')).toBe(false);
  });

  it('reads a fraction of a second of any length to the millisecond', () => {
    expect(normalizeIso('2026-11-24T15:00:00.5Z')).toBe('2026-11-24T15:00:00.500Z');
    expect(normalizeIso('2026-11-24T15:00:00.12Z')).toBe('2026-11-24T15:00:00.120Z');
    expect(normalizeIso('2026-11-24T15:00:00.123456789Z')).toBe('2026-11-24T15:00:00.123Z');
  });

  it('accepts every field at its bounds', () => {
    expect(normalizeIso('2026-01-01T00:00:00Z')).toBe('2026-01-01T00:00:00.000Z');
    expect(normalizeIso('2026-12-31T23:59:59Z')).toBe('2026-12-31T23:59:59.000Z');
  });

  it.each([
    '2026-11-24',
    '2026-11-24T15:00',
    '2026-11-24 15:00Z',
    ' 2026-11-24T15:00Z',
    '2026-11-24T15:00Z ',
    '2026-11-24T15:00:00+0300',
    '2026-11-24T15:00:00.1234567890Z',
    '2026-00-01T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-00T00:00:00Z',
    '2026-11-32T00:00:00Z',
    '2026-11-24T24:00:00Z',
    '2026-11-24T23:60:00Z',
    '2026-11-24T23:59:60Z',
    'tomorrow',
  ])('%j is not an instant', (text) => {
    expect(toEpochMs(text)).toBeNaN();
  });
});

describe('the last day of a 400-year cycle', () => {
  it('29 February 2000 and 2400 are read and written like any other day', () => {
    for (const iso of ['2000-02-29T12:00:00.000Z', '2400-02-29T00:00:00.000Z', '2000-03-01T00:00:00.000Z']) {
      expect(fromEpochMs(Date.parse(iso))).toBe(iso);
      expect(toEpochMs(iso)).toBe(Date.parse(iso));
    }
  });
});
