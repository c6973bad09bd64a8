// Waiting on the author (issue 14, item 5): a ticket whose author does not answer a question is reminded of it
// WAITING_REMIND_DAYS school days later, and closes itself WAITING_CLOSE_DAYS school days after that (as K-12
// helpdesks such as Incident IQ do). Built like auto-close: a reaction keeps the schedule (in its checkpoint's
// transaction), and a timer on the Clock asks the domain to remind or to close what has come due. Each command
// is idempotent: its id derives from the ticket and the question it answers, it appends with an expected
// revision, and the domain reminds once per question and closes only a ticket still waiting whose time has come.
import type { WaitingRules } from '../../domain/index.js';
import { waitingReminderDue } from '../../domain/index.js';
import { uuidV5 } from '../eventIds.js';
import type { Clock } from '../ports/clock.js';
import { domainEventOf } from '../recordedEvents.js';
import type { SqlQueryable } from '../ports/sql.js';
import type { ConsumerLog } from '../consumers/checkpointedConsumer.js';
import type { Reaction } from './reaction.js';
import type { RunningTimer } from './scheduleTimer.js';
import { startScheduleTimer } from './scheduleTimer.js';

/** What the schedule needs of the school's rules: the calendar and the two numbers of school days. */
export type WaitingPolicy = WaitingRules;

export interface WaitingTicket {
  ticketNumber: number;
  askedAt: Date;
  /** What comes next: the reminder, or (after it) the close. */
  stage: 'remind' | 'close';
  dueAt: Date;
}

/** The schedule, bound to a transaction by `scheduleFor`. */
export interface WaitingScheduleWriter {
  asked(ticketNumber: number, askedAt: string, remindAt: string): Promise<void>;
  reminded(ticketNumber: number, closeAt: string): Promise<void>;
  /** Answered, resumed, closed or cancelled: nothing to remind or close any more. */
  forget(ticketNumber: number): Promise<void>;
}

export interface WaitingSchedule {
  scheduleFor(tx: SqlQueryable): WaitingScheduleWriter;
  /** Tickets whose next step is due at or before `now`, earliest first. */
  dueBy(now: Date, limit: number): Promise<WaitingTicket[]>;
  /** The earliest step due after `now`, if any. */
  firstDueAfter(now: Date): Promise<Date | undefined>;
}

const SCHEDULED_EVENT_TYPES = ['TicketInfoRequested', 'TicketInfoReminded', 'TicketInfoProvided', 'TicketClosed', 'TicketCancelled'] as const;

export function waitingScheduleReaction(schedule: WaitingSchedule, policy: WaitingPolicy): Reaction {
  return {
    name: 'waiting-on-author',
    eventTypes: SCHEDULED_EVENT_TYPES,
    async handle(recorded, { tx }) {
      const event = domainEventOf(recorded, SCHEDULED_EVENT_TYPES);
      if (!event) return;
      const writer = schedule.scheduleFor(tx);
      switch (event.type) {
        case 'TicketInfoRequested': {
          const { number, askedAt } = event.data;
          return writer.asked(number, askedAt, waitingReminderDue(policy, askedAt));
        }
        case 'TicketInfoReminded':
          return writer.reminded(event.data.number, event.data.closesAt);
        default:
          return writer.forget(event.data.number);
      }
    },
  };
}

/** A uuid derived from the ticket, its question and the step: each step of one wait is always the same command. */
export const waitingCommandId = (ticket: Pick<WaitingTicket, 'ticketNumber' | 'askedAt' | 'stage'>): string =>
  uuidV5(`${ticket.stage === 'remind' ? 'RemindTicketAuthor' : 'CloseUnansweredTicket'}:${ticket.ticketNumber}:${ticket.askedAt.toISOString()}`);

export interface WaitingTimerOptions {
  schedule: WaitingSchedule;
  clock: Clock;
  /** Runs RemindTicketAuthor through the command handler with this command id. */
  remind(ticket: WaitingTicket, commandId: string): Promise<void>;
  /** Runs CloseUnansweredTicket through the command handler with this command id. */
  close(ticket: WaitingTicket, commandId: string): Promise<void>;
  checkEveryMs?: number;
  log?: ConsumerLog;
}

export function startWaitingTimer(options: WaitingTimerOptions): RunningTimer {
  return startScheduleTimer({
    name: 'waitingOnAuthor',
    clock: options.clock,
    due: (now, limit) => options.schedule.dueBy(now, limit),
    nextDueAt: (now) => options.schedule.firstDueAfter(now),
    act: (ticket) => (ticket.stage === 'remind' ? options.remind : options.close)(ticket, waitingCommandId(ticket)),
    describe: (ticket) => ({ ticket: ticket.ticketNumber, stage: ticket.stage }),
    checkEveryMs: options.checkEveryMs,
    log: options.log,
  });
}
