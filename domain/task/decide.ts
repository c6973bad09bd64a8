// Task decider: one function per command; `decideTask` only dispatches. Deadlines are compared as instants:
// a deadline has passed when now is strictly after it; completing exactly at the deadline is on time.
import { match } from 'ts-pattern';
import type { Decision, Refusal } from '../shared/refusal.js';
import { accept } from '../shared/refusal.js';
import {
  eligibleAssignee,
  freshNumber,
  inStatus,
  instant,
  isAdmin,
  isManager,
  notFound,
  optionalText,
  permittedIf,
  reason,
  refusal,
  rejected,
  staffMember,
  systemOnly,
  text,
} from '../shared/guards.js';
import { isBefore, normalizeIso } from '../shared/time.js';
import { TEXT_MAX, TITLE_MAX } from '../shared/values.js';
import type * as C from './commands.js';
import type { TaskEvent, TaskEventOf } from './events.js';
import type { Task, TaskState } from './state.js';

type Result = Decision<TaskEvent>;

const missing = (gate: Refusal | undefined): Result => notFound(gate, 'task');

/** The current deadline has passed and no TaskDeadlineMissed records it yet. */
const unrecordedMiss = (task: Task, now: string): boolean =>
  isBefore(task.deadline, now) && !task.missedDeadlines.includes(task.deadline);

/** The order a task belongs to, for its events the issuer hears of on the order's card instead. */
const ofOrder = (task: Task): { orderId?: string } => (task.orderId ? { orderId: task.orderId } : {});

const deadlineMissed = (task: Task, now: string, actorId: string): TaskEventOf<'TaskDeadlineMissed'> => ({
  type: 'TaskDeadlineMissed',
  data: {
    number: task.number,
    deadline: task.deadline,
    assigneeId: task.assigneeId,
    issuerId: task.issuerId,
    title: task.title,
    detectedAt: normalizeIso(now),
    detectedBy: actorId,
    ...ofOrder(task),
  },
});

export function assignTask(command: C.AssignTask, state: TaskState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  const why =
    staffMember(actor) ??
    permittedIf(isManager(actor), actor, 'only a deputy, the director or an admin issues tasks') ??
    freshNumber(state.status, 'task', data.number) ??
    eligibleAssignee(data.assignee) ??
    text(data.title, 'title', TITLE_MAX) ??
    optionalText(data.description, 'description', TEXT_MAX) ??
    instant(data.deadline, 'deadline') ??
    (isBefore(now, data.deadline)
      ? undefined
      : refusal('deadline_in_past', 'the deadline has passed', { deadline: data.deadline }));
  if (why) return rejected(why);
  return accept({
    type: 'TaskAssigned',
    data: {
      number: data.number,
      issuerId: actor.id,
      assigneeId: data.assignee.id,
      title: data.title.trim(),
      description: data.description.trim(),
      deadline: normalizeIso(data.deadline),
      assignedAt: normalizeIso(now),
      ...(data.orderId ? { orderId: data.orderId } : {}),
    },
  });
}

export function acceptTask(command: C.AcceptTask, state: TaskState): Result {
  const { actor, now } = command.metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(actor.id === state.assigneeId, actor, 'only the assignee accepts') ??
    inStatus(state.status, ['assigned'], 'accept');
  if (why) return rejected(why);
  return accept({
    type: 'TaskAccepted',
    data: { number: state.number, assigneeId: actor.id, acceptedAt: normalizeIso(now), issuerId: state.issuerId, ...ofOrder(state) },
  });
}

export function extendDeadline(command: C.ExtendDeadline, state: TaskState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(actor.id === state.issuerId || isAdmin(actor), actor, 'only the issuer or an admin extends') ??
    inStatus(state.status, ['assigned', 'accepted'], 'extend') ??
    reason(data.reason) ??
    instant(data.newDeadline, 'newDeadline') ??
    (isBefore(now, data.newDeadline)
      ? undefined
      : refusal('deadline_in_past', 'the new deadline has passed', { deadline: data.newDeadline })) ??
    (isBefore(state.deadline, data.newDeadline)
      ? undefined
      : refusal('deadline_not_later', 'the new deadline is not later', { deadline: state.deadline }));
  if (why) return rejected(why);
  const previousDeadlineMissed = isBefore(state.deadline, now);
  // A deadline that passed unnoticed is recorded before it is moved, so the log and the KPI keep it.
  const missed = unrecordedMiss(state, now) ? [deadlineMissed(state, now, actor.id)] : [];
  return accept<TaskEvent>(...missed, {
    type: 'TaskDeadlineExtended',
    data: {
      number: state.number,
      previousDeadline: state.deadline,
      newDeadline: normalizeIso(data.newDeadline),
      reason: data.reason.trim(),
      extendedBy: actor.id,
      extendedAt: normalizeIso(now),
      assigneeId: state.assigneeId,
      previousDeadlineMissed,
      issuerId: state.issuerId,
    },
  });
}

