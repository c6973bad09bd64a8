// The auditor's history of one ticket or task, replayed from the event store (never from read models): every
// event with who did it (by name, from their staff stream) and when, and the aggregate's state as of any
// moment, folded by the domain's own evolve.
import type { StaffEvent, TaskEvent, TicketEvent } from '../domain/index.js';
import {
  CONFIG_ACTOR_ID,
  foldStaff,
  foldTask,
  foldTicket,
  staffStreamName,
  SYSTEM_ACTOR_ID,
  TASK_EVENT_TYPES,
  taskStreamName,
  TICKET_EVENT_TYPES,
  ticketStreamName,
} from '../domain/index.js';
import type { EventStore, RecordedEvent } from './ports/eventStore.js';
import { parseRecorded } from './streamLoader.js';

export type HistoryKind = 'ticket' | 'task';

type HistoryEvent = TicketEvent | TaskEvent;
export type HistoryEventType = HistoryEvent['type'];

interface HistoryEntryFacts {
  /** When it happened (the event's occurredAt, ISO 8601). */
  at: string;
  actorId: string;
  /** The actor's full name from the staff stream; for the scheduler and configuration, what they are. */
  actorName: string;
  /** The full name of the person the event assigns or concerns (its assigneeId), or null when it names none. */
  assigneeName: string | null;
  /** The words people typed, when the event carries them (a comment, a reason, a resolution). */
  detail: string | null;
  eventId: string;
  revision: number;
}

/** One event of the timeline with its typed data; what it means in words is the reader's to render. */
export type HistoryEntryOf<T extends HistoryEventType> = HistoryEntryFacts & { type: T; data: Extract<HistoryEvent, { type: T }>['data'] };
export type HistoryEntry = { [T in HistoryEventType]: HistoryEntryOf<T> }[HistoryEventType];

/** One line saying what an entry means (the Telegram adapter's Russian lines; infra passes it on). */
export type DescribeHistoryEntry = (entry: HistoryEntry) => string;

export interface History {
  kind: HistoryKind;
  number: number;
  stream: string;
  /** The moment the state is shown as of (ISO), or null for "now" (every event). */
  asOf: string | null;
  /** Events up to `asOf`, oldest first. */
  entries: HistoryEntry[];
  /** The aggregate's state folded from those events. */
  state: unknown;
}

/** The history as the Telegram bot reads it (the /history card, the latest comments on a ticket card). */
export interface HistoryQuery {
  history(kind: HistoryKind, number: number): Promise<HistoryEntry[] | undefined>;
}

const nameOf = (names: Map<string, string>, id: string | null): string | null => (id === null ? null : (names.get(id) ?? id));

/** The words a person typed into the event, if any. */
function wordsOf(event: HistoryEvent): string | null {
  switch (event.type) {
    case 'TicketOpened':
    case 'TaskAssigned':
      return event.data.description || null;
    case 'TicketCommented':
      return event.data.text;
    case 'TicketResolved':
      return event.data.resolution;
    case 'TaskCompleted':
      return event.data.report;
    case 'TicketReopened':
    case 'TicketCancelled':
    case 'TaskDeadlineExtended':
    case 'TaskReturned':
    case 'TaskCancelled':
      return event.data.reason;
    case 'TicketInfoRequested':
      return event.data.question;
    case 'TicketInfoProvided':
      return event.data.answer || null;
    case 'TicketRated':
      return event.data.comment ?? null;
    default:
      return null;
  }
}

/** Everyone an event names, whose names the history shows. */
const peopleIn = (event: HistoryEvent): (string | null)[] => {
  const d = event.data;
  return [
    'assigneeId' in d ? d.assigneeId : null,
    'previousAssigneeId' in d ? d.previousAssigneeId : null,
    // Optional in some events (recorded since 2026-12-03 only).
    'authorId' in d ? (d.authorId ?? null) : null,
    'issuerId' in d ? (d.issuerId ?? null) : null,
  ];
};

const assigneeOf = (event: HistoryEvent): string | null => ('assigneeId' in event.data ? event.data.assigneeId : null);

