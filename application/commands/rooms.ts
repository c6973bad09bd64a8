// Room commands: admins keep the school's rooms from Telegram; the operator imports the school's list from the
// command line (`schoolbot rooms import`), as the configured admin.
import type { Actor, CommandMetadata, RoomCommand, RoomEvent, RoomValues } from '../../domain/index.js';
import { CONFIG_ACTOR_ID, roomStreamName } from '../../domain/index.js';
import { roomAggregate } from '../aggregates.js';
import type { CommandResult } from '../commandHandler.js';
import { uuidV5 } from '../eventIds.js';
import type { Person } from '../people.js';
import { SCHEDULER } from '../people.js';
import { loadStream } from '../streamLoader.js';
import type { CommandContext, RequestMeta } from './context.js';

/** The operator at the command line: they hold the database, so they act as the configured admin. */
export const OPERATOR: unique symbol = Symbol('operator');
export type Operator = typeof OPERATOR;

const operatorActor: Actor = { id: CONFIG_ACTOR_ID, role: 'admin', active: true, categories: [] };

export interface RoomRef {
  readonly number: string;
}

type Result = Promise<CommandResult<RoomEvent>>;

export function roomCommands(ctx: CommandContext) {
  const aggregate = roomAggregate(ctx.policy);

  function metadataFor(who: Person | Operator, request: RequestMeta): { ok: true; metadata: CommandMetadata } | { ok: false; result: Awaited<Result> } {
    if (who !== OPERATOR) {
      const prepared = ctx.acting(who, request);
      return prepared.ok ? prepared : { ok: false, result: prepared.result };
    }
    const prepared = ctx.acting(SCHEDULER, request);
    if (!prepared.ok) return { ok: false, result: prepared.result };
    return { ok: true, metadata: { ...prepared.metadata, actor: operatorActor, source: request.source ?? 'cli' } };
  }

  async function onRoom(who: Person | Operator, number: string, request: RequestMeta, build: (metadata: CommandMetadata) => RoomCommand): Result {
    const prepared = metadataFor(who, request);
    if (!prepared.ok) return prepared.result;
    return ctx.handle(aggregate, roomStreamName(number), build(prepared.metadata));
  }

  return {
    /** Defines a room or brings it to these values; the same values again append nothing. */
    defineRoom: (who: Person | Operator, values: RoomValues, request: RequestMeta): Result =>
      onRoom(who, values.number, request, (metadata) => ({ type: 'DefineRoom', data: values, metadata })),
    /**
     * One row of the school's list, by the operator. The command id derives from the row and from the room's
     * revision it applies to: the same file imported twice (or retried after a crash) appends nothing, and a
     * row changed back to an earlier value is still applied.
     */
    async importRoom(values: RoomValues): Result {
      const { revision } = await loadStream(ctx.store, roomStreamName(values.number), aggregate);
      const commandId = uuidV5(`room-import:${String(revision ?? 'new')}:${JSON.stringify([values.number, values.name, values.floor, values.category])}`);
      return onRoom(OPERATOR, values.number, { commandId, source: 'cli' }, (metadata) => ({ type: 'DefineRoom', data: values, metadata }));
    },
    changeRoom: (
      who: Person | Operator,
      { number, ...changes }: RoomRef & { name?: string; floor?: number | null; category?: string },
      request: RequestMeta,
    ): Result => onRoom(who, number, request, (metadata) => ({ type: 'ChangeRoom', data: changes, metadata })),
  };
}

export type RoomCommands = ReturnType<typeof roomCommands>;
