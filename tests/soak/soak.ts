// `npm run soak -- --minutes N --seed S`: the chaos soak (issue 18). A school day's load through the webhook
// (tests/soak/load.ts) on a private PostgreSQL and Redis (stores.ts) with the bot and the worker as separate
// processes (processes.ts), while a seeded schedule kills the bot and the worker (kill -9) and restarts
// PostgreSQL and Redis (faults.ts). Then it checks that nothing was lost or doubled (checks.ts), prints the
// findings and one summary JSON line, and exits non-zero on any failure. Everything it started is stopped and
// removed on exit, Ctrl-C included.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import type { SqlExecutor } from '../../application/ports/sql.js';
import { baseEnv, seedStaff } from '../e2e/support/deliveryRig.js';
import { FakeTelegram } from '../support/fakeTelegram.js';
import { compileSources } from '../support/compiledCli.js';
import { freePort } from '../ops/support.js';
import { checkGauges, checkMessages, checkUpdates } from './checks.js';
import { FAULT_KINDS, planFaults, runFaults, type FaultActions, type FaultRecord } from './faults.js';
import { people, SchoolDay, type Person } from './load.js';
import { RoleProcess, runCli } from './processes.js';
import { Random } from './random.js';
import { startPrivatePostgres, startPrivateRedis } from './stores.js';
import { SentLog, startTap } from './tap.js';

const program = new Command('soak')
  .description('chaos soak: a school day through the webhook while the bot, the worker, PostgreSQL and Redis fail')
  .option('--minutes <n>', 'how long the load runs', '2')
  .option('--seed <n>', 'seeds the fault schedule and the people’s choices', '1')
  .option('--keep-logs', 'keep the processes’ logs (their directory is printed)')
  .parse(process.argv);
const options = program.opts<{ minutes: string; seed: string; keepLogs?: boolean }>();
const minutes = Number(options.minutes);
const seed = Number(options.seed);
if (!(minutes > 0) || !Number.isInteger(seed)) {
  console.error('soak: --minutes must be a positive number and --seed an integer');
  process.exit(2);
}