/** Full names of the given people, each folded from their staff stream. */
export async function staffNamesFromLog(store: EventStore, ids: Iterable<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>([
    [SYSTEM_ACTOR_ID, 'SchoolBot (scheduler)'],
    [CONFIG_ACTOR_ID, 'configuration'],
  ]);
  for (const id of new Set(ids)) {
    if (names.has(id) || !/^[1-9]\d*$/.test(id)) continue;
    const events = (await store.readStream(staffStreamName(id))).map((e) => ({ type: e.type, data: e.data }) as StaffEvent);
    const state = foldStaff(events);
    // A bootstrap admin may be approved without registering: then the approval carries the name.
    const named = events.flatMap((e) => ('fullName' in e.data ? [e.data.fullName] : [])).at(-1);
    const name = 'fullName' in state && state.fullName ? state.fullName : named;
    if (typeof name === 'string' && name !== '') names.set(id, name);
  }
  return names;
}

export interface ReplayOptions {
  /** Show the state as of this moment: events that happened later are left out. */
  asOf?: Date;
}

/** Replays one ticket or task; undefined when no such stream exists. */
export async function replayHistory(
  store: EventStore,
  kind: HistoryKind,
  number: number,
  options: ReplayOptions = {},
): Promise<History | undefined> {
  const stream = kind === 'ticket' ? ticketStreamName(number) : taskStreamName(number);
  const all = await store.readStream(stream);
  if (all.length === 0) return undefined;
  const asOf = options.asOf;
  const recorded = asOf ? all.filter((e) => Date.parse(e.metadata.occurredAt) <= asOf.getTime()) : all;
  const events = recorded.map((e) => ({ recorded: e, event: historyEventOf(kind, e) }));
  const people = events.flatMap(({ recorded: e, event }) => [e.metadata.actorId, ...peopleIn(event)]);
  const names = await staffNamesFromLog(store, people.filter((id): id is string => id !== null));
  const domainEvents = events.map(({ event }) => event);
  const state = kind === 'ticket' ? foldTicket(domainEvents as TicketEvent[]) : foldTask(domainEvents as TaskEvent[]);
  return {
    kind,
    number,
    stream,
    asOf: asOf ? asOf.toISOString() : null,
    entries: events.map(
      ({ recorded: e, event }) =>
        ({
          at: e.metadata.occurredAt,
          actorId: e.metadata.actorId,
          actorName: names.get(e.metadata.actorId) ?? e.metadata.actorId,
          assigneeName: nameOf(names, assigneeOf(event)),
          detail: wordsOf(event),
          eventId: e.id,
          revision: Number(e.revision),
          ...event,
        }) satisfies HistoryEntryFacts & HistoryEvent,
    ),
    state,
  };
}

/** The stored event as the aggregate's typed event (upcast and checked against the domain's schema). */
const historyEventOf = (kind: HistoryKind, event: RecordedEvent): HistoryEvent =>
  kind === 'ticket' ? parseRecorded<TicketEvent>(event, TICKET_EVENT_TYPES).event : parseRecorded<TaskEvent>(event, TASK_EVENT_TYPES).event;

/**
 * The one JSON form of a history: `history --json` prints it and the audit API serves it. Each entry carries
 * its `summary`, a line in words from `describe`.
 */
export const historyJson = (history: History, describe: DescribeHistoryEntry): string =>
  JSON.stringify(
    {
      ...history,
      entries: history.entries.map((entry) => ({
        at: entry.at,
        actorId: entry.actorId,
        actorName: entry.actorName,
        type: entry.type,
        summary: describe(entry),
        detail: entry.detail,
        eventId: entry.eventId,
        revision: entry.revision,
        data: entry.data,
      })),
    },
    null,
    2,
  );

/** The Telegram bot's view of the history: the entries, as replayed now. */
export function historyQueryFor(store: EventStore): HistoryQuery {
  return {
    async history(kind, number) {
      return (await replayHistory(store, kind, number))?.entries;
    },
  };
}
