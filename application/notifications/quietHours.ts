// Quiet hours: which notices wait for school time, and when a waiting one is sent (docs/notifications.md,
// "Quiet hours"). The one place that decides it; the notifications reaction asks it for every row it plans.
//
// - A reply to a person's own action never waits (a message a flow sends to somebody else does: a
//   registration request to the admins); nor does what makes no sound or is no message (a group card
//   edited, a command menu), nor the summary someone gets when they write again (that is their own action too).
// - Notices about an urgent ticket, and escalations, do not wait.
// - Everything else (tasks assigned, accepted, completed, approved…, reminders, the notices of tickets that are
//   not urgent) wanted outside school time is planned at the next school moment, marked `held`.
// - A reminder whose next school moment is not before the deadline it reminds of would come too late: it is
//   sent instead in the last school hour before the wanted moment, marked `early` — unless that moment had
//   passed when the deadline was set; then it is not sent at all (the missed-deadline notice follows).
import { HOUR_MS } from '../../domain/index.js';
import type { SchoolCalendar } from '../../domain/calendar/index.js';
import { dateAt, isSchoolTime, nextSchoolMoment, previousSchoolDay, schoolHoursOn } from '../../domain/calendar/index.js';
import type { NotificationKind } from './kinds.js';

/** How a kind of notice meets quiet hours: never waits, waits unless its ticket is urgent, or waits. */
export type QuietClass = 'never' | 'unlessUrgent' | 'waits';

/**
 * Every kind, classified. A new kind fails the type check here until someone decides whether it may wake a
 * person up (an escalation: 'never').
 */
export const QUIET_CLASS: Record<NotificationKind, QuietClass> = {
  ticket_opened: 'unlessUrgent',
  ticket_assigned: 'unlessUrgent',
  ticket_resolved: 'unlessUrgent',
  ticket_reopened: 'unlessUrgent',
  ticket_commented: 'unlessUrgent',
  ticket_cancelled: 'unlessUrgent',
  task_assigned: 'waits',
  task_due_soon: 'waits',
  task_missed: 'waits',
  task_completed: 'waits',
  task_returned: 'waits',
  task_cancelled: 'waits',
  // Planned on school days only, at DIGEST_TIME, by the sender.
  digest: 'never',
  reply: 'never',
  reachable_again: 'never',
  // An edit of the group's card: silent, and a stale Take button at night helps nobody.
  tech_card_taken: 'never',
  ticket_taken: 'unlessUrgent',
  ticket_reassigned: 'unlessUrgent',
  ticket_priority_changed: 'unlessUrgent',
  ticket_confirmed: 'unlessUrgent',
  ticket_auto_closed: 'unlessUrgent',
  task_accepted: 'waits',
  task_approved: 'waits',
  task_extended: 'waits',
  command_menu: 'never',
  ticket_question: 'unlessUrgent',
  ticket_answer: 'unlessUrgent',
  ticket_resumed: 'unlessUrgent',
  ticket_question_reminder: 'waits',
  ticket_closed_unanswered: 'waits',
  // Asked of the author when their own action (a confirmation) closed it, or at an auto-close: no hurry.
  ticket_rate_request: 'waits',
  ticket_rated_low: 'waits',
  // Escalations wake no one at night anyway (their targets pass in school time), but never wait when they do.
  ticket_escalated: 'never',
  task_escalated: 'never',
  // What followers hear is what the author hears, as the author hears it.
  ticket_follower_update: 'unlessUrgent',
  ticket_merged: 'unlessUrgent',
  // A pattern for a lead to look into, not an emergency: it waits for school time.
  room_repeat_problem: 'waits',
  // Orders to many: the issuer's progress and a reminder of the issuer's are no reason to wake anyone.
  order_progress: 'waits',
  order_reminder: 'waits',
  // A request for access waits for school time, as the flow's message to the admins did before.
  staff_request: 'waits',
};

/** Why a row is sent at another moment than wanted: held for school time, or a reminder sent ahead. */
export type QuietMark = 'held' | 'early';

export interface PlannedMoment {
  at: Date;
  /** Set when quiet hours moved it; the text then says why it arrives now. */
  quiet?: QuietMark;
}

