// A local Telegram Bot API on loopback: the bot reaches it through TELEGRAM_API_ROOT exactly as it reaches
// api.telegram.org (POST /bot<token>/<method>, JSON or multipart; GET /file/bot<token>/<path> for a file's
// bytes). It is the sandbox's Telegram (infra/sandbox.ts) and the test suite's (tests/support/fakeTelegram.ts).
//
// It records every call, checks the limits Telegram enforces (callback data ≤ 64 bytes, text ≤ 4096, caption
// ≤ 1024), serves queued updates to getUpdates, and can be told to fail the next calls with 429, 403 or 5xx (or,
// with `enforceRateLimits`, to answer 429 to sends beyond 1 a second per chat and 30 a second in all, as
// Telegram does), or to hold the answer to one call (accepted and recorded, its HTTP response delayed) to open
// the window between Telegram accepting a message and the bot learning it did. Photos are kept by file_id
// (sendPhoto, sendMediaGroup answers an array of messages), a photo's words are its caption (editMessageText on
// it is refused as Telegram refuses it; editMessageCaption edits it). Uploaded files are kept with their bytes.
// People's messages and button presses enter through `userMessage` and `userPress`, which keep them in the
// chat and queue the update; `subscribe` hears every change of a chat (the sandbox page's live view).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  albumCaption,
  callbackDataOf,
  DEFAULT_BOT,
  fileIdOf,
  mediaOf,
  readBody,
  SEND_METHODS,
  tryJson,
  type ChatEvent,
  type ChatUser,
  type HeldCall,
  type InjectedFailure,
  type MenuCommand,
  type RateLimits,
  type RecordedCall,
  type SentDocument,
  type SentPhotos,
  type StoredFile,
  type StoredMessage,
} from './shapes.js';

interface PendingHold {
  method: string;
  match: ((payload: Record<string, unknown>) => boolean) | undefined;
  arrive(call: RecordedCall): void;
  released: Promise<void>;
  release(): void;
}

type Answer = { status: number; body: unknown };

const error = (status: number, description: string, parameters?: unknown): Answer => ({
  status,
  body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
});
const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });
const nowSeconds = () => Math.floor(Date.now() / 1000);
const chatOf = (id: number) => ({ id, type: id < 0 ? 'supergroup' : 'private' });

export interface LocalBotApiOptions {
  /** The host to listen on (loopback unless told). */
  host?: string;
  /**
   * What it keeps, at most (unset: everything, as the tests read it). The sandbox runs for as long as the
   * process does and a school's bot sends thousands of messages a week: without bounds it would keep every one.
   */
  keep?: {
    /** Messages per chat, the newest (older ones can no longer be edited or pressed, as after a chat is cleared). */
    messagesPerChat: number;
    /** Recorded calls, the newest. */
    calls: number;
    /** Uploaded files with their bytes, the newest. */
    files: number;
  };
}

/** A message a person writes (through the sandbox page or a test). */
export interface UserMessage {
  chatId: number;
  from: ChatUser;
  text?: string;
  /** The file_id of a photo (one `putFile` returned, or any id). */
  photo?: string;
  caption?: string;
  /** The forum topic, in a group with topics. */
  threadId?: number;
}

export class LocalBotApi {
  readonly calls: RecordedCall[] = [];
  readonly bot = DEFAULT_BOT;
  private server: Server | undefined;
  private readonly failures = new Map<string, InjectedFailure[]>();
  private readonly messages = new Map<string, StoredMessage>();
  /** With `keep`: each chat's message keys, oldest first. */
  private readonly chatMessages = new Map<number, string[]>();
  /** The message ids each successful send was answered with (an album has several). */
  private readonly answered = new Map<RecordedCall, number[]>();
  private nextMessageId = 1;
  private nextUpdateId = 1;
  private nextFileId = 1;
  private readonly updates: Array<{ update_id: number }> = [];
  private pollWaiters: Array<() => void> = [];
  private webhookUrl = '';
  private readonly listeners = new Set<() => void>();
  private readonly subscribers = new Set<(event: ChatEvent) => void>();
  private readonly holds: PendingHold[] = [];
  private readonly releases = new Set<() => void>();
  private readonly files = new Map<string, StoredFile>();
  /** The last menu set per private chat (key: chat id) and the default one (key: 'default'). */
  private readonly menus = new Map<string, MenuCommand[]>();
  /** Who pressed each button (callback query id → user id): the answer's toast is theirs. */
  private readonly pressedBy = new Map<string, number>();
  private calling = 0;
  private limits: RateLimits | undefined;
  /** When each chat was last sent to, and the sends of the last second (with `enforceRateLimits`). */
  private readonly lastSendTo = new Map<string, number>();
  private recentSends: number[] = [];
  /** Sends refused with 429 because they broke the enforced limits. */
  rateLimited = 0;
  /** The same, by the limit broken. */
  readonly rateLimitedBy = { perChat: 0, global: 0 };

