// Reads a deadline typed in Russian ("завтра в 15:00", "25.11 12:00", "в пятницу", "через 3 дня",
// "до 1 декабря", "к понедельнику", "завтра утром", "через полчаса", "до конца недели", "через 3 рабочих дня")
// in the school's time zone. Pure: `now`, the zone and the school calendar come in, so tests control all three.
//
// Rules (the bot echoes what it understood, so a surprise is visible before anyone confirms; what it cannot
// read for sure it refuses or asks, never guesses — docs/calendar.md, "How deadlines are read"):
// - a day without a time means the end of the school day: the calendar's closing, or DEFAULT_DEADLINE_HOUR:00
//   (18:00) without a calendar or for a school open until midnight;
// - a weekday means the coming one, strictly after today ("в пятницу" said on a Friday is next week's) —
//   except that with a calendar, a weekday that is today while its moment today is still ahead is ambiguous:
//   both candidates come back and the person picks; "в следующую среду" is next week's when this week's has
//   passed, else ambiguous too; "в эту среду" is this week's;
// - a date without a year is its next occurrence (today counts while the time is still ahead), except that
//   one passed within the last RECENT_PAST_DAYS is a slip into the past, refused: yesterday's "24.11 18:00"
//   must not quietly become next November;
// - "через N часов/минут" (also "полчаса", "полтора часа", "1,5 часа") is measured in real time (so across a
//   DST change it is still N hours); "через N дней/недель" counts calendar days in the school's zone and then
//   takes the time; "через N рабочих дней" counts school days on the calendar;
// - "до конца недели/месяца/квартала/года/четверти" is the last school day of that period at the end of the
//   school day (a quarter of the school year — "четверть" — ends before the calendar's next vacation);
// - a moment that is not in the future is refused as `in_past`, one more than MAX_AHEAD_DAYS ahead as `too_far`.
import { DateTime } from 'luxon';
import { addSchoolDays, dateAt, isSchoolDay, plusDays, type IsoDate, type SchoolCalendar } from '../../domain/calendar/index.js';
import { weekdayName, type WeekdayCase } from './texts.js';
import { extractTimeOfDay, type TimeOfDay } from './deadline/timeOfDay.js';

export { PART_OF_DAY_HOURS } from './deadline/timeOfDay.js';

export const DEFAULT_DEADLINE_HOUR = 18;
/** A deadline further ahead than this is refused: it is a slip in the year more often than a plan. */
export const MAX_AHEAD_DAYS = 366;
/** How far back a date typed without a year counts as past rather than as next year's date. */
const RECENT_PAST_DAYS = 60;
/** Longer text is not a deadline phrase. */
const PHRASE_MAX_LENGTH = 80;
/** "25.12.26": a two-digit year is in this century. */
const CENTURY_START = 2000;
/** May ("мая"/"май") is matched whole: its prefix would also match other words. */
const MAY_INDEX = 4;
const MINUTES_PER_DAY = 24 * 60;
const DAY_MS = 86_400_000;
/** "через 1,5 часа": at most two decimals. */
const FRACTION = /^\d{1,4}(?:\.\d{1,2})?$/;

export interface DeadlineOptions {
  /** The school calendar: the end of the school day, school days, and the Friday question need it. */
  readonly calendar?: SchoolCalendar;
}

export type DeadlineError = 'unreadable' | 'in_past' | 'no_such_date' | 'no_such_time' | 'too_far' | 'no_term_end';

export interface DeadlineMoment {
  readonly at: Date;
  readonly iso: string;
}

export type DeadlineResult =
  | ({ readonly ok: true } & DeadlineMoment)
  | { readonly ok: false; readonly error: DeadlineError }
  /** Two or more readings are possible ("в пятницу" on a Friday morning): the person picks one. */
  | { readonly ok: false; readonly error: 'ambiguous'; readonly candidates: readonly DeadlineMoment[] };

