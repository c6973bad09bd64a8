// Reads a deadline typed in Russian ("завтра в 15:00", "25.11 12:00", "в пятницу", "через 3 дня",
// "до 1 декабря") in the school's time zone. Pure: `now` and the zone come in, so tests control both.
//
// Rules (the bot echoes what it understood, so a surprise is visible before anyone confirms):
// - a day without a time means DEFAULT_DEADLINE_HOUR:00 (18:00, the end of the school's working day);
// - a weekday means the coming one, strictly after today ("в пятницу" said on a Friday is next week's);
// - a date without a year is its next occurrence (today counts while the time is still ahead), except that
//   one passed within the last RECENT_PAST_DAYS is a slip into the past, refused: yesterday's "24.11 18:00"
//   must not quietly become next November;
// - "через N часов/минут" is measured in real time (so across a DST change it is still N hours);
//   "через N дней/недель" counts calendar days in the school's zone and then takes the time (default 18:00);
// - a moment that is not in the future is refused as `in_past`.
import { DateTime } from 'luxon';
import { weekdayName, type WeekdayCase } from './texts.js';

export const DEFAULT_DEADLINE_HOUR = 18;
/** How far back a date typed without a year counts as past rather than as next year's date. */
const RECENT_PAST_DAYS = 60;
/** Longer text is not a deadline phrase. */
const PHRASE_MAX_LENGTH = 80;
/** "25.12.26": a two-digit year is in this century. */
const CENTURY_START = 2000;
/** May ("мая"/"май") is matched whole: its prefix would also match other words. */
const MAY_INDEX = 4;

export type DeadlineError = 'unreadable' | 'in_past' | 'no_such_date';

export type DeadlineResult =
  | { readonly ok: true; readonly at: Date; readonly iso: string }
  | { readonly ok: false; readonly error: DeadlineError };

const MONTHS = ['янв', 'фев', 'мар', 'апр', 'ма', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'];
// Accusative ("в пятницу"), nominative and genitive ("до пятницы") forms, and short forms.
const WEEKDAYS: ReadonlyArray<readonly [number, RegExp]> = [
  [1, /^(понедельник|понедельника|пн)$/],
  [2, /^(вторник|вторника|вт)$/],
  [3, /^(среду|среда|среды|ср)$/],
  [4, /^(четверг|четверга|чт)$/],
  [5, /^(пятницу|пятница|пятницы|пт)$/],
  [6, /^(субботу|суббота|субботы|сб)$/],
  [7, /^(воскресенье|воскресенья|вс)$/],
];

interface Parts {
  /** A calendar day in the zone, or an absolute offset from now. */
  day?: DateTime;
  offset?: { hours?: number; minutes?: number };
  /** A date typed without a year: take its next occurrence. */
  rollYear?: boolean;
}

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[,!]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.$/, '')
    .replace(/^(до|к|на|в течение)\s+/, '');
}

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

/** Takes a time of day ("в 15:00", "к 9:30", "15:00") out of the text. */
function extractTime(text: string): { rest: string; time?: { hour: number; minute: number } } | undefined {
  const match = /(?:^|\s)(?:(?:в|к|до)\s+)?(\d{1,2}):(\d{2})(?=\s|$)/.exec(text);
  if (!match) return { rest: text };
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) return undefined;
  return { rest: (text.slice(0, match.index) + text.slice(match.index + match[0].length)).replace(/\s+/g, ' ').trim(), time: { hour, minute } };
}

