// What the bot says about a deadline it read: the warning when it is not school time (with a one-tap
// alternative), the question when the phrase had two readings, and refusals whose examples are valid now.
//
// The alternative is the same deadline in school time (no school time lies between them):
// - on a day off: the previous school day at the end of the school day ("до воскресенья" is Friday's
//   closing); if that has already passed, the next opening of the school;
// - on a school day before opening: that day's opening; after closing: that day's closing (or, if that has
//   passed, the next opening).
// The closing moment itself counts as within school hours here: a deadline "by the end of the day" is fine.
import { DateTime } from 'luxon';
import {
  dayOffReason,
  dateAt,
  formatMinute,
  instantAt,
  nextSchoolDay,
  nextSchoolMoment,
  previousSchoolDay,
  schoolHoursOn,
  type DayOffReason,
  type SchoolCalendar,
} from '../../../domain/calendar/index.js';
import { texts, weekdayName } from '../texts.js';
import { MAX_AHEAD_DAYS, endOfSchoolDayMinute, formatDeadline, parseDeadline, type DeadlineError, type DeadlineMoment } from '../deadline.js';

export type DeadlineWarning =
  | { readonly kind: 'dayOff'; readonly reason: DayOffReason }
  | { readonly kind: 'beforeOpening' | 'afterClosing'; readonly minute: number };

export interface DeadlineAdvice {
  readonly warning: DeadlineWarning;
  /** Always within school hours of a school day, and after `now`. */
  readonly alternative: Date;
}

/** Whether an instant is within a school day's hours, the closing moment included. */
export function withinSchoolHours(calendar: SchoolCalendar, instant: number): boolean {
  const hours = schoolHoursOn(calendar, dateAt(instant, calendar.zone));
  return hours !== undefined && hours.open <= instant && instant <= hours.close;
}

/** Nothing when the deadline is within school hours; else why not, and the school-time alternative. */
export function deadlineAdvice(at: Date, now: Date, calendar: SchoolCalendar): DeadlineAdvice | undefined {
  const instant = at.getTime();
  if (withinSchoolHours(calendar, instant)) return undefined;
  const date = dateAt(instant, calendar.zone);
  const closing = (day: string) => instantAt(day, endOfSchoolDayMinute(calendar), calendar.zone);
  const reason = dayOffReason(calendar, date);
  let warning: DeadlineWarning;
  let preferred: number;
  if (reason) {
    warning = { kind: 'dayOff', reason };
    preferred = closing(previousSchoolDay(calendar, date));
  } else {
    const hours = schoolHoursOn(calendar, date)!;
    const before = instant < hours.open;
    warning = before ? { kind: 'beforeOpening', minute: calendar.hours.open } : { kind: 'afterClosing', minute: endOfSchoolDayMinute(calendar) };
    preferred = before ? hours.open : closing(date);
  }
  const alternative = preferred > now.getTime() ? preferred : nextSchoolMoment(calendar, instant);
  return { warning, alternative: new Date(alternative) };
}

const local = (at: Date | number, zone: string) => (typeof at === 'number' ? DateTime.fromMillis(at, { zone }) : DateTime.fromJSDate(at, { zone })).setLocale('ru');
const dayMonth = (at: Date | number, zone: string) => local(at, zone).toFormat('d MMMM');

/** "Это воскресенье — выходной.", "1 января — Новогодние каникулы.", "Это осенние каникулы." */
export function warningReason(warning: DeadlineWarning, at: Date, zone: string): string {
  const t = texts.deadline;
  if (warning.kind !== 'dayOff') return (warning.kind === 'beforeOpening' ? t.beforeOpening : t.afterClosing)(formatMinute(warning.minute));
  const { reason } = warning;
  switch (reason.kind) {
    case 'weekend':
      return t.weekend(weekdayName(reason.weekday));
    case 'holiday':
      return t.holiday(dayMonth(at, zone), reason.name);
    case 'transfer':
      return t.transfer(dayMonth(at, zone), reason.note);
    case 'schoolDayOff':
      return t.schoolDayOff(dayMonth(at, zone), reason.name);
    case 'vacation':
      return t.vacation(reason.name.charAt(0).toLowerCase() + reason.name.slice(1));
  }
}

/** "пятницу, 4 декабря, 18:00": after "на". */
const accusativeMoment = (at: Date, zone: string) => {
  const moment = local(at, zone);
  return `${weekdayName(moment.weekday, 'accusative')}, ${moment.toFormat('d MMMM, HH:mm')}`;
};

