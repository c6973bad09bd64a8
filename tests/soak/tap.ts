// Between each process and the fake Bot API: a pass-through that records every message Telegram accepted,
// with the process that sent it and when. The fake alone cannot tell the bot's sends from the worker's (one
// token), and a duplicate is excused only when it was in flight at a kill of the process that sent it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Sender = 'bot' | 'worker';

export interface SentMessage {
  via: Sender;
  method: string;
  chatId: string;
  text: string;
  /** The callback data of its buttons. */
  buttons: string[];
  /** When the sender asked (ms): a kill after this and before the answer left it in flight. */
  requestedAt: number;
  /** When Telegram accepted it (ms). */
  at: number;
}

const SENDS = new Set(['sendMessage', 'editMessageText']);

/** Every accepted message, in order, and per chat for the people waiting on their replies. */
export class SentLog {
  readonly all: SentMessage[] = [];
  private readonly byChat = new Map<string, SentMessage[]>();

  add(message: SentMessage): void {
    this.all.push(message);
    const list = this.byChat.get(message.chatId) ?? [];
    list.push(message);
    this.byChat.set(message.chatId, list);
  }

  to(chatId: string): readonly SentMessage[] {
    return this.byChat.get(chatId) ?? [];
  }
}

function buttonsOf(markup: unknown): string[] {
  const rows = (markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? [];
  return rows.flat().flatMap((button) => (button.callback_data ? [button.callback_data] : []));
}

/** A recording pass-through to `upstream` (the fake's API root) for one sender; its own API root. */
export async function startTap(upstream: string, via: Sender, log: SentLog): Promise<{ apiRoot: string; stop(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const requestedAt = Date.now();
      const method = (req.url ?? '').split('/').at(-1) ?? '';
      void (async () => {
        try {
          const answer = await fetch(`${upstream}${req.url ?? ''}`, {
            method: req.method ?? 'POST',
            headers: req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {},
            ...(body.length > 0 ? { body } : {}),
          });
          const text = await answer.text();
          if (SENDS.has(method) && answer.ok && (req.headers['content-type'] ?? '').includes('json')) {
            const payload = JSON.parse(body.toString()) as Record<string, unknown>;
            log.add({
              via,
              method,
              chatId: String(payload.chat_id),
              text: String(payload.text ?? ''),
              buttons: buttonsOf(payload.reply_markup),
              requestedAt,
              at: Date.now(),
            });
          }
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(text);
        } catch {
          res.writeHead(502).end();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
