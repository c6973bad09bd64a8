// The worker: while this instance holds the leader lock it runs the projectors (rebuilding any whose version
// changed), the reactions and the scheduled ones' timers (the deadline watcher, auto-close); when the lock is
// lost it stops them and stands by.
import type { FastifyInstance } from 'fastify';
import { createSchoolCommands } from '../application/commands/schoolCommands.js';
import { SCHEDULER } from '../application/people.js';
import type { Clock } from '../application/ports/clock.js';
import { systemClock } from '../application/ports/clock.js';
import { randomIds } from '../application/ports/ids.js';
import type { GaugeQueries, ReadModels } from '../application/ports/readModels.js';
import { registerAuditApi } from '../adapters/http/auditApi.js';
import { historyLinesIn } from '../adapters/telegram/historyLines.js';
import { sqlReadModels } from '../adapters/postgres/readModels/index.js';
import type { Config } from './config.js';
import { schoolPolicyOf } from './config.js';
import type { SchoolCalendar } from '../domain/calendar/index.js';
import { openStores } from './openStores.js';
import type { EventStore } from '../application/ports/eventStore.js';
import type { SqlExecutor } from '../application/ports/sql.js';
import type { ConsumerLog, RunningConsumer } from '../application/consumers/checkpointedConsumer.js';
import type { Reaction } from '../application/reactions/reaction.js';
import { startReaction } from '../application/reactions/reaction.js';
import type { WatchedDeadline } from '../application/reactions/deadlineWatcher.js';
import { deadlineScheduleReaction, startDeadlineTimer } from '../application/reactions/deadlineWatcher.js';
import type { ResolvedTicket } from '../application/reactions/autoClose.js';
import { autoCloseScheduleReaction, startAutoCloseTimer } from '../application/reactions/autoClose.js';
import type { RunningTimer } from '../application/reactions/scheduleTimer.js';
import { sqlAutoCloseSchedule } from '../adapters/postgres/readModels/autoCloseSchedule.js';
import { sqlWaitingSchedule } from '../adapters/postgres/readModels/waitingSchedule.js';
import type { WaitingPolicy, WaitingTicket } from '../application/reactions/waitingWatcher.js';
import { startWaitingTimer, waitingScheduleReaction } from '../application/reactions/waitingWatcher.js';
import { postgresLeaderLock } from '../adapters/postgres/readModels/advisoryLock.js';
import { sqlCheckpointStore } from '../adapters/postgres/readModels/checkpointStore.js';
import { sqlDeadlineSchedule } from '../adapters/postgres/readModels/deadlineSchedule.js';
import { sqlSlaSchedule } from '../adapters/postgres/readModels/slaSchedule.js';
import type { TicketEscalation } from '../application/reactions/slaWatcher.js';
import { slaScheduleReaction, startSlaTimer } from '../application/reactions/slaWatcher.js';
import type { SchoolPolicy } from '../domain/shared/policy.js';
import { afterSchoolTime } from '../domain/shared/policy.js';
import type { Priority } from '../domain/shared/values.js';
import type { SlaQueries } from '../application/sla/slaFigures.js';
import { sqlOutboxWriter } from '../adapters/postgres/readModels/outbox.js';
import { allProjectors } from '../projections/index.js';
import type { LeaderLock } from '../application/ports/leaderLock.js';
import { soleLeaderLock } from '../adapters/memory/soleLeaderLock.js';
import type { RowProjector } from '../projections/projector.js';
import type { RebuildProgress } from '../projections/rebuild.js';
import { startProjections } from '../projections/runner.js';
import { roundTheClockCalendar } from '../domain/calendar/index.js';
import { recurrenceScheduleReaction, startRecurrenceTimer } from '../application/reactions/recurrenceWatcher.js';
import { sqlRecurrenceSchedule } from '../adapters/postgres/readModels/recurrenceSchedule.js';

/** A worker that lost the lock (or failed) waits this long before asking for it again. */
const STANDBY_RETRY_MS = 2_000;

export interface WorkerLog extends ConsumerLog {
  error(object: object, message: string): void;
}

