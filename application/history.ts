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
  taskStreamName,
  ticketStreamName,
} from '../domain/index.js';
import type { EventStore, RecordedEvent } from './ports/eventStore.js';

export type HistoryKind = 'ticket' | 'task';

export interface HistoryEntry {
  /** When it happened (the event's occurredAt, ISO 8601). */
  at: string;
  actorId: string;
  /** The actor's full name from the staff stream; for the scheduler and configuration, what they are. */
  actorName: string;
  type: string;
  /** One line in English: what happened. */
  summary: string;
  /** The words people typed, when the event carries them (a comment, a reason, a resolution). */
  detail: string | null;
  eventId: string;
  revision: number;
  data: unknown;
}

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

type Data = Record<string, unknown>;

const nameOf = (names: Map<string, string>, id: unknown) => (typeof id === 'string' ? (names.get(id) ?? id) : '—');

function describe(event: RecordedEvent, names: Map<string, string>): { summary: string; detail: string | null } {
  const d = event.data as Data;
  const text = (key: string) => (typeof d[key] === 'string' && d[key] !== '' ? (d[key] as string) : null);
  switch (event.type) {
    case 'TicketOpened':
      return { summary: `opened: "${String(d.title)}" (${String(d.category)}, ${String(d.priority)}, due ${String(d.dueAt)})`, detail: text('description') };
    case 'TicketAssigned':
      return { summary: `assigned to ${nameOf(names, d.assigneeId)}${d.selfAssigned ? ' (took it)' : ''}`, detail: null };
    case 'TicketCommented':
      return { summary: 'commented', detail: text('text') };
    case 'TicketPriorityChanged':
      return { summary: `priority ${String(d.from)} → ${String(d.to)}, due ${String(d.dueAt)}`, detail: null };
    case 'TicketResolved':
      return { summary: 'resolved', detail: text('resolution') };
    case 'TicketClosed':
      return { summary: d.auto ? 'closed automatically' : 'confirmed and closed', detail: null };
    case 'TicketReopened':
      return { summary: `reopened (was ${String(d.from)})`, detail: text('reason') };
    case 'TicketCancelled':
      return { summary: 'cancelled', detail: text('reason') };
    case 'TaskAssigned':
      return { summary: `assigned to ${nameOf(names, d.assigneeId)}: "${String(d.title)}", deadline ${String(d.deadline)}`, detail: text('description') };
    case 'TaskAccepted':
      return { summary: 'accepted', detail: null };
    case 'TaskDeadlineExtended':
      return { summary: `deadline ${String(d.previousDeadline)} → ${String(d.newDeadline)}${d.previousDeadlineMissed ? ' (already missed)' : ''}`, detail: text('reason') };
    case 'TaskCompleted':
      return { summary: d.late ? 'completed late' : 'completed', detail: text('report') };
    case 'TaskApproved':
      return { summary: d.onTime ? 'approved, done on time' : 'approved, late', detail: null };
    case 'TaskReturned':
      return { summary: 'returned for rework', detail: text('reason') };
    case 'TaskCancelled':
      return { summary: 'cancelled', detail: text('reason') };
    case 'TaskDeadlineMissed':
      return { summary: `deadline ${String(d.deadline)} missed`, detail: null };
    default:
      return { summary: event.type, detail: null };
  }
}

/** Full names of the given people, each folded from their staff stream. */
export async function staffNamesFromLog(store: EventStore, ids: Iterable<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>([
    [SYSTEM_ACTOR_ID, 'SchoolBot (scheduler)'],
    [CONFIG_ACTOR_ID, 'configuration'],
  ]);
  for (const id of new Set(ids)) {
    if (names.has(id) || !/^[1-9]\d*$/.test(id)) continue;
    const events = await store.readStream(staffStreamName(id));
    const state = foldStaff(events.map((e) => ({ type: e.type, data: e.data }) as StaffEvent));
    // A bootstrap admin may be approved without registering: then the approval carries the name.
    const named = [...events].reverse().find((e) => typeof (e.data as Data).fullName === 'string');
    const name = 'fullName' in state && state.fullName ? state.fullName : (named?.data as Data | undefined)?.fullName;
    if (typeof name === 'string' && name !== '') names.set(id, name);
  }
  return names;
}

const actorsOf = (event: RecordedEvent): string[] => {
  const d = event.data as Data;
  return [event.metadata.actorId, d.assigneeId, d.previousAssigneeId, d.authorId, d.issuerId].filter(
    (id): id is string => typeof id === 'string',
  );
};

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
  const events = asOf ? all.filter((e) => Date.parse(e.metadata.occurredAt) <= asOf.getTime()) : all;
  const names = await staffNamesFromLog(store, events.flatMap(actorsOf));
  const domainEvents = events.map((e) => ({ type: e.type, data: e.data }));
  const state =
    kind === 'ticket' ? foldTicket(domainEvents as TicketEvent[]) : foldTask(domainEvents as TaskEvent[]);
  return {
    kind,
    number,
    stream,
    asOf: asOf ? asOf.toISOString() : null,
    entries: events.map((event) => ({
      at: event.metadata.occurredAt,
      actorId: event.metadata.actorId,
      actorName: nameOf(names, event.metadata.actorId),
      type: event.type,
      ...describe(event, names),
      eventId: event.id,
      revision: Number(event.revision),
      data: event.data,
    })),
    state,
  };
}

/** The one JSON form of a history: `history --json` prints it and the audit API serves it. */
export const historyJson = (history: History): string => JSON.stringify(history, null, 2);

/** The shape the Telegram adapter's history card reads (at, actor, type, detail). */
export function historyQueryFor(store: EventStore) {
  return {
    async history(kind: HistoryKind, number: number) {
      const replayed = await replayHistory(store, kind, number);
      return replayed?.entries.map((entry) => ({
        at: new Date(entry.at),
        actorId: entry.actorId,
        actorName: entry.actorName,
        type: entry.type,
        detail: entry.detail ?? entry.summary,
      }));
    },
  };
}
