// `schoolbot find` through the real entry point, on PostgreSQL and on the embedded default: English lines for
// the operator with the Russian titles as they are; --as applies that person's view, --kind one kind.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlEventStore } from '../../../adapters/eventstore/sqlEventStore.js';
import { migrations } from '../../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../../adapters/postgres/migrations/runner.js';
import { createPgliteExecutor } from '../../../adapters/sql/pgliteExecutor.js';
import { domainEventSchemas } from '../../../domain/events.js';
import { staffEvents, taskEvents, ticketEvents } from '../../projections/support/events.js';
import { appendAll, openReadSide, type ReadSide } from '../../projections/support/readSide.js';
import { schoolbotArgs } from '../../support/compiledCli.js';
import { requirePostgres, titled } from '../../support/tools.js';

const root = resolve(import.meta.dirname, '../../..');
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
const ctx = (at: string, actorId: string) => ({ id: `00000000-0000-4000-9100-${(++n).toString(16).padStart(12, '0')}`, at, actorId });
const story = () => [
  staffEvents.registered(ctx('2026-11-02T06:00:00.000Z', '501'), '501', 'Мария Соколова'),
  staffEvents.approved(ctx('2026-11-02T06:01:00.000Z', 'system'), '501', { fullName: 'Мария Соколова', role: 'teacher' }),
  staffEvents.approved(ctx('2026-11-02T06:02:00.000Z', 'system'), '502', { fullName: 'Олег Петров', role: 'technician' }),
  staffEvents.approved(ctx('2026-11-02T06:03:00.000Z', 'system'), '503', { fullName: 'Анна Завуч', role: 'deputy' }),
  ticketEvents.opened(ctx('2026-11-02T07:00:00.000Z', '501'), 1, { authorId: '501', title: 'Не работает проектор в 204' }),
  ticketEvents.assigned(ctx('2026-11-02T08:00:00.000Z', '502'), 1, { assigneeId: '502' }),
  ticketEvents.commented(ctx('2026-11-02T09:00:00.000Z', '502'), 1, 'Нужна новая лампа'),
  taskEvents.assigned(ctx('2026-11-02T07:30:00.000Z', '503'), 1, { assigneeId: '502', deadline: '2026-11-06T12:00:00.000Z', title: 'Заменить лампу проектора' }),
];

async function expectFinds(env: Record<string, string>) {
  const rebuilt = await schoolbot(['projections', 'rebuild', 'search'], env);
  expect(rebuilt.code).toBe(0);
  const all = await schoolbot(['find', 'проектора'], env);
  expect(all.code).toBe(0);
  expect(all.stdout).toMatch(/^2 found for "проектора" as an auditor \(everything\); page 1 of 1$/m);
  expect(all.stdout).toMatch(/^NUMBER\s+KIND\s+STATUS\s+OPENED \(Europe\/Moscow\)\s+PLACE\s+TITLE$/m);
  expect(all.stdout).toMatch(/^№1\s+ticket\s+in_progress \(overdue\)\s+2026-11-02 10:00\s+каб\. 201\s+Не работает проектор в 204$/m);
  expect(all.stdout).toMatch(/^п1\s+task\s+assigned \(overdue\)\s+2026-11-02 10:30\s+Заменить лампу проектора$/m);
  // The teacher: her ticket, not the technician's task; the comment («лампа») on her own ticket finds it.
  const teacher = await schoolbot(['find', 'лампа', '--as', '501'], env);
  expect(teacher.stdout).toMatch(/^1 found for "лампа" as 501/m);
  expect(teacher.stdout).toMatch(/^№1\s+ticket/m);
  expect(teacher.stdout).not.toMatch(/^п1/m);
  const tasks = await schoolbot(['find', 'проектор', '--kind', 'tasks'], env);
  expect(tasks.stdout).toMatch(/^1 found/m);
  expect(tasks.stdout).toMatch(/^п1\s+task/m);
  const bad = await schoolbot(['find', 'с', '31.02'], env);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('does not exist');
}

const noPostgres = requirePostgres();

describe.skipIf(noPostgres !== undefined)(titled('schoolbot find on PostgreSQL', noPostgres), () => {
  let side: ReadSide;
  beforeAll(async () => {
    side = await openReadSide('postgres');
    await appendAll(side.store, story());
  });
  afterAll(async () => side?.teardown());

  it('finds for the operator, as a person and by kind', async () => {
    await expectFinds({ DATABASE_URL: side.url!, EVENT_STORE: 'postgres' });
  }, 180_000);
});

describe('schoolbot find on the embedded default', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sbfind-'));
    const sql = await createPgliteExecutor({ dataDir: join(dir, 'pglite') });
    await runMigrations(sql, migrations);
    const store = createSqlEventStore(sql, { schemas: domainEventSchemas });
    await appendAll(store, story());
    await store.close();
    await sql.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds for the operator, as a person and by kind', async () => {
    await expectFinds({ DATA_DIR: dir, DATABASE_URL: '', EVENT_STORE: '' });
  }, 180_000);
});
