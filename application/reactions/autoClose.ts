// Auto-close: a resolved ticket whose author neither confirms nor reopens it closes itself AUTO_CLOSE_DAYS
// after its resolution (TicketClosed { auto: true }). Built like the deadline watcher: a reaction keeps the
// schedule of resolved tickets (in its own checkpoint's transaction), and a timer on the Clock asks the domain
// to close those resolved long enough ago. The command is idempotent: its id derives from the ticket and the
// resolution it answers, it appends with an expected revision, and the domain closes only a resolved ticket
// whose time has come — so a crash, a restart or a second worker never closes one twice, and a ticket reopened
// (or resolved again) since the schedule was read is refused rather than closed.
import { uuidV5 } from '../eventIds.js';
import type { Clock } from '../ports/clock.js';
import { domainEventOf } from '../recordedEvents.js';
import type { SqlQueryable } from '../ports/sql.js';
import type { ConsumerLog } from '../consumers/checkpointedConsumer.js';
import type { Reaction } from './reaction.js';
import type { RunningTimer } from './scheduleTimer.js';
import { startScheduleTimer } from './scheduleTimer.js';

export interface ResolvedTicket {
  ticketNumber: number;
  resolvedAt: Date;
}

/** The schedule, bound to a transaction by `scheduleFor`. */
export interface AutoCloseScheduleWriter {
  resolved(ticketNumber: number, resolvedAt: string): Promise<void>;
  /** Closed, reopened or cancelled: nothing to close any more. */
  forget(ticketNumber: number): Promise<void>;
}

export interface AutoCloseSchedule {
  scheduleFor(tx: SqlQueryable): AutoCloseScheduleWriter;
  /** Tickets resolved at or before `cutoff`, earliest first. */
  resolvedBy(cutoff: Date, limit: number): Promise<ResolvedTicket[]>;
  /** The earliest resolution after `cutoff`, if any. */
  firstResolvedAfter(cutoff: Date): Promise<Date | undefined>;
}

const SCHEDULED_EVENT_TYPES = ['TicketResolved', 'TicketClosed', 'TicketReopened', 'TicketCancelled'] as const;

export function autoCloseScheduleReaction(schedule: AutoCloseSchedule): Reaction {
  return {
    name: 'auto-close',
    eventTypes: SCHEDULED_EVENT_TYPES,
    async handle(recorded, { tx }) {
      const event = domainEventOf(recorded, SCHEDULED_EVENT_TYPES);
      if (!event) return;
      const writer = schedule.scheduleFor(tx);
      if (event.type === 'TicketResolved') return writer.resolved(event.data.number, event.data.resolvedAt);
      return writer.forget(event.data.number);
    },
  };
}

/** A uuid derived from the ticket and its resolution: closing one resolution is always the same command. */
const autoCloseCommandId = (ticket: ResolvedTicket): string =>
  uuidV5(`AutoCloseTicket:${ticket.ticketNumber}:${ticket.resolvedAt.toISOString()}`);

export interface AutoCloseTimerOptions {
  schedule: AutoCloseSchedule;
  clock: Clock;
  /** The policy's autoCloseAfterMs (AUTO_CLOSE_DAYS): the domain refuses to close any sooner. */
  closeAfterMs: number;
  /** Runs AutoCloseTicket through the command handler with this command id (idempotent, see above). */
  autoClose(ticket: ResolvedTicket, commandId: string, now: Date): Promise<void>;
  /** The longest sleep between checks; the timer wakes earlier when the next ticket comes due. */
  checkEveryMs?: number;
  log?: ConsumerLog;
}

export function startAutoCloseTimer(options: AutoCloseTimerOptions): RunningTimer {
  const cutoffAt = (now: Date) => new Date(now.getTime() - options.closeAfterMs);
  return startScheduleTimer({
    name: 'autoClose',
    clock: options.clock,
    due: (now, limit) => options.schedule.resolvedBy(cutoffAt(now), limit),
    nextDueAt: async (now) => {
      const next = await options.schedule.firstResolvedAfter(cutoffAt(now));
      return next && new Date(next.getTime() + options.closeAfterMs);
    },
    act: (ticket, now) => options.autoClose(ticket, autoCloseCommandId(ticket), now),
    describe: (ticket) => ({ ticket: ticket.ticketNumber }),
    checkEveryMs: options.checkEveryMs,
    log: options.log,
  });
}
