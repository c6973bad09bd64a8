// The SLA watcher: the escalation ladder. Built like the deadline watcher: reactions keep schedules (in their own
// checkpoints' transactions) of each ticket's current targets and of each task's missed deadline; a timer on
// the Clock finds what has come due even when no event arrives and asks the domain to record it. A ticket whose
// first-response target passed with nobody on it → TicketEscalated { first_response } (told: the category's
// leads, or the director(s) when it has none); whose resolution target passed unresolved → TicketEscalated
// { resolution } (told: the director(s)); a task still not completed TASK_ESCALATE_AFTER (school time) after
// its missed deadline → TaskEscalated (told: the director(s)). Each command's id derives from what it records
// (ticket, target and due moment; task and deadline), it appends with an expected revision, and the domain
// refuses a second one — so a crash, a restart or a second worker never doubles a step, and nothing undoes one.
import type { TicketEventOf, TicketEventType } from '../../domain/ticket/events.js';
import type { TaskEventOf, TaskEventType } from '../../domain/task/events.js';
import type { Priority } from '../../domain/shared/values.js';
import { uuidV5 } from '../eventIds.js';
import { domainEventOf } from '../recordedEvents.js';
import type { Clock } from '../ports/clock.js';
import type { SqlQueryable } from '../ports/sql.js';
import type { ConsumerLog } from '../consumers/checkpointedConsumer.js';
import type { Reaction } from './reaction.js';
import type { RunningTimer } from './scheduleTimer.js';
import { startScheduleTimer } from './scheduleTimer.js';

export type SlaTargetName = 'first_response' | 'resolution';

/** What an event changes in a ticket's schedule row; `forget`: nothing left to watch. */
export type SlaPatch =
  | 'forget'
  | {
      /** The ticket's opening: a fresh row. */
      open?: { priority: Priority; category: string };
      priority?: Priority;
      respondBy?: string | null;
      dueAt?: string;
      /** Somebody is on it: the first-response target no longer applies. */
      responded?: boolean;
      /** False while the resolution clock does not run (resolved; waiting on the author). */
      active?: boolean;
      escalated?: { target: SlaTargetName; dueAt: string };
    };

type TicketSchedulers = { readonly [T in TicketEventType]?: (data: TicketEventOf<T>['data']) => SlaPatch };

/**
 * How each ticket event moves the schedule: one line per event type. A new event that sets respondBy or dueAt
 * (a question to the author pausing the clock, the answer moving dueAt) adds its line here.
 */
export const TICKET_SLA_SCHEDULE: TicketSchedulers = {
  TicketOpened: (d) => ({ open: { priority: d.priority, category: d.category }, respondBy: d.respondBy ?? null, dueAt: d.dueAt, responded: false, active: true }),
  TicketAssigned: () => ({ responded: true }),
  TicketPriorityChanged: (d) => ({ priority: d.to, dueAt: d.dueAt, ...(d.respondBy ? { respondBy: d.respondBy } : {}) }),
  TicketResolved: () => ({ active: false }),
  TicketReopened: (d) => ({ active: true, dueAt: d.dueAt, ...(d.respondBy ? { respondBy: d.respondBy, responded: false } : {}) }),
  // Kept while closed: a closed ticket may be reopened (REOPEN_DAYS), and its row must be there to move.
  TicketClosed: () => ({ active: false }),
  TicketCancelled: () => 'forget',
  TicketEscalated: (d) => ({ escalated: { target: d.target, dueAt: d.dueAt } }),
  // Waiting on the author: a question is a first response, and the clock stands still until the answer, which
  // moves the due time by the school time spent waiting.
  TicketInfoRequested: () => ({ responded: true, active: false }),
  TicketInfoProvided: (d) => ({ active: true, dueAt: d.dueAt }),
};

/** What an event changes in a task's escalation row. */
export type TaskEscalationPatch = 'forget' | { missed?: { deadline: string }; active?: boolean; escalated?: string };

type TaskSchedulers = { readonly [T in TaskEventType]?: (data: TaskEventOf<T>['data']) => TaskEscalationPatch };

export const TASK_ESCALATION_SCHEDULE: TaskSchedulers = {
  TaskDeadlineMissed: (d) => ({ missed: { deadline: d.deadline }, active: true }),
  TaskCompleted: () => ({ active: false }),
  TaskReturned: () => ({ active: true }),
  // A new deadline: the old miss no longer escalates; a miss of the new one schedules again.
  TaskDeadlineExtended: () => 'forget',
  TaskApproved: () => 'forget',
  TaskCancelled: () => 'forget',
  TaskEscalated: (d) => ({ escalated: d.deadline }),
};

export interface DueTicketTarget {
  kind: 'ticket';
  ticketNumber: number;
  target: SlaTargetName;
  dueAt: Date;
  category: string;
}

export interface DueTaskEscalation {
  kind: 'task';
  taskNumber: number;
  deadline: Date;
}

export interface SlaScheduleWriter {
  ticket(number: number, patch: SlaPatch): Promise<void>;
  /** `escalateAt`: when a missed deadline reaches the director (given with `missed`). */
  task(number: number, patch: TaskEscalationPatch, escalateAt?: string): Promise<void>;
}

