// A fake Telegram Bot API on loopback: the bot reaches it through TELEGRAM_API_ROOT exactly as it reaches
// api.telegram.org (POST /bot<token>/<method>, JSON or multipart). It records every call, checks the limits
// Telegram enforces (callback data ≤ 64 bytes, text ≤ 4096, caption ≤ 1024), serves queued updates to
// getUpdates, and can be told to fail the next calls with 429, 403 or 5xx (or, with `enforceRateLimits`, to answer
// 429 to sends beyond 1 a second per chat and 30 a second in all, as Telegram does), or to hold the answer to one call
// (accepted and recorded, its HTTP response delayed) to open the window between Telegram accepting a message
// and the bot learning it did. Photos are kept by file_id (sendPhoto, sendMediaGroup answers an array of
// messages), a photo's words are its caption (editMessageText on it is refused as Telegram refuses it;
// editMessageCaption edits it); `photosSent` and `captionEdits` read them back.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  token: string;
  payload: Record<string, unknown>;
  /** Uploaded files by field name (multipart only): their names, sizes and bytes. */
  files: Record<string, { name: string; size: number; bytes?: Buffer }>;
  /** What the fake answered: ok, or the error code. */
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

interface PendingHold {
  method: string;
  match: ((payload: Record<string, unknown>) => boolean) | undefined;
  arrive(call: RecordedCall): void;
  released: Promise<void>;
  release(): void;
}

