// Pure ISO-8601 arithmetic. The domain may not touch the clock (nor the Date global, by lint rule), so
// instants travel as ISO strings and are compared as epoch milliseconds computed here.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

// Seconds and their fraction are optional; the zone is Z or an offset (sign, hours, minutes).
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/i;

// Days between 1970-01-01 and a proleptic Gregorian date (H. Hinnant's days_from_civil).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** Epoch milliseconds of an ISO-8601 instant with a zone designator; NaN when it is not one. */
export function toEpochMs(iso: string): number {
  const m = ISO.exec(iso);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s, frac, sign, offsetHours, offsetMins] = m;
  const month = Number(mo);
  const day = Number(d);
  const seconds = Number(s ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || seconds > 59) {
    return Number.NaN;
  }
  // Milliseconds from a fraction of any length: ".5" is 500, ".123456" is 123.
  const millis = Number((frac ?? '').padEnd(3, '0').slice(0, 3));
  const offsetMinutes =
    sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMins));
  const days = daysFromCivil(Number(y), month, day);
  return (
    days * DAY_MS + Number(h) * HOUR_MS + Number(mi) * MINUTE_MS + seconds * 1000 + millis - offsetMinutes * MINUTE_MS
  );
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** The canonical UTC form `YYYY-MM-DDTHH:mm:ss.sssZ` of an epoch-millisecond instant. */
export function fromEpochMs(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const rest = ms - days * DAY_MS;
  const [y, mo, d] = civilFromDays(days);
  const h = Math.floor(rest / HOUR_MS);
  const mi = Math.floor((rest % HOUR_MS) / MINUTE_MS);
  const s = Math.floor((rest % MINUTE_MS) / 1000);
  return `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(rest % 1000, 3)}Z`;
}

/** The canonical UTC form of any ISO instant (what events store). */
export const normalizeIso = (iso: string): string => fromEpochMs(toEpochMs(iso));

export const addMs = (iso: string, ms: number): string => fromEpochMs(toEpochMs(iso) + ms);

/** True when `a` lies strictly before `b`. */
export const isBefore = (a: string, b: string): boolean => toEpochMs(a) < toEpochMs(b);
