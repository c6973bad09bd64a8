// One order to many people (issue 15, item 2). `issueOrder` is the one entry point (Telegram's /task, the
// recurring orders' scheduler): it checks the recipients, reserves a task number for each, records the order
// with those numbers (OrderIssued), then assigns every recipient their own task naming the order.
//
// Idempotent and resumable: the order's id and every command id under it derive from the request's command
// id, so a redelivered update finds its order and completes what a crash left undone (each task append is
// idempotent by its command id). OrderIssued is appended before any task, so an order whose fan-out was cut
// short is still on the issuer's list; `resumeOrder` (the order's card calls it) assigns what is missing.
import type { CommandMetadata, OrderEvent, OrderState, OrderTarget, OrderTask, Refusal, TaskCommand } from '../../domain/index.js';
import { initialOrderState, orderStreamName, taskStreamName } from '../../domain/index.js';
import { orderAggregate, taskAggregate } from '../aggregates.js';
import { loadAssignee } from '../authorization.js';
import type { CommandResult } from '../commandHandler.js';
import { uuidV5 } from '../eventIds.js';
import { reserveNumber } from '../numbering.js';
import type { Person } from '../people.js';
import { loadStream } from '../streamLoader.js';
import type { CommandContext, RequestMeta } from './context.js';
import { TASK_NUMBERS } from './tasks.js';

export interface IssueOrderInput {
  /** Telegram ids of the recipients (duplicates are ignored). */
  readonly recipientIds: readonly string[];
  readonly title: string;
  readonly description?: string;
  /** ISO 8601 (the adapter has read the Russian phrase in SCHOOL_TIMEZONE and had it confirmed). */
  readonly deadline: string;
  /** How the recipients were named (default: people picked one by one). */
  readonly target?: OrderTarget;
}

export interface IssueOrderOptions {
  /**
   * 'now' (default): the result comes once every task is assigned. 'background': once the order and its
   * numbers are recorded (a quick reply to the issuer); the tasks are assigned after, and what a crash leaves
   * unassigned is assigned by `resumeOrder` (the order's card calls it).
   */
  readonly fanOut?: 'now' | 'background';
}

export interface OrderRef {
  readonly orderId: string;
}

export type OrderResult =
  | {
      readonly ok: true;
      readonly orderId: string;
      /** Every recipient's task number, as recorded in OrderIssued. */
      readonly tasks: readonly OrderTask[];
      /** Numbers whose task could not be assigned (the recipient left meanwhile, the deadline passed). */
      readonly notAssigned: readonly number[];
      /** Recipients left out as not active working staff (deactivated, pending, auditors). */
      readonly skipped: readonly string[];
      /** True when this command id had issued the order before (a retry). */
      readonly replayed: boolean;
      /**
       * Settles once every task is assigned, with the numbers that could not be (as `notAssigned`). With
       * `fanOut: 'background'` the result comes back before that (its `notAssigned` is then empty).
       */
      readonly assigned: Promise<readonly number[]>;
    }
  | { readonly ok: false; readonly refusal: Refusal };

/** An order's id: sixteen hex digits of a name-based uuid of the issuing command (fits a button). */
export const orderIdFor = (commandId: string): string => uuidV5(`order:${commandId}`).replace(/-/g, '').slice(0, 16);

/** Tasks assigned at once while fanning out (bounded, so 300 recipients do not take every connection). */
const FAN_OUT_PARALLEL = 16;

async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

type Refused = { readonly ok: false; readonly refusal: Refusal };
const refused = (code: Refusal['code'], message: string): Refused => ({ ok: false, refusal: { code, message, details: {} } });

