// Quiet hours on a real school calendar (Moscow, Monday–Friday, 08:00–18:00, an autumn vacation): which notices
// wait for the next school moment, which go at once, and when a reminder that the night would make useless is
// sent. Instants are given, never read from a clock. December 2026: the 4th is a Friday, the 7th a Monday.
import { describe, expect, it } from 'vitest';
import type { NotificationKind } from '../../../application/notifications/kinds.js';
import { plannedFlowMessage, plannedNotice, plannedReminders, QUIET_CLASS, type QuietMark } from '../../../application/notifications/quietHours.js';
import { roundTheClockCalendar, schoolCalendar } from '../../../domain/calendar/index.js';

// Moscow is UTC+3 all year.
const msk = (local: string) => Date.parse(`${local}+03:00`);
const local = (instant: number) => new Date(instant + 3 * 3_600_000).toISOString().slice(0, 16);

const calendar = schoolCalendar({
  zone: 'Europe/Moscow',
  week: 5,
  hours: { open: 8 * 60, close: 18 * 60 },
  vacations: [{ name: 'Осенние каникулы', from: '2026-10-24', to: '2026-11-02' }],
});

describe('notices: planned at the next school moment unless they may not wait', () => {
  const cases: Array<[what: string, kind: NotificationKind, wanted: string, urgent: boolean, planned: string, mark: QuietMark | undefined]> = [
    ['a school-day noon: at once', 'task_assigned', '2026-12-08T12:00', false, '2026-12-08T12:00', undefined],
    ['the opening minute is school time', 'task_assigned', '2026-12-08T08:00', false, '2026-12-08T08:00', undefined],
    ['one minute before opening waits a minute', 'task_assigned', '2026-12-08T07:59', false, '2026-12-08T08:00', 'held'],
    ['17:59 is still school time', 'task_completed', '2026-12-08T17:59', false, '2026-12-08T17:59', undefined],
    ['18:00 (closing) is not: the next morning', 'task_completed', '2026-12-08T18:00', false, '2026-12-09T08:00', 'held'],
    ['03:00 on a Wednesday: that morning', 'task_accepted', '2026-12-09T03:00', false, '2026-12-09T08:00', 'held'],
    ['Friday 18:00: Monday morning', 'task_approved', '2026-12-04T18:00', false, '2026-12-07T08:00', 'held'],
    ['a Saturday afternoon: Monday morning', 'task_returned', '2026-12-05T15:00', false, '2026-12-07T08:00', 'held'],
    ['a Sunday: Monday morning', 'task_extended', '2026-12-06T10:00', false, '2026-12-07T08:00', 'held'],
    ['1 January: after the New Year holidays and the weekend', 'task_assigned', '2027-01-01T12:00', false, '2027-01-11T08:00', 'held'],
    ['in the autumn vacation: the first school day after it', 'task_assigned', '2026-10-28T11:00', false, '2026-11-03T08:00', 'held'],
    ['a task reminder planned by hand at night', 'task_due_soon', '2026-12-09T03:00', false, '2026-12-09T08:00', 'held'],
    ['a missed deadline at night', 'task_missed', '2026-12-09T03:00', false, '2026-12-09T08:00', 'held'],
    ['a normal ticket opened on a Sunday night', 'ticket_opened', '2026-12-06T03:00', false, '2026-12-07T08:00', 'held'],
    ['a comment on a normal ticket on Friday evening', 'ticket_commented', '2026-12-04T19:30', false, '2026-12-07T08:00', 'held'],
    ['an urgent ticket opened on a Sunday night: at once', 'ticket_opened', '2026-12-06T03:00', true, '2026-12-06T03:00', undefined],
    ['an urgent ticket taken at night: at once', 'ticket_taken', '2026-12-09T02:00', true, '2026-12-09T02:00', undefined],
    ['a priority raised to urgent on 1 January: at once', 'ticket_priority_changed', '2027-01-01T12:00', true, '2027-01-01T12:00', undefined],
    ['a reply to one\'s own action: at once', 'reply', '2026-12-06T03:00', false, '2026-12-06T03:00', undefined],
    ['the summary on writing again: at once', 'reachable_again', '2026-12-06T03:00', false, '2026-12-06T03:00', undefined],
    ['a command menu is no message: at once', 'command_menu', '2026-12-06T03:00', false, '2026-12-06T03:00', undefined],
    ['the group card edited (silent): at once', 'tech_card_taken', '2026-12-06T03:00', false, '2026-12-06T03:00', undefined],
  ];
  it.each(cases)('%s', (_what, kind, wanted, urgent, planned, mark) => {
    const result = plannedNotice(calendar, kind, new Date(msk(wanted)), urgent);
    expect(local(result.at.getTime())).toBe(planned);
    expect(result.quiet).toBe(mark);
  });

  it('urgency matters to ticket notices only: an urgent flag does not wake anyone for a task', () => {
    expect(plannedNotice(calendar, 'task_assigned', new Date(msk('2026-12-06T03:00')), true).quiet).toBe('held');
  });

  it('a round-the-clock calendar (tests not about the calendar) never moves anything', () => {
    const always = roundTheClockCalendar('Europe/Moscow');
    for (const kind of Object.keys(QUIET_CLASS) as NotificationKind[]) {
      const wanted = new Date(msk('2027-01-01T03:00'));
      expect(plannedNotice(always, kind, wanted, false)).toEqual({ at: wanted });
    }
  });
});

