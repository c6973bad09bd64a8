// `schoolbot doctor`: the troubleshooting guide as one command. Checks the configuration and every
// dependency the configuration names, prints one row per check with what is wrong and how to fix it, and
// exits 1 when something required is broken (so scripts and CI can gate on it).
import type { Command } from 'commander';
import { hostname } from 'node:os';
import { ConfigError, loadConfig, type Config } from '../config.js';
import type { CheckResult, CheckStatus } from './doctorChecks.js';

export type { CheckResult, CheckStatus } from './doctorChecks.js';

/** Runs every check that the configuration calls for. Never throws. */
export async function runDoctor(env: NodeJS.ProcessEnv): Promise<CheckResult[]> {
  // Loaded when the doctor runs: the EventStoreDB and Redis clients would otherwise load with every command.
  const { checkEventStore, checkGlitchTip, checkPostgres, checkRedis, checkTelegram, fail, ok } = await import('./doctorChecks.js');
  let config: Config;
  try {
    config = loadConfig(env, hostname());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((problem) =>
      fail(
        'config',
        problem.replace(/^config: /, ''),
        'fix the variable (see env.example) and run schoolbot doctor again',
      ),
    );
  }
  const results: CheckResult[] = [
    ok('config', `valid: role ${config.BOT_ROLE}, ${config.EVENT_STORE} event store, ${config.TELEGRAM_MODE} mode`),
  ];
  const checks: Promise<CheckResult | CheckResult[]>[] = [
    checkTelegram(config),
    checkEventStore(config),
    checkRedis(config),
    checkGlitchTip(config),
  ];
  if (config.DATABASE_URL && config.EVENT_STORE !== 'postgres')
    checks.push(checkPostgres('read database', config.DATABASE_URL, true));
  for (const outcome of await Promise.all(checks)) results.push(...(Array.isArray(outcome) ? outcome : [outcome]));
  return results;
}

/** One line per check, then the fixes for what is not ok. */
export function formatDoctorReport(results: readonly CheckResult[]): string {
  const label: Record<CheckStatus, string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL' };
  const width = Math.max(5, ...results.map((result) => result.name.length));
  const lines = [`${'CHECK'.padEnd(width)}  STATUS  DETAIL`];
  for (const result of results)
    lines.push(`${result.name.padEnd(width)}  ${label[result.status].padEnd(6)}  ${result.detail}`);
  const fixes = results.filter((result) => result.fix && result.status !== 'ok');
  if (fixes.length > 0) {
    lines.push('', 'How to fix:');
    for (const result of fixes) lines.push(`  ${result.name}: ${result.fix}`);
  }
  const failed = results.filter((result) => result.status === 'fail').length;
  lines.push('', failed === 0 ? 'doctor: nothing required is broken' : `doctor: ${failed} problem(s) must be fixed`);
  return lines.join('\n');
}

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check the configuration and every dependency; print what is wrong and how to fix it')
    .action(async () => {
      const results = await runDoctor(process.env);
      console.log(formatDoctorReport(results));
      process.exitCode = results.some((result) => result.status === 'fail') ? 1 : 0;
    });
}
