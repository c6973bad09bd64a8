// What each event of a ticket's or task's history means, in Russian: one describer per event type. The
// mapped type makes a new event type without its line fail the type check. The /history card reads these
// lines; infra/ hands the same function to the CLI and the audit API, whose JSON carries it as `summary`.
import { DateTime } from 'luxon';
import type { DescribeHistoryEntry, HistoryEntry, HistoryEntryOf, HistoryEventType } from '../../application/history.js';
import { categoryName, texts } from './texts.js';

const h = texts.history;

type Describers = { [T in HistoryEventType]: (entry: HistoryEntryOf<T>, moment: (iso: string) => string) => string };

const priorityName = (priority: string) => texts.priorities[priority] ?? priority;
/** Events that assign someone always name them; the history resolved the name (or kept the id). */
const assigneeOf = (entry: HistoryEntry) => entry.assigneeName ?? '';

/** Whom an escalation told, in words. */
const escalatedTo = (level: 'lead' | 'director', count: number) =>
  count === 0 ? texts.sla.whomNobody : level === 'lead' ? texts.sla.whomLeads(count) : texts.sla.whomDirector(count);

const describers: Describers = {
  TicketOpened: ({ data }, moment) => h.ticketOpened(data.title, categoryName(data.category), priorityName(data.priority), moment(data.dueAt)),
  TicketAssigned: (entry) => (entry.data.selfAssigned ? h.ticketTaken : h.ticketAssigned(assigneeOf(entry))),
  TicketCommented: () => h.ticketCommented,
  TicketPriorityChanged: ({ data }, moment) => h.ticketPriorityChanged(priorityName(data.from), priorityName(data.to), moment(data.dueAt)),
  TicketResolved: () => h.ticketResolved,
  TicketClosed: ({ data }) => (data.unanswered ? h.ticketClosedUnanswered : data.auto ? h.ticketAutoClosed : h.ticketConfirmed),
  TicketReopened: ({ data }) => (data.from === 'closed' ? h.ticketReopenedFromClosed : h.ticketReopenedFromResolved),
  TicketCancelled: () => h.ticketCancelled,
  TaskAssigned: (entry, moment) => h.taskAssigned(entry.data.title, assigneeOf(entry), moment(entry.data.deadline)),
  TaskAccepted: () => h.taskAccepted,
  TaskDeadlineExtended: ({ data }, moment) =>
    (data.previousDeadlineMissed ? h.taskDeadlineExtendedAfterMiss : h.taskDeadlineExtended)(moment(data.previousDeadline), moment(data.newDeadline)),
  TaskCompleted: ({ data }) => (data.late ? h.taskCompletedLate : h.taskCompleted),
  TaskApproved: ({ data }) => (data.onTime ? h.taskApprovedOnTime : h.taskApprovedLate),
  TaskReturned: () => h.taskReturned,
  TaskCancelled: () => h.taskCancelled,
  TaskDeadlineMissed: ({ data }, moment) => h.taskDeadlineMissed(moment(data.deadline)),
  TicketInfoRequested: () => h.ticketInfoRequested,
  TicketInfoProvided: ({ data }, moment) => (data.withoutAnswer ? h.ticketResumedWithoutAnswer : h.ticketInfoProvided)(moment(data.dueAt)),
  TicketInfoReminded: ({ data }, moment) => h.ticketInfoReminded(moment(data.closesAt)),
  TicketRated: ({ data }) =>
    data.previousRating === undefined ? h.ticketRated(data.rating) : h.ticketRatingChanged(data.previousRating, data.rating),
  TicketEscalated: ({ data }, moment) =>
    (data.target === 'first_response' ? texts.sla.historyFirstResponse : texts.sla.historyResolution)(moment(data.dueAt), escalatedTo(data.level, data.notified.length)),
  TaskEscalated: ({ data }, moment) => texts.sla.historyTask(moment(data.deadline), escalatedTo('director', data.notified.length)),
  TicketFollowed: () => texts.dupes.historyFollowed,
  TicketMerged: ({ data }) => texts.dupes.historyMerged(data.into),
  TicketAbsorbed: ({ data }) => texts.dupes.historyAbsorbed(data.from, data.followers.length),
  TicketRoomSet: ({ data }) =>
    data.previousRoom === null ? texts.roomHistory.historySet(data.room) : texts.roomHistory.historyChanged(data.previousRoom, data.room),
};

/** The Russian line for each history entry, its moments in the school's time zone. */
export function historyLinesIn(zone: string): DescribeHistoryEntry {
  const moment = (iso: string) => DateTime.fromISO(iso, { zone }).setLocale('ru').toFormat(h.momentFormat);
  return (entry) => {
    // Each entry reaches the describer of its own type; TypeScript cannot correlate the two through the index.
    const describe = describers[entry.type] as (entry: HistoryEntry, moment: (iso: string) => string) => string;
    return describe(entry, moment);
  };
}