export interface WorkerDeps {
  store: EventStore;
  /** The read-model database. */
  sql: SqlExecutor;
  clock: Clock;
  log: WorkerLog;
  lock: LeaderLock;
  /** Appends TaskDeadlineMissed through the command service (idempotent by `commandId`); omitted: no watcher. */
  markDeadlineMissed?(deadline: WatchedDeadline, commandId: string): Promise<unknown>;
  /** Closes resolved tickets `afterMs` after their resolution (idempotent by `commandId`); omitted: no auto-close. */
  autoClose?: {
    afterMs: number;
    close(ticket: ResolvedTicket, commandId: string): Promise<unknown>;
  };
  /**
   * Reminds the author of an unanswered question and then closes the ticket, on the school calendar (idempotent
   * by `commandId`); omitted: no watcher.
   */
  waitingOnAuthor?: {
    policy: WaitingPolicy;
    remind(ticket: WaitingTicket, commandId: string): Promise<unknown>;
    close(ticket: WaitingTicket, commandId: string): Promise<unknown>;
  };
  /** The school calendar; without one (tests not about the calendar) every moment is school time. */
  calendar?: SchoolCalendar;
  /** The escalation ladder (SLA watcher); omitted: no escalations. */
  escalation?: {
    policy: SchoolPolicy;
    escalateTicket(escalation: TicketEscalation, commandId: string): Promise<unknown>;
    escalateTask(escalation: { number: number; deadline: string; notified: string[] }, commandId: string): Promise<unknown>;
  };
  /** Issues a recurring order's due occurrences through the command service (idempotent); omitted: no recurrences. */
  issueRecurrence?(recurrenceId: string): Promise<unknown>;
  /** Further reactions (notifications), each with its own checkpoint. */
  reactions?: readonly Reaction[];
  projectors?: readonly RowProjector[];
  batchSize?: number;
  /** The longest sleep of the scheduled reactions' timers between checks. */
  deadlineCheckMs?: number;
  retryDelayMs?: number;
  onRebuildProgress?(progress: RebuildProgress): void;
  /** Told when this instance becomes (true) or stops being (false) the active worker. */
  onLeadership?(leader: boolean): void;
  /** The worker asks for the lock only once this settles (the process is listening); omitted: at once. */
  startAfter?: Promise<unknown>;
}

export interface RunningWorker {
  isLeader(): boolean;
  stop(): Promise<void>;
}

/** The lock fitting the read-model database: an advisory lock on PostgreSQL, none needed on PGlite. */
function workerLockFor(sql: SqlExecutor, databaseUrl: string | undefined, instanceId: string): LeaderLock {
  if (sql.dialect === 'pglite' || !databaseUrl) return soleLeaderLock;
  return postgresLeaderLock({ connectionString: databaseUrl, applicationName: `schoolbot-worker-lock ${instanceId}`.slice(0, 63) });
}

async function startLeaderParts(deps: WorkerDeps) {
  const checkpoints = sqlCheckpointStore(deps.sql);
  const projections = await startProjections({
    store: deps.store,
    sql: deps.sql,
    checkpoints,
    projectors: deps.projectors ?? allProjectors,
    log: deps.log,
    batchSize: deps.batchSize,
    retryDelayMs: deps.retryDelayMs,
    onRebuildProgress: deps.onRebuildProgress,
  });
  const reactionDeps = {
    store: deps.store,
    checkpoints,
    outboxFor: sqlOutboxWriter,
    clock: deps.clock,
    log: deps.log,
    retryDelayMs: deps.retryDelayMs,
  };
  const consumers: RunningConsumer[] = [];
  // The scheduled reactions: each keeps its schedule through a reaction and acts on it from a timer.
  const timers: RunningTimer[] = [];
  const timerDeps = { clock: deps.clock, log: deps.log, checkEveryMs: deps.deadlineCheckMs };
  const markMissed = deps.markDeadlineMissed;
  if (markMissed) {
    const schedule = sqlDeadlineSchedule(deps.sql);
    consumers.push(startReaction(deadlineScheduleReaction(schedule), reactionDeps));
    timers.push(startDeadlineTimer({ ...timerDeps, schedule, markMissed: (due, id) => markMissed(due, id).then(() => undefined) }));
  }
  const autoClose = deps.autoClose;
  if (autoClose) {
    const schedule = sqlAutoCloseSchedule(deps.sql);
    consumers.push(startReaction(autoCloseScheduleReaction(schedule), reactionDeps));
    const close = (ticket: ResolvedTicket, id: string) => autoClose.close(ticket, id).then(() => undefined);
    timers.push(startAutoCloseTimer({ ...timerDeps, schedule, closeAfterMs: autoClose.afterMs, autoClose: close }));
  }
  const waiting = deps.waitingOnAuthor;
  if (waiting) {
    const schedule = sqlWaitingSchedule(deps.sql);
    consumers.push(startReaction(waitingScheduleReaction(schedule, waiting.policy), reactionDeps));
    timers.push(
      startWaitingTimer({
        ...timerDeps,
        schedule,
        remind: (ticket, id) => waiting.remind(ticket, id).then(() => undefined),
        close: (ticket, id) => waiting.close(ticket, id).then(() => undefined),
      }),
    );
  }
  const escalation = deps.escalation;
  if (escalation) {
    const { policy } = escalation;
    const schedule = sqlSlaSchedule(deps.sql);
    const taskEscalateAt = (deadline: string) => afterSchoolTime(policy.calendar, deadline, policy.taskEscalateAfter);
    consumers.push(startReaction(slaScheduleReaction(schedule, taskEscalateAt), reactionDeps));
    const read = sqlReadModels(deps.sql);
    const priorities = (Object.keys(policy.sla) as Priority[]).filter((priority) => policy.sla[priority].escalate);
    timers.push(
      startSlaTimer({
        ...timerDeps,
        schedule,
        priorities,
        leadsOf: async (category) => (await read.staffLeading(category)).map((lead) => lead.telegramId),
        directors: async () => (await read.staffByRole(['director'])).map((director) => director.telegramId),
        escalateTicket: (item, id) => escalation.escalateTicket(item, id).then(() => undefined),
        escalateTask: (item, id) => escalation.escalateTask(item, id).then(() => undefined),
      }),
    );
  }
  const issueRecurrence = deps.issueRecurrence;
  if (issueRecurrence) {
    const schedule = sqlRecurrenceSchedule(deps.sql);
    consumers.push(startReaction(recurrenceScheduleReaction(schedule, deps.calendar ?? roundTheClockCalendar('Europe/Moscow')), reactionDeps));
    timers.push(startRecurrenceTimer({ ...timerDeps, schedule, issue: (id) => issueRecurrence(id).then(() => undefined) }));
  }
  for (const reaction of deps.reactions ?? []) consumers.push(startReaction(reaction, reactionDeps));
  return {
    async stop() {
      await Promise.all(timers.map((timer) => timer.stop()));
      await Promise.all([projections.stop(), ...consumers.map((consumer) => consumer.stop())]);
    },
  };
}

