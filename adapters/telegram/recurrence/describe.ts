// The echo of a recurring order's schedule in Russian: what the bot understood, for the person to confirm,
// and the same words on the /repeat list.
import type { OccurrenceDeadline, RecurrenceRule, RecurrenceSchedule } from '../../../domain/index.js';
import { formatMinute } from '../../../domain/calendar/index.js';
import { counted, texts } from '../texts.js';

const t = texts.recurrence;

function ruleWords(rule: RecurrenceRule): string {
  switch (rule.kind) {
    case 'schoolDays':
      return t.schoolDays;
    case 'monthly':
      return t.monthly(rule.day);
    case 'weekly': {
      const days = [...rule.weekdays].sort((a, b) => a - b);
      const words = days.length === 1 && rule.everyWeeks === 1 ? t.everyWeekday[days[0]! - 1]! : t.weekdaysList(days.map((d) => t.onWeekdays[d - 1]!));
      return rule.everyWeeks === 1 ? words : t.everyWeeks(rule.everyWeeks, words);
    }
  }
}

/** "каждый понедельник в 09:00". */
export const describeRule = (rule: RecurrenceRule, minute: number): string => t.at(ruleWords(rule), formatMinute(minute));

/** What happens on a day off, or null when the rule never names one (every school day). */
export const describeDayOff = (schedule: RecurrenceSchedule): string | null =>
  schedule.rule.kind === 'schoolDays' ? null : schedule.onDayOff === 'next' ? t.dayOffNext : t.dayOffSkip;

/** "в тот же день в 15:00", "через 2 учебных дня в 18:00". */
export function describeDeadline(deadline: OccurrenceDeadline): string {
  const time = formatMinute(deadline.minute);
  if (deadline.days === 0) return t.deadlineSameDay(time);
  if (deadline.days === 1) return t.deadlineNextDay(time);
  return t.deadlineAfter(counted(deadline.days, t.schoolDayForms), time);
}

/** The schedule in one line for the list and the reply: "каждый понедельник в 09:00". */
export const describeSchedule = (schedule: RecurrenceSchedule): string => describeRule(schedule.rule, schedule.minute);
