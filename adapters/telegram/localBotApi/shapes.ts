// The shapes the local Bot API keeps and answers with, and the small readers of Bot API payloads it shares
// with whoever reads its records back (the test suite's fake, the sandbox page).
import type { IncomingMessage } from 'node:http';

export interface RecordedCall {
  method: string;
  token: string;
  payload: Record<string, unknown>;
  /** Uploaded files by field name (multipart only): their names, sizes and bytes. */
  files: Record<string, { name: string; size: number; bytes?: Buffer }>;
  /** What the server answered: ok, or the error code. */
  status: 'ok' | number;
  at: number;
}

export interface InjectedFailure {
  code: 429 | 403 | 400 | 500 | 502;
  description?: string;
  retryAfter?: number;
  /** Fail only calls that match (default: any call of the method). */
  match?: (payload: Record<string, unknown>) => boolean;
  /** How many calls to fail (default 1). */
  times?: number;
}

/** A call held by `holdNext`: `arrived` resolves with it once accepted; `release` sends its answer. */
export interface HeldCall {
  arrived: Promise<RecordedCall>;
  release(): void;
}

export interface ChatUser {
  id: number;
  first_name: string;
  is_bot?: boolean;
}

export interface StoredMessage {
  message_id: number;
  chat: { id: number; type: string };
  text?: string;
  caption?: string;
  reply_markup?: unknown;
  /** A photo message: the file_id it was sent with (its words are a caption, edited by editMessageCaption). */
  photo?: string;
  /** A document message: the file_id Telegram gave the upload. */
  document?: string;
  /** A document's file name, when it was uploaded. */
  document_name?: string;
  message_thread_id?: number;
  /** Photos sent together (sendMediaGroup) share one. */
  media_group_id?: string;
  /** Who wrote it: a person (a message the local API received), or undefined for the bot's own. */
  from?: ChatUser;
  /** Unix seconds. */
  date?: number;
}

/** A photo or an album the bot sent (sendPhoto, sendMediaGroup), as a test reads it. */
export interface SentPhotos {
  method: 'sendPhoto' | 'sendMediaGroup';
  chatId: string;
  threadId: number | undefined;
  /** The file_ids sent, in order (one for sendPhoto; an uploaded file appears as `upload:<name>`). */
  fileIds: string[];
  caption: string | undefined;
  /** The callback data of its buttons (an album has none). */
  buttons: string[];
  /** The message ids Telegram answered with (one per photo of an album). */
  messageIds: number[];
}

/** A document the bot uploaded (sendDocument), as a test reads it back. */
export interface SentDocument {
  filename: string;
  bytes: Buffer;
  caption: string | undefined;
}

export interface RateLimits {
  perChatMs: number;
  globalPerSecond: number;
  toleranceMs: number;
}

/** A file the local API holds (an upload by the bot or by a person): served by getFile and its download path. */
export interface StoredFile {
  bytes: Buffer;
  name: string;
}

/** A command of a menu set with setMyCommands. */
export interface MenuCommand {
  command: string;
  description: string;
}

/** What changed in the local API's chats, for a live view of them (the sandbox page). */
export type ChatEvent =
  | { kind: 'message'; message: StoredMessage }
  | { kind: 'edit'; message: StoredMessage }
  | { kind: 'delete'; chatId: number; messageId: number }
  | { kind: 'menu'; chatId: number | undefined; commands: MenuCommand[] }
  | { kind: 'answer'; userId: number; text: string; showAlert: boolean };

export const DEFAULT_BOT = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: 'SchoolBot',
  username: 'school_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};

/** The methods Telegram's sending limits count. */
export const SEND_METHODS = new Set(['sendMessage', 'sendPhoto', 'sendMediaGroup', 'sendDocument']);

export const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export interface InputMedia {
  type?: unknown;
  media?: unknown;
  caption?: unknown;
}

/** The media of a sendMediaGroup call (JSON, or a multipart field holding JSON). */
export const mediaOf = (payload: Record<string, unknown>): InputMedia[] =>
  Array.isArray(payload.media) ? (payload.media as InputMedia[]) : [];

/** The caption of an album (on its first photo), when it has one. */
export function albumCaption(call: RecordedCall): string | undefined {
  if (call.method !== 'sendMediaGroup') return undefined;
  const caption = mediaOf(call.payload)[0]?.caption;
  return typeof caption === 'string' ? caption : undefined;
}

/** A photo as sent: its file_id, or `upload:<name>` for an uploaded file. */
export const fileIdOf = (photo: unknown, upload: { name: string } | undefined): string =>
  typeof photo === 'string' && !photo.startsWith('attach://') ? photo : `upload:${upload?.name ?? String(photo)}`;

export function callbackDataOf(markup: unknown): string[] {
  const rows = (markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  if (!Array.isArray(rows)) return [];
  return rows.flatMap((row: unknown) =>
    Array.isArray(row) ? row.map((b: { callback_data?: unknown }) => b.callback_data).filter((d): d is string => typeof d === 'string') : [],
  );
}
