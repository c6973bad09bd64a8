// Human numbers (№124). Number n is the event at revision n-1 of the kind's counter stream
// (`numbers-ticket`, `numbers-task`), appended with exactly that expected revision: two instances that
// race for the same number cannot both win, and the number is part of the log, so a restore or a rebuild
// gives every ticket the same number again. The ticket itself then lives in `ticket-<n>`.
//
// Idempotent: a retried command (same commandId) finds its reservation among the last RECENT_SCAN events
// of the counter and reuses the number; an older one is recognised by the store (the reservation's event id
// derives from the commandId), whose answer names the earlier append, where its number is read. A crash between reserving and opening leaves a gap: numbers are
// never reused, so №12 may be missing while №13 exists — the counter event records who reserved it.
import type { Actor, Source } from '../domain/index.js';
import { numberReservedSchema } from '../domain/index.js';
import { eventIdFor } from './eventIds.js';
import type { EventStore, EventToAppend, RecordedEvent } from './ports/eventStore.js';
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
  readonly source: Source;
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

/** Most reservations one append carries. */
const MAX_BATCH = 100;

function reservationEvent(kind: NumberKind, request: ReservationRequest, number: number): EventToAppend {
  return {
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
  };
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A reserved number; `fresh` when this very call appended the reservation (not a retry finding an earlier one). */
export interface Reservation {
  readonly number: number;
  readonly fresh: boolean;
}

interface Waiter {
  readonly request: ReservationRequest;
  resolve(reservation: Reservation): void;
  reject(error: unknown): void;
}

/**
 * Reserves numbers of one counter stream for this process. Requests that arrive while an append is in
 * flight are queued and appended together, as consecutive events in one append: concurrent openings in
 * one process never race each other for the counter (which made each of them re-read and retry), and
 * the counter costs one write per batch. Other instances still race through the expected revision.
 */
class CounterReserver {
  private readonly queue: Waiter[] = [];
  private draining = false;
  /** The counter's last revision as this process last saw it ('none': no stream); a hint, checked by the append. */
  private lastRevision: bigint | 'none' | undefined;

  /** commandId → number for this process's recent reservations (bounded; the counter stream is the truth). */
  private readonly recentlyReserved = new Map<string, number>();

  constructor(
    private readonly store: EventStore,
    private readonly kind: NumberKind,
  ) {}

  private remember(commandId: string, number: number): void {
    this.recentlyReserved.set(commandId, number);
    if (this.recentlyReserved.size > RECENT_SCAN) {
      this.recentlyReserved.delete(this.recentlyReserved.keys().next().value!);
    }
  }

  reserve(request: ReservationRequest): Promise<Reservation> {
    return new Promise<Reservation>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.reserveBatch(batch);
        } catch (error) {
          // The store failed where no retry applies (reading the counter): the batch's commands fail with it,
          // rather than the error escaping as an unhandled rejection and its callers waiting forever.
          this.lastRevision = undefined;
          for (const waiter of batch) waiter.reject(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async reserveBatch(batch: Waiter[]): Promise<void> {
    let pending = batch;
    let rescannedAfterError = false;
    for (let attempt = 1; attempt <= MAX_RESERVE_ATTEMPTS; attempt += 1) {
      if (this.lastRevision === undefined) {
        const recent = await this.store.readStream(this.kind.counterStream, {
          direction: 'backwards',
          maxCount: RECENT_SCAN,
        });
        // A retried command whose earlier attempt landed gets its number back.
        pending = pending.filter((waiter) => {
          const earlier = reservedBy(recent, waiter.request.commandId);
          if (earlier !== undefined) waiter.resolve({ number: earlier, fresh: false });
          return earlier === undefined;
        });
        this.lastRevision = recent[0]?.revision ?? 'none';
        if (pending.length === 0) return;
      }
      // Commands this process reserved for a moment ago (a redelivery racing itself) keep their number.
      pending = pending.filter((waiter) => {
        const earlier = this.recentlyReserved.get(waiter.request.commandId);
        if (earlier !== undefined) waiter.resolve({ number: earlier, fresh: false });
        return earlier === undefined;
      });
      if (pending.length === 0) return;
      const expected = this.lastRevision;
      const first = expected === 'none' ? 1 : Number(expected) + 2;
      // The same command queued twice (a redelivery racing itself) gets one number.
      const commandIds = [...new Set(pending.map((waiter) => waiter.request.commandId))];
      try {
        const result = await this.store.append(
          this.kind.counterStream,
          commandIds.map((commandId, index) =>
            reservationEvent(this.kind, pending.find((w) => w.request.commandId === commandId)!.request, first + index),
          ),
          expected === 'none' ? 'no_stream' : expected,
        );
        const expectedLast = BigInt(first + commandIds.length - 2);
        if (result.nextRevision !== expectedLast) {
          // The store answered an idempotent replay of an earlier append (the reservation ids are derived from
          // the commandIds): some of these commands reserved their number before, perhaps long ago.
          this.lastRevision = undefined;
          if (commandIds.length > 1) {
            // Settle each command on its own, so each append's answer speaks for one command only.
            for (const commandId of commandIds) await this.reserveBatch(pending.filter((w) => w.request.commandId === commandId));
            return;
          }
          // One command: its reservation is in the earlier append, which ended at the revision the store
          // answered — found there however many numbers were reserved since (not only among the recent ones).
          const earlier = reservedBy(
            await this.store.readStream(this.kind.counterStream, { direction: 'backwards', fromRevision: result.nextRevision, maxCount: MAX_BATCH }),
            commandIds[0]!,
          );
          if (earlier !== undefined) {
            this.remember(commandIds[0]!, earlier);
            for (const waiter of pending) waiter.resolve({ number: earlier, fresh: false });
            return;
          }
          continue;
        }
        this.lastRevision = result.nextRevision;
        const served = new Set<string>();
        for (const waiter of pending) {
          const { commandId } = waiter.request;
          const number = first + commandIds.indexOf(commandId);
          this.remember(commandId, number);
          // The same command queued twice: only its first copy is the fresh reservation.
          waiter.resolve({ number, fresh: !served.has(commandId) });
          served.add(commandId);
        }
        return;
      } catch (error) {
        this.lastRevision = undefined;
        if (!(error instanceof WrongExpectedVersionError)) {
          // One bad request must not fail the others queued with it: settle them one by one. A single one
          // is read against the counter once more first: it may be a retry whose reservation already landed.
          if (pending.length > 1) {
            for (const waiter of pending) await this.reserveBatch([waiter]);
            return;
          }
          if (rescannedAfterError) {
            pending[0]!.reject(error);
            return;
          }
          rescannedAfterError = true;
          continue;
        }
        // Another instance took the counter: back off a little (jittered) and read it again.
        await pause(Math.random() * Math.min(50, 2 * attempt));
      }
    }
    for (const waiter of pending) waiter.reject(new NumberReservationError(this.kind.counterStream, MAX_RESERVE_ATTEMPTS));
  }
}

const reservers = new WeakMap<EventStore, Map<string, CounterReserver>>();

/** The next number of `kind`, recorded in its counter stream (or the one this command reserved before). */
export function reserveNumber(store: EventStore, kind: NumberKind, request: ReservationRequest): Promise<Reservation> {
  let byCounter = reservers.get(store);
  if (!byCounter) reservers.set(store, (byCounter = new Map()));
  let reserver = byCounter.get(kind.counterStream);
  if (!reserver) byCounter.set(kind.counterStream, (reserver = new CounterReserver(store, kind)));
  return reserver.reserve(request);
}