export interface SlaSchedule {
  scheduleFor(tx: SqlQueryable): SlaScheduleWriter;
  /** Targets passed (strictly before `now`) and not yet escalated, of the escalated priorities, earliest first. */
  dueTickets(now: Date, priorities: readonly Priority[], limit: number): Promise<DueTicketTarget[]>;
  dueTasks(now: Date, limit: number): Promise<DueTaskEscalation[]>;
  /** The earliest target or task escalation at or after `now`. */
  nextDueAt(now: Date, priorities: readonly Priority[]): Promise<Date | undefined>;
}

const TICKET_TYPES = Object.keys(TICKET_SLA_SCHEDULE) as TicketEventType[];
const TASK_TYPES = Object.keys(TASK_ESCALATION_SCHEDULE) as TaskEventType[];

export const SLA_WATCHER_NAME = 'sla-watcher';

/**
 * Keeps the schedule from the log. `taskEscalateAt` is the missed deadline + TASK_ESCALATE_AFTER in school time
 * (the policy's calendar), fixed when the miss is recorded.
 */
export function slaScheduleReaction(schedule: SlaSchedule, taskEscalateAt: (deadline: string) => string): Reaction {
  return {
    name: SLA_WATCHER_NAME,
    eventTypes: [...TICKET_TYPES, ...TASK_TYPES],
    async handle(recorded, { tx }) {
      const writer = schedule.scheduleFor(tx);
      const ticketEvent = domainEventOf(recorded, TICKET_TYPES);
      if (ticketEvent) {
        const scheduler = TICKET_SLA_SCHEDULE[ticketEvent.type] as ((data: unknown) => SlaPatch) | undefined;
        if (scheduler) await writer.ticket(ticketEvent.data.number, scheduler(ticketEvent.data));
        return;
      }
      const taskEvent = domainEventOf(recorded, TASK_TYPES);
      if (!taskEvent) return;
      const scheduler = TASK_ESCALATION_SCHEDULE[taskEvent.type] as ((data: unknown) => TaskEscalationPatch) | undefined;
      if (!scheduler) return;
      const patch = scheduler(taskEvent.data);
      const escalateAt = patch !== 'forget' && patch.missed ? taskEscalateAt(patch.missed.deadline) : undefined;
      await writer.task(taskEvent.data.number, patch, escalateAt);
    },
  };
}

/** The same passed target always yields the same command id. */
export const ticketEscalationCommandId = (number: number, target: SlaTargetName, dueAt: Date): string =>
  uuidV5(`TicketEscalated:${number}:${target}:${dueAt.toISOString()}`);
export const taskEscalationCommandId = (number: number, deadline: Date): string =>
  uuidV5(`TaskEscalated:${number}:${deadline.toISOString()}`);

export interface TicketEscalation {
  number: number;
  target: SlaTargetName;
  dueAt: string;
  level: 'lead' | 'director';
  notified: string[];
}

export interface SlaTimerOptions {
  schedule: SlaSchedule;
  clock: Clock;
  /** The priorities whose targets escalate (ESCALATE_PRIORITIES). */
  priorities: readonly Priority[];
  /** Active leads of a category, and the active director(s). */
  leadsOf(category: string): Promise<string[]>;
  directors(): Promise<string[]>;
  /** Run EscalateTicket / EscalateTask through the command handler with this id (idempotent, see above). */
  escalateTicket(escalation: TicketEscalation, commandId: string): Promise<void>;
  escalateTask(escalation: { number: number; deadline: string; notified: string[] }, commandId: string): Promise<void>;
  checkEveryMs?: number;
  log?: ConsumerLog;
}

type DueItem = DueTicketTarget | DueTaskEscalation;

/** Who a passed ticket target reaches: the category's leads for the first response (else the director). */
export async function ticketEscalationFor(
  item: DueTicketTarget,
  who: Pick<SlaTimerOptions, 'leadsOf' | 'directors'>,
): Promise<TicketEscalation> {
  const base = { number: item.ticketNumber, target: item.target, dueAt: item.dueAt.toISOString() };
  if (item.target === 'first_response') {
    const leads = await who.leadsOf(item.category);
    if (leads.length > 0) return { ...base, level: 'lead', notified: leads };
  }
  return { ...base, level: 'director', notified: await who.directors() };
}

export function startSlaTimer(options: SlaTimerOptions): RunningTimer {
  return startScheduleTimer<DueItem>({
    name: 'slaWatcher',
    clock: options.clock,
    due: async (now, limit) => [
      ...(await options.schedule.dueTickets(now, options.priorities, limit)),
      ...(await options.schedule.dueTasks(now, limit)),
    ],
    nextDueAt: (now) => options.schedule.nextDueAt(now, options.priorities),
    act: async (item) => {
      if (item.kind === 'ticket') {
        const escalation = await ticketEscalationFor(item, options);
        return options.escalateTicket(escalation, ticketEscalationCommandId(item.ticketNumber, item.target, item.dueAt));
      }
      const notified = await options.directors();
      return options.escalateTask(
        { number: item.taskNumber, deadline: item.deadline.toISOString(), notified },
        taskEscalationCommandId(item.taskNumber, item.deadline),
      );
    },
    describe: (item) => (item.kind === 'ticket' ? { ticket: item.ticketNumber, target: item.target } : { task: item.taskNumber }),
    checkEveryMs: options.checkEveryMs,
    log: options.log,
  });
}
