// Checks every decider shares. Each returns a Refusal, or undefined when the check passes, so a command
// reads as a chain: `const refusal = a() ?? b() ?? c(); if (refusal) return rejected(refusal);`.
import type { Actor } from './command.js';
import type { Decision, Refusal, RefusalCode, RefusalDetails } from './refusal.js';
import type { Role } from './values.js';
import { MANAGER_ROLES, TEXT_MAX } from './values.js';
import { toEpochMs } from './time.js';

export const refusal = (code: RefusalCode, message: string, details: RefusalDetails = {}): Refusal => ({
  code,
  message,
  details,
});

export const rejected = <Event>(why: Refusal): Decision<Event> => ({ ok: false, refusal: why });

/**
 * A command on a ticket, task or person that does not exist. `gate` is the actor check the command starts
 * with: someone who may not act at all hears that first, whatever exists.
 */
export const notFound = <Event>(gate: Refusal | undefined, what: string): Decision<Event> =>
  rejected(gate ?? refusal('not_found', `no ${what}`));

/**
 * The human number (№) a new ticket or task is opened under: not taken yet (the stream is empty) and a
 * positive integer, as the application reserved it.
 */
export function freshNumber(status: string, kind: string, number: number): Refusal | undefined {
  if (status !== 'none') return refusal('already_exists', `${kind} №${number} exists`, { number });
  if (!Number.isSafeInteger(number) || number <= 0) return refusal('invalid_input', 'bad number', { field: 'number' });
  return undefined;
}

/** A person who may issue commands at all: approved, active staff (auditors pass here, not in `staffMember`). */
export function activeActor(actor: Actor): Refusal | undefined {
  if (actor.role === 'guest') return refusal('actor_pending', 'the actor is not approved yet', { actorId: actor.id });
  if (!actor.active) return refusal('actor_inactive', 'the actor is deactivated', { actorId: actor.id });
  return undefined;
}

/** Any active staff member who issues commands (not an auditor, not the scheduler). */
export function staffMember(actor: Actor): Refusal | undefined {
  return (
    activeActor(actor) ??
    (actor.role === 'auditor' || actor.role === 'system'
      ? refusal('not_permitted', `role ${actor.role} issues no such command`, { role: actor.role })
      : undefined)
  );
}

export const isManager = (actor: Actor): boolean => (MANAGER_ROLES as readonly string[]).includes(actor.role);
export const isAdmin = (actor: Actor): boolean => actor.role === 'admin';

export function permittedIf(allowed: boolean, actor: Actor, why: string): Refusal | undefined {
  return allowed ? undefined : refusal('not_permitted', why, { actorId: actor.id, role: actor.role });
}

export function systemOnly(actor: Actor): Refusal | undefined {
  return actor.role === 'system'
    ? undefined
    : refusal('not_permitted', 'only the scheduler does this', { actorId: actor.id });
}

/** Someone a ticket or a task may be given to: an active staff member who works (not an auditor). */
export interface AssigneeSnapshot {
  readonly id: string;
  readonly role: Role | 'guest';
  readonly active: boolean;
}

export function eligibleAssignee(assignee: AssigneeSnapshot): Refusal | undefined {
  if (!assignee.active || assignee.role === 'guest' || assignee.role === 'auditor') {
    return refusal('assignee_not_eligible', 'the assignee is not an active working staff member', {
      assigneeId: assignee.id,
      role: assignee.role,
      active: assignee.active,
    });
  }
  return undefined;
}

/** The thing exists (each decider says so first, with `notFound`) and is in one of the `allowed` states. */
export function inStatus<Status extends string>(
  status: Status,
  allowed: readonly Status[],
  command: string,
): Refusal | undefined {
  if (allowed.includes(status)) return undefined;
  return refusal('invalid_transition', `${command} is not possible while ${status}`, { status, command });
}

/** Required free text within a length. */
export function text(value: string, field: string, max: number): Refusal | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return refusal('invalid_input', `${field} is empty`, { field });
  if (trimmed.length > max) return refusal('invalid_input', `${field} is longer than ${max}`, { field, max });
  return undefined;
}

export function optionalText(value: string, field: string, max: number): Refusal | undefined {
  return value.trim().length > max
    ? refusal('invalid_input', `${field} is longer than ${max}`, { field, max })
    : undefined;
}

/** A reason that a rule demands (return, reopen, extend, cancel). */
export function reason(value: string): Refusal | undefined {
  if (value.trim() === '') return refusal('reason_required', 'a reason is required');
  return optionalText(value, 'reason', TEXT_MAX);
}

export function instant(value: string, field: string): Refusal | undefined {
  return Number.isNaN(toEpochMs(value))
    ? refusal('invalid_input', `${field} is not an ISO-8601 instant`, { field })
    : undefined;
}
