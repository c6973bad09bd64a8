// `schoolbot audit verify`: rebuild into shadow tables, compare with the live read models, list every
// difference; exit code 1 when there is any.
import type { Command } from 'commander';
import { sqlCheckpointStore } from '../../adapters/postgres/readModels/checkpointStore.js';
import type { AuditReport } from '../../projections/audit.js';
import { auditReadModels } from '../../projections/audit.js';
import { allProjectors } from '../../projections/index.js';
import { openStores } from '../openStores.js';
import { configOrExit } from './configOrExit.js';

const show = (value: unknown) => (value === undefined ? '∅' : JSON.stringify(value));

function formatAudit(report: AuditReport): string {
  if (report.differences.length === 0) {
    return `audit: read models ${report.projectors.join(', ')} match the event log`;
  }
  const lines = report.differences.map((d) => {
    if (d.kind === 'missing_in_live') return `${d.projector} ${d.key}: missing in the live read model`;
    if (d.kind === 'extra_in_live') return `${d.projector} ${d.key}: in the live read model but not in the log`;
    return `${d.projector} ${d.key}: ${d.columns.map((c) => `${c.column} is ${show(c.live)}, the log says ${show(c.fromLog)}`).join('; ')}`;
  });
  return [
    ...lines,
    `audit: ${report.differences.length}${report.truncated ? '+' : ''} difference(s). Fix: schoolbot projections rebuild`,
  ].join('\n');
}

export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description('auditing the read models against the event log')
    .command('verify')
    .description('rebuild into shadow tables and compare with the live read models; exit 1 on any difference')
    .option('--json', 'print the differences as JSON')
    .action(async (options: { json?: boolean }) => {
      const side = await openStores(configOrExit(), { migrate: false });
      try {
        const report = await auditReadModels({
          store: side.store,
          sql: side.sql,
          checkpoints: sqlCheckpointStore(side.sql),
          projectors: allProjectors,
        });
        console.log(options.json ? JSON.stringify(report, null, 2) : formatAudit(report));
        process.exitCode = report.differences.length > 0 ? 1 : 0;
      } finally {
        await side.close();
      }
    });
}