export function completeTask(command: C.CompleteTask, state: TaskState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(actor.id === state.assigneeId, actor, 'only the assignee completes') ??
    inStatus(state.status, ['accepted'], 'complete') ??
    text(data.report, 'report', TEXT_MAX);
  if (why) return rejected(why);
  return accept({
    type: 'TaskCompleted',
    data: {
      number: state.number,
      assigneeId: state.assigneeId,
      issuerId: state.issuerId,
      report: data.report.trim(),
      photo: data.photo,
      completedAt: normalizeIso(now),
      deadline: state.deadline,
      late: state.lateEver || isBefore(state.deadline, now),
      ...ofOrder(state),
    },
  });
}

export function approveTask(command: C.ApproveTask, state: TaskState): Result {
  const { actor, now } = command.metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(actor.id === state.issuerId, actor, 'only the issuer approves') ??
    inStatus(state.status, ['completed'], 'approve');
  if (why) return rejected(why);
  const completedAt = state.completedAt ?? normalizeIso(now);
  return accept({
    type: 'TaskApproved',
    data: {
      number: state.number,
      approvedBy: actor.id,
      assigneeId: state.assigneeId,
      approvedAt: normalizeIso(now),
      completedAt,
      deadline: state.deadline,
      onTime: !state.lateEver && !isBefore(state.deadline, completedAt),
    },
  });
}

export function returnTask(command: C.ReturnTask, state: TaskState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(actor.id === state.issuerId, actor, 'only the issuer returns') ??
    inStatus(state.status, ['completed'], 'return') ??
    reason(data.reason);
  if (why) return rejected(why);
  return accept({
    type: 'TaskReturned',
    data: {
      number: state.number,
      returnedBy: actor.id,
      assigneeId: state.assigneeId,
      reason: data.reason.trim(),
      returnedAt: normalizeIso(now),
    },
  });
}

export function cancelTask(command: C.CancelTask, state: TaskState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(actor.id === state.issuerId || isAdmin(actor), actor, 'only the issuer or an admin cancels') ??
    inStatus(state.status, ['assigned', 'accepted'], 'cancel') ??
    reason(data.reason);
  if (why) return rejected(why);
  return accept({
    type: 'TaskCancelled',
    data: {
      number: state.number,
      cancelledBy: actor.id,
      assigneeId: state.assigneeId,
      reason: data.reason.trim(),
      from: state.status === 'assigned' ? 'assigned' : 'accepted',
      cancelledAt: normalizeIso(now),
      issuerId: state.issuerId,
      ...ofOrder(state),
    },
  });
}

export function markDeadlineMissed(command: C.MarkDeadlineMissed, state: TaskState): Result {
  const { actor, now } = command.metadata;
  if (state.status === 'none') return missing(systemOnly(actor));
  const why =
    systemOnly(actor) ??
    inStatus(state.status, ['assigned', 'accepted'], 'mark missed') ??
    (isBefore(state.deadline, now)
      ? undefined
      : refusal('deadline_not_passed', 'the deadline is still ahead', { deadline: state.deadline })) ??
    (state.missedDeadlines.includes(state.deadline)
      ? refusal('already_recorded', 'this deadline is already recorded as missed', { deadline: state.deadline })
      : undefined);
  if (why) return rejected(why);
  return accept(deadlineMissed(state, now, actor.id));
}

/** The director hears of a missed deadline the task is still not completed after (once per deadline). */
export function escalateTask(command: C.EscalateTask, state: TaskState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(systemOnly(actor));
  const deadline = normalizeIso(data.deadline);
  const why =
    systemOnly(actor) ??
    inStatus(state.status, ['assigned', 'accepted'], 'escalate') ??
    (normalizeIso(state.deadline) === deadline && state.missedDeadlines.some((missed) => normalizeIso(missed) === deadline)
      ? undefined
      : refusal('no_change', 'this deadline is not the current missed one', { deadline: state.deadline })) ??
    (state.escalatedDeadlines.some((done) => normalizeIso(done) === deadline)
      ? refusal('already_recorded', 'this deadline is already escalated', { deadline })
      : undefined);
  if (why) return rejected(why);
  return accept({
    type: 'TaskEscalated',
    data: {
      number: state.number,
      deadline,
      assigneeId: state.assigneeId,
      issuerId: state.issuerId,
      title: state.title,
      notified: [...new Set(data.notified)],
      escalatedAt: normalizeIso(now),
    },
  });
}

/** Dispatches a command to its function; a command type nobody handles fails the type check. */
export function decideTask(command: C.TaskCommand, state: TaskState): Result {
  return match(command)
    .with({ type: 'AssignTask' }, (c) => assignTask(c, state))
    .with({ type: 'AcceptTask' }, (c) => acceptTask(c, state))
    .with({ type: 'ExtendDeadline' }, (c) => extendDeadline(c, state))
    .with({ type: 'CompleteTask' }, (c) => completeTask(c, state))
    .with({ type: 'ApproveTask' }, (c) => approveTask(c, state))
    .with({ type: 'ReturnTask' }, (c) => returnTask(c, state))
    .with({ type: 'CancelTask' }, (c) => cancelTask(c, state))
    .with({ type: 'MarkDeadlineMissed' }, (c) => markDeadlineMissed(c, state))
    .with(
      // Stryker disable next-line ObjectLiteral: the last pattern of an exhaustive match; every other type matched above, so {} matches exactly the same
      { type: 'EscalateTask' },
      (c) => escalateTask(c, state),
    )
    .exhaustive();
}
