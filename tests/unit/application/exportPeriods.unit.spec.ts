// The periods /export offers and `schoolbot export --from --to` reads: whole days on the school's calendar,
// both inclusive, turned into instants in its zone; a school year runs from 1 September.
import { describe, expect, it } from 'vitest';
import { periodOfDays, presetDays } from '../../../application/exportPeriods.js';

const ZONE = 'Europe/Moscow';
// Tuesday 24 November 2026, 01:30 in Moscow (still the 23rd in UTC).
const NOW = new Date('2026-11-23T22:30:00Z');

describe('export periods', () => {
  it('reads days as whole days in the school’s zone, both inclusive', () => {
    expect(periodOfDays({ from: '2026-11-01', to: '2026-11-30' }, ZONE)).toEqual({
      from: new Date('2026-10-31T21:00:00Z'),
      to: new Date('2026-11-30T21:00:00Z'),
    });
    expect(periodOfDays({ from: '2026-11-24', to: '2026-11-24' }, 'Asia/Yekaterinburg')).toEqual({
      from: new Date('2026-11-23T19:00:00Z'),
      to: new Date('2026-11-24T19:00:00Z'),
    });
  });

  it('refuses a day that does not exist and a period that ends before it starts', () => {
    expect(periodOfDays({ from: '2026-02-29', to: '2026-03-01' }, ZONE)).toBeUndefined();
    expect(periodOfDays({ from: '2026-13-01', to: '2026-12-01' }, ZONE)).toBeUndefined();
    expect(periodOfDays({ from: '2026-11-02', to: '2026-11-01' }, ZONE)).toBeUndefined();
  });

  it('names the presets by the school’s date, not UTC’s', () => {
    expect(presetDays('week', NOW, ZONE)).toEqual({ from: '2026-11-23', to: '2026-11-24' });
    expect(presetDays('month', NOW, ZONE)).toEqual({ from: '2026-11-01', to: '2026-11-24' });
    expect(presetDays('lastMonth', NOW, ZONE)).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(presetDays('schoolYear', NOW, ZONE)).toEqual({ from: '2026-09-01', to: '2026-11-24' });
    expect(presetDays('lastSchoolYear', NOW, ZONE)).toEqual({ from: '2025-09-01', to: '2026-08-31' });
  });

  it('turns the year over in January and in September', () => {
    const january = new Date('2027-01-10T09:00:00Z');
    expect(presetDays('lastMonth', january, ZONE)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetDays('schoolYear', january, ZONE)).toEqual({ from: '2026-09-01', to: '2027-01-10' });
    const firstOfSeptember = new Date('2027-08-31T21:00:00Z');
    expect(presetDays('schoolYear', firstOfSeptember, ZONE)).toEqual({ from: '2027-09-01', to: '2027-09-01' });
    expect(presetDays('lastSchoolYear', firstOfSeptember, ZONE)).toEqual({ from: '2026-09-01', to: '2027-08-31' });
    // A Sunday belongs to the week that began on Monday.
    expect(presetDays('week', new Date('2026-11-29T12:00:00Z'), ZONE)).toEqual({ from: '2026-11-23', to: '2026-11-29' });
  });
});