export function orderCommands(ctx: CommandContext) {
  /** Assigns every task of the order that does not exist yet; returns the numbers that could not be assigned. */
  async function fanOut(metadata: CommandMetadata, order: Extract<OrderState, { status: 'issued' | 'cancelled' }>): Promise<number[]> {
    if (order.status === 'cancelled') return [];
    const outcomes = await inParallel(order.tasks, FAN_OUT_PARALLEL, async ({ number, assigneeId }) => {
      const assignee = await loadAssignee(ctx.store, assigneeId, ctx.adminIds);
      const command: TaskCommand = {
        type: 'AssignTask',
        data: { number, assignee, title: order.title, description: order.description, deadline: order.deadline, orderId: order.orderId },
        // Derived from the order, not the request: a resume by another update assigns the same task once.
        metadata: { ...metadata, commandId: uuidV5(`order-task:${order.orderId}:${number}`) },
      };
      const result = await ctx.handle(taskAggregate, taskStreamName(number), command, { expectNewStream: true });
      // Refused because it exists: a task assigned earlier under this order (its own command id replays).
      return result.ok || result.refusal.code === 'already_exists' ? undefined : number;
    });
    return outcomes.filter((n): n is number => n !== undefined);
  }

  return {
    async issueOrder(who: Person, input: IssueOrderInput, request: RequestMeta, options: IssueOrderOptions = {}): Promise<OrderResult> {
      const prepared = ctx.acting(who, request);
      if (!prepared.ok) return prepared.result;
      const { metadata } = prepared;
      const orderId = orderIdFor(metadata.commandId);
      const stream = orderStreamName(orderId);
      const existing = await loadStream(ctx.store, stream, orderAggregate);
      /** The order's tasks assigned now, or in the background. */
      const finish = async (order: Exclude<OrderState, { status: 'none' }>, skipped: readonly string[], replayed: boolean): Promise<OrderResult> => {
        const assigned = fanOut(metadata, order);
        const notAssigned = options.fanOut === 'background' ? [] : await assigned;
        return { ok: true, orderId, tasks: order.tasks, notAssigned, skipped, replayed, assigned };
      };
      if (existing.state.status !== 'none') return finish(existing.state, [], true);
      const recipientIds = [...new Set(input.recipientIds)];
      const snapshots = await inParallel(recipientIds, FAN_OUT_PARALLEL, (id) => loadAssignee(ctx.store, id, ctx.adminIds));
      const eligible = snapshots.filter((s) => s.active && s.role !== 'guest' && s.role !== 'auditor').map((s) => s.id);
      const skipped = recipientIds.filter((id) => !eligible.includes(id));
      if (eligible.length === 0) return refused('assignee_not_eligible', 'no recipient is active working staff');
      const draft = (tasks: readonly OrderTask[]) => ({
        type: 'IssueOrder' as const,
        data: {
          orderId,
          title: input.title,
          description: input.description ?? '',
          deadline: input.deadline,
          target: input.target ?? { kind: 'people' as const, ref: '', label: '' },
          tasks,
        },
        metadata,
      });
      // Numbers are reserved only for an order that would be accepted.
      const dryRun = orderAggregate.decide(draft(eligible.map((assigneeId, index) => ({ number: index + 1, assigneeId }))), initialOrderState);
      if (!dryRun.ok) return dryRun;
      const reservations = await Promise.all(
        eligible.map((assigneeId) =>
          reserveNumber(ctx.store, TASK_NUMBERS, { ...metadata, commandId: uuidV5(`order-number:${orderId}:${assigneeId}`) }),
        ),
      );
      const tasks = eligible.map((assigneeId, index) => ({ number: reservations[index]!.number, assigneeId }));
      const issued: CommandResult<OrderEvent> = await ctx.handle(orderAggregate, stream, draft(tasks), { expectNewStream: true });
      if (!issued.ok) return issued;
      // A racing copy of this request may have recorded the order first: its numbers are the order's.
      const recorded = issued.events.find((e) => e.type === 'OrderIssued');
      const order = recorded ? (await loadStream(ctx.store, stream, orderAggregate)).state : existing.state;
      if (order.status === 'none') return refused('concurrency_conflict', 'the order vanished');
      return finish(order, skipped, issued.replayed);
    },
    /** Assigns the tasks a crash left unassigned (the issuer only: the tasks are issued in their name). */
    async resumeOrder(who: Person, { orderId }: OrderRef, request: RequestMeta): Promise<OrderResult> {
      const prepared = ctx.acting(who, request);
      if (!prepared.ok) return prepared.result;
      const { state } = await loadStream(ctx.store, orderStreamName(orderId), orderAggregate);
      if (state.status === 'none') return refused('not_found', 'no such order');
      if (state.issuerId !== prepared.metadata.actor.id) return refused('not_permitted', 'only the issuer completes an order');
      const assigned = fanOut(prepared.metadata, state);
      return { ok: true, orderId, tasks: state.tasks, notAssigned: await assigned, skipped: [], replayed: true, assigned };
    },
    /** Reminds the recipients of `tasks` (those the caller read as not done). */
    async remindOrder(who: Person, { orderId, tasks }: OrderRef & { tasks: readonly OrderTask[] }, request: RequestMeta): Promise<CommandResult<OrderEvent>> {
      const prepared = ctx.acting(who, request);
      if (!prepared.ok) return prepared.result;
      return ctx.handle(orderAggregate, orderStreamName(orderId), { type: 'RemindOrder', data: { tasks }, metadata: prepared.metadata });
    },
    /** Cancels the order, then each of its tasks still open (assigned or accepted); returns how many. */
    async cancelOrder(
      who: Person,
      { orderId, reason }: OrderRef & { reason: string },
      request: RequestMeta,
    ): Promise<(CommandResult<OrderEvent> & { ok: false }) | (CommandResult<OrderEvent> & { ok: true; cancelledTasks: number[] })> {
      const prepared = ctx.acting(who, request);
      if (!prepared.ok) return prepared.result;
      const { metadata } = prepared;
      const stream = orderStreamName(orderId);
      const result = await ctx.handle(orderAggregate, stream, { type: 'CancelOrder', data: { reason }, metadata });
      if (!result.ok) return result;
      const { state } = await loadStream(ctx.store, stream, orderAggregate);
      const tasks = state.status === 'none' ? [] : state.tasks;
      const outcomes = await inParallel(tasks, FAN_OUT_PARALLEL, async ({ number }) => {
        const cancelled = await ctx.handle(taskAggregate, taskStreamName(number), {
          type: 'CancelTask',
          data: { reason },
          metadata: { ...metadata, commandId: uuidV5(`order-cancel:${metadata.commandId}:${number}`) },
        });
        // Refused: done, approved or cancelled already, or never assigned (a fan-out cut short).
        return cancelled.ok && cancelled.events.some((e) => e.type === 'TaskCancelled') ? number : undefined;
      });
      return { ...result, cancelledTasks: outcomes.filter((n): n is number => n !== undefined) };
    },
  };
}

export type OrderCommands = ReturnType<typeof orderCommands>;
