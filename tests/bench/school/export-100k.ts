// export-100k: `schoolbot export --kind tickets --format xlsx` of 100,000 tickets (target: ≤ 30 s and peak RSS
// ≤ 256 MB, which only a streaming writer meets). The tickets, with realistic Russian titles, descriptions
// and 60 staff, are bulk-inserted straight into the rm_tickets / rm_staff read models of a fresh PostgreSQL
// database (no events: the export reads only the read models, and folding 100,000 tickets' events first
// would measure the projectors instead). The sources are compiled once (as the production image runs them,
// no tsx in the process); each run is the real entry point (`infra/main.js export …`) in its own process,
// timed from spawn to exit, its peak RSS the kernel's maxRSS (tests/bench/support/exportReport.mjs). Prints
// one JSON line: ops_per_s (rows/s), seconds and rss_mb of the median run, p50/p95 of the runs' wall times,
// the peak RSS of all. Options: --runs=N (default 3), --rows=N (default 100000), --format=csv.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { migrations } from '../../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../../adapters/postgres/migrations/runner.js';
import { createPgExecutor } from '../../../adapters/sql/pgExecutor.js';
import { compileSources } from '../../support/compiledCli.js';
import { createTestDatabase } from '../../support/postgres.js';
import { percentile } from '../report.js';

const root = resolve(import.meta.dirname, '../../..');
const TARGET_SECONDS = 30;
const TARGET_RSS_MB = 256;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const option = (args: string[], name: string, fallback: string) =>
  args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

/** One `schoolbot export` (the compiled entry point, as the image runs it): wall time, peak RSS, CPU, its summary. */
function runExport(compiled: string, args: string[], env: Record<string, string>, reportFile: string): Promise<Record<string, unknown>> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', './tests/bench/support/exportReport.mjs', join(compiled, 'infra/main.js'), 'export', ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', SCHOOL_TIMEZONE: 'Europe/Moscow', EXPORT_BENCH_REPORT: reportFile, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return fail(new Error(`schoolbot export exited with ${code}`));
      const rows = /export: (\d+) /.exec(out)?.[1];
      const usage = JSON.parse(readFileSync(reportFile, 'utf8')) as Record<string, unknown>;
      done({ ...usage, seconds, rows: Number(rows), summary: out.trim() });
    });
  });
}

/** 60 staff and `rows` tickets over the school year 2025/26, in one INSERT … SELECT each. */
export async function fill(url: string, rows: number): Promise<void> {
  const sql = createPgExecutor({ connectionString: url, maxConnections: 2 });
  try {
    await runMigrations(sql, migrations);
    await sql.query(
      `INSERT INTO rm_staff (telegram_id, full_name, role, categories, status, reachable, updated_at)
       SELECT (5000 + i)::text,
              (ARRAY['Иванова','Петров','Смирнова','Кузнецов','Соколова','Попов','Лебедева','Козлов','Новикова','Морозов'])[1 + i % 10]
                || ' ' || (ARRAY['Ольга Ивановна','Игорь Сергеевич','Елена Викторовна','Андрей Павлович','Наталья Петровна','Юрий Олегович'])[1 + i % 6],
              CASE WHEN i % 10 = 0 THEN 'technician' ELSE 'teacher' END, '{}', 'active', true, now()
         FROM generate_series(0, 59) AS i`,
    );
    await sql.query(
      `INSERT INTO rm_tickets (number, title, description, category, location, priority, status, author_id, assignee_id,
                               opened_at, due_at, resolved_at, resolved_by, closed_at, updated_at, reopen_count, comment_count)
       SELECT i,
              (ARRAY['Не включается проектор','Течёт кран','Сломан замок','Нет интернета','Не работает принтер','Разбито окно','Мигает свет','Шумит батарея'])[1 + i % 8]
                || ' в кабинете ' || (100 + i % 250),
              'Подробности: ' || repeat('с утра не работает, урок сорван, просим срочно посмотреть; ', 1 + i % 3),
              (ARRAY['it','equipment','maintenance','cleaning','safety','other'])[1 + i % 6],
              'каб. ' || (100 + i % 250),
              (ARRAY['low','normal','high','urgent'])[1 + i % 4],
              (ARRAY['open','in_progress','resolved','closed','closed','cancelled'])[1 + i % 6],
              (5000 + i % 60)::text,
              CASE WHEN i % 6 = 0 THEN NULL ELSE (5000 + (i % 6) * 10)::text END,
              opened, opened + interval '3 days',
              CASE WHEN i % 6 IN (2, 3, 4) THEN opened + (i % 97) * interval '1 hour' END,
              CASE WHEN i % 6 IN (2, 3, 4) THEN (5000 + (i % 6) * 10)::text END,
              CASE WHEN i % 6 IN (3, 4) THEN opened + (i % 97 + 24) * interval '1 hour' END,
              opened + interval '5 days', i % 3, i % 7
         FROM generate_series(1, $1::int) AS i,
              LATERAL (SELECT timestamptz '2025-09-01T05:00:00Z' + (i::double precision / $1::int) * interval '300 days' AS opened) o`,
      [rows],
    );
    await sql.query('ANALYZE rm_tickets');
  } finally {
    await sql.close();
  }
}