function parseDay(text: string, today: DateTime): Parts | 'unreadable' | 'no_such_date' {
  const words = text.replace(/^(в|во|до|к|на)\s+/, '').split(' ').filter(Boolean);
  const phrase = words.join(' ');
  if (phrase === '') return {};
  if (phrase === 'сегодня') return { day: today };
  if (phrase === 'завтра') return { day: today.plus({ days: 1 }) };
  if (phrase === 'послезавтра') return { day: today.plus({ days: 2 }) };

  if (words[0] === 'через') {
    const amountWord = words.length === 3 ? words[1]! : '1';
    const unitWord = words[words.length - 1]!;
    const unit = UNIT_WORDS.find(([pattern]) => pattern.test(unitWord))?.[1];
    const amount = /^\d{1,4}$/.test(amountWord) ? Number(amountWord) : amountWord === 'пару' ? 2 : Number.NaN;
    if (!unit || !Number.isInteger(amount) || amount <= 0 || words.length > 3) return 'unreadable';
    if (unit === 'minutes' || unit === 'hours') return { offset: { [unit]: amount } };
    return { day: today.plus(unit === 'days' ? { days: amount } : { weeks: amount }) };
  }

  const weekday = words.length === 1 ? WEEKDAYS.find(([, pattern]) => pattern.test(phrase))?.[0] : undefined;
  if (weekday !== undefined) {
    const ahead = ((weekday - today.weekday + 7) % 7) || 7;
    return { day: today.plus({ days: ahead }) };
  }

  const numeric = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{2}|\d{4}))?$/.exec(phrase);
  const named = /^(\d{1,2}) ([а-я]+)(?: (\d{4}))?(?: года?)?$/.exec(phrase);
  const dayOfMonth = Number(numeric?.[1] ?? named?.[1]);
  const month = numeric ? Number(numeric[2]) : named ? monthOf(named[2]!) : undefined;
  const yearText = numeric?.[3] ?? named?.[3];
  if (!month || !Number.isInteger(dayOfMonth)) return 'unreadable';
  const year = yearText === undefined ? undefined : yearText.length === 2 ? CENTURY_START + Number(yearText) : Number(yearText);
  const day = DateTime.fromObject({ year: year ?? today.year, month, day: dayOfMonth }, { zone: today.zone });
  if (!day.isValid) return 'no_such_date';
  return { day, rollYear: year === undefined };
}

/** Parses a Russian deadline relative to `now` in `zone` (an IANA name such as Europe/Moscow). */
export function parseDeadline(input: string, now: Date, zone: string): DeadlineResult {
  const text = normalize(input);
  if (text === '' || text.length > PHRASE_MAX_LENGTH) return { ok: false, error: 'unreadable' };
  const extracted = extractTime(text);
  if (!extracted) return { ok: false, error: 'unreadable' };
  const current = DateTime.fromJSDate(now, { zone });
  const parts = parseDay(extracted.rest, current.startOf('day'));
  if (parts === 'unreadable' || parts === 'no_such_date') return { ok: false, error: parts };
  if (!parts.day && !parts.offset && !extracted.time) return { ok: false, error: 'unreadable' };

  let at: DateTime;
  if (parts.offset) {
    if (extracted.time) return { ok: false, error: 'unreadable' };
    at = current.plus(parts.offset).set({ second: 0, millisecond: 0 });
  } else {
    const time = extracted.time ?? { hour: DEFAULT_DEADLINE_HOUR, minute: 0 };
    // A bare time ("в 15:00") means today; luxon moves a time inside a DST gap forward, as clocks do.
    const atDay = (day: DateTime) =>
      DateTime.fromObject({ year: day.year, month: day.month, day: day.day, ...time }, { zone });
    at = atDay(parts.day ?? current);
    if (parts.rollYear && parts.day && at <= current) {
      if (current.diff(at, 'days').days <= RECENT_PAST_DAYS) return { ok: false, error: 'in_past' };
      const nextYear = parts.day.plus({ years: 1 });
      if (nextYear.day !== parts.day.day) return { ok: false, error: 'no_such_date' };
      at = atDay(nextYear);
    }
  }
  if (!at.isValid) return { ok: false, error: 'unreadable' };
  if (at.toMillis() <= now.getTime()) return { ok: false, error: 'in_past' };
  return { ok: true, at: at.toJSDate(), iso: at.toUTC().toISO()! };
}

/**
 * How the bot shows a deadline: "пятница, 27 ноября 2026, 18:00" on its own, "пятницы, 27 ноября 2026, 18:00"
 * after "до" (`genitive`). The month is always genitive ("27 ноября"), as a date reads in Russian.
 */
export function formatDeadline(at: Date | string, zone: string, grammaticalCase: WeekdayCase = 'nominative'): string {
  const moment = typeof at === 'string' ? DateTime.fromISO(at, { zone }) : DateTime.fromJSDate(at, { zone });
  return `${weekdayName(moment.weekday, grammaticalCase)}, ${moment.setLocale('ru').toFormat('d MMMM yyyy, HH:mm')}`;
}
