// The store fails while a number is being reserved (PostgreSQL restarting): the reservation fails with the
// store's error — no unhandled rejection, no caller left waiting — and the next one works once the store does.
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/eventstore/memory.js';
import { reserveNumber, type NumberKind } from '../../../application/numbering.js';
import type { EventStore } from '../../../application/ports/eventStore.js';

const kind: NumberKind = { counterStream: 'numbers-ticket', eventType: 'TicketNumberReserved', streamNameFor: (n) => `ticket-${n}` };
const request = (commandId: string) => ({
  commandId,
  actor: { id: '1', role: 'teacher' as const, active: true, categories: [] },
  now: '2026-12-04T08:00:00.000Z',
  correlationId: commandId,
  source: 'telegram' as const,
});

describe('a number reserved while the store fails', () => {
  it('rejects with the store error and reserves normally once the store answers again', async () => {
    const memory = createMemoryEventStore();
    let down = true;
    const store: EventStore = Object.create(memory) as EventStore;
    store.readStream = (...args: Parameters<EventStore['readStream']>) =>
      down ? Promise.reject(new Error('connection terminated')) : memory.readStream(...args);

    const failures = await Promise.allSettled([
      reserveNumber(store, kind, request('00000000-0000-4000-8000-000000000001')),
      reserveNumber(store, kind, request('00000000-0000-4000-8000-000000000002')),
    ]);
    expect(failures.map((f) => f.status)).toEqual(['rejected', 'rejected']);

    down = false;
    const reservation = await reserveNumber(store, kind, request('00000000-0000-4000-8000-000000000003'));
    expect(reservation).toEqual({ number: 1, fresh: true });
  });
});