/** The last school hour of a school day: when a reminder sent ahead of the night is still read at work. */
const LAST_CALL_MS = HOUR_MS;

/** A calendar with no school time for years (nothing real): then nothing waits, rather than the reaction failing. */
function orWanted(plan: () => PlannedMoment | undefined, wanted: number): PlannedMoment | undefined {
  try {
    return plan();
  } catch (error) {
    if (error instanceof RangeError) return { at: new Date(wanted) };
    throw error;
  }
}

/** Whether quiet hours may move a notice of this kind wanted then (else no need to ask whether it is urgent). */
export const mayWait = (calendar: SchoolCalendar, kind: NotificationKind, wanted: Date): boolean =>
  QUIET_CLASS[kind] !== 'never' && !isSchoolTime(calendar, wanted.getTime());

/** When a notice of this kind wanted at `wanted` is sent; `urgent`: it is about an urgent ticket. */
export function plannedNotice(calendar: SchoolCalendar, kind: NotificationKind, wanted: Date, urgent: boolean): PlannedMoment {
  const quietClass = QUIET_CLASS[kind];
  const at = wanted.getTime();
  if (quietClass === 'never' || (quietClass === 'unlessUrgent' && urgent) || isSchoolTime(calendar, at)) return { at: wanted };
  return orWanted(() => ({ at: new Date(nextSchoolMoment(calendar, at)), quiet: 'held' }), at) ?? { at: wanted };
}

/**
 * When a message a flow addressed (stored verbatim, kind `reply`) wanted at `wanted` is sent: in the reply lane
 * (the speaker's own answer) at once; to somebody else (a registration request to the admins, the news of an
 * approval) at the next school moment, unless it edits a message already there (silent).
 */
export function plannedFlowMessage(calendar: SchoolCalendar, wanted: Date, lane: 'reply' | 'notice', edit: boolean): PlannedMoment {
  const at = wanted.getTime();
  if (lane === 'reply' || edit || isSchoolTime(calendar, at)) return { at: wanted };
  return orWanted(() => ({ at: new Date(nextSchoolMoment(calendar, at)), quiet: 'held' }), at) ?? { at: wanted };
}

/**
 * When a reminder wanted at `wanted` before `deadline` is sent, or undefined when it is not (see the top of
 * this file). `decidedAt`: when the deadline was set; nothing is planned before it.
 */
export function plannedReminder(calendar: SchoolCalendar, wanted: number, deadline: number, decidedAt: number): PlannedMoment | undefined {
  if (isSchoolTime(calendar, wanted)) return { at: new Date(wanted) };
  return orWanted(() => {
    const next = nextSchoolMoment(calendar, wanted);
    if (next < deadline) return { at: new Date(next), quiet: 'held' };
    // The school day that closed last before the wanted moment: its own day after closing, else the one before.
    const date = dateAt(wanted, calendar.zone);
    const today = schoolHoursOn(calendar, date);
    const hours = today && today.close <= wanted ? today : schoolHoursOn(calendar, previousSchoolDay(calendar, date));
    if (!hours) return undefined;
    const lastCall = Math.max(hours.open, hours.close - LAST_CALL_MS);
    return lastCall > decidedAt ? { at: new Date(lastCall), quiet: 'early' } : undefined;
  }, wanted);
}

/**
 * The reminders of one deadline, `hours` before it: each planned by plannedReminder, none planned before the
 * deadline was set (a reminder whose moment had passed then would only be noise), and of two landing on one
 * moment only the nearer one (fewer hours) is kept.
 */
export function plannedReminders(
  calendar: SchoolCalendar,
  deadline: number,
  decidedAt: number,
  hours: readonly number[],
): Array<{ hours: number } & PlannedMoment> {
  const byMoment = new Map<number, { hours: number } & PlannedMoment>();
  for (const h of hours) {
    const wanted = deadline - h * HOUR_MS;
    if (wanted <= decidedAt) continue;
    const planned = plannedReminder(calendar, wanted, deadline, decidedAt);
    if (!planned) continue;
    const same = byMoment.get(planned.at.getTime());
    if (!same || h < same.hours) byMoment.set(planned.at.getTime(), { hours: h, ...planned });
  }
  return [...byMoment.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}
