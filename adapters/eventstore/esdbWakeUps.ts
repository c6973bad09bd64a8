// One live $all subscription per EventStoreDB store (so per process), used only to wake the catch-up loops of
// the process's subscribers: they read what is new themselves, from their own checkpoints. The server filters
// it by event type (the union of what the listeners want, or every non-system type when one wants all), so an
// append of a type nobody here follows costs nothing, and each wake-up names the type, so a listener sleeps
// through the types it does not follow. The subscription is (re)opened a moment after the set of wanted types
// grows (one open for a burst of subscribers starting), re-opened after an error or a clean end with a backoff
// (doubling up to a cap) that starts over once a re-opened subscription is confirmed, and every listener is
// woken whenever one opens or drops, since appends meanwhile were not signalled.

/** The part of the client's AllStreamSubscription used here. */
export interface WakeSubscription {
  on(event: 'data', listener: (resolved: { event?: { type: string } }) => void): unknown;
  on(event: 'confirmation' | 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  unsubscribe(): Promise<void>;
}

export interface WakeTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface SharedWakeUpsOptions {
  /** Opens a live subscription from the end of $all, filtered to these types (undefined: every non-system type). */
  open(types: readonly string[] | undefined): WakeSubscription;
  /** Wait before (re)opening after the wanted types grew: lets a burst of listeners share one open. */
  settleMs?: number;
  firstRetryMs?: number;
  maxRetryMs?: number;
  timers?: WakeTimers;
  onDrop?(error: Error | undefined, retryInMs: number): void;
}

type Wake = (types?: readonly string[]) => void;

const DEFAULT_SETTLE_MS = 50;
const DEFAULT_FIRST_RETRY_MS = 500;
const DEFAULT_MAX_RETRY_MS = 10_000;

const realTimers: WakeTimers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The union of the listeners' types; undefined when one of them wants every type. */
function unionOf(wanted: Iterable<readonly string[] | undefined>): string[] | undefined {
  const union = new Set<string>();
  for (const types of wanted) {
    if (types === undefined) return undefined;
    for (const type of types) union.add(type);
  }
  return [...union].sort();
}

const covers = (open: readonly string[] | undefined, types: readonly string[] | undefined) =>
  open === undefined || (types !== undefined && types.every((type) => open.includes(type)));

export class SharedWakeUps {
  private readonly listeners = new Map<Wake, readonly string[] | undefined>();
  private readonly timers: WakeTimers;
  private current: { subscription: WakeSubscription; types: string[] | undefined } | undefined;
  private timer: unknown;
  private retryMs: number;
  private reopening = false;

  constructor(private readonly options: SharedWakeUpsOptions) {
    this.timers = options.timers ?? realTimers;
    this.retryMs = options.firstRetryMs ?? DEFAULT_FIRST_RETRY_MS;
  }

  /** Calls `wake` (with the appended type) on appends of these types (undefined: any); returns the stop. */
  listen(wake: Wake, types?: readonly string[]): () => void {
    this.listeners.set(wake, types === undefined ? undefined : [...types]);
    if (this.timer === undefined && (!this.current || !covers(this.current.types, types))) {
      this.schedule(this.options.settleMs ?? DEFAULT_SETTLE_MS);
    }
    return () => {
      this.listeners.delete(wake);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Whether a subscription is open now (for tests and diagnostics). */
  get openTypes(): readonly string[] | undefined | null {
    return this.current ? this.current.types : null;
  }

  stop(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.close();
  }

  private schedule(ms: number) {
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      this.open();
    }, ms);
  }

  private close() {
    const current = this.current;
    this.current = undefined;
    void current?.subscription.unsubscribe().catch(() => undefined);
  }

  private open() {
    this.close();
    if (this.listeners.size === 0) return;
    const types = unionOf(this.listeners.values());
    const subscription = this.options.open(types);
    const entry = { subscription, types };
    this.current = entry;
    const isCurrent = () => this.current === entry;
    let confirmed = false;
    const confirm = () => {
      if (confirmed) return;
      confirmed = true;
      // A successful (re)open: the next drop starts the backoff over. Appends before it were not signalled.
      if (this.reopening) this.retryMs = this.options.firstRetryMs ?? DEFAULT_FIRST_RETRY_MS;
      this.reopening = false;
      this.wakeAll();
    };
    subscription.on('confirmation', () => {
      if (isCurrent()) confirm();
    });
    subscription.on('data', (resolved) => {
      if (!isCurrent()) return;
      confirm();
      if (!resolved.event) return;
      const types = [resolved.event.type];
      for (const wake of [...this.listeners.keys()]) wake(types);
    });
    const dropped = (error?: Error) => {
      if (!isCurrent()) return;
      this.current = undefined;
      void subscription.unsubscribe().catch(() => undefined);
      const delay = this.retryMs;
      this.retryMs = Math.min(delay * 2, this.options.maxRetryMs ?? DEFAULT_MAX_RETRY_MS);
      this.reopening = true;
      this.options.onDrop?.(error, delay);
      // Readers re-read after their checkpoints, so nothing is lost while it is down.
      this.wakeAll();
      if (this.timer !== undefined) this.timers.clear(this.timer);
      this.schedule(delay);
    };
    subscription.on('error', (error) => dropped(error));
    subscription.on('end', () => dropped(undefined));
  }

  private wakeAll() {
    for (const wake of [...this.listeners.keys()]) wake();
  }
}