const MONTHS = ['янв', 'фев', 'мар', 'апр', 'ма', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'];
// Accusative ("в пятницу"), nominative, genitive ("до пятницы"), dative ("к пятнице") and short forms.
const WEEKDAYS: ReadonlyArray<readonly [number, RegExp]> = [
  [1, /^(понедельник|понедельника|понедельнику|пн)$/],
  [2, /^(вторник|вторника|вторнику|вт)$/],
  [3, /^(среду|среда|среды|среде|ср)$/],
  [4, /^(четверг|четверга|четвергу|чт)$/],
  [5, /^(пятницу|пятница|пятницы|пятнице|пт)$/],
  [6, /^(субботу|суббота|субботы|субботе|сб)$/],
  [7, /^(воскресенье|воскресенья|воскресенью|вс)$/],
];
const NEXT = /^следующ(ий|ую|ее|его|ей|ему)$/;
const THIS = /^(эту|этот|это|этой|этого|этому)$/;

interface Parts {
  /** Candidate calendar days in the zone (more than one: the phrase is ambiguous). */
  days?: readonly DateTime[];
  /** An absolute offset from now. */
  offset?: { minutes: number };
  /** A date typed without a year: take its next occurrence. */
  rollYear?: boolean;
}

type Failure = Exclude<DeadlineError, 'too_far'>;

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/(через \d{1,4}),(\d)/g, '$1.$2')
    .replace(/[,!]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.$/, '');
}

const stripPreposition = (text: string) => text.replace(/^(до|к|на|в течение)(\s+|$)/, '');

const UNIT_WORDS: ReadonlyArray<readonly [RegExp, 'minutes' | 'hours' | 'days' | 'weeks']> = [
  [/^(минуту|минуты|минут|мин)$/, 'minutes'],
  [/^(час|часа|часов|ч)$/, 'hours'],
  [/^(день|дня|дней|дн)$/, 'days'],
  [/^(неделю|недели|недель|нед)$/, 'weeks'],
];

function monthOf(word: string): number | undefined {
  if (word === 'май' || word === 'мая') return 5;
  const index = MONTHS.findIndex((prefix, i) => i !== MAY_INDEX && word.startsWith(prefix));
  return index < 0 ? undefined : index + 1;
}

const dayOfIso = (date: IsoDate, zone: string) => DateTime.fromISO(date, { zone }).startOf('day');

/** The last school day from `from` to `to` (inclusive), if any. */
function lastSchoolDay(calendar: SchoolCalendar, from: IsoDate, to: IsoDate): IsoDate | undefined {
  for (let day = to; day >= from; day = plusDays(day, -1)) if (isSchoolDay(calendar, day)) return day;
  return undefined;
}

/** "через N ...": an offset in real time, or a day. */
function parseAfter(words: readonly string[], now: DateTime, today: DateTime, calendar: SchoolCalendar | undefined): Parts | Failure {
  if (words.length === 2 && words[1] === 'полчаса') return { offset: { minutes: 30 } };
  if (words.length === 3 && words[1] === 'полтора' && /^(часа|час)$/.test(words[2]!)) return { offset: { minutes: 90 } };
  // "через 3 рабочих дня", "через рабочий день".
  const working = words.findIndex((w) => /^(рабочих|рабочий|рабочие)$/.test(w));
  if (working >= 0) {
    const amountWord = working === 1 ? '1' : words[1]!;
    if (working !== words.length - 2 || words.length > 4 || !/^(день|дня|дней)$/.test(words[words.length - 1]!)) return 'unreadable';
    const amount = /^\d{1,3}$/.test(amountWord) ? Number(amountWord) : amountWord === 'пару' ? 2 : Number.NaN;
    if (!calendar || !Number.isInteger(amount) || amount <= 0) return 'unreadable';
    return { days: [dayOfIso(dateAt(addSchoolDays(calendar, now.toMillis(), amount), calendar.zone), today.zoneName ?? calendar.zone)] };
  }
  const amountWord = words.length === 3 ? words[1]! : '1';
  const unitWord = words[words.length - 1]!;
  const unit = UNIT_WORDS.find(([pattern]) => pattern.test(unitWord))?.[1];
  const amount = FRACTION.test(amountWord) ? Number(amountWord) : amountWord === 'пару' ? 2 : Number.NaN;
  if (!unit || !(amount > 0) || words.length > 3) return 'unreadable';
  if (unit === 'minutes' || unit === 'hours') {
    const minutes = unit === 'hours' ? amount * 60 : amount;
    return Number.isInteger(minutes) ? { offset: { minutes } } : 'unreadable';
  }
  if (!Number.isInteger(amount)) return 'unreadable';
  return { days: [today.plus(unit === 'days' ? { days: amount } : { weeks: amount })] };
}

