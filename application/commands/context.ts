// What every command method shares: who is asking (the Person the caller resolved, authorized on every
// call without reading their Staff stream again, or the scheduler), the command's metadata (id, time, source,
// correlation) and the command handler.
import type { Actor, AnyDomainEvent, CommandMetadata, Refusal, SchoolPolicy, Source } from '../../domain/index.js';
import { defaultPolicy } from '../../domain/index.js';
import type { Aggregate } from '../aggregates.js';
import { actorOf, systemActor } from '../authorization.js';
import type { CommandResult, HandleOptions } from '../commandHandler.js';
import { handleCommand } from '../commandHandler.js';
import type { Person, Scheduler } from '../people.js';
import { SCHEDULER } from '../people.js';
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

/**
 * What the caller knows about its request. Pass a stable `commandId` (e.g. derived from the Telegram update)
 * to make retries idempotent; without one, a fresh id is drawn.
 */
export interface RequestMeta {
  readonly commandId?: string;
  readonly source?: Source;
  readonly correlationId?: string;
  readonly causationId?: string;
}

/** Who issues a command: a person (as resolved for this request), or the scheduler. */
export type Who = Person | Scheduler;

export type Refused = { readonly ok: false; readonly refusal: Refusal };
export type MetadataOrRefusal = { ok: true; metadata: CommandMetadata } | { ok: false; result: Refused };

/** A result that names the ticket or task it concerns (for the adapters' "№124" replies). */
export type NumberedResult<Event extends AnyDomainEvent> =
  | (Extract<CommandResult<Event>, { ok: true }> & { readonly number: number })
  | Extract<CommandResult<Event>, { ok: false }>;

export interface CommandContext {
  readonly store: EventStore;
  readonly policy: SchoolPolicy;
  readonly adminIds: readonly string[];
  /** Authorizes a person (on every call) or the scheduler, and builds the command's metadata, or refuses. */
  acting(who: Who, request: RequestMeta): MetadataOrRefusal;
  /** Metadata for someone who is not staff yet (registration only). */
  asGuest(person: Person, request: RequestMeta): CommandMetadata;
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
  const metadataOf = (actor: Actor, request: RequestMeta, source: Source): CommandMetadata => {
    const commandId = request.commandId ?? deps.ids.uuid();
    return {
      commandId,
      actor,
      now: deps.clock.now().toISOString(),
      source: request.source ?? source,
      correlationId: request.correlationId ?? commandId,
      ...(request.causationId ? { causationId: request.causationId } : {}),
    };
  };
  return {
    store: deps.eventStore,
    policy: deps.policy ?? defaultPolicy,
    adminIds,
    acting: (who, request) => {
      if (who === SCHEDULER) return { ok: true, metadata: metadataOf(systemActor, request, 'scheduler') };
      const found = actorOf(who);
      return found.ok ? { ok: true, metadata: metadataOf(found.actor, request, 'telegram') } : { ok: false, result: found };
    },
    asGuest: (person, request) =>
      metadataOf({ id: person.telegramId, role: 'guest', active: false, categories: [] }, request, 'telegram'),
    handle: (aggregate, streamName, command, handleOptions) =>
      handleCommand(deps.eventStore, aggregate, streamName, command, { ...options, ...handleOptions }),
  };
}

/** Adds the human number to a result. */
export const withNumber = <Event extends AnyDomainEvent>(result: CommandResult<Event>, number: number): NumberedResult<Event> =>
  result.ok ? { ...result, number } : result;
