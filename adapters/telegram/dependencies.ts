// What the Telegram adapter needs from the rest of the system, as small interfaces. The composition root
// (infra/telegram.ts) binds them to the command service, the read models and the conversation state.
import type { SchoolCommands } from '../../application/commands/schoolCommands.js';
import type { ConversationState } from '../../application/ports/conversationState.js';
import type { ReadModels } from '../../application/ports/readModels.js';
import type { Clock } from '../../application/ports/clock.js';
import type { HistoryQuery } from '../../application/history.js';
import type { OutgoingMessage, Delivery } from './sendQueue.js';
import type { SchoolCalendar } from '../../domain/calendar/index.js';
import type { Exporter } from '../../application/ports/export.js';

export interface Outgoing {
  send(message: OutgoingMessage): Promise<Delivery>;
}

/** Records what one update said in the outbox (keyed by the update) and sends it; resolves once it is durable. */
export interface ReplyRecorder {
  record(updateKey: string, messages: readonly OutgoingMessage[]): Promise<void>;
}

export interface BotLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** The single point where every update is measured (bot_requests_total, bot_latency_seconds, errors). */
export type ObserveUpdate = <T>(labels: { kind: string; command?: string }, handle: () => Promise<T>) => Promise<T>;

export interface BotDependencies {
  /**
   * The application's command service: `person` resolves the speaker once per update (from the Staff stream,
   * the authoritative source); the flows pass that Person to every command they issue.
   */
  school: SchoolCommands;
  read: ReadModels;
  history?: HistoryQuery;
  state: ConversationState;
  outgoing: Outgoing;
  /** The outbox for replies; without it (unit tests) replies go straight to `outgoing`. */
  replies?: ReplyRecorder;
  clock: Clock;
  zone: string;
  /** The school calendar (school days and hours, holidays, vacations) in `zone`. */
  calendar: SchoolCalendar;
  categories: readonly string[];
  /** REOPEN_DAYS: a closed ticket's Reopen is refused at the press once this has passed (the domain decides anyway). */
  reopenWindowMs?: number;
  /** ADMIN_TELEGRAM_IDS: they hear of registrations even before they register themselves. */
  adminIds: readonly string[];
  log: BotLog;
  observe?: ObserveUpdate;
  /** Wizard drafts live this long (seconds). */
  draftTtlSeconds?: number;
  /** /export: spreadsheets of tickets, tasks and KPI (absent: the command says it is unavailable). */
  exports?: Exporter;
}
