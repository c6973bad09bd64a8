// Task state and its fold. KPI facts (late, missed deadlines) are remembered here so no later command,
// such as extending the deadline, can make a late task look on time.
import { match } from 'ts-pattern';
import { isBefore } from '../shared/time.js';
import type { TaskEvent } from './events.js';

export type TaskStatus = 'assigned' | 'accepted' | 'completed' | 'approved' | 'cancelled';

export interface Task {
  readonly status: TaskStatus;
  readonly number: number;
  readonly issuerId: string;
  readonly assigneeId: string;
  readonly title: string;
  readonly deadline: string;
  readonly assignedAt: string;
  readonly completedAt: string | null;
  /** Deadlines recorded as missed (TaskDeadlineMissed), in order; each at most once. */
  readonly missedDeadlines: readonly string[];
  /** Missed deadlines escalated to the director (TaskEscalated), each at most once. */
  readonly escalatedDeadlines: readonly string[];
  /** Some deadline of this task passed before it was completed: it is late in the KPI for good. */
  readonly lateEver: boolean;
  /** Set when approved: the KPI verdict. */
  readonly onTime: boolean | null;
  /** The order to many this task is part of (TaskAssigned.orderId); absent for a task of its own. */
  readonly orderId?: string;
}

export type TaskState = { readonly status: 'none' } | Task;

export const initialTaskState: TaskState = { status: 'none' };

export const taskExists = (state: TaskState): state is Task => state.status !== 'none';

export function evolveTask(state: TaskState, event: TaskEvent): TaskState {
  if (event.type === 'TaskAssigned') {
    const { data } = event;
    return {
      status: 'assigned',
      number: data.number,
      issuerId: data.issuerId,
      assigneeId: data.assigneeId,
      title: data.title,
      deadline: data.deadline,
      assignedAt: data.assignedAt,
      completedAt: null,
      missedDeadlines: [],
      escalatedDeadlines: [],
      lateEver: false,
      onTime: null,
      ...(data.orderId ? { orderId: data.orderId } : {}),
    };
  }
  // Any other event before TaskAssigned cannot come from our deciders; the fold leaves the state alone.
  if (!taskExists(state)) return state;
  return match(event)
    .with({ type: 'TaskAccepted' }, (): Task => ({ ...state, status: 'accepted' }))
    .with({ type: 'TaskDeadlineExtended' }, ({ data }): Task => ({
      ...state,
      deadline: data.newDeadline,
      lateEver: state.lateEver || data.previousDeadlineMissed,
    }))
    .with({ type: 'TaskCompleted' }, ({ data }): Task => ({
      ...state,
      status: 'completed',
      completedAt: data.completedAt,
      lateEver: state.lateEver || data.late,
    }))
    .with({ type: 'TaskApproved' }, ({ data }): Task => ({ ...state, status: 'approved', onTime: data.onTime }))
    .with({ type: 'TaskReturned' }, (): Task => ({ ...state, status: 'accepted', completedAt: null }))
    .with({ type: 'TaskCancelled' }, (): Task => ({ ...state, status: 'cancelled' }))
    .with({ type: 'TaskDeadlineMissed' }, ({ data }): Task => ({
      ...state,
      missedDeadlines: [...state.missedDeadlines, data.deadline],
      lateEver: true,
    }))
    .with(
      // Stryker disable next-line ObjectLiteral: the last pattern of an exhaustive match; every other type matched above, so {} matches exactly the same
      { type: 'TaskEscalated' },
      ({ data }): Task => ({ ...state, escalatedDeadlines: [...state.escalatedDeadlines, data.deadline] }),
    )
    .exhaustive();
}

export const foldTask = (events: readonly TaskEvent[]): TaskState => events.reduce(evolveTask, initialTaskState);

/** Overdue: the deadline has passed and the task is neither completed nor finished. */
export const isTaskOverdue = (state: TaskState, now: string): boolean =>
  (state.status === 'assigned' || state.status === 'accepted') && isBefore(state.deadline, now);

/** Done on time: approved, completed before its deadline, and no deadline of it was ever missed. */
export const isTaskDoneOnTime = (state: TaskState): boolean => state.status === 'approved' && state.onTime === true;