describe('messages a flow addresses (stored verbatim)', () => {
  const night = new Date(msk('2026-12-06T03:00'));
  it('the speaker\'s own answer (reply lane) never waits', () => {
    expect(plannedFlowMessage(calendar, night, 'reply', false)).toEqual({ at: night });
  });
  it('a message to somebody else (a registration request to the admins) waits for Monday 08:00', () => {
    const planned = plannedFlowMessage(calendar, night, 'notice', false);
    expect([local(planned.at.getTime()), planned.quiet]).toEqual(['2026-12-07T08:00', 'held']);
  });
  it('an edit of a message already there is silent: at once', () => {
    expect(plannedFlowMessage(calendar, night, 'notice', true)).toEqual({ at: night });
  });
  it('in school time: at once', () => {
    const noon = new Date(msk('2026-12-07T12:00'));
    expect(plannedFlowMessage(calendar, noon, 'notice', false)).toEqual({ at: noon });
  });
});

describe('reminders (24 h and 2 h before a deadline)', () => {
  const cases: Array<[what: string, deadline: string, decidedAt: string, planned: Array<[hours: number, at: string, mark: QuietMark | undefined]>]> = [
    ['both in school time: as wanted', '2026-12-09T12:00', '2026-12-07T10:00', [[24, '2026-12-08T12:00', undefined], [2, '2026-12-09T10:00', undefined]]],
    [
      'the 24-hour one due at 03:00 waits for the morning; the 2-hour one (01:00, the morning too late) comes the evening before',
      '2026-12-09T03:00',
      '2026-12-07T10:00',
      [[24, '2026-12-08T08:00', 'held'], [2, '2026-12-08T17:00', 'early']],
    ],
    ['both land on Monday 08:00 (deadline 09:00): only the nearer one is kept', '2026-12-07T09:00', '2026-12-03T10:00', [[2, '2026-12-07T08:00', 'held']]],
    ['a deadline before Monday\'s opening: one reminder in Friday\'s last school hour', '2026-12-07T07:30', '2026-12-03T10:00', [[2, '2026-12-04T17:00', 'early']]],
    ['…unless the deadline was set after that hour: none (the missed-deadline notice follows)', '2026-12-07T07:30', '2026-12-04T17:30', []],
    [
      'a deadline at 21:00: the 24-hour one in the morning, the 2-hour one (19:00) in that day\'s last school hour',
      '2026-12-08T21:00',
      '2026-12-07T10:00',
      [[24, '2026-12-08T08:00', 'held'], [2, '2026-12-08T17:00', 'early']],
    ],
    ['after the New Year holidays: the 24-hour one (a Sunday) merges into the 2-hour one at the opening', '2027-01-11T10:00', '2026-12-30T12:00', [[2, '2027-01-11T08:00', undefined]]],
    ['the day after a vacation: the 24-hour one (in the vacation) waits for its end', '2026-11-03T12:00', '2026-10-22T10:00', [[24, '2026-11-03T08:00', 'held'], [2, '2026-11-03T10:00', undefined]]],
    ['a reminder whose moment had passed when the deadline was set is not planned', '2026-12-09T12:00', '2026-12-08T15:00', [[2, '2026-12-09T10:00', undefined]]],
  ];
  it.each(cases)('%s', (_what, deadline, decidedAt, planned) => {
    const result = plannedReminders(calendar, msk(deadline), msk(decidedAt), [24, 2]);
    expect(result.map((r) => [r.hours, local(r.at.getTime()), r.quiet])).toEqual(planned);
  });

  it('every reminder planned lies before its deadline and after it was set, in school time', () => {
    const decidedAt = msk('2026-11-30T09:00');
    for (let deadline = msk('2026-12-01T00:00'); deadline < msk('2026-12-15T00:00'); deadline += 30 * 60_000) {
      for (const reminder of plannedReminders(calendar, deadline, decidedAt, [24, 2])) {
        expect(reminder.at.getTime()).toBeLessThan(deadline);
        expect(reminder.at.getTime()).toBeGreaterThan(decidedAt);
        expect(plannedNotice(calendar, 'task_due_soon', reminder.at, false).quiet).toBeUndefined();
      }
    }
  });

  it('on a round-the-clock calendar a reminder due at 03:00 stays at 03:00', () => {
    const always = roundTheClockCalendar('Europe/Moscow');
    const result = plannedReminders(always, msk('2026-12-09T05:00'), msk('2026-12-07T10:00'), [24, 2]);
    expect(result.map((r) => [r.hours, local(r.at.getTime()), r.quiet])).toEqual([[24, '2026-12-08T05:00', undefined], [2, '2026-12-09T03:00', undefined]]);
  });
});
