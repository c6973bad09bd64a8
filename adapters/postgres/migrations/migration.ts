// A schema migration: an id that sorts in apply order and the SQL it runs (TypeScript modules, so the compiled
// JavaScript carries the SQL with it). Ids are `NNNN_snake_case`; each area owns a number range so parallel
// additions never collide: event store 0001–0099, read models 0100–0199, Telegram/outbox 0200–0299.
export interface Migration {
  readonly id: string;
  /** One or more statements, run in one transaction. */
  readonly sql: string;
}

export const MIGRATION_ID = /^\d{4}_[a-z0-9_]+$/;
