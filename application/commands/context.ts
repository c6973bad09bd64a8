// What every command method shares: who is asking (authorization on every call), the command's metadata
// (id, time, source, correlation) and the command handler.
import type { Actor, AnyDomainEvent, CommandMetadata, SchoolPolicy, Source } from '../../domain/index.js';
import { defaultPolicy } from '../../domain/index.js';
import type { Aggregate } from '../aggregates.js';
import { authorize, systemActor } from '../authorization.js';
import type { CommandResult, HandleOptions } from '../commandHandler.js';
import { handleCommand } from '../commandHandler.js';
import type { Clock } from '../ports/clock.js';
import type { EventStore } from '../ports/eventStore.js';
import type { IdGenerator } from '../ports/ids.js';

export interface SchoolCommandsDeps {
  readonly eventStore: EventStore;
  readonly clock: Clock;
  /** Draws command ids for callers that bring none. */
  readonly ids: IdGenerator;
  readonly policy?: SchoolPolicy;
  /** ADMIN_TELEGRAM_IDS: active admins even before any staff event. */
  readonly adminIds?: readonly (string | number)[];
  readonly maxAttempts?: number;
  readonly onConflict?: HandleOptions['onConflict'];
}

/** What an adapter knows about a request. Pass a stable `commandId` (e.g. from the Telegram update id) to make retries idempotent. */
export interface RequestMeta {
  readonly commandId?: string;
  readonly source?: Source;
  readonly correlationId?: string;
  readonly causationId?: string;
}

/**
 * Internal marker for the scheduler's own calls. A symbol, not the string 'system', so no adapter can pass an
 * actor id that turns into the system actor (the string 'system' is refused by authorization).
 */
export const AS_SCHEDULER: unique symbol = Symbol('scheduler');
export type ActingAs = string | typeof AS_SCHEDULER;

export type MetadataOrRefusal = { ok: true; metadata: CommandMetadata } | { ok: false; result: CommandResult<never> };

export interface CommandContext {
  readonly store: EventStore;
  readonly policy: SchoolPolicy;
  readonly adminIds: readonly string[];
  /** Authorizes a person (on every call) and builds the command's metadata, or refuses. */
  asPerson(actorId: string, meta: RequestMeta | undefined): Promise<MetadataOrRefusal>;
  /** A person (authorized), or the scheduler (deadline watcher, auto-close, delivery failures). */
  acting(who: ActingAs, meta: RequestMeta | undefined): Promise<MetadataOrRefusal>;
  /** Metadata for someone who is not staff yet (registration only). */
  asGuest(actorId: string, meta: RequestMeta | undefined): CommandMetadata;
  handle<State, Event extends AnyDomainEvent, Command extends { metadata: CommandMetadata }>(
    aggregate: Aggregate<State, Event, Command>,
    streamName: string,
    command: Command,
    handleOptions?: Pick<HandleOptions, 'expectNewStream'>,
  ): Promise<CommandResult<Event>>;
}

export function createCommandContext(deps: SchoolCommandsDeps): CommandContext {
  const adminIds = (deps.adminIds ?? []).map(String);
  const options: HandleOptions = { maxAttempts: deps.maxAttempts, onConflict: deps.onConflict };
  const metadataOf = (actor: Actor, meta: RequestMeta | undefined, source: Source): CommandMetadata => {
    const commandId = meta?.commandId ?? deps.ids.uuid();
    return {
      commandId,
      actor,
      now: deps.clock.now().toISOString(),
      source: meta?.source ?? source,
      correlationId: meta?.correlationId ?? commandId,
      ...(meta?.causationId ? { causationId: meta.causationId } : {}),
    };
  };
  const asPerson = async (actorId: string, meta: RequestMeta | undefined): Promise<MetadataOrRefusal> => {
    const found = await authorize(deps.eventStore, actorId, adminIds);
    if (!found.ok) return { ok: false, result: found };
    return { ok: true, metadata: metadataOf(found.actor, meta, 'telegram') };
  };
  return {
    store: deps.eventStore,
    policy: deps.policy ?? defaultPolicy,
    adminIds,
    asPerson,
    acting: async (who, meta) =>
      who === AS_SCHEDULER ? { ok: true, metadata: metadataOf(systemActor, meta, 'scheduler') } : asPerson(who, meta),
    asGuest: (actorId, meta) =>
      metadataOf({ id: actorId, role: 'guest', active: false, categories: [] }, meta, 'telegram'),
    handle: (aggregate, streamName, command, handleOptions) =>
      handleCommand(deps.eventStore, aggregate, streamName, command, { ...options, ...handleOptions }),
  };
}

/** Adds the human number to a result (for the adapters' "№124" replies). */
export const withNumber = <Event extends AnyDomainEvent>(
  result: CommandResult<Event>,
  number: number,
): CommandResult<Event> => (result.ok ? { ...result, number } : result);
