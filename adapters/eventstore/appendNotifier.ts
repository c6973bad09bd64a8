// Wakes subscribers in other processes after appends, without putting NOTIFY in the append transaction.
// Why: a transaction that NOTIFYs takes a cluster-wide lock at commit and holds it through its WAL flush, so
// concurrent appends would commit one at a time (no group commit). Here the NOTIFY runs after the append has
// committed, in its own tiny transaction, and is coalesced: at most one in flight, one pending, and one per
// 50 ms, however many appends happen meanwhile. Subscribers re-read everything after their checkpoint on any
// wake-up, so one notification per burst is enough. The payload names the event types appended since the last
// notification, so a reader filtered by type can sleep through the rest; an empty payload means "anything".
import type { SqlQueryable } from '../../application/ports/sql.js';

/** NOTIFY payloads must stay under 8000 bytes; past this many characters we just say "anything". */
const MAX_PAYLOAD_CHARS = 4_000;

/** The types a notification's payload names; undefined when it does not say (wake every reader). */
export function appendedTypesFrom(payload: string): readonly string[] | undefined {
  return payload === '' ? undefined : payload.split(',');
}

export class AppendNotifier {
  private inFlight: Promise<void> | undefined;
  private lastSentAt = -Infinity;
  /** Types appended since the last notification took its payload (empty: none pending; undefined: any type). */
  private pendingTypes: Set<string> | undefined = new Set();

  constructor(
    private readonly sql: SqlQueryable,
    private readonly channel: string,
    /** At most one NOTIFY per this many ms (trailing): cheap for the server, and a wake-up is never lost. */
    private readonly minIntervalMs = 50,
  ) {}

  /** Asks for a notification about appends of these types (undefined: of any type). */
  signal(types?: readonly string[]): void {
    if (types === undefined) this.pendingTypes = undefined;
    else for (const type of types) this.pendingTypes?.add(type);
    this.inFlight ??= this.send();
  }

  /** Waits for the notifications already asked for. */
  async drain(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private takePayload(): string {
    const types = this.pendingTypes;
    this.pendingTypes = new Set();
    const payload = types ? [...types].join(',') : '';
    return payload.length > MAX_PAYLOAD_CHARS ? '' : payload;
  }

  private async send(): Promise<void> {
    try {
      const wait = this.lastSentAt + this.minIntervalMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.lastSentAt = performance.now();
      // Taken after the wait: every type signalled until now rides on this notification.
      await this.sql.query('SELECT pg_notify($1, $2)', [this.channel, this.takePayload()], { name: 'es_notify' });
    } catch {
      // A lost wake-up only delays subscribers until their next poll.
    } finally {
      // Appends signalled after the payload was taken (it is taken after the wait) need one more.
      const pending = this.pendingTypes === undefined || this.pendingTypes.size > 0;
      this.inFlight = pending ? this.send() : undefined;
    }
  }
}