interface StoredMessage {
  message_id: number;
  chat: { id: number; type: string };
  text?: string;
  caption?: string;
  reply_markup?: unknown;
  /** A photo message: the file_id it was sent with (its words are a caption, edited by editMessageCaption). */
  photo?: string;
  /** A document message: the file_id Telegram gave the upload. */
  document?: string;
  message_thread_id?: number;
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

const DEFAULT_BOT = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: 'SchoolBot',
  username: 'school_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

interface InputMedia {
  type?: unknown;
  media?: unknown;
  caption?: unknown;
}

/** The media of a sendMediaGroup call (JSON, or a multipart field holding JSON). */
const mediaOf = (payload: Record<string, unknown>): InputMedia[] => (Array.isArray(payload.media) ? (payload.media as InputMedia[]) : []);

/** The caption of an album (on its first photo), when it has one. */
function albumCaption(call: RecordedCall): string | undefined {
  if (call.method !== 'sendMediaGroup') return undefined;
  const caption = mediaOf(call.payload)[0]?.caption;
  return typeof caption === 'string' ? caption : undefined;
}

/** A photo as sent: its file_id, or `upload:<name>` for an uploaded file. */
const fileIdOf = (photo: unknown, upload: { name: string } | undefined): string =>
  typeof photo === 'string' && !photo.startsWith('attach://') ? photo : `upload:${upload?.name ?? String(photo)}`;

function callbackDataOf(markup: unknown): string[] {
  const rows = (markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  if (!Array.isArray(rows)) return [];
  return rows.flatMap((row: unknown) =>
    Array.isArray(row) ? row.map((b: { callback_data?: unknown }) => b.callback_data).filter((d): d is string => typeof d === 'string') : [],
  );
}

export interface RateLimits {
  perChatMs: number;
  globalPerSecond: number;
  toleranceMs: number;
}

/** The methods Telegram's sending limits count. */
const SEND_METHODS = new Set(['sendMessage', 'sendPhoto', 'sendMediaGroup', 'sendDocument']);

export class FakeTelegram {
  readonly calls: RecordedCall[] = [];
  readonly bot = DEFAULT_BOT;
  private server: Server | undefined;
  private readonly failures = new Map<string, InjectedFailure[]>();
  private readonly messages = new Map<string, StoredMessage>();
  /** The message ids each successful send was answered with (an album has several). */
  private readonly answered = new Map<RecordedCall, number[]>();
  private nextMessageId = 1;
  private readonly updates: Array<{ update_id: number }> = [];
  private pollWaiters: Array<() => void> = [];
  private webhookUrl = '';
  private readonly listeners = new Set<() => void>();
  private readonly holds: PendingHold[] = [];
  private readonly releases = new Set<() => void>();
  private calling = 0;
  private limits: RateLimits | undefined;
  /** When each chat was last sent to, and the sends of the last second (with `enforceRateLimits`). */
  private readonly lastSendTo = new Map<string, number>();
  private recentSends: number[] = [];
  /** Sends refused with 429 because they broke the enforced limits. */
  rateLimited = 0;
  /** The same, by the limit broken. */
  readonly rateLimitedBy = { perChat: 0, global: 0 };

  /**
   * Answers 429 (retry_after 1) to a send that breaks Telegram's limits, as Telegram does: a second message to
   * one chat within `perChatMs` (1 s), or more than `globalPerSecond` (30) sends in any second. `toleranceMs`
   * forgives the jitter of loopback HTTP (the bot paces at its end, the fake measures at its own).
   */
  enforceRateLimits(limits: Partial<RateLimits> = {}): void {
    this.limits = { perChatMs: 1_000, globalPerSecond: 30, toleranceMs: 50, ...limits };
  }

  private breaksLimits(method: string, p: Record<string, unknown>, now: number): boolean {
    const limits = this.limits;
    if (!limits || !SEND_METHODS.has(method)) return false;
    const chat = String(p.chat_id);
    const window = 1_000 - limits.toleranceMs;
    this.recentSends = this.recentSends.filter((at) => now - at < window);
    const last = this.lastSendTo.get(chat);
    const perChat = last !== undefined && now - last < limits.perChatMs - limits.toleranceMs;
    const global = this.recentSends.length >= limits.globalPerSecond;
    if (perChat || global) {
      this.rateLimited += 1;
      if (perChat) this.rateLimitedBy.perChat += 1;
      else this.rateLimitedBy.global += 1;
      return true;
    }
    this.lastSendTo.set(chat, now);
    this.recentSends.push(now);
    return false;
  }

  /** Starts listening on a free loopback port and returns the apiRoot to configure. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ ok: false, error_code: 500, description: String(error) }));
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.apiRoot;
  }

  get apiRoot(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('fake Telegram is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    for (const release of [...this.releases]) release();
    for (const wake of this.pollWaiters) wake();
    this.pollWaiters = [];
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  /** The next call(s) of `method` fail as described. */
  failNext(method: string, failure: InjectedFailure): void {
    const list = this.failures.get(method) ?? [];
    list.push({ times: 1, ...failure });
    this.failures.set(method, list);
  }

  /**
   * The next call of `method` (matching `match`, when given) is accepted and recorded as Telegram would (a
   * message is stored and counts as delivered), but its HTTP answer waits until `release()` (or `stop()`).
   */
  holdNext(method: string, match?: (payload: Record<string, unknown>) => boolean): HeldCall {
    let arrive!: (call: RecordedCall) => void;
    const arrived = new Promise<RecordedCall>((resolve) => (arrive = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const hold: PendingHold = { method, match, arrive, released, release };
    const releaseOnce = () => {
      this.releases.delete(releaseOnce);
      const index = this.holds.indexOf(hold);
      if (index >= 0) this.holds.splice(index, 1);
      release();
    };
    this.releases.add(releaseOnce);
    this.holds.push(hold);
    return { arrived, release: releaseOnce };
  }

  /** Queues an update for getUpdates (long polling). */
  queueUpdate<U extends { update_id: number }>(update: U): void {
    this.updates.push(update);
    for (const wake of this.pollWaiters) wake();
    this.pollWaiters = [];
  }

  /** Calls received and not yet answered (a held call among them). */
  get inProgress(): number {
    return this.calling;
  }

  get currentWebhook(): string {
    return this.webhookUrl;
  }

  /** Successful calls of one method (optionally to one chat). */
  successful(method: string, chatId?: number | string): RecordedCall[] {
    return this.calls.filter(
      (c) => c.method === method && c.status === 'ok' && (chatId === undefined || String(c.payload.chat_id) === String(chatId)),
    );
  }

  /** Texts (and captions) delivered to a chat, in order. */
  textsTo(chatId: number | string): string[] {
    return this.calls
      .filter((c) => c.status === 'ok' && String(c.payload.chat_id) === String(chatId))
      .filter((c) => ['sendMessage', 'editMessageText', 'sendPhoto', 'editMessageCaption', 'sendDocument'].includes(c.method) || albumCaption(c) !== undefined)
      .map((c) => String(c.payload.text ?? c.payload.caption ?? albumCaption(c) ?? ''));
  }

  /** Photos and albums sent (to one chat, when given), in order, with their file_ids, topic and buttons. */
  photosSent(chatId?: number | string): SentPhotos[] {
    return this.calls
      .filter((c) => c.status === 'ok' && (c.method === 'sendPhoto' || c.method === 'sendMediaGroup'))
      .filter((c) => chatId === undefined || String(c.payload.chat_id) === String(chatId))
      .map((c) => {
        const album = c.method === 'sendMediaGroup' ? mediaOf(c.payload) : [];
        return {
          method: c.method as SentPhotos['method'],
          chatId: String(c.payload.chat_id),
          threadId: typeof c.payload.message_thread_id === 'number' ? c.payload.message_thread_id : undefined,
          fileIds: c.method === 'sendPhoto' ? [fileIdOf(c.payload.photo, c.files.photo)] : album.map((m) => fileIdOf(m.media, undefined)),
          caption: c.method === 'sendPhoto' ? (typeof c.payload.caption === 'string' ? c.payload.caption : undefined) : albumCaption(c),
          buttons: callbackDataOf(c.payload.reply_markup),
          messageIds: this.answered.get(c) ?? [],
        };
      });
  }

  /** Captions edited in a chat (editMessageCaption), in order: the message id and the new caption. */
  captionEdits(chatId: number | string): Array<{ messageId: number; caption: string; buttons: string[] }> {
    return this.successful('editMessageCaption', chatId).map((c) => ({
      messageId: Number(c.payload.message_id),
      caption: String(c.payload.caption ?? ''),
      buttons: callbackDataOf(c.payload.reply_markup),
    }));
  }

  /** The fake's copy of one message as it stands now (edits applied), or undefined. */
  messageIn(chatId: number | string, messageId: number): Readonly<StoredMessage> | undefined {
    const message = this.messages.get(`${String(chatId)}:${messageId}`);
    return message && { ...message };
  }

  /**
   * The command menus set (setMyCommands), oldest first: for one private chat (`scope: chat`), or the default
   * scope when `chatId` is omitted. Each menu is its list of command names.
   */
  commandMenus(chatId?: number | string): string[][] {
    return this.successful('setMyCommands')
      .filter((c) => {
        const scope = c.payload.scope as { type?: string; chat_id?: number | string } | undefined;
        return chatId === undefined ? !scope || scope.type === 'default' : scope?.type === 'chat' && String(scope.chat_id) === String(chatId);
      })
      .map((c) => (c.payload.commands as Array<{ command: string }>).map((command) => command.command));
  }

  /** The last message with buttons sent to a chat, and its callback data. */
  lastButtons(chatId: number | string): string[] {
    for (let i = this.calls.length - 1; i >= 0; i -= 1) {
      const call = this.calls[i]!;
      if (call.status !== 'ok' || String(call.payload.chat_id) !== String(chatId)) continue;
      const data = callbackDataOf(call.payload.reply_markup);
      if (data.length > 0) return data;
    }
    return [];
  }

  /** Documents sent to a chat (sendDocument uploads), in order: the file's name and bytes, and the caption. */
  documentsSent(chatId: number | string): SentDocument[] {
    return this.successful('sendDocument', chatId).map((c) => ({
      filename: c.files.document?.name ?? String(c.payload.document ?? ''),
      bytes: c.files.document?.bytes ?? Buffer.alloc(0),
      caption: typeof c.payload.caption === 'string' ? c.payload.caption : undefined,
    }));
  }

  /** Resolves once `predicate` holds (checked after every call), or rejects after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Telegram: timed out waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.calling += 1;
    try {
      await this.handleCall(req, res, performance.now());
    } finally {
      this.calling -= 1;
    }
  }

  /** `arrivedAt`: when the request reached the fake (the rate limits are judged by it, not by when its body was read). */
  private async handleCall(req: IncomingMessage, res: ServerResponse, arrivedAt: number): Promise<void> {
    const match = /^\/bot([^/]+)\/(?:test\/)?([A-Za-z]+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const body = await readBody(req);
    if (!match) return this.send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token = '', method = ''] = match;
    const { payload, files } = await this.parse(req, body);
    const call: RecordedCall = { method, token, payload, files, status: 'ok', at: Date.now() };
    this.calls.push(call);
    const hold = this.takeHold(method, payload);
    const answer = this.breaksLimits(method, payload, arrivedAt)
      ? { status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } } }
      : await this.answer(method, payload, call);
    call.status = answer.status === 200 ? 'ok' : answer.status;
    if (hold) {
      for (const listener of [...this.listeners]) listener();
      hold.arrive(call);
      await hold.released;
    }
    // The caller may be gone by now (a held call's bot was killed): writing to a closed socket is harmless.
    this.send(res, answer.status, answer.body);
    for (const listener of [...this.listeners]) listener();
  }

  private takeHold(method: string, payload: Record<string, unknown>): PendingHold | undefined {
    const index = this.holds.findIndex((h) => h.method === method && (!h.match || h.match(payload)));
    if (index < 0) return undefined;
    const [hold] = this.holds.splice(index, 1);
    return hold;
  }

  private async parse(req: IncomingMessage, body: Buffer) {
    const type = req.headers['content-type'] ?? '';
    const files: RecordedCall['files'] = {};
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(body, { headers: { 'content-type': type } }).formData();
      const payload: Record<string, unknown> = {};
      for (const [key, value] of form.entries()) {
        if (typeof value === 'string') payload[key] = tryJson(value);
        else files[key] = { name: value.name, size: value.size, bytes: Buffer.from(await value.arrayBuffer()) };
      }
      return { payload, files };
    }
    const text = body.toString('utf8');
    return { payload: (text ? JSON.parse(text) : {}) as Record<string, unknown>, files };
  }

  private takeFailure(method: string, payload: Record<string, unknown>): InjectedFailure | undefined {
    const list = this.failures.get(method);
    const index = list?.findIndex((f) => !f.match || f.match(payload)) ?? -1;
    if (!list || index < 0) return undefined;
    const failure = list[index]!;
    failure.times = (failure.times ?? 1) - 1;
    if (failure.times <= 0) list.splice(index, 1);
    return failure;
  }

  private async answer(method: string, p: Record<string, unknown>, call: RecordedCall): Promise<{ status: number; body: unknown }> {
    const error = (status: number, description: string, parameters?: unknown) => ({
      status,
      body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
    });
    const ok = (result: unknown) => ({ status: 200, body: { ok: true, result } });

    const failure = this.takeFailure(method, p);
    if (failure) {
      const defaults: Record<number, string> = {
        429: `Too Many Requests: retry after ${failure.retryAfter ?? 1}`,
        403: 'Forbidden: bot was blocked by the user',
        400: 'Bad Request',
        500: 'Internal Server Error',
        502: 'Bad Gateway',
      };
      return error(
        failure.code,
        failure.description ?? defaults[failure.code] ?? 'error',
        failure.code === 429 ? { retry_after: failure.retryAfter ?? 1 } : undefined,
      );
    }
    if (callbackDataOf(p.reply_markup).some((d) => d.length === 0 || Buffer.byteLength(d) > 64)) {
      return error(400, 'Bad Request: BUTTON_DATA_INVALID');
    }
    if (typeof p.text === 'string' && (p.text.length > 4096 || p.text.trim() === '')) {
      return error(400, p.text.trim() === '' ? 'Bad Request: message text is empty' : 'Bad Request: message is too long');
    }
    if (typeof p.caption === 'string' && p.caption.length > 1024) return error(400, 'Bad Request: message caption is too long');

    const chat = { id: Number(p.chat_id), type: Number(p.chat_id) < 0 ? 'supergroup' : 'private' };
    const thread = typeof p.message_thread_id === 'number' ? { message_thread_id: p.message_thread_id } : {};
    const store = (message: Omit<StoredMessage, 'message_id' | 'chat'>) => {
      const stored: StoredMessage = { message_id: this.nextMessageId++, chat, ...thread, ...message };
      this.messages.set(`${chat.id}:${stored.message_id}`, stored);
      this.answered.set(call, [...(this.answered.get(call) ?? []), stored.message_id]);
      return { ...stored, date: Math.floor(Date.now() / 1000) };
    };
    const photoSizes = (fileId: string) => [{ file_id: fileId, file_unique_id: `u-${fileId}`, width: 1, height: 1 }];
    switch (method) {
      case 'getMe':
        return ok(this.bot);
      case 'sendMessage':
        return ok(store({ text: String(p.text), reply_markup: p.reply_markup }));
      case 'sendPhoto': {
        // A file_id is kept as sent; an upload gets one, as Telegram gives it.
        const fileId = typeof p.photo === 'string' && !p.photo.startsWith('attach://') ? p.photo : `photo-${this.nextMessageId}`;
        const sent = store({ caption: typeof p.caption === 'string' ? p.caption : undefined, reply_markup: p.reply_markup, photo: fileId });
        return ok({ ...sent, photo: photoSizes(fileId) });
      }
      case 'sendDocument': {
        const upload = call.files.document;
        const fileId = typeof p.document === 'string' && !p.document.startsWith('attach://') ? p.document : `document-${this.nextMessageId}`;
        const sent = store({ caption: typeof p.caption === 'string' ? p.caption : undefined, reply_markup: p.reply_markup, document: fileId });
        return ok({ ...sent, document: { file_id: fileId, file_unique_id: `u-${fileId}`, file_name: upload?.name, file_size: upload?.size } });
      }
      case 'sendMediaGroup': {
        const media = mediaOf(p);
        if (media.length < 2 || media.length > 10) return error(400, 'Bad Request: wrong number of media in the album');
        if (media.some((m) => typeof m.caption === 'string' && m.caption.length > 1024)) return error(400, 'Bad Request: message caption is too long');
        const group = `album-${this.nextMessageId}`;
        return ok(
          media.map((m) => {
            const fileId = String(m.media);
            const sent = store({ caption: typeof m.caption === 'string' ? m.caption : undefined, photo: fileId });
            return { ...sent, media_group_id: group, photo: photoSizes(fileId) };
          }),
        );
      }
      case 'editMessageText':
      case 'editMessageCaption':
      case 'editMessageReplyMarkup': {
        const key = `${chat.id}:${String(p.message_id)}`;
        const existing = this.messages.get(key);
        if (!existing) return error(400, 'Bad Request: message to edit not found');
        if (method === 'editMessageText') {
          if (existing.text === undefined) return error(400, 'Bad Request: there is no text in the message to edit');
          existing.text = String(p.text);
        }
        if (method === 'editMessageCaption') {
          if (existing.photo === undefined) return error(400, 'Bad Request: there is no caption in the message to edit');
          existing.caption = typeof p.caption === 'string' ? p.caption : undefined;
        }
        existing.reply_markup = p.reply_markup;
        return ok({ ...existing, date: Math.floor(Date.now() / 1000) });
      }
      case 'answerCallbackQuery':
        if (typeof p.text === 'string' && p.text.length > 200) return error(400, 'Bad Request: MESSAGE_TOO_LONG');
        return ok(true);
      case 'setWebhook':
        this.webhookUrl = String(p.url ?? '');
        return ok(true);
      case 'deleteWebhook':
        this.webhookUrl = '';
        return ok(true);
      case 'getWebhookInfo':
        return ok({ url: this.webhookUrl, has_custom_certificate: false, pending_update_count: 0 });
      case 'setMyCommands':
      case 'deleteMyCommands':
      case 'sendChatAction':
      case 'deleteMessage':
        return ok(true);
      case 'getFile':
        return ok({ file_id: p.file_id, file_unique_id: `u-${String(p.file_id)}`, file_size: 1, file_path: `photos/${String(p.file_id)}.jpg` });
      case 'getUpdates':
        return ok(await this.serveUpdates(p, call));
      default:
        return error(404, `Not Found: method ${method} is not faked`);
    }
  }

  private async serveUpdates(p: Record<string, unknown>, call: RecordedCall) {
    const offset = Number(p.offset ?? 0);
    const pending = () => this.updates.filter((u) => u.update_id >= offset);
    // Telegram forgets updates below the offset the client confirmed.
    for (let i = this.updates.length - 1; i >= 0; i -= 1) if (this.updates[i]!.update_id < offset) this.updates.splice(i, 1);
    if (pending().length === 0 && Number(p.timeout ?? 0) > 0 && this.server) {
      // Long poll, but never longer than a second so a stopping bot is not held up.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(Number(p.timeout) * 1000, 1000));
        this.pollWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    call.at = Date.now();
    return pending().slice(0, Number(p.limit ?? 100));
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  }
}