  constructor(private readonly options: LocalBotApiOptions = {}) {}

  /** Keeps a message in its chat (the oldest of the chat forgotten beyond `keep.messagesPerChat`). */
  private keepMessage(stored: StoredMessage): void {
    const key = `${stored.chat.id}:${stored.message_id}`;
    this.messages.set(key, stored);
    const limit = this.options.keep?.messagesPerChat;
    if (limit === undefined) return;
    const keys = this.chatMessages.get(stored.chat.id) ?? [];
    keys.push(key);
    this.chatMessages.set(stored.chat.id, keys);
    if (keys.length > limit) for (const old of keys.splice(0, keys.length - limit)) this.messages.delete(old);
  }

  /** Records a call (the oldest forgotten beyond `keep.calls`, in bulk so that recording stays cheap). */
  private keepCall(call: RecordedCall): void {
    this.calls.push(call);
    const limit = this.options.keep?.calls;
    if (limit === undefined || this.calls.length <= limit + Math.ceil(limit / 4)) return;
    for (const old of this.calls.splice(0, this.calls.length - limit)) this.answered.delete(old);
  }

  /** Keeps an uploaded file (the oldest forgotten beyond `keep.files`). */
  private keepFile(fileId: string, file: StoredFile): void {
    this.files.set(fileId, file);
    const limit = this.options.keep?.files;
    if (limit === undefined) return;
    for (const old of this.files.keys()) {
      if (this.files.size <= limit) break;
      this.files.delete(old);
    }
  }

  /**
   * Answers 429 (retry_after 1) to a send that breaks Telegram's limits, as Telegram does: a second message to
   * one chat within `perChatMs` (1 s), or more than `globalPerSecond` (30) sends in any second. `toleranceMs`
   * forgives the jitter of loopback HTTP (the bot paces at its end, the server measures at its own).
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
      void this.handle(req, res).catch((failure: unknown) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ ok: false, error_code: 500, description: String(failure) }));
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, this.options.host ?? '127.0.0.1', resolve));
    return this.apiRoot;
  }

  get apiRoot(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('the local Bot API is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Whether it is listening. */
  get listening(): boolean {
    return this.server?.listening === true;
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

  /** Hears every change of every chat; returns the way to stop hearing. */
  subscribe(listener: (event: ChatEvent) => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  private emit(event: ChatEvent): void {
    for (const subscriber of [...this.subscribers]) subscriber(event);
  }

  /** Keeps a file a person sends (a photo from disk) and returns its file_id. */
  putFile(bytes: Buffer, name: string): string {
    const fileId = `file-${this.nextFileId++}-${name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40)}`;
    this.keepFile(fileId, { bytes, name });
    return fileId;
  }

  /** A file the local API holds (uploaded by the bot or a person), by file_id. */
  file(fileId: string): StoredFile | undefined {
    return this.files.get(fileId);
  }

  /** A person writes to a chat: the message is kept in it and its update queued for the bot. */
  userMessage(message: UserMessage): StoredMessage {
    const chat = chatOf(message.chatId);
    const stored: StoredMessage = {
      message_id: this.nextMessageId++,
      chat,
      from: message.from,
      date: nowSeconds(),
      ...(message.threadId !== undefined ? { message_thread_id: message.threadId } : {}),
      ...(message.text !== undefined ? { text: message.text } : {}),
      ...(message.photo !== undefined ? { photo: message.photo } : {}),
      ...(message.caption !== undefined ? { caption: message.caption } : {}),
    };
    this.keepMessage(stored);
    this.emit({ kind: 'message', message: { ...stored } });
    const file = message.photo === undefined ? undefined : this.files.get(message.photo);
    this.queueUpdate({
      update_id: this.nextUpdateId++,
      message: {
        message_id: stored.message_id,
        date: stored.date,
        chat: chat.type === 'private' ? { ...chat, first_name: message.from.first_name } : { ...chat, title: 'Группа', is_forum: true },
        from: { is_bot: false, ...message.from },
        ...(message.threadId !== undefined ? { message_thread_id: message.threadId, is_topic_message: true } : {}),
        ...(message.text !== undefined ? { text: message.text } : {}),
        ...(message.photo !== undefined
          ? { photo: [{ file_id: message.photo, file_unique_id: `u-${message.photo}`, width: 800, height: 600, file_size: file?.bytes.length ?? 1 }] }
          : {}),
        ...(message.caption !== undefined ? { caption: message.caption } : {}),
      },
    });
    return { ...stored };
  }

  /** A person presses a button of a message: the callback query is queued; false when there is no such message. */
  userPress(press: { chatId: number; from: ChatUser; messageId: number; data: string }): boolean {
    const message = this.messages.get(`${press.chatId}:${press.messageId}`);
    if (!message) return false;
    const id = `cq${this.nextUpdateId}`;
    this.pressedBy.set(id, press.from.id);
    const { from: author, ...shown } = message;
    this.queueUpdate({
      update_id: this.nextUpdateId++,
      callback_query: {
        id,
        from: { is_bot: false, ...press.from },
        chat_instance: `ci${press.chatId}`,
        data: press.data,
        message: { ...shown, from: author ?? this.bot, date: message.date ?? nowSeconds() },
      },
    });
    return true;
  }

  /** The messages of a chat as they stand now, oldest first (a person's and the bot's). */
  messagesIn(chatId: number): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.chat.id === chatId).map((m) => ({ ...m }));
  }

