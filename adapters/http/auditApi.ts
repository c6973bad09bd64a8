// The auditors' HTTP API: GET /api/tickets/:number/history and /api/tasks/:number/history with a bearer
// token (AUDIT_API_TOKEN). The body is exactly what `schoolbot history … --json` prints: each entry's
// `summary` comes from `describe` (the Russian lines, which infra/ takes from the Telegram adapter).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EventStore } from '../../application/ports/eventStore.js';
import type { DescribeHistoryEntry, HistoryKind } from '../../application/history.js';
import { historyJson, replayHistory } from '../../application/history.js';

export interface AuditApiOptions {
  store: EventStore;
  token: string;
  /** One line in words per entry: the JSON's `summary`. */
  describe: DescribeHistoryEntry;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!.trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function registerAuditApi(http: FastifyInstance, options: AuditApiOptions): void {
  const route = (kind: HistoryKind) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (!bearerMatches(request.headers.authorization, options.token)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
    }
    const raw = (request.params as { number?: string }).number ?? '';
    const number = Number(raw);
    if (!/^[1-9]\d{0,9}$/.test(raw) || !Number.isSafeInteger(number)) {
      return reply.code(404).send({ error: 'not_found', message: `no ${kind} ${raw}` });
    }
    const history = await replayHistory(options.store, kind, number);
    if (!history) return reply.code(404).send({ error: 'not_found', message: `no ${kind} №${number}` });
    return reply.code(200).type('application/json; charset=utf-8').send(historyJson(history, options.describe));
  };
  http.get('/api/tickets/:number/history', route('ticket'));
  http.get('/api/tasks/:number/history', route('task'));
}
