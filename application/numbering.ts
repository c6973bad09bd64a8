// Human numbers (№124). Number n is the event at revision n-1 of the kind's counter stream
// (`numbers-ticket`, `numbers-task`), appended with exactly that expected revision: two instances that
// race for the same number cannot both win, and the number is part of the log, so a restore or a rebuild
// gives every ticket the same number again. The ticket itself then lives in `ticket-<n>`.
//
// Idempotent: a retried command (same commandId) finds its reservation among the last RECENT_SCAN events
// of the counter and reuses the number. A crash between reserving and opening leaves a gap: numbers are
// never reused, so №12 may be missing while №13 exists — the counter event records who reserved it.
import type { Actor } from '../domain/index.js';
import { numberReservedSchema } from '../domain/index.js';
import { eventIdFor } from './eventIds.js';
import type { EventStore, RecordedEvent } from './ports/eventStore.js';
import { WrongExpectedVersionError } from './ports/eventStore.js';

/** How far back a retry looks for its own reservation. */
export const RECENT_SCAN = 200;
export const MAX_RESERVE_ATTEMPTS = 25;

export interface NumberKind {
  readonly counterStream: string;
  readonly eventType: 'TicketNumberReserved' | 'TaskNumberReserved';
  readonly streamNameFor: (number: number) => string;
}

export interface ReservationRequest {
  readonly commandId: string;
  readonly actor: Actor;
  readonly now: string;
  readonly correlationId: string;
  readonly source: 'telegram' | 'cli' | 'http' | 'scheduler';
}

export class NumberReservationError extends Error {
  constructor(counterStream: string, attempts: number) {
    super(`could not reserve a number in ${counterStream} after ${attempts} attempts`);
    this.name = 'NumberReservationError';
  }
}

const reservedBy = (recent: readonly RecordedEvent[], commandId: string): number | undefined => {
  for (const event of recent) {
    const parsed = numberReservedSchema.safeParse(event.data);
    if (parsed.success && parsed.data.commandId === commandId) return parsed.data.number;
  }
  return undefined;
};

/** The number this command reserved earlier, if it did (a retry). */
export async function findReservation(
  store: EventStore,
  kind: NumberKind,
  commandId: string,
): Promise<number | undefined> {
  return reservedBy(
    await store.readStream(kind.counterStream, { direction: 'backwards', maxCount: RECENT_SCAN }),
    commandId,
  );
}

export async function reserveNumber(store: EventStore, kind: NumberKind, request: ReservationRequest): Promise<number> {
  for (let attempt = 1; attempt <= MAX_RESERVE_ATTEMPTS; attempt += 1) {
    const recent = await store.readStream(kind.counterStream, { direction: 'backwards', maxCount: RECENT_SCAN });
    const earlier = reservedBy(recent, request.commandId);
    if (earlier !== undefined) return earlier;
    const last = recent[0];
    const number = last === undefined ? 1 : Number(last.revision) + 2;
    try {
      await store.append(
        kind.counterStream,
        [
          {
            id: eventIdFor(request.commandId, 'number'),
            type: kind.eventType,
            data: {
              number,
              commandId: request.commandId,
              streamName: kind.streamNameFor(number),
              reservedBy: request.actor.id,
              reservedAt: request.now,
            },
            metadata: {
              actorId: request.actor.id,
              occurredAt: request.now,
              correlationId: request.correlationId,
              causationId: request.commandId,
              source: request.source,
              schemaVersion: 1,
              commandId: request.commandId,
            },
          },
        ],
        last === undefined ? 'no_stream' : last.revision,
      );
      return number;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
  }
  throw new NumberReservationError(kind.counterStream, MAX_RESERVE_ATTEMPTS);
}