/** "до конца недели": the last school day of the period, at the end of the school day. */
function parseEndOf(period: string, today: DateTime, calendar: SchoolCalendar | undefined): Parts | Failure {
  if (/^(дня|день)$/.test(period)) return { days: [today] };
  if (!calendar) return 'unreadable';
  const from = today.toISODate()!;
  let to: IsoDate;
  if (/^(недели|неделю|неделя)$/.test(period)) to = today.plus({ days: 7 - today.weekday }).toISODate()!;
  else if (/^(месяца|месяц)$/.test(period)) to = today.endOf('month').toISODate()!;
  else if (/^(квартала|квартал)$/.test(period)) to = today.set({ month: Math.ceil(today.month / 3) * 3 }).endOf('month').toISODate()!;
  else if (/^(года|год)$/.test(period)) to = today.endOf('year').toISODate()!;
  else if (/^(четверти|четверть)$/.test(period)) {
    // A quarter of the school year ends where the next vacation begins (not the extra week of first-graders).
    const next = [...calendar.vacations]
      .filter((v) => v.from > from && !/дополнит/i.test(v.name))
      .sort((a, b) => a.from.localeCompare(b.from))[0];
    if (!next) return 'no_term_end';
    to = plusDays(next.from, -1);
  } else return 'unreadable';
  const day = lastSchoolDay(calendar, from, to);
  return day === undefined ? 'in_past' : { days: [dayOfIso(day, today.zoneName ?? calendar.zone)] };
}

function parseWeekday(words: readonly string[], today: DateTime, calendar: SchoolCalendar | undefined): Parts | undefined {
  const modifier = words.length === 2 ? words[0]! : undefined;
  if (words.length > 2 || (modifier !== undefined && !NEXT.test(modifier) && !THIS.test(modifier))) return undefined;
  const weekday = WEEKDAYS.find(([, pattern]) => pattern.test(words[words.length - 1]!))?.[0];
  if (weekday === undefined) return undefined;
  const diff = weekday - today.weekday;
  if (modifier !== undefined && THIS.test(modifier)) return { days: [today.plus({ days: diff })] };
  if (modifier !== undefined) {
    // "в следующую среду": next week's once this week's has passed; said before it, either could be meant.
    return diff > 0 ? { days: [today.plus({ days: diff }), today.plus({ days: diff + 7 })] } : { days: [today.plus({ days: diff + 7 })] };
  }
  // "в пятницу" said on a Friday: with the calendar, today while its moment is still ahead, or next week's.
  if (diff === 0 && calendar) return { days: [today, today.plus({ days: 7 })] };
  return { days: [today.plus({ days: diff > 0 ? diff : diff + 7 })] };
}

function parseDay(text: string, now: DateTime, today: DateTime, calendar: SchoolCalendar | undefined): Parts | Failure {
  const words = text.replace(/^(в|во|до|к|на)\s+/, '').split(' ').filter(Boolean);
  const phrase = words.join(' ');
  if (phrase === '') return {};
  if (phrase === 'сегодня') return { days: [today] };
  if (phrase === 'завтра') return { days: [today.plus({ days: 1 })] };
  if (phrase === 'послезавтра') return { days: [today.plus({ days: 2 })] };
  if (words[0] === 'через') return parseAfter(words, now, today, calendar);

  const endOf = /^(?:конц[аеу]|конец)(?: (?:этой|этого|этот|эту|текущей|текущего|учебной))? ([а-я]+)$/.exec(phrase);
  if (endOf) return parseEndOf(endOf[1]!, today, calendar);

  const weekday = parseWeekday(words, today, calendar);
  if (weekday) return weekday;

  const numeric = /^(\d{1,2})([./])(\d{1,2})(?:\2(\d{2}|\d{4}))?$/.exec(phrase);
  const named = /^(\d{1,2}) ([а-я]+)(?: (\d{4}))?(?: года?)?$/.exec(phrase);
  const dayOfMonth = Number(numeric?.[1] ?? named?.[1]);
  const month = numeric ? Number(numeric[3]) : named ? monthOf(named[2]!) : undefined;
  const yearText = numeric?.[4] ?? named?.[3];
  if (!month || !Number.isInteger(dayOfMonth)) return 'unreadable';
  const year = yearText === undefined ? undefined : yearText.length === 2 ? CENTURY_START + Number(yearText) : Number(yearText);
  const day = DateTime.fromObject({ year: year ?? today.year, month, day: dayOfMonth }, { zone: today.zone });
  if (!day.isValid) return 'no_such_date';
  return { days: [day], rollYear: year === undefined };
}

