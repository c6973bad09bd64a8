// `schoolbot projections status|rebuild [name]`: the operator's view of the read side and its repair tool.
import type { Command } from 'commander';
import type { EventStore } from '../../application/ports/eventStore.js';
import type { SqlExecutor } from '../../application/ports/sql.js';
import { sqlCheckpointStore } from '../../adapters/postgres/readModels/checkpointStore.js';
import { allProjectors, projectorsNamed } from '../../projections/index.js';
import { lagOf } from '../../projections/lag.js';
import { REBUILD_PAGE_SIZE, rebuildProjections } from '../../projections/rebuild.js';
import { openStores } from '../openStores.js';
import { configOrExit } from './configOrExit.js';
import { rebuildProgressReporter } from './progress.js';

export interface ProjectionStatusLine {
  name: string;
  kind: 'projector' | 'reaction';
  version: string;
  checkpoint: string;
  head: string;
  lag: string;
  state: string;
  lastError: string;
  updatedAt: string;
}

async function projectionStatus(store: EventStore, sql: SqlExecutor): Promise<ProjectionStatusLine[]> {
  const checkpoints = sqlCheckpointStore(sql);
  const head = (await store.headPosition()) ?? '—';
  const saved = new Map((await checkpoints.list()).map((c) => [c.name, c]));
  const lines: ProjectionStatusLine[] = [];
  for (const projector of allProjectors) {
    const c = saved.get(projector.name);
    const lag = await lagOf(store, c?.position, projector.eventTypes);
    const version = c && c.version !== projector.version ? `${c.version} → ${projector.version} (rebuild due)` : String(projector.version);
    lines.push({
      name: projector.name,
      kind: 'projector',
      version,
      checkpoint: c?.position ?? '—',
      head,
      lag: `${lag.events}${lag.atLeast ? '+' : ''}`,
      state: c?.state ?? 'never run',
      lastError: c?.lastError ?? '',
      updatedAt: c?.updatedAt.toISOString() ?? '',
    });
  }
  for (const c of saved.values()) {
    if (!c.name.startsWith('reaction:')) continue;
    lines.push({
      name: c.name,
      kind: 'reaction',
      version: '—',
      checkpoint: c.position ?? '—',
      head,
      lag: '',
      state: c.state,
      lastError: c.lastError ?? '',
      updatedAt: c.updatedAt.toISOString(),
    });
  }
  return lines;
}

export function formatTable(rows: readonly Record<string, string>[], columns: readonly (readonly [string, string])[]): string {
  const widths = columns.map(([key, title]) => Math.max(title.length, ...rows.map((row) => (row[key] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns.map(([, title]) => title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map((row) => line(columns.map(([key]) => row[key] ?? '')))].join('\n');
}

/** Events of the given types in the log, for the progress bar's ETA (the SQL stores count their table). */
async function countEvents(store: EventStore, sql: SqlExecutor, eventTypes: readonly string[]): Promise<number | undefined> {
  if (store.kind !== 'postgres' && store.kind !== 'embedded') return undefined;
  const result = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM es_events WHERE type IN (SELECT jsonb_array_elements_text($1::jsonb))`, [
    JSON.stringify(eventTypes),
  ]);
  return Number(result.rows[0]?.n ?? 0);
}

export function registerProjectionsCommand(program: Command): void {
  const projections = program.command('projections').description('read models: status and rebuild');
  projections
    .command('status')
    .description('per projector: version, checkpoint, head of the log, lag, state and last error')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      const side = await openStores(configOrExit(), { migrate: false });
      try {
        const lines = await projectionStatus(side.store, side.sql);
        if (options.json) console.log(JSON.stringify(lines, null, 2));
        else
          console.log(
            formatTable(lines as unknown as Record<string, string>[], [
              ['name', 'NAME'],
              ['version', 'VERSION'],
              ['checkpoint', 'CHECKPOINT'],
              ['head', 'HEAD'],
              ['lag', 'LAG (events)'],
              ['state', 'STATE'],
              ['lastError', 'LAST ERROR'],
            ]),
          );
      } finally {
        await side.close();
      }
    });
  projections
    .command('rebuild')
    .argument('[name]', `one projector (${allProjectors.map((p) => p.name).join(', ')}); all when omitted`)
    .description('rebuild read models from the whole log beside the live ones, then swap them in at once')
    .option('--page-size <events>', 'events per page read from the log', String(REBUILD_PAGE_SIZE))
    .action(async (name: string | undefined, options: { pageSize: string }) => {
      const side = await openStores(configOrExit());
      const progress = rebuildProgressReporter();
      try {
        const projectors = projectorsNamed(name ? [name] : undefined);
        const total = await countEvents(side.store, side.sql, [...new Set(projectors.flatMap((p) => p.eventTypes))]);
        const result = await rebuildProjections({
          store: side.store,
          sql: side.sql,
          checkpoints: sqlCheckpointStore(side.sql),
          projectors,
          pageSize: Math.max(1, Number(options.pageSize) || REBUILD_PAGE_SIZE),
          total,
          onProgress: (p) => progress.update(p),
        });
        progress.stop();
        const seconds = result.elapsedMs / 1000;
        console.log(
          `rebuilt ${projectors.map((p) => p.name).join(', ')}: ${result.events} events in ${seconds.toFixed(1)} s (${Math.round(result.events / Math.max(seconds, 0.001))} events/s)`,
        );
      } catch (error) {
        progress.stop();
        console.error(`rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
        console.error('run the same command again: it resumes where it stopped.');
        process.exitCode = 1;
      } finally {
        await side.close();
      }
    });
}