export default async function exportBench(args: string[]): Promise<void> {
  const runs = Number(option(args, 'runs', '3'));
  const rows = Number(option(args, 'rows', '100000'));
  const format = option(args, 'format', 'xlsx');
  const database = await createTestDatabase('sbbench_export');
  const dir = mkdtempSync(join(tmpdir(), 'schoolbot-export-bench-'));
  // The program as production runs it (compiled, no tsx in the process), compiled once for all runs.
  const compiled = await compileSources();
  try {
    const filled = performance.now();
    await fill(database.url, rows);
    console.error(`export-100k: ${rows} tickets bulk-inserted into the read model in ${((performance.now() - filled) / 1000).toFixed(1)} s`);
    const results: Record<string, unknown>[] = [];
    for (let run = 0; run < runs; run += 1) {
      const out = join(dir, `tickets-${run}.${format}`);
      const args = ['--kind', 'tickets', '--from', '2025-09-01', '--to', '2026-08-31', '--format', format, '--out', out];
      const result = await runExport(compiled, args, { DATABASE_URL: database.url, EVENT_STORE: 'postgres' }, join(dir, `usage-${run}.json`));
      result.bytes = statSync(out).size;
      console.error(
        `export-100k: run ${run + 1}: ${Number(result.rows)} rows in ${Number(result.seconds).toFixed(2)} s, peak RSS ${Number(result.max_rss_mb).toFixed(0)} MB, ${(Number(result.bytes) / 1_048_576).toFixed(1)} MB file`,
      );
      if (Number(result.rows) !== rows) throw new Error(`export-100k: exported ${Number(result.rows)} rows, expected ${rows}`);
      results.push(result);
    }
    const seconds = results.map((r) => Number(r.seconds));
    const middle = results[seconds.indexOf(median(seconds))]!;
    const runsMs = seconds.map((s) => s * 1000).sort((a, b) => a - b);
    const rss = results.map((r) => Number(r.max_rss_mb));
    console.log(
      JSON.stringify({
        bench: 'export-100k',
        ops_per_s: round(rows / median(seconds)),
        p50_ms: round(percentile(runsMs, 50)),
        p95_ms: round(percentile(runsMs, 95)),
        rss_mb: round(median(rss)),
        rows,
        format,
        seconds: round(median(seconds), 2),
        peak_rss_mb: round(Math.max(...rss)),
        file_mb: round(Number(middle.bytes) / 1_048_576, 2),
        runs_seconds: seconds.map((s) => round(s, 2)),
        runs_rss_mb: rss.map((r) => round(r)),
        cpu_seconds: round(median(results.map((r) => Number(r.cpu_seconds))), 2),
        // The machine's load while it ran (2 cores shared): wall time stretches with it, CPU time does not.
        load_average: round(loadavg()[0]!),
        target: { seconds: TARGET_SECONDS, rss_mb: TARGET_RSS_MB },
        met: median(seconds) <= TARGET_SECONDS && Math.max(...rss) <= TARGET_RSS_MB,
        data: 'bulk-inserted into the read model (no events)',
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(compiled, { recursive: true, force: true });
    await database.drop();
  }
}
