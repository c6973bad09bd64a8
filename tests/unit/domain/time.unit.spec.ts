import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMs, fromEpochMs, isBefore, normalizeIso, toEpochMs, DAY_MS } from '../../../domain/shared/time.js';

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

  it('reads zone offsets and normalizes to UTC', () => {
    expect(normalizeIso('2026-11-24T15:00:00+03:00')).toBe('2026-11-24T12:00:00.000Z');
    expect(normalizeIso('2026-11-24T15:00Z')).toBe('2026-11-24T15:00:00.000Z');
    expect(addMs('2026-02-28T12:00:00.000Z', DAY_MS)).toBe('2026-03-01T12:00:00.000Z');
    expect(isBefore('2026-11-24T12:00:00Z', '2026-11-24T15:00:01+03:00')).toBe(true);
  });

  it('rejects what is not an instant', () => {
    expect(toEpochMs('2026-11-24')).toBeNaN();
    expect(toEpochMs('2026-13-01T00:00:00Z')).toBeNaN();
    expect(toEpochMs('tomorrow')).toBeNaN();
  });
});
