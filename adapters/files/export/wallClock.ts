// The school's wall clock for an instant, fast: exports show tens of thousands of dates, and asking luxon for
// the zone's offset of each would take most of the export's time.
import { DateTime } from 'luxon';

/**
 * The zone's offset at an instant, remembered per quarter hour (offsets change at most at a quarter hour, and
 * a sheet's dates fall in a few thousand of them): luxon's offset lookup would otherwise dominate the export.
 */
export function offsetsOf(zone: string): (ms: number) => number {
  const cache = new Map<number, number>();
  return (ms) => {
    const key = Math.floor(ms / 900_000);
    let offset = cache.get(key);
    if (offset === undefined) {
      if (cache.size > 100_000) cache.clear();
      offset = DateTime.fromMillis(key * 900_000, { zone }).offset;
      cache.set(key, offset);
    }
    return offset;
  };
}

/** An instant as the Date whose UTC fields are the school's wall clock (what Excel will show). */
export function wallClockDate(instant: Date, zone: string, offsetAt: (ms: number) => number = offsetsOf(zone)): Date {
  return new Date(instant.getTime() + offsetAt(instant.getTime()) * 60_000);
}