/** The default time of a day: the end of the school day. */
export function endOfSchoolDayMinute(calendar: SchoolCalendar | undefined): number {
  return calendar && calendar.hours.close < MINUTES_PER_DAY ? calendar.hours.close : DEFAULT_DEADLINE_HOUR * 60;
}

const moment = (at: DateTime): DeadlineMoment => ({ at: at.toJSDate(), iso: at.toUTC().toISO()! });

/** Parses a Russian deadline relative to `now` in `zone` (an IANA name such as Europe/Moscow). */
export function parseDeadline(input: string, now: Date, zone: string, options: DeadlineOptions = {}): DeadlineResult {
  const { calendar } = options;
  const text = normalize(input);
  if (text === '' || text.length > PHRASE_MAX_LENGTH) return { ok: false, error: 'unreadable' };
  const current = DateTime.fromJSDate(now, { zone });
  const today = current.startOf('day');
  const isDay = (rest: string) => {
    const parts = parseDay(stripPreposition(rest), current, today, calendar);
    return typeof parts !== 'string' && parts.days !== undefined;
  };
  const extracted = extractTimeOfDay(text, isDay);
  if (typeof extracted === 'string') return { ok: false, error: extracted };
  const time: TimeOfDay | undefined = extracted.time;
  const parts = parseDay(stripPreposition(extracted.rest), current, today, calendar);
  if (typeof parts === 'string') return { ok: false, error: parts };
  if (!parts.days && !parts.offset && !time) return { ok: false, error: 'unreadable' };

  let candidates: DateTime[];
  if (parts.offset) {
    if (time) return { ok: false, error: 'unreadable' };
    candidates = [current.plus(parts.offset).set({ second: 0, millisecond: 0 })];
  } else {
    const minutes = time?.minutes ?? [endOfSchoolDayMinute(calendar)];
    // A bare time ("в 15:00") means today; luxon moves a time inside a DST gap forward, as clocks do.
    const atDay = (day: DateTime, minute: number) =>
      DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(minute / 60), minute: minute % 60 }, { zone });
    let days = parts.days ?? [today];
    const [first] = days;
    if (parts.rollYear && first && days.length === 1 && atDay(first, Math.max(...minutes)) <= current) {
      if (current.diff(atDay(first, Math.max(...minutes)), 'days').days <= RECENT_PAST_DAYS) return { ok: false, error: 'in_past' };
      const nextYear = first.plus({ years: 1 });
      if (nextYear.day !== first.day) return { ok: false, error: 'no_such_date' };
      days = [nextYear];
    }
    candidates = days.flatMap((day) => minutes.map((minute) => atDay(day, minute)));
  }
  if (candidates.some((at) => !at.isValid)) return { ok: false, error: 'unreadable' };
  const ahead = candidates.filter((at) => at.toMillis() > now.getTime());
  if (ahead.length === 0) return { ok: false, error: 'in_past' };
  const nearEnough = ahead.filter((at) => at.toMillis() - now.getTime() <= MAX_AHEAD_DAYS * DAY_MS);
  if (nearEnough.length === 0) return { ok: false, error: 'too_far' };
  if (nearEnough.length > 1) return { ok: false, error: 'ambiguous', candidates: nearEnough.map(moment) };
  return { ok: true, ...moment(nearEnough[0]!) };
}

/**
 * How the bot shows a deadline: "пятница, 27 ноября 2026, 18:00" on its own, "пятницы, 27 ноября 2026, 18:00"
 * after "до" (`genitive`). The month is always genitive ("27 ноября"), as a date reads in Russian.
 */
export function formatDeadline(at: Date | string, zone: string, grammaticalCase: WeekdayCase = 'nominative'): string {
  const moment = typeof at === 'string' ? DateTime.fromISO(at, { zone }) : DateTime.fromJSDate(at, { zone });
  return `${weekdayName(moment.weekday, grammaticalCase)}, ${moment.setLocale('ru').toFormat('d MMMM yyyy, HH:mm')}`;
}
