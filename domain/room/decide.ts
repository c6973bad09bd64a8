// Room decider: admins keep the school's rooms. Defining a room that exists with the same values appends
// nothing, so importing one list twice changes nothing.
import { match } from 'ts-pattern';
import type { Actor } from '../shared/command.js';
import type { Decision } from '../shared/refusal.js';
import { accept } from '../shared/refusal.js';
import { activeActor, isAdmin, notFound, optionalText, permittedIf, refusal, rejected } from '../shared/guards.js';
import type { SchoolPolicy } from '../shared/policy.js';
import { normalizeIso } from '../shared/time.js';
import { NAME_MAX } from '../shared/values.js';
import type * as C from './commands.js';
import type { RoomValues } from './commands.js';
import type { RoomEvent } from './events.js';
import { floorSchema, roomNumberSchema } from './events.js';
import type { RoomState } from './state.js';

type Result = Decision<RoomEvent>;

const adminOnly = (actor: Actor) => activeActor(actor) ?? permittedIf(isAdmin(actor), actor, 'only an admin keeps rooms');

function invalidValues(values: RoomValues, policy: SchoolPolicy) {
  return (
    (roomNumberSchema.safeParse(values.number).success
      ? undefined
      : refusal('invalid_input', 'a room number is a short latin slug', { field: 'number' })) ??
    optionalText(values.name, 'name', NAME_MAX) ??
    (floorSchema.safeParse(values.floor).success ? undefined : refusal('invalid_input', 'bad floor', { field: 'floor' })) ??
    (policy.categories.includes(values.category)
      ? undefined
      : refusal('category_not_allowed', `unknown category ${values.category}`, { category: values.category }))
  );
}

const sameValues = (a: RoomValues, b: RoomValues) =>
  a.name === b.name && a.floor === b.floor && a.category === b.category;

export function defineRoom(command: C.DefineRoom, state: RoomState, policy: SchoolPolicy): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  const values: RoomValues = { number: data.number, name: data.name.trim().replace(/\s+/g, ' '), floor: data.floor, category: data.category };
  const why =
    adminOnly(actor) ??
    invalidValues(values, policy) ??
    (state.status !== 'none' && state.number !== values.number
      ? refusal('invalid_input', 'the stream belongs to another room', { field: 'number' })
      : undefined);
  if (why) return rejected(why);
  const at = normalizeIso(now);
  if (state.status === 'none') return accept({ type: 'RoomDefined', data: { ...values, definedBy: actor.id, definedAt: at } });
  if (sameValues(state, values)) return accept();
  return accept({ type: 'RoomChanged', data: { ...values, changedBy: actor.id, changedAt: at } });
}

export function changeRoom(command: C.ChangeRoom, state: RoomState, policy: SchoolPolicy): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return notFound(adminOnly(actor), 'such room');
  const values: RoomValues = {
    number: state.number,
    name: data.name === undefined ? state.name : data.name.trim().replace(/\s+/g, ' '),
    floor: data.floor === undefined ? state.floor : data.floor,
    category: data.category ?? state.category,
  };
  const why =
    adminOnly(actor) ??
    invalidValues(values, policy) ??
    (sameValues(state, values) ? refusal('no_change', 'the room already has these values') : undefined);
  if (why) return rejected(why);
  return accept({ type: 'RoomChanged', data: { ...values, changedBy: actor.id, changedAt: normalizeIso(now) } });
}

/** Dispatches a command to its function; a command type nobody handles fails the type check. */
export function decideRoom(command: C.RoomCommand, state: RoomState, policy: SchoolPolicy): Result {
  return match(command)
    .with({ type: 'DefineRoom' }, (c) => defineRoom(c, state, policy))
    .with({ type: 'ChangeRoom' }, (c) => changeRoom(c, state, policy))
    .exhaustive();
}
