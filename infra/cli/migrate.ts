// `schoolbot migrate` applies pending schema migrations (safe to run from several processes at once: an
// advisory lock serialises them); `schoolbot migrations` prints each migration and whether it is applied.
import type { Command } from 'commander';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { migrationStatus, runMigrations } from '../../adapters/postgres/migrations/runner.js';
import type { MigrationStatus } from '../../adapters/postgres/migrations/runner.js';
import { createSqlExecutor } from '../stores.js';
import { configOrExit } from './configOrExit.js';

function formatMigrationTable(statuses: readonly MigrationStatus[]): string {
  const rows = [
    ['migration', 'state', 'applied at', 'took'],
    ...statuses.map((status) => [
      status.id,
      status.state,
      status.appliedAt ? status.appliedAt.toISOString() : '—',
      status.durationMs === undefined ? '—' : `${status.durationMs} ms`,
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

export function registerMigrateCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (event store and read models)')
    .action(async () => {
      const config = configOrExit();
      const sql = await createSqlExecutor(config, { applicationName: 'schoolbot-migrate', maxConnections: 2 });
      try {
        const applied = await runMigrations(sql, migrations, (id, ms) => console.log(`applied ${id} (${ms} ms)`));
        console.log(applied.length === 0 ? 'migrate: the schema is up to date' : `migrate: applied ${applied.length}`);
      } finally {
        await sql.close();
      }
    });
  program
    .command('migrations')
    .description('list the migrations and whether each is applied')
    .option('--check', 'exit 1 also when a migration is pending (a deploy checks the schema is current)')
    .action(async (options: { check?: boolean }) => {
      const config = configOrExit();
      const sql = await createSqlExecutor(config, { applicationName: 'schoolbot-migrate', maxConnections: 2 });
      try {
        const statuses = await migrationStatus(sql, migrations);
        console.log(formatMigrationTable(statuses));
        const drift = statuses.filter(
          (status) => status.state === 'changed' || status.state === 'unknown' || (options.check === true && status.state === 'pending'),
        );
        if (drift.length > 0) {
          const changed = drift.some((s) => s.state !== 'pending');
          console.error(
            `migrations: ${drift.map((s) => `${s.id} is ${s.state}`).join(', ')} — ${changed ? 'applied SQL differs from this build' : 'run `schoolbot migrate`'}`,
          );
          process.exitCode = 1;
        }
      } finally {
        await sql.close();
      }
    });
}
