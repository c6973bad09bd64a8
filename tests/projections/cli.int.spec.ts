// The operator's and auditor's commands through the real entry point (node infra/main.ts), on PostgreSQL and
// on the embedded default, and the audit HTTP API, whose JSON is exactly `history --json`.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAuditApi } from '../../adapters/http/auditApi.js';
import { createHttpServer } from '../../adapters/http/server.js';
import { historyLinesIn } from '../../adapters/telegram/historyLines.js';
import { createSqlEventStore } from '../../adapters/eventstore/sqlEventStore.js';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../adapters/postgres/migrations/runner.js';
import { createPgliteExecutor } from '../../adapters/sql/pgliteExecutor.js';
import { domainEventSchemas } from '../../domain/events.js';
import { staffEvents, taskEvents, ticketEvents } from './support/events.js';
import { appendAll, openReadSide, type ReadSide } from './support/readSide.js';
import { requirePostgres, titled } from '../support/tools.js';
import { schoolbotArgs } from '../support/compiledCli.js';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

async function schoolbot(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, schoolbotArgs(...args), {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', SCHOOL_TIMEZONE: 'Europe/Moscow', ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

let n = 0;
const ctx = (at: string, actorId: string) => ({ id: `00000000-0000-4000-9000-${(++n).toString(16).padStart(12, '0')}`, at, actorId });
const story = () => [
  staffEvents.registered(ctx('2026-11-02T06:00:00.000Z', '501'), '501', 'Мария Соколова'),
  staffEvents.approved(ctx('2026-11-02T06:01:00.000Z', 'system'), '501', { fullName: 'Мария Соколова', role: 'teacher' }),
  staffEvents.approved(ctx('2026-11-02T06:02:00.000Z', 'system'), '502', { fullName: 'Олег Петров', role: 'technician' }),
  staffEvents.approved(ctx('2026-11-02T06:03:00.000Z', 'system'), '503', { fullName: 'Анна Завуч', role: 'deputy' }),
  ticketEvents.opened(ctx('2026-11-02T07:00:00.000Z', '501'), 1, { authorId: '501', title: 'Не работает проектор в 204' }),
  ticketEvents.assigned(ctx('2026-11-02T08:00:00.000Z', '502'), 1, { assigneeId: '502' }),
  ticketEvents.commented(ctx('2026-11-02T09:00:00.000Z', '502'), 1, 'Нужна новая лампа'),
  ticketEvents.resolved(ctx('2026-11-03T10:00:00.000Z', '502'), 1, { authorId: '501' }),
  taskEvents.assigned(ctx('2026-11-02T07:30:00.000Z', '503'), 1, { assigneeId: '501', deadline: '2026-11-06T12:00:00.000Z' }),
];

const noPostgres = requirePostgres();

describe.skipIf(noPostgres !== undefined)(titled('CLI and audit API on PostgreSQL', noPostgres), () => {
  let side: ReadSide;
  let env: Record<string, string>;
  beforeAll(async () => {
    side = await openReadSide('postgres');
    env = { DATABASE_URL: side.url!, EVENT_STORE: 'postgres' };
    await appendAll(side.store, story());
  });
  afterAll(async () => side?.teardown());

  it('rebuilds, reports status, and audit verify passes on untouched read models', async () => {
    const rebuilt = await schoolbot(['projections', 'rebuild'], env);
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.stdout).toMatch(/rebuilt tickets, tasks, staff, rooms[a-z, -]*: 9 events/);
    expect(rebuilt.stdout).toMatch(/rebuild: (building|done)/);
    const status = await schoolbot(['projections', 'status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^tickets\s+\d+\s+\S+\s+\S+\s+0\s+idle/m);
    const verified = await schoolbot(['audit', 'verify'], env);
    expect(verified.stdout).toContain('match the event log');
    expect(verified.code).toBe(0);
  }, 180_000);

  it('audit verify lists a read-model row changed behind its back and exits 1', async () => {
    await side.sql.query(`UPDATE rm_tickets SET status = 'closed' WHERE number = 1`);
    await side.sql.query(`DELETE FROM rm_staff WHERE telegram_id = '503'`);
    const verified = await schoolbot(['audit', 'verify'], env);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain('tickets 1: status is "closed", the log says "resolved"');
    expect(verified.stdout).toContain('staff 503: missing in the live read model');
    const repaired = await schoolbot(['projections', 'rebuild'], env);
    expect(repaired.code).toBe(0);
    expect((await schoolbot(['audit', 'verify'], env)).code).toBe(0);
  }, 180_000);

  it('history names who did what when and shows the state as of a moment; the API serves the same JSON', async () => {
    const text = await schoolbot(['history', 'ticket', '1'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Ticket №1');
    expect(text.stdout).toMatch(/2026-11-02 12:00:00\s+Олег Петров \(502\)\s+комментарий: «Нужна новая лампа»/);
    expect(text.stdout).toMatch(/state: status "resolved"/);
    const asOf = await schoolbot(['history', 'ticket', '1', '--as-of', '2026-11-02 11:30'], env);
    expect(asOf.stdout).toMatch(/state: status "in_progress"/);
    expect(asOf.stdout).not.toContain('resolved');
    const json = await schoolbot(['history', 'ticket', '1', '--json'], env);
    const parsed = JSON.parse(json.stdout) as { entries: { actorName: string; type: string; summary: string; detail: string | null }[] };
    expect(parsed.entries.map((e) => `${e.actorName}: ${e.type}`)).toEqual([
      'Мария Соколова: TicketOpened',
      'Олег Петров: TicketAssigned',
      'Олег Петров: TicketCommented',
      'Олег Петров: TicketResolved',
    ]);
    // The summaries are the bot's Russian lines, moments in SCHOOL_TIMEZONE; the words people typed stay in `detail`.
    expect(parsed.entries.map((e) => e.summary)).toEqual([
      'открыл(а) заявку «Не работает проектор в 204»: ИТ и компьютеры, приоритет обычный, срок до 5 ноября 2026, 10:00',
      'взял(а) в работу',
      'комментарий',
      'отметил(а) решённой',
    ]);
    expect(parsed.entries[2]!.detail).toBe('Нужна новая лампа');
    const missing = await schoolbot(['history', 'task', '77'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('there is no task №77');

    const http = createHttpServer({ logLevel: 'silent' });
    const token = 'audit-token-0123456789';
    registerAuditApi(http, { store: side.store, token, describe: historyLinesIn('Europe/Moscow') });
    try {
      const get = (url: string, authorization?: string) =>
        http.inject({ method: 'GET', url, headers: authorization ? { authorization } : {} });
      expect((await get('/api/tickets/1/history')).statusCode).toBe(401);
      expect((await get('/api/tickets/1/history', 'Bearer wrong-token-0000000000')).statusCode).toBe(401);
      expect((await get('/api/tickets/99/history', `Bearer ${token}`)).statusCode).toBe(404);
      expect((await get('/api/tickets/abc/history', `Bearer ${token}`)).statusCode).toBe(404);
      const ok = await get('/api/tickets/1/history', `Bearer ${token}`);
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toBe(json.stdout.trimEnd());
      const task = await get('/api/tasks/1/history', `Bearer ${token}`);
      expect(JSON.parse(task.body)).toMatchObject({ kind: 'task', number: 1, entries: [{ actorName: 'Анна Завуч', type: 'TaskAssigned' }] });
    } finally {
      await http.close();
    }
  }, 180_000);
});

describe('CLI on the embedded default (PGlite under DATA_DIR)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'schoolbot-cli-'));
  const env = { DATA_DIR: dataDir, DATABASE_URL: '', EVENT_STORE: '' };
  beforeAll(async () => {
    const sql = await createPgliteExecutor({ dataDir: join(dataDir, 'pglite') });
    await runMigrations(sql, migrations);
    const store = createSqlEventStore(sql, { schemas: domainEventSchemas });
    await appendAll(store, story());
    await store.close();
    await sql.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('rebuilds, verifies and replays history', async () => {
    const rebuilt = await schoolbot(['projections', 'rebuild'], env);
    expect(rebuilt.stdout).toMatch(/rebuilt tickets, tasks, staff, rooms[a-z, -]*: 9 events/);
    expect((await schoolbot(['audit', 'verify'], env)).code).toBe(0);
    const history = await schoolbot(['history', 'task', '1', '--json'], env);
    expect(JSON.parse(history.stdout)).toMatchObject({ kind: 'task', state: { status: 'assigned', assigneeId: '501' } });
  }, 180_000);
});
