// One timed rebuild of every projection, in its own process so its peak RSS is its own. Prints one JSON line:
// events, seconds, peak RSS, and the time each page of the log took to fold.
// DATABASE_URL=… tsx rebuildOnce.ts [pageSize] [flushEvery]
import { createSqlEventStore } from '../../../adapters/eventstore/sqlEventStore.js';
import { sqlCheckpointStore } from '../../../adapters/postgres/readModels/checkpointStore.js';
import { createPgExecutor } from '../../../adapters/sql/pgExecutor.js';
import { domainEventSchemas } from '../../../domain/events.js';
import { allProjectors } from '../../../projections/index.js';
import { rebuildProjections } from '../../../projections/rebuild.js';
import { trackPeakRss } from '../report.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const pageSize = Number(process.argv[2] ?? 2_000);
const flushEvery = Number(process.argv[3] ?? 50_000);

const sql = createPgExecutor({ connectionString: url, maxConnections: 4 });
const store = createSqlEventStore(sql, { schemas: domainEventSchemas });
const peak = trackPeakRss();
const cpuBefore = process.cpuUsage();
const pageMs: number[] = [];
let lastAt = performance.now();
let lastEvents = 0;
const result = await rebuildProjections({
  store,
  sql,
  checkpoints: sqlCheckpointStore(sql),
  projectors: allProjectors,
  pageSize,
  flushEvery,
  onProgress: (progress) => {
    if (progress.phase !== 'building' || progress.events === lastEvents) return;
    const now = performance.now();
    pageMs.push(((now - lastAt) * pageSize) / (progress.events - lastEvents));
    lastAt = now;
    lastEvents = progress.events;
  },
});
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(
  `${JSON.stringify({
    events: result.events,
    seconds: result.elapsedMs / 1000,
    rss_mb: peak.stop() / 1_048_576,
    cpu_seconds: (cpu.user + cpu.system) / 1e6,
    page_ms: pageMs,
  })}\n`,
);
await store.close();
await sql.close();
