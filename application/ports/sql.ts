// One small SQL interface that both node-postgres and PGlite implement, so the event store, the migrations
// and the read models have one SQL implementation that runs on a server and embedded alike.

export interface SqlResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface SqlQueryOptions {
  /**
   * A name for a statement run very often with the same text: the server keeps it prepared per connection
   * (node-postgres). Executors without prepared statements ignore it.
   */
  name?: string;
}

export interface SqlQueryable {
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: SqlQueryOptions,
  ): Promise<SqlResult<Row>>;
}

export interface SqlExecutor extends SqlQueryable {
  readonly dialect: 'postgres' | 'pglite';
  /** Runs `work` in one transaction on one connection; commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; the returned function stops listening. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
