// Wakes subscribers in other processes after appends, without putting NOTIFY in the append transaction.
// Why: a transaction that NOTIFYs takes a cluster-wide lock at commit and holds it through its WAL flush, so
// concurrent appends would commit one at a time (no group commit). Here the NOTIFY runs after the append has
// committed, in its own tiny transaction that writes no WAL, and is coalesced: at most one in flight, one
// queued, and one per 50 ms, however many appends happen meanwhile. Subscribers re-read everything after
// their checkpoint on any wake-up, so one notification per burst is enough.
import type { SqlQueryable } from '../../application/ports/sql.js';

export class AppendNotifier {
  private inFlight: Promise<void> | undefined;
  private queued = false;
  private lastSentAt = -Infinity;

  constructor(
    private readonly sql: SqlQueryable,
    private readonly channel: string,
    /** At most one NOTIFY per this many ms (trailing): cheap for the server, and a wake-up is never lost. */
    private readonly minIntervalMs = 50,
  ) {}

  signal(): void {
    if (this.inFlight) {
      this.queued = true;
      return;
    }
    this.inFlight = this.send();
  }

  /** Waits for the notifications already asked for. */
  async drain(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private async send(): Promise<void> {
    try {
      const wait = this.lastSentAt + this.minIntervalMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.lastSentAt = performance.now();
      await this.sql.query('SELECT pg_notify($1, $2)', [this.channel, ''], { name: 'es_notify' });
    } catch {
      // A lost wake-up only delays subscribers until their next poll.
    } finally {
      if (this.queued) {
        this.queued = false;
        this.inFlight = this.send();
      } else {
        this.inFlight = undefined;
      }
    }
  }
}