export function startWorker(deps: WorkerDeps): RunningWorker {
  let leader = false;
  let stopped = false;
  let signalStop: () => void = () => {};
  const stopRequested = new Promise<void>((resolve) => (signalStop = resolve));

  const run = async () => {
    // Catching up on a long log keeps an embedded database busy: the bot starts and answers /readyz first.
    if (deps.startAfter) await Promise.race([deps.startAfter.catch(() => undefined), stopRequested]);
    while (!stopped) {
      const held = await deps.lock.acquire();
      if (!held) return;
      if (stopped) {
        await held.release();
        return;
      }
      let parts: Awaited<ReturnType<typeof startLeaderParts>> | undefined;
      try {
        deps.log.info({}, 'this worker holds the worker lock: running projections and reactions');
        leader = true;
        deps.onLeadership?.(true);
        parts = await startLeaderParts(deps);
        await Promise.race([held.lost, stopRequested]);
      } catch (error) {
        deps.log.error({ err: error }, 'the worker failed; releasing the lock and retrying');
      } finally {
        await parts?.stop().catch(() => undefined);
        leader = false;
        deps.onLeadership?.(false);
      }
      await held.release();
      if (!stopped) {
        deps.log.warn({}, 'lost the worker lock (or failed); standing by');
        await Promise.race([new Promise((resolve) => setTimeout(resolve, deps.retryDelayMs ?? STANDBY_RETRY_MS)), stopRequested]);
      }
    }
  };
  const done = run();
  return {
    isLeader: () => leader,
    async stop() {
      stopped = true;
      signalStop();
      await deps.lock.close();
      await done;
    },
  };
}

export interface ReadSideRoleDeps {
  http: FastifyInstance;
  log: WorkerLog;
  clock?: Clock;
  /** The observability hook that exports the projection gauges (infra/observability.ts). */
  exportProjectionGauges?(queries: GaugeQueries, clock: Clock): void;
  /** The observability hook that exports the SLA metrics (infra/observability.ts). */
  exportSlaMetrics?(queries: SlaQueries, clock: Clock, calendar: SchoolCalendar): void;
  /** Wraps the store the worker appends through (the deadline watcher), so its appends are timed too. */
  instrumentStore?(store: EventStore): EventStore;
  /** The school calendar as configured (infra/schoolCalendar.ts). */
  calendar: SchoolCalendar;
  /** The worker starts once this settles (the HTTP server listens); omitted: at once. */
  workerStartsAfter?: Promise<unknown>;
}

export interface RunningReadSide {
  store: EventStore;
  sql: SqlExecutor;
  readModels: ReadModels;
  worker?: RunningWorker;
  stop(): Promise<void>;
}

