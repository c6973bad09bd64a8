// The sandbox's web chat (/sandbox): a page where a person plays the school's staff against the local Bot API
// (adapters/telegram/localBotApi/) — writes, presses buttons, sends photos, sees the bot's messages, edits,
// photos, albums, documents and command menus live over Server-Sent Events. Answered to loopback callers only
// unless the operator opts in (SANDBOX_PUBLIC=on); infra/sandbox.ts registers it only when the sandbox runs.
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** What the page needs of the local Bot API. */
export interface SandboxChats {
  userMessage(message: { chatId: number; from: { id: number; first_name: string }; text?: string; photo?: string; caption?: string; threadId?: number }): unknown;
  userPress(press: { chatId: number; from: { id: number; first_name: string }; messageId: number; data: string }): boolean;
  messagesIn(chatId: number): unknown[];
  menuOf(chatId: number): unknown[];
  putFile(bytes: Buffer, name: string): string;
  file(fileId: string): { bytes: Buffer; name: string } | undefined;
  subscribe(listener: (event: unknown) => void): () => void;
}

/** A person the page offers to play. */
export interface Persona {
  id: number;
  name: string;
  /** In Russian: «директор», «новый человек». */
  roleLabel: string;
}

export interface SandboxPage {
  chats: SandboxChats;
  /** Everyone to pick: the sandbox admin, the school's staff, the people added on the page. */
  people(): Promise<Persona[]>;
  /** Adds a person (not yet registered) by name. */
  addPerson(name: string): Persona;
  /** The technicians' group and its forum topics. */
  techChat: { id: number; title: string; topics: Array<{ id: number; name: string }> };
  /** Fills an empty school with demo data; a refusal's message is shown as it is. */
  fillDemo(): Promise<{ ok: true; summary: string } | { ok: false; message: string }>;
  /** Loopback callers only unless false. */
  loopbackOnly: boolean;
}

const ASSETS = new URL('./assets/', import.meta.url);
/** A build without the page's files (dist/ holds only compiled code): the page says so instead of failing the start. */
const MISSING = Buffer.from('The sandbox page is not part of this build: run SchoolBot from its sources (npm start).');
const asset = (name: string): { body: Buffer; found: boolean } => {
  try {
    return { body: readFileSync(new URL(name, ASSETS)), found: true };
  } catch {
    return { body: MISSING, found: false };
  }
};
const PHOTO_LIMIT = 10 * 1_048_576;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const numberOf = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && value !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
};

export function registerSandboxPage(http: FastifyInstance, page: SandboxPage): void {
  const files = { html: asset('page.html'), js: asset('page.js'), css: asset('page.css') };
  // Live streams end before the server closes (it waits for open connections).
  const streams = new Set<() => void>();
  http.addHook('preClose', (done) => {
    for (const end of [...streams]) end();
    done();
  });
  void http.register(
    (app, _options, done) => {
      app.addHook('onRequest', async (request, reply) => {
        if (page.loopbackOnly && !LOOPBACK.has(request.socket.remoteAddress ?? '')) {
          await reply.code(404).send({ error: 'Not Found' });
        }
      });
      app.addContentTypeParser(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: PHOTO_LIMIT }, (_req, body, next) =>
        next(null, body),
      );
      const html = (reply: FastifyReply) =>
        files.html.found
          ? reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(files.html.body)
          : reply.code(503).type('text/plain; charset=utf-8').send(files.html.body);
      app.get('/', (_request, reply) => html(reply));
      app.get('/page.js', (_request, reply) => reply.type('text/javascript; charset=utf-8').send(files.js.body));
      app.get('/page.css', (_request, reply) => reply.type('text/css; charset=utf-8').send(files.css.body));

      app.get('/api/state', async () => ({ people: await page.people(), techChat: page.techChat }));
      app.get<{ Params: { chatId: string } }>('/api/chat/:chatId', async (request, reply) => {
        const chatId = numberOf(request.params.chatId);
        if (chatId === undefined) return reply.code(400).send({ error: 'chat id' });
        return { messages: page.chats.messagesIn(chatId), menu: page.chats.menuOf(chatId) };
      });
      app.post('/api/people', async (request, reply) => {
        const name = isRecord(request.body) && typeof request.body.name === 'string' ? request.body.name.trim().slice(0, 64) : '';
        if (name === '') return reply.code(400).send({ error: 'name' });
        return page.addPerson(name);
      });
      app.post('/api/send', async (request, reply) => {
        const body = isRecord(request.body) ? request.body : {};
        const from = await personOf(page, body.from);
        const chatId = numberOf(body.chatId);
        const text = typeof body.text === 'string' ? body.text : '';
        if (!from || chatId === undefined || text.trim() === '') return reply.code(400).send({ error: 'from, chatId, text' });
        const threadId = numberOf(body.threadId);
        return page.chats.userMessage({ chatId, from, text, ...(threadId !== undefined ? { threadId } : {}) });
      });
      app.post('/api/photo', async (request: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply) => {
        const query = request.query;
        const from = await personOf(page, query.from);
        const chatId = numberOf(query.chatId);
        if (!from || chatId === undefined || !Buffer.isBuffer(request.body) || request.body.length === 0) {
          return reply.code(400).send({ error: 'from, chatId and an image body' });
        }
        const photo = page.chats.putFile(request.body, query.name ?? 'photo.jpg');
        const threadId = numberOf(query.threadId);
        const caption = query.caption?.trim();
        return page.chats.userMessage({ chatId, from, photo, ...(caption ? { caption } : {}), ...(threadId !== undefined ? { threadId } : {}) });
      });
      app.post('/api/press', async (request, reply) => {
        const body = isRecord(request.body) ? request.body : {};
        const from = await personOf(page, body.from);
        const chatId = numberOf(body.chatId);
        const messageId = numberOf(body.messageId);
        if (!from || chatId === undefined || messageId === undefined || typeof body.data !== 'string') return reply.code(400).send({ error: 'press' });
        return page.chats.userPress({ chatId, from, messageId, data: body.data }) ? { ok: true } : reply.code(404).send({ error: 'message' });
      });
      app.post('/api/demo', async (_request, reply) => {
        const result = await page.fillDemo();
        return result.ok ? result : reply.code(409).send(result);
      });
      app.get<{ Params: { fileId: string }; Querystring: { download?: string } }>('/files/:fileId', (request, reply) => {
        const file = page.chats.file(request.params.fileId);
        if (!file) return reply.code(404).send({ error: 'file' });
        const type = /\.png$/i.test(file.name) ? 'image/png' : /\.jpe?g$/i.test(file.name) ? 'image/jpeg' : 'application/octet-stream';
        if (request.query.download !== undefined) {
          void reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
        }
        return reply.type(type).header('cache-control', 'private, max-age=3600').send(file.bytes);
      });
      app.get('/events', (request, reply) => {
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
        raw.write('retry: 1000\n\n');
        const stop = page.chats.subscribe((event) => raw.write(`data: ${JSON.stringify(event)}\n\n`));
        const beat = setInterval(() => raw.write(': ping\n\n'), 15_000);
        const end = () => {
          streams.delete(end);
          clearInterval(beat);
          stop();
          raw.end();
        };
        streams.add(end);
        request.raw.on('close', end);
      });
      done();
    },
    { prefix: '/sandbox' },
  );
}

async function personOf(page: SandboxPage, id: unknown): Promise<{ id: number; first_name: string } | undefined> {
  const wanted = numberOf(id);
  if (wanted === undefined) return undefined;
  const person = (await page.people()).find((p) => p.id === wanted);
  return person ? { id: person.id, first_name: person.name } : undefined;
}
