// A school in memory: the real in-memory event store, a hand-set clock and the command service.
import { createMemoryEventStore } from '../../../adapters/eventstore/memory.js';
import type { MemoryEventStore } from '../../../adapters/eventstore/memory.js';
import { staffAggregate, taskAggregate, ticketAggregate } from '../../../application/aggregates.js';
import { createSchoolCommands, type SchoolCommands } from '../../../application/commands/schoolCommands.js';
import type { EventStore } from '../../../application/ports/eventStore.js';
import { loadStream } from '../../../application/streamLoader.js';
import { defaultPolicy, staffStreamName, taskStreamName, ticketStreamName } from '../../../domain/index.js';

export const ADMIN = '500';
export const T0 = new Date('2026-11-24T09:00:00.000Z');

export function createClock(start: Date = T0) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advanceHours: (hours: number) => {
      now += hours * 3_600_000;
    },
  };
}

let sequence = 0;
export const sequentialIds = { uuid: () => `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}` };

export function createSchool(options: { store?: EventStore; maxAttempts?: number } = {}) {
  const memory: MemoryEventStore = createMemoryEventStore();
  const store = options.store ?? memory;
  const clock = createClock();
  const commands = createSchoolCommands({
    eventStore: store,
    clock,
    ids: sequentialIds,
    adminIds: [Number(ADMIN)],
    maxAttempts: options.maxAttempts,
  });
  return { store, memory, clock, commands, as: commands.person };
}

/** Registers and approves people: teacher 101, technician 201, deputy 301, auditor 401. */
export async function staffUp(commands: SchoolCommands) {
  const people = [
    ['101', 'Tatiana Ivanova', 'teacher'],
    ['201', 'Ivan Petrov', 'technician'],
    ['301', 'Olga Smirnova', 'deputy'],
    ['401', 'Pavel Auditov', 'auditor'],
  ] as const;
  const admin = await commands.person(ADMIN);
  for (const [id, name, role] of people) {
    const registered = await commands.register(await commands.person(id), { fullName: name }, {});
    if (!registered.ok) throw new Error(JSON.stringify(registered.refusal));
    const approved = await commands.approveStaff(admin, { telegramId: id, role }, {});
    if (!approved.ok) throw new Error(JSON.stringify(approved.refusal));
  }
}

export async function allEvents(store: EventStore) {
  return (await store.readAll({ maxCount: 10_000 })).events;
}

/** A stream folded as the command handler sees it (what tests assert the state on). */
export const ticketState = async (store: EventStore, number: number) =>
  (await loadStream(store, ticketStreamName(number), ticketAggregate(defaultPolicy))).state;
export const taskState = async (store: EventStore, number: number) =>
  (await loadStream(store, taskStreamName(number), taskAggregate)).state;
export const staffState = async (store: EventStore, telegramId: string) =>
  (await loadStream(store, staffStreamName(telegramId), staffAggregate)).state;