  /** The command menu a private chat sees now: its own (scope chat), else the default one. */
  menuOf(chatId: number): MenuCommand[] {
    return this.menus.get(String(chatId)) ?? this.menus.get('default') ?? [];
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

  /** The copy of one message as it stands now (edits applied), or undefined. */
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

  /** `arrivedAt`: when the request reached the server (the rate limits are judged by it, not by when its body was read). */
  private async handleCall(req: IncomingMessage, res: ServerResponse, arrivedAt: number): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = await readBody(req);
    const download = /^\/file\/bot[^/]+\/files\/([^/]+)$/.exec(path);
    if (download) return this.download(res, decodeURIComponent(download[1] ?? ''));
    const match = /^\/bot([^/]+)\/(?:test\/)?([A-Za-z]+)$/.exec(path);
    if (!match) return this.send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token = '', method = ''] = match;
    const { payload, files } = await this.parse(req, body);
    const call: RecordedCall = { method, token, payload, files, status: 'ok', at: Date.now() };
    this.keepCall(call);
    const hold = this.takeHold(method, payload);
    const answer = this.breaksLimits(method, payload, arrivedAt)
      ? error(429, 'Too Many Requests: retry after 1', { retry_after: 1 })
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

  private download(res: ServerResponse, fileId: string): void {
    const file = this.files.get(fileId);
    if (!file) return this.send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    res.statusCode = 200;
    res.setHeader('content-type', 'application/octet-stream');
    res.end(file.bytes);
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

  /** An upload's file_id (kept with its bytes), or the file_id the call named. */
  private fileIdFor(value: unknown, upload: { name: string; bytes?: Buffer } | undefined, kind: string): string {
    if (typeof value === 'string' && !value.startsWith('attach://')) return value;
    const fileId = `${kind}-${this.nextMessageId}`;
    if (upload?.bytes) this.keepFile(fileId, { bytes: upload.bytes, name: upload.name });
    return fileId;
  }

  private store(call: RecordedCall, chat: { id: number; type: string }, thread: number | undefined, message: Omit<StoredMessage, 'message_id' | 'chat'>) {
    const stored: StoredMessage = {
      message_id: this.nextMessageId++,
      chat,
      ...(thread !== undefined ? { message_thread_id: thread } : {}),
      ...message,
      date: nowSeconds(),
    };
    this.keepMessage(stored);
    this.answered.set(call, [...(this.answered.get(call) ?? []), stored.message_id]);
    this.emit({ kind: 'message', message: { ...stored } });
    return { ...stored, from: this.bot };
  }

  private refused(p: Record<string, unknown>): Answer | undefined {
    if (callbackDataOf(p.reply_markup).some((d) => d.length === 0 || Buffer.byteLength(d) > 64)) {
      return error(400, 'Bad Request: BUTTON_DATA_INVALID');
    }
    if (typeof p.text === 'string' && (p.text.length > 4096 || p.text.trim() === '')) {
      return error(400, p.text.trim() === '' ? 'Bad Request: message text is empty' : 'Bad Request: message is too long');
    }
    if (typeof p.caption === 'string' && p.caption.length > 1024) return error(400, 'Bad Request: message caption is too long');
    return undefined;
  }

  private injected(failure: InjectedFailure): Answer {
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

  private async answer(method: string, p: Record<string, unknown>, call: RecordedCall): Promise<Answer> {
    const failure = this.takeFailure(method, p);
    if (failure) return this.injected(failure);
    const refused = this.refused(p);
    if (refused) return refused;

    const chat = chatOf(Number(p.chat_id));
    const thread = typeof p.message_thread_id === 'number' ? p.message_thread_id : undefined;
    const caption = typeof p.caption === 'string' ? p.caption : undefined;
    const photoSizes = (fileId: string) => [{ file_id: fileId, file_unique_id: `u-${fileId}`, width: 1, height: 1 }];
    switch (method) {
      case 'getMe':
        return ok(this.bot);
      case 'sendMessage':
        return ok(this.store(call, chat, thread, { text: String(p.text), reply_markup: p.reply_markup }));
      case 'sendPhoto': {
        // A file_id is kept as sent; an upload gets one, as Telegram gives it.
        const fileId = this.fileIdFor(p.photo, call.files.photo, 'photo');
        const sent = this.store(call, chat, thread, { caption, reply_markup: p.reply_markup, photo: fileId });
        return ok({ ...sent, photo: photoSizes(fileId) });
      }
      case 'sendDocument': {
        const upload = call.files.document;
        const fileId = this.fileIdFor(p.document, upload, 'document');
        const name = upload?.name ?? this.files.get(fileId)?.name;
        const sent = this.store(call, chat, thread, { caption, reply_markup: p.reply_markup, document: fileId, ...(name ? { document_name: name } : {}) });
        return ok({ ...sent, document: { file_id: fileId, file_unique_id: `u-${fileId}`, file_name: upload?.name, file_size: upload?.size } });
      }
      case 'sendMediaGroup':
        return this.sendMediaGroup(p, call, chat, thread);
      case 'editMessageText':
      case 'editMessageCaption':
      case 'editMessageReplyMarkup':
        return this.edit(method, p, chat);
      case 'answerCallbackQuery':
        if (typeof p.text === 'string' && p.text.length > 200) return error(400, 'Bad Request: MESSAGE_TOO_LONG');
        this.answerPress(p);
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
        this.setMenu(p);
        return ok(true);
      case 'deleteMessage': {
        const key = `${chat.id}:${String(p.message_id)}`;
        if (this.messages.delete(key)) this.emit({ kind: 'delete', chatId: chat.id, messageId: Number(p.message_id) });
        return ok(true);
      }
      case 'deleteMyCommands':
      case 'sendChatAction':
        return ok(true);
      case 'getFile': {
        const fileId = String(p.file_id);
        const file = this.files.get(fileId);
        return ok({
          file_id: fileId,
          file_unique_id: `u-${fileId}`,
          file_size: file?.bytes.length ?? 1,
          file_path: file ? `files/${encodeURIComponent(fileId)}` : `photos/${fileId}.jpg`,
        });
      }
      case 'getUpdates':
        return ok(await this.serveUpdates(p, call));
      default:
        return error(404, `Not Found: method ${method} is not faked`);
    }
  }

  private sendMediaGroup(p: Record<string, unknown>, call: RecordedCall, chat: { id: number; type: string }, thread: number | undefined): Answer {
    const media = mediaOf(p);
    if (media.length < 2 || media.length > 10) return error(400, 'Bad Request: wrong number of media in the album');
    if (media.some((m) => typeof m.caption === 'string' && m.caption.length > 1024)) return error(400, 'Bad Request: message caption is too long');
    const group = `album-${this.nextMessageId}`;
    return ok(
      media.map((m) => {
        const fileId = String(m.media);
        const sent = this.store(call, chat, thread, { caption: typeof m.caption === 'string' ? m.caption : undefined, photo: fileId, media_group_id: group });
        return { ...sent, media_group_id: group, photo: [{ file_id: fileId, file_unique_id: `u-${fileId}`, width: 1, height: 1 }] };
      }),
    );
  }

  private edit(method: string, p: Record<string, unknown>, chat: { id: number; type: string }): Answer {
    const existing = this.messages.get(`${chat.id}:${String(p.message_id)}`);
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
    this.emit({ kind: 'edit', message: { ...existing } });
    return ok({ ...existing, from: this.bot, date: nowSeconds() });
  }

  private answerPress(p: Record<string, unknown>): void {
    const userId = this.pressedBy.get(String(p.callback_query_id));
    this.pressedBy.delete(String(p.callback_query_id));
    if (userId !== undefined && typeof p.text === 'string' && p.text !== '') {
      this.emit({ kind: 'answer', userId, text: p.text, showAlert: p.show_alert === true });
    }
  }

  private setMenu(p: Record<string, unknown>): void {
    const scope = p.scope as { type?: string; chat_id?: number | string } | undefined;
    const commands = Array.isArray(p.commands)
      ? (p.commands as Array<{ command?: unknown; description?: unknown }>).map((c) => ({ command: String(c.command), description: String(c.description ?? '') }))
      : [];
    const chatId = scope?.type === 'chat' ? Number(scope.chat_id) : undefined;
    if (scope && scope.type !== 'default' && chatId === undefined) return;
    this.menus.set(chatId === undefined ? 'default' : String(chatId), commands);
    this.emit({ kind: 'menu', chatId, commands });
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