const say = (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// --- cleanup, also on Ctrl-C -----------------------------------------------------------------------------
const cleanups: Array<() => void | Promise<void>> = [];
const syncCleanups: Array<() => void> = [];
let cleanedUp = false;
async function cleanUp(): Promise<void> {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const step of cleanups.reverse()) await Promise.resolve(step()).catch(() => undefined);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping and cleaning up`);
    for (const step of syncCleanups) {
      try {
        step();
      } catch {
        // best effort
      }
    }
    void cleanUp().finally(() => process.exit(130));
  });
}

/** Waits until no due outbox row is left unsent (three looks in a row), up to `timeoutMs`. */
async function drained(sql: SqlExecutor, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (Date.now() < deadline) {
    const rows = await sql
      .query<{ n: string }>(`SELECT count(*) AS n FROM notification_outbox WHERE sent_at IS NULL AND dropped_at IS NULL AND held_at IS NULL AND not_before <= now()`)
      .catch(() => ({ rows: [{ n: '-1' }] }));
    quiet = rows.rows[0]?.n === '0' ? quiet + 1 : 0;
    if (quiet >= 3) return true;
    await sleep(1_000);
  }
  return false;
}

async function main(): Promise<boolean> {
  const durationMs = Math.round(minutes * 60_000);
  const faultRandom = new Random(seed);
  const loadRandom = new Random(seed * 7919 + 1);
  const workDir = mkdtempSync(join(tmpdir(), 'schoolbot-soak-'));
  cleanups.push(() => {
    if (!options.keepLogs) rmSync(workDir, { recursive: true, force: true });
  });
  say(`seed ${seed}, ${minutes} min; logs in ${workDir}${options.keepLogs ? '' : ' (removed at the end; --keep-logs keeps them)'}`);

  say('compiling the sources');
  const compiledDir = await compileSources();
  cleanups.push(() => rmSync(compiledDir, { recursive: true, force: true }));

  const telegram = new FakeTelegram();
  await telegram.start();
  cleanups.push(() => telegram.stop());
  const sentLog = new SentLog();
  const botTap = await startTap(telegram.apiRoot, 'bot', sentLog);
  const workerTap = await startTap(telegram.apiRoot, 'worker', sentLog);
  cleanups.push(() => botTap.stop(), () => workerTap.stop());

  say('starting a private PostgreSQL cluster and Redis');
  const postgres = await startPrivatePostgres('soak');
  cleanups.push(() => postgres.stop());
  syncCleanups.push(() => postgres.stop());
  const redis = await startPrivateRedis();
  cleanups.push(() => redis.stop());

  const sql = createPgExecutor({ connectionString: postgres.url, maxConnections: 3 });
  cleanups.push(() => sql.close());
  const staff = people();
  const ofRole = (role: Person['role']) => staff.filter((p) => p.role === role).map((p) => p.id);
  await seedStaff(sql, { teachers: ofRole('teacher'), technicians: ofRole('technician'), deputies: ofRole('deputy') });

  const storeEnv = { EVENT_STORE: 'postgres', DATABASE_URL: postgres.url, REDIS_URL: redis.url };
  const worker = new RoleProcess('worker', compiledDir, baseEnv(workerTap.apiRoot, storeEnv), await freePort(), workDir);
  const bot = new RoleProcess('bot', compiledDir, baseEnv(botTap.apiRoot, storeEnv), await freePort(), workDir);
  for (const app of [bot, worker]) {
    cleanups.unshift(() => app.stop(10_000));
    syncCleanups.unshift(() => app.killNow());
  }
  worker.start();
  bot.start();
  await Promise.all([worker.healthy(), bot.healthy()]);
  say(`bot on :${bot.port}, worker on :${worker.port}; ${staff.length} people start`);

  const restart = async (app: RoleProcess, downMs: number) => {
    await app.kill();
    await sleep(downMs);
    app.start();
    await app.healthy();
  };
  const actions: FaultActions = {
    'bot-kill': (downMs) => restart(bot, downMs),
    'worker-kill': (downMs) => restart(worker, downMs),
    'postgres-restart': (downMs) => postgres.restart(downMs),
    'redis-restart': (downMs) => redis.restart(downMs),
  };
  const plan = planFaults(faultRandom, durationMs);
  say(`fault plan: ${plan.map((f) => `${f.kind}@${Math.round(f.atMs / 1000)}s`).join(', ')}`);
  const day = new SchoolDay(staff, { webhook: () => `http://127.0.0.1:${bot.port}/telegram/webhook`, log: sentLog, random: loadRandom });
  const faults: FaultRecord[] = [];
  const startedAt = Date.now();
  const progress = setInterval(() => say(`${day.sentCount} updates sent, ${day.updates.filter((u) => u.answeredAt).length} answered, ${sentLog.all.length} messages`), 30_000);
  let faultError: unknown;
  await Promise.all([
    day.run(startedAt + durationMs),
    runFaults(plan, actions, startedAt, faults, say).catch((error: unknown) => (faultError = error)),
  ]);
  clearInterval(progress);
  say(`load stopped after ${Math.round((Date.now() - startedAt) / 1000)} s; waiting for the outbox to drain`);
  const outboxDrained = await drained(sql, 180_000);

  say('checking');
  const updates = await checkUpdates(sql, day.updates, sentLog);
  const outages = faults.filter((f) => f.kind === 'postgres-restart').map((f) => ({ from: f.startedAt, to: f.recoveredAt ?? Number.POSITIVE_INFINITY }));
  const messages = await checkMessages(sql, sentLog, { bot: bot.kills, worker: worker.kills }, outages);
  const gauges = await checkGauges(sql, `http://127.0.0.1:${worker.port}/metrics`);
  await Promise.all([bot.stop(), worker.stop()]);
  const audit = runCli(compiledDir, baseEnv(botTap.apiRoot, storeEnv), ['audit', 'verify']);
  if (options.keepLogs) {
    const outbox = await sql
      .query(`SELECT id, kind, recipient, payload->>'text' AS text, attempts, created_at, sent_at, dropped_at, leased_until, last_error FROM notification_outbox ORDER BY created_at`)
      .then((result) => result.rows, (error: unknown) => [String(error)]);
    writeFileSync(join(workDir, 'outbox.json'), JSON.stringify(outbox, null, 1));
    writeFileSync(join(workDir, 'sent.json'), JSON.stringify(sentLog.all, null, 1));
    writeFileSync(join(workDir, 'updates.json'), JSON.stringify({ updates: day.updates, attempts: [...day.deliverer.attempts], faults, kills: { bot: bot.kills, worker: worker.kills } }, null, 1));
  }
  const crashes = [...bot.crashes.map((c) => `bot ${c}`), ...worker.crashes.map((c) => `worker ${c}`)];

  const lists: Array<[string, readonly string[]]> = [
    ['never answered 200', updates.unanswered.map(String)],
    ['lost effects', updates.lostEffects],
    ['doubled effects', updates.doubledEffects],
    ['lost conversation steps', updates.lostSteps],
    ['refused by the domain (answered, not lost)', updates.refusedSteps],
    ['lost replies', messages.lostReplies],
    ['lost notices', messages.lostNotices],
    ['duplicates outside a kill’s in-flight window', messages.duplicatesOther],
    ['duplicates in a kill’s in-flight window (allowed)', messages.duplicatesInFlight],
    ['processes that exited by themselves', crashes],
    ['faults that did not recover', faults.filter((f) => f.error).map((f) => `${f.kind}: ${f.error}`)],
  ];
  for (const [title, items] of lists) {
    if (items.length === 0) continue;
    say(`${title}: ${items.length}`);
    for (const item of items.slice(0, 30)) console.log(`  ${item}`);
  }
  say(`audit verify: exit ${String(audit.status)}${audit.status === 0 ? '' : `\n${audit.output.slice(-3_000)}`}`);
  say(`gauges: ${gauges.detail}`);

  const pass =
    faultError === undefined &&
    outboxDrained &&
    updates.unanswered.length === 0 &&
    updates.lostEffects.length === 0 &&
    updates.doubledEffects.length === 0 &&
    updates.lostSteps.length === 0 &&
    messages.lostReplies.length === 0 &&
    messages.lostNotices.length === 0 &&
    messages.duplicatesOther.length === 0 &&
    crashes.length === 0 &&
    audit.status === 0 &&
    gauges.ok;
  const attempts = [...day.deliverer.attempts.values()];
  const summary = {
    soak: pass ? 'pass' : 'fail',
    seed,
    minutes,
    people: staff.length,
    updatesSent: day.updates.length,
    answered: day.updates.filter((u) => u.answeredAt !== undefined).length,
    redelivered: attempts.filter((log) => log.length > 1).length,
    deliveryAttempts: attempts.reduce((sum, log) => sum + log.length, 0),
    messagesSent: sentLog.all.length,
    faults: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, faults.filter((f) => f.kind === kind && f.recoveredAt).length])),
    effectsChecked: updates.effectsChecked,
    lostEffects: updates.lostEffects.length,
    doubledEffects: updates.doubledEffects.length,
    duplicates: { inFlight: messages.duplicatesInFlight.length, other: messages.duplicatesOther.length },
    lostReplies: messages.lostReplies.length,
    lostNotices: messages.lostNotices.length,
    lostConversationSteps: updates.lostSteps.length,
    toldToRepeat: updates.toldSteps,
    refused: updates.refusedSteps.length,
    outboxDrained,
    processCrashes: crashes.length,
    auditVerify: audit.status === 0,
    gaugesMatch: gauges.ok,
  };
  console.log(JSON.stringify(summary));
  return pass;
}

let passed = false;
try {
  passed = await main();
} catch (error) {
  console.error(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  await cleanUp();
}
process.exit(passed ? 0 : 1);