/** The warning and its two buttons' labels: the alternative first, then keeping the chosen deadline. */
export function warningMessage(advice: DeadlineAdvice, at: Date, zone: string): { text: string; move: string; keep: string } {
  const t = texts.deadline;
  return {
    text: t.warning(formatDeadline(at, zone), warningReason(advice.warning, at, zone), accusativeMoment(advice.alternative, zone)),
    move: t.moveTo(local(advice.alternative, zone).toFormat('d MMMM, HH:mm')),
    keep: t.keep(local(at, zone).toFormat('d MMMM, HH:mm')),
  };
}

/** "сегодня", "завтра" or "11 декабря" for a candidate, seen from `now`. */
function dayLabel(at: Date, now: Date, zone: string): string {
  const day = local(at, zone).startOf('day');
  const today = local(now, zone).startOf('day');
  if (+day === +today) return texts.deadline.today;
  if (+day === +today.plus({ days: 1 })) return texts.deadline.tomorrow;
  return dayMonth(at, zone);
}

/** The question for an ambiguous phrase and a button label per candidate. */
export function ambiguityMessage(phrase: string, candidates: readonly DeadlineMoment[], now: Date, zone: string): { text: string; labels: string[] } {
  const times = new Set(candidates.map((c) => local(c.at, zone).toFormat('HH:mm')));
  const days = new Set(candidates.map((c) => dayLabel(c.at, now, zone)));
  const options = candidates.map((c) => {
    const time = local(c.at, zone).toFormat('HH:mm');
    if (times.size === 1) return dayLabel(c.at, now, zone);
    if (days.size === 1) return `в ${time}`;
    return `${dayLabel(c.at, now, zone)} в ${time}`;
  });
  const labels = candidates.map((c) => {
    const label = dayLabel(c.at, now, zone);
    const moment = local(c.at, zone);
    const day = label === texts.deadline.today || label === texts.deadline.tomorrow ? label : `${weekdayName(moment.weekday)}, ${label}`;
    return `${day.charAt(0).toUpperCase()}${day.slice(1)}, ${moment.toFormat('HH:mm')}`;
  });
  return { text: texts.deadline.ambiguous(phrase.trim(), options), labels };
}

const prepositionFor = (weekday: number) => (weekday === 2 ? 'во' : 'в');

/**
 * Phrases the parser reads right now, without a question and on school time, for the refusals: made from the
 * clock (the next school day's date, the weekday of a school day after tomorrow), never a fixed date.
 */
export function deadlineExamples(now: Date, zone: string, calendar: SchoolCalendar): string[] {
  const today = local(now, zone).startOf('day');
  const endOfDay = formatMinute(endOfSchoolDayMinute(calendar));
  const schoolDayFrom = (days: number) => local(instantAt(nextSchoolDay(calendar, today.plus({ days }).toISODate()!, false), 0, zone), zone);
  const dated = schoolDayFrom(1);
  const weekday = schoolDayFrom(2);
  const phrases = [
    `сегодня в ${endOfDay}`,
    'завтра в 15:00',
    `${dated.toFormat('dd.MM')} 12:00`,
    `${prepositionFor(weekday.weekday)} ${weekdayName(weekday.weekday, 'accusative')}`,
    'через 3 дня',
    'через 2 часа',
    'через 3 рабочих дня',
    'до конца недели',
  ];
  return phrases.filter((phrase) => {
    const result = parseDeadline(phrase, now, zone, { calendar });
    return result.ok && withinSchoolHours(calendar, result.at.getTime());
  });
}

/** The refusal of a typed deadline, with examples valid at `now`. */
export function refusalText(error: DeadlineError, now: Date, zone: string, calendar: SchoolCalendar): string {
  const t = texts.deadline;
  const examples = deadlineExamples(now, zone, calendar);
  const dated = examples.find((e) => /^\d/.test(e)) ?? examples[0] ?? 'завтра в 15:00';
  const timed = examples.find((e) => e.includes(':')) ?? dated;
  switch (error) {
    case 'unreadable':
      return t.unreadable(examples);
    case 'in_past':
      return t.in_past(timed);
    case 'no_such_date':
      return t.no_such_date(dated);
    case 'no_such_time':
      return t.no_such_time(timed);
    case 'too_far':
      return t.too_far(local(now.getTime() + MAX_AHEAD_DAYS * 86_400_000, zone).toFormat('d MMMM yyyy'), dated);
    case 'no_term_end':
      return t.no_term_end(dated);
  }
}
