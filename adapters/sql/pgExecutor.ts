// SqlExecutor over node-postgres: a Pool for queries and transactions, and one dedicated client for LISTEN
// (a pooled connection would lose its LISTEN when it is handed to someone else).
import pg from 'pg';
import type { SqlExecutor, SqlQueryable, SqlQueryOptions, SqlResult } from '../../application/ports/sql.js';

/** A lost LISTEN connection is re-opened after this long, doubled per failure up to the cap. */
const LISTENER_RETRY_FIRST_MS = 200;
const LISTENER_RETRY_MAX_MS = 10_000;

export interface PgExecutorOptions {
  connectionString: string;
  /** Connections in the pool; size it for the concurrent writers (default 10). */
  maxConnections?: number;
  applicationName?: string;
  /** Told when a connection breaks under a transaction (e.g. PostgreSQL restarted); the pool then discards it. */
  onConnectionError?: (error: Error) => void;
}

/** Several statements without parameters give one result each (node-postgres returns an array): keep the last. */
function toResult<Row>(result: pg.QueryResult | pg.QueryResult[]): SqlResult<Row> {
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  if (!last) return { rows: [], rowCount: 0 };
  return { rows: last.rows as Row[], rowCount: last.rowCount ?? last.rows.length };
}

function queryConfig(sql: string, params: readonly unknown[] | undefined, options: SqlQueryOptions | undefined) {
  return { text: sql, values: params as unknown[] | undefined, name: options?.name };
}

type NotifyHandler = (payload: string) => void;

export class PgExecutor implements SqlExecutor {
  readonly dialect = 'postgres' as const;
  readonly pool: pg.Pool;
  private listener: pg.Client | undefined;
  private listenerReady: Promise<pg.Client> | undefined;
  private readonly handlers = new Map<string, Set<NotifyHandler>>();
  private closed = false;

  constructor(private readonly options: PgExecutorOptions) {
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      application_name: options.applicationName ?? 'schoolbot',
      // Connections stay open once made (the pool is small and sized for our writers). With an idle timeout the
      // pool arms and clears a timer on every query, which cost about 5% of a single writer's appends/s.
      idleTimeoutMillis: 0,
    });
    // An idle client that loses its server is removed by the pool; without a listener the error would crash us.
    this.pool.on('error', () => undefined);
  }

  async query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: SqlQueryOptions,
  ): Promise<SqlResult<Row>> {
    return toResult<Row>(await this.pool.query(queryConfig(sql, params, options)));
  }

  async transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    // A checked-out client has no listener of the pool's: a connection lost between two statements (the
    // server restarted while the work awaited something else) would be an unhandled 'error' and end the
    // process. Here it only breaks this transaction (its next statement fails) and the client is discarded.
    const lost = (error: Error) => {
      broken = true;
      this.options.onConnectionError?.(error);
    };
    client.on('error', lost);
    try {
      await client.query('BEGIN');
      const tx: SqlQueryable = {
        async query<Row>(sql: string, params?: readonly unknown[], options?: SqlQueryOptions) {
          return toResult<Row>(await client.query(queryConfig(sql, params, options)));
        },
      };
      const value = await work(tx);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.off('error', lost);
      client.release(broken);
    }
  }

  async listen(channel: string, onNotify: NotifyHandler): Promise<() => Promise<void>> {
    let handlers = this.handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.handlers.set(channel, handlers);
      const client = await this.listenerClient();
      await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    }
    handlers.add(onNotify);
    return async () => {
      handlers.delete(onNotify);
      if (handlers.size === 0 && this.handlers.get(channel) === handlers) {
        this.handlers.delete(channel);
        if (this.listener && !this.closed) await this.listener.query(`UNLISTEN ${quoteIdentifier(channel)}`).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handlers.clear();
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  private listenerClient(): Promise<pg.Client> {
    this.listenerReady ??= this.connectListener();
    return this.listenerReady;
  }

  private async connectListener(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      application_name: `${this.options.applicationName ?? 'schoolbot'}-listen`,
    });
    client.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', () => this.reconnectListener(client));
    client.on('end', () => this.reconnectListener(client));
    await client.connect();
    this.listener = client;
    return client;
  }

  /** A lost LISTEN connection is re-opened (listeners also poll, so a gap only delays them). */
  private reconnectListener(lost: pg.Client) {
    if (this.closed || this.listener !== lost) return;
    this.listener = undefined;
    this.listenerReady = undefined;
    const retry = (delayMs: number) => {
      setTimeout(() => {
        if (this.closed) return;
        this.listenerClient()
          .then(async (client) => {
            for (const channel of this.handlers.keys()) await client.query(`LISTEN ${quoteIdentifier(channel)}`);
          })
          .catch(() => {
            this.listenerReady = undefined;
            retry(Math.min(delayMs * 2, LISTENER_RETRY_MAX_MS));
          });
      }, delayMs).unref();
    };
    retry(LISTENER_RETRY_FIRST_MS);
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function createPgExecutor(options: PgExecutorOptions): PgExecutor {
  return new PgExecutor(options);
}
