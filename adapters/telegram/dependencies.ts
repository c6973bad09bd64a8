// What the Telegram adapter needs from the rest of the system, as small interfaces. The composition root
// (infra/telegram.ts) binds them to the command service, the read models and the conversation state.
import type { Refusal } from '../../domain/shared/refusal.js';
import type { Role } from '../../domain/shared/values.js';
import type { ConversationState } from '../../application/ports/conversationState.js';
import type { ReadModels, StaffView } from '../../application/ports/readModels.js';
import type { Clock } from '../../application/ports/clock.js';
import type { HistoryQuery } from '../../application/history.js';
import type { OutgoingMessage, Delivery } from './sendQueue.js';

/** Who asks, and the id that makes a retried request apply once. */
export interface CommandMeta {
  commandId: string;
  actorId: string;
}

export type Outcome<Extra = object> = ({ ok: true } & Extra) | { ok: false; refusal: Refusal };

export interface PhotoRef {
  fileId: string;
  fileUniqueId: string;
}

/** The commands staff issue from Telegram; each is authorized by the command service on every call. */
export interface BotCommands {
  registerStaff(meta: CommandMeta, data: { fullName: string; username: string | null }): Promise<Outcome<{ approved: boolean }>>;
  approveStaff(meta: CommandMeta, telegramId: string, role: Role): Promise<Outcome>;
  changeStaffRole(meta: CommandMeta, telegramId: string, role: Role): Promise<Outcome>;
  deactivateStaff(meta: CommandMeta, telegramId: string, reason: string): Promise<Outcome>;
  markStaffUnreachable(telegramId: string, reason: string): Promise<Outcome>;

  openTicket(
    meta: CommandMeta,
    data: { title: string; description: string; category: string; location: string; photos: PhotoRef[] },
  ): Promise<Outcome<{ number: number }>>;
  takeTicket(meta: CommandMeta, number: number): Promise<Outcome>;
  commentTicket(meta: CommandMeta, number: number, text: string, photo: PhotoRef | null): Promise<Outcome>;
  changeTicketPriority(meta: CommandMeta, number: number, priority: string): Promise<Outcome>;
  resolveTicket(meta: CommandMeta, number: number, resolution: string): Promise<Outcome>;
  confirmResolution(meta: CommandMeta, number: number): Promise<Outcome>;
  reopenTicket(meta: CommandMeta, number: number, reason: string): Promise<Outcome>;
  cancelTicket(meta: CommandMeta, number: number, reason: string): Promise<Outcome>;

  assignTask(
    meta: CommandMeta,
    data: { assigneeId: string; title: string; description: string; deadline: string },
  ): Promise<Outcome<{ number: number }>>;
  acceptTask(meta: CommandMeta, number: number): Promise<Outcome>;
  completeTask(meta: CommandMeta, number: number, report: string, photo: PhotoRef | null): Promise<Outcome>;
  approveTask(meta: CommandMeta, number: number): Promise<Outcome>;
  returnTask(meta: CommandMeta, number: number, reason: string): Promise<Outcome>;
  extendDeadline(meta: CommandMeta, number: number, newDeadline: string, reason: string): Promise<Outcome>;
  cancelTask(meta: CommandMeta, number: number, reason: string): Promise<Outcome>;
}

export interface Outgoing {
  send(message: OutgoingMessage): Promise<Delivery>;
}

export interface BotLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** The single point where every update is measured (bot_requests_total, bot_latency_seconds, errors). */
export type ObserveUpdate = <T>(labels: { kind: string; command?: string }, handle: () => Promise<T>) => Promise<T>;

export interface BotDependencies {
  commands: BotCommands;
  /** The speaker as staff, from the authoritative source (the Staff stream), on every update. */
  whoIs(telegramId: string): Promise<StaffView | undefined>;
  read: ReadModels;
  history?: HistoryQuery;
  state: ConversationState;
  outgoing: Outgoing;
  clock: Clock;
  zone: string;
  categories: readonly string[];
  /** ADMIN_TELEGRAM_IDS: they hear of registrations even before they register themselves. */
  adminIds: readonly string[];
  log: BotLog;
  observe?: ObserveUpdate;
  /** Wizard drafts live this long (seconds). */
  draftTtlSeconds?: number;
  /**
   * Runs one update as one request of the application (SchoolCommands.withinRequest): the speaker's staff
   * record, read by whoIs, is the one the update's commands authorize against, not read a second time.
   */
  requestScope?: <T>(work: () => Promise<T>) => Promise<T>;
}
