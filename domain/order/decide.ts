// Order decider: a deputy, the director or an admin issues an order to many; the issuer (or an admin) reminds
// those not done and cancels it. The tasks themselves are decided by the task aggregate, one per recipient.
import { match } from 'ts-pattern';
import type { Actor } from '../shared/command.js';
import type { Decision } from '../shared/refusal.js';
import { accept } from '../shared/refusal.js';
import { instant, isAdmin, isManager, notFound, optionalText, permittedIf, reason, refusal, rejected, staffMember, text } from '../shared/guards.js';
import { isBefore, normalizeIso } from '../shared/time.js';
import { TEXT_MAX, TITLE_MAX } from '../shared/values.js';
import type * as C from './commands.js';
import type { OrderEvent, OrderTask } from './events.js';
import { orderIdSchema } from './events.js';
import type { Order, OrderState } from './state.js';

type Result = Decision<OrderEvent>;

/** Most recipients one order has (a large school's whole staff). */
export const ORDER_RECIPIENTS_MAX = 1_000;

const distinct = (tasks: readonly OrderTask[]): boolean =>
  new Set(tasks.map((t) => t.assigneeId)).size === tasks.length && new Set(tasks.map((t) => t.number)).size === tasks.length;

/** The issuer or an admin acts on an order that is still live. */
function live(state: OrderState, actor: Actor, what: string): { order: Order } | { result: Result } {
  if (state.status === 'none') return { result: notFound(staffMember(actor), 'such order') };
  const why =
    staffMember(actor) ??
    permittedIf(actor.id === state.issuerId || isAdmin(actor), actor, `only the issuer or an admin ${what}`) ??
    (state.status === 'cancelled' ? refusal('invalid_transition', `cannot ${what} a cancelled order`, { status: 'cancelled' }) : undefined);
  return why ? { result: rejected(why) } : { order: state };
}

export function issueOrder(command: C.IssueOrder, state: OrderState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  const why =
    staffMember(actor) ??
    permittedIf(isManager(actor), actor, 'only a deputy, the director or an admin issues orders') ??
    (state.status === 'none' ? undefined : refusal('already_exists', 'the order exists', { orderId: data.orderId })) ??
    (orderIdSchema.safeParse(data.orderId).success ? undefined : refusal('invalid_input', 'bad order id', { field: 'orderId' })) ??
    text(data.title, 'title', TITLE_MAX) ??
    optionalText(data.description, 'description', TEXT_MAX) ??
    instant(data.deadline, 'deadline') ??
    (isBefore(now, data.deadline) ? undefined : refusal('deadline_in_past', 'the deadline has passed', { deadline: data.deadline })) ??
    (data.tasks.length === 0 ? refusal('invalid_input', 'an order needs recipients', { field: 'tasks' }) : undefined) ??
    (data.tasks.length > ORDER_RECIPIENTS_MAX ? refusal('invalid_input', 'too many recipients', { field: 'tasks', max: ORDER_RECIPIENTS_MAX }) : undefined) ??
    (distinct(data.tasks) ? undefined : refusal('invalid_input', 'a recipient or a number twice', { field: 'tasks' }));
  if (why) return rejected(why);
  return accept({
    type: 'OrderIssued',
    data: {
      orderId: data.orderId,
      issuerId: actor.id,
      title: data.title.trim(),
      description: data.description.trim(),
      deadline: normalizeIso(data.deadline),
      target: data.target,
      tasks: data.tasks.map(({ number, assigneeId }) => ({ number, assigneeId })),
      issuedAt: normalizeIso(now),
    },
  });
}

export function remindOrder(command: C.RemindOrder, state: OrderState): Result {
  const { data, metadata } = command;
  const found = live(state, metadata.actor, 'reminds');
  if ('result' in found) return found.result;
  const known = new Map(found.order.tasks.map((t) => [t.number, t.assigneeId]));
  const tasks = data.tasks.filter((t) => known.get(t.number) === t.assigneeId);
  if (tasks.length === 0) return rejected(refusal('no_change', 'nobody to remind'));
  return accept({
    type: 'OrderReminded',
    data: { orderId: found.order.orderId, remindedBy: metadata.actor.id, tasks, remindedAt: normalizeIso(metadata.now) },
  });
}

export function cancelOrder(command: C.CancelOrder, state: OrderState): Result {
  const { data, metadata } = command;
  const found = live(state, metadata.actor, 'cancels');
  if ('result' in found) return found.result;
  const why = reason(data.reason);
  if (why) return rejected(why);
  return accept({
    type: 'OrderCancelled',
    data: {
      orderId: found.order.orderId,
      cancelledBy: metadata.actor.id,
      reason: data.reason.trim(),
      cancelledAt: normalizeIso(metadata.now),
      issuerId: found.order.issuerId,
    },
  });
}

/** Dispatches a command to its function; a command type nobody handles fails the type check. */
export function decideOrder(command: C.OrderCommand, state: OrderState): Result {
  return match(command)
    .with({ type: 'IssueOrder' }, (c) => issueOrder(c, state))
    .with({ type: 'RemindOrder' }, (c) => remindOrder(c, state))
    .with({ type: 'CancelOrder' }, (c) => cancelOrder(c, state))
    .exhaustive();
}