/**
 * What `schoolbot start` needs of the read side: the event store and read-model database (opened once, for
 * every part of this process), the gauges, the audit API when AUDIT_API_TOKEN is set, and — for the worker
 * and all roles — the worker behind the lock, with the deadline watcher marking through the domain.
 */
export async function startReadSide(config: Config, deps: ReadSideRoleDeps): Promise<RunningReadSide> {
  const clock = deps.clock ?? systemClock;
  // A pool for the projectors' and reactions' transactions, the bot's queries and appends at once.
  const side = await openStores(config, {
    applicationName: `schoolbot ${config.BOT_ROLE} ${config.BOT_INSTANCE_ID}`.slice(0, 63),
    maxConnections: 12,
    onConnectionError: (error) => deps.log.warn({ err: error }, 'postgresql dropped a connection under a transaction; it is discarded'),
  });
  const readModels = sqlReadModels(side.sql);
  deps.exportProjectionGauges?.(readModels, clock);
  deps.exportSlaMetrics?.(readModels, clock, deps.calendar);
  if (config.AUDIT_API_TOKEN) registerAuditApi(deps.http, { store: side.store, token: config.AUDIT_API_TOKEN, describe: historyLinesIn(config.SCHOOL_TIMEZONE) });
  else deps.log.info({}, 'AUDIT_API_TOKEN is not set: the audit API (/api/…/history) is off');
  let worker: RunningWorker | undefined;
  if (config.BOT_ROLE !== 'bot') {
    const policy = schoolPolicyOf(config, deps.calendar);
    const commands = createSchoolCommands({
      eventStore: deps.instrumentStore ? deps.instrumentStore(side.store) : side.store,
      clock,
      ids: randomIds,
      adminIds: config.ADMIN_TELEGRAM_IDS,
      policy,
    });
    worker = startWorker({
      store: side.store,
      sql: side.sql,
      clock,
      log: deps.log,
      lock: workerLockFor(side.sql, side.databaseUrl, config.BOT_INSTANCE_ID),
      calendar: deps.calendar,
      ...(deps.workerStartsAfter ? { startAfter: deps.workerStartsAfter } : {}),
      markDeadlineMissed: async (due, commandId) => {
        const result = await commands.markDeadlineMissed(SCHEDULER, { number: due.taskNumber }, { commandId, source: 'scheduler' });
        if (!result.ok) deps.log.info({ task: due.taskNumber, result }, 'the deadline watcher was refused (already recorded or no longer due)');
      },
      escalation: {
        policy,
        escalateTicket: async (item, commandId) => {
          const result = await commands.escalateTicket(SCHEDULER, item, { commandId, source: 'scheduler' });
          if (!result.ok) deps.log.info({ ticket: item.number, result }, 'the SLA watcher was refused (already escalated, taken or moved)');
        },
        escalateTask: async (item, commandId) => {
          const result = await commands.escalateTask(SCHEDULER, item, { commandId, source: 'scheduler' });
          if (!result.ok) deps.log.info({ task: item.number, result }, 'the SLA watcher was refused (already escalated or done)');
        },
      },
      autoClose: {
        afterMs: policy.autoCloseAfterMs,
        close: async (ticket, commandId) => {
          const result = await commands.autoCloseTicket(SCHEDULER, { number: ticket.ticketNumber }, { commandId, source: 'scheduler' });
          if (!result.ok) deps.log.info({ ticket: ticket.ticketNumber, result }, 'auto-close was refused (already closed, reopened or not due)');
        },
      },
      issueRecurrence: (recurrenceId) => commands.issueDueOccurrences(SCHEDULER, { recurrenceId }),
      waitingOnAuthor: {
        policy,
        remind: async (ticket, commandId) => {
          const result = await commands.remindTicketAuthor(SCHEDULER, { number: ticket.ticketNumber }, { commandId, source: 'scheduler' });
          if (!result.ok) deps.log.info({ ticket: ticket.ticketNumber, result }, 'the reminder to the author was refused (answered, already sent or not due)');
        },
        close: async (ticket, commandId) => {
          const result = await commands.closeUnansweredTicket(SCHEDULER, { number: ticket.ticketNumber }, { commandId, source: 'scheduler' });
          if (!result.ok) deps.log.info({ ticket: ticket.ticketNumber, result }, 'closing an unanswered ticket was refused (answered or not due)');
        },
      },
    });
  }
  return {
    store: side.store,
    sql: side.sql,
    readModels,
    worker,
    async stop() {
      await worker?.stop();
      await side.close();
    },
  };
}
