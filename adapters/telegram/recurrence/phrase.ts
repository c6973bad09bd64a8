// A recurring order's schedule typed in Russian: "каждый понедельник в 9:00", "каждый учебный день в 8:00",
// "каждое 1-е число", "раз в две недели по пятницам", "по вторникам и четвергам в 14:30"; and the deadline of
// each occurrence: "в тот же день в 15:00", "через 2 дня", "на следующий день в 12:00", "до 16:00". The bot
// echoes what it understood (./describe.ts) and asks to confirm. Without a time the school's opening is used
// for the schedule and its closing for the deadline.
import type { OccurrenceDeadline, RecurrenceRule } from '../../../domain/index.js';

/** What the schedule phrase says; the day-off choice is asked with buttons afterwards. */
export interface SchedulePhrase {
  rule: RecurrenceRule;
  minute: number;
}

export type PhraseResult<T> = { ok: true; value: T } | { ok: false; error: 'unreadable' | 'no_such_time' };

const normalize = (input: string): string => input.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();

/** Stems of the weekdays in any case and number: "понедельник", "по средам", "каждую пятницу". */
const WEEKDAY_STEMS: ReadonlyArray<readonly [RegExp, number]> = [
  [/понедельн/, 1],
  [/вторник/, 2],
  [/сред[аыуе]|средам/, 3],
  [/четверг/, 4],
  [/пятниц/, 5],
  [/суббот/, 6],
  [/воскресень/, 7],
];

const NUMBER_WORDS: Readonly<Record<string, number>> = { две: 2, два: 2, три: 3, четыре: 4, 2: 2, 3: 3, 4: 4 };

/** "в 9:00", "в 9", "в 09.30", "к 15:00", "до 16:00": minutes after midnight; undefined without a time. */
function timeIn(text: string): PhraseResult<number> | undefined {
  const match = /(?:^|\s)(?:в|к|до)\s+(\d{1,2})(?:[:.](\d{2}))?(?=\s|$|[,;])/.exec(text) ?? /(?:^|\s)(\d{1,2})[:.](\d{2})(?=\s|$|[,;])/.exec(text);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  if (hour > 23 || minute > 59) return { ok: false, error: 'no_such_time' };
  return { ok: true, value: hour * 60 + minute };
}

/** Reads the schedule; `today` (YYYY-MM-DD in the school's zone) anchors "раз в две недели". */
export function parseSchedulePhrase(input: string, today: string, openingMinute: number): PhraseResult<SchedulePhrase> {
  const text = normalize(input);
  const time = timeIn(text);
  if (time && !time.ok) return time;
  const minute = time?.value ?? openingMinute;
  // The time's digits are not a day of the month.
  const withoutTime = text.replace(/(?:^|\s)(?:в|к|до)\s+\d{1,2}(?:[:.]\d{2})?(?=\s|$|[,;])/, ' ').replace(/\d{1,2}[:.]\d{2}/, ' ');
  if (/учебн|рабоч|ежедневн|кажд\S* день|по будням/.test(withoutTime)) return { ok: true, value: { rule: { kind: 'schoolDays' }, minute } };
  const monthly = /(\d{1,2})\s*(?:-?(?:е|го|ое))?\s*числ/.exec(withoutTime);
  if (monthly) {
    const day = Number(monthly[1]);
    if (day < 1 || day > 31) return { ok: false, error: 'unreadable' };
    return { ok: true, value: { rule: { kind: 'monthly', day }, minute } };
  }
  const weekdays = WEEKDAY_STEMS.filter(([stem]) => stem.test(withoutTime)).map(([, day]) => day);
  if (weekdays.length === 0) return { ok: false, error: 'unreadable' };
  const every = /раз в (\S+) недел/.exec(withoutTime);
  const everyWeeks = every
    ? NUMBER_WORDS[every[1]!]
    : /кажд\S* (?:второй|вторую|второе|2-?[а-я]*) |через неделю/.test(withoutTime)
      ? 2
      : 1;
  if (everyWeeks === undefined) return { ok: false, error: 'unreadable' };
  return { ok: true, value: { rule: { kind: 'weekly', weekdays, everyWeeks, anchor: today }, minute } };
}

const DAY_COUNT_WORDS: Readonly<Record<string, number>> = { день: 1, два: 2, три: 3, четыре: 4, пять: 5, неделю: 5 };

/** Reads the deadline of each occurrence: school days after the occurrence's date and a time of day. */
export function parseOccurrenceDeadline(input: string, closingMinute: number): PhraseResult<OccurrenceDeadline> {
  const text = normalize(input);
  const time = timeIn(text);
  if (time && !time.ok) return time;
  const minute = time?.value ?? closingMinute;
  const after = /через (\d{1,2}|день|два|три|четыре|пять|неделю)(?:\s|$)/.exec(text);
  if (after) {
    const days = /^\d+$/.test(after[1]!) ? Number(after[1]) : DAY_COUNT_WORDS[after[1]!]!;
    if (days < 1 || days > 30) return { ok: false, error: 'unreadable' };
    return { ok: true, value: { days, minute } };
  }
  if (/следующ\S* день|назавтра|на завтра/.test(text)) return { ok: true, value: { days: 1, minute } };
  if (/тот же день|в этот же день|тот же|сегодня/.test(text) || time) return { ok: true, value: { days: 0, minute } };
  return { ok: false, error: 'unreadable' };
}
