// Once per `vitest run`: finds out whether the test PostgreSQL and Redis answer (tests/support/tools.ts
// skips what needs them when they do not), and at the end prints ONE line naming every tool or server a
// skipped test wanted and the Debian package that brings it.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import type { MachineServices } from './tools.js';
import { compileSources } from './compiledCli.js';
import { dropPostgresTemplate, pgliteTemplate } from './migrated.js';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function postgresProblem(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    const where = new URL(TEST_DATABASE_URL);
    return `no PostgreSQL at ${where.hostname}:${where.port || 5432} (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redisProblem(): Promise<string | undefined> {
  const where = new URL(REDIS_URL);
  const port = Number(where.port || 6379);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (problem: string | undefined) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(3_000, () => done(`no Redis at ${where.hostname}:${port} (timed out)`));
    socket.once('error', (error) => done(`no Redis at ${where.hostname}:${port} (${error.message})`));
    socket.connect(port, where.hostname, () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG') ? undefined : `Redis at ${where.hostname}:${port} answered ${JSON.stringify(data.toString().trim())}`));
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'schoolbot-missing-'));
  const services: MachineServices = {};
  // The run's migrated templates (tests/support/migrated.ts); the PGlite one is built now, beside the compile.
  const pgliteDir = mkdtempSync(join(tmpdir(), 'schoolbot-templates-'));
  const [postgres, redis, compiled] = await Promise.all([
    postgresProblem(),
    redisProblem(),
    // The program compiled once for the tests that spawn it (tests/support/compiledCli.ts); tsx if this fails.
    compileSources().catch((error: unknown) => {
      console.log(`\nCould not compile the sources for the spawned processes (they run under tsx instead): ${error instanceof Error ? error.message : String(error)}`);
      return '';
    }),
    pgliteTemplate(pgliteDir).catch((error: unknown) => {
      console.log(`\nCould not build the migrated PGlite template (the first test that needs it tries again): ${error instanceof Error ? error.message : String(error)}`);
    }),
  ]);
  if (postgres !== undefined) services.postgres = postgres;
  if (redis !== undefined) services.redis = redis;
  project.provide('schoolbotMissingDir', dir);
  project.provide('schoolbotServices', services);
  project.provide('schoolbotCompiledDir', compiled);
  const postgresTemplate = postgres === undefined ? `sbtpl_${Date.now().toString(36)}_${process.pid}` : '';
  project.provide('schoolbotTemplates', { postgres: postgresTemplate, pgliteDir });
  return async () => {
    if (compiled) rmSync(compiled, { recursive: true, force: true });
    rmSync(pgliteDir, { recursive: true, force: true });
    if (postgresTemplate) await dropPostgresTemplate(postgresTemplate).catch(() => undefined);
    // Grouped by what brings them: "promtool, prometheus (apt install prometheus)".
    const byHint = new Map<string, string[]>();
    for (const file of readdirSync(dir).sort()) {
      const hint = readFileSync(join(dir, file), 'utf8');
      byHint.set(hint, [...(byHint.get(hint) ?? []), decodeURIComponent(file)]);
    }
    const missing = [...byHint].map(([hint, names]) => `${names.join(', ')} (${hint})`);
    rmSync(dir, { recursive: true, force: true });
    if (missing.length > 0) {
      console.log(
        `\nSkipped tests need what this machine lacks: ${missing.join('; ')}. Install them to run everything (.ci/run does, and sets SCHOOLBOT_REQUIRE_TOOLS=1 so nothing is skipped).`,
      );
    }
  };
}
