// Fills a fresh PostgreSQL event store with a simulated school year, fast: events come from the simulator
// (valid for the domain's schemas) and go in with multi-row INSERT … SELECT FROM unnest, many thousand per
// statement, bypassing the append path (which the event-store benchmark measures). Run as a child process so
// the rebuild that follows starts with a clean heap: DATABASE_URL=… tsx generateSchoolLog.ts <tickets> <tasks>
import pg from 'pg';
import { schoolLog } from '../../projections/support/schoolLog.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const tickets = Number(process.argv[2] ?? 150_000);
const tasks = Number(process.argv[3] ?? 50_000);
const limit = Number(process.argv[4] ?? Number.POSITIVE_INFINITY);
const CHUNK = 20_000;

const client = new pg.Client({ connectionString: url });
await client.connect();
const epoch = (await client.query<{ epoch: number }>('SELECT es_current_epoch() AS epoch')).rows[0]!.epoch;
const revisions = new Map<string, number>();
let columns: { ids: string[]; streams: string[]; revisions: number[]; types: string[]; data: string[]; metadata: string[] } = {
  ids: [],
  streams: [],
  revisions: [],
  types: [],
  data: [],
  metadata: [],
};
let total = 0;
const started = performance.now();
const flush = async () => {
  if (columns.ids.length === 0) return;
  await client.query(
    `INSERT INTO es_events (epoch, event_id, stream_name, revision, type, data, metadata)
     SELECT $1, e.id, e.stream, e.revision, e.type, e.data::jsonb, e.metadata::jsonb
       FROM unnest($2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[])
            WITH ORDINALITY AS e(id, stream, revision, type, data, metadata, n)
      ORDER BY e.n`,
    [epoch, columns.ids, columns.streams, columns.revisions, columns.types, columns.data, columns.metadata],
  );
  columns = { ids: [], streams: [], revisions: [], types: [], data: [], metadata: [] };
};
for (const { stream, event } of schoolLog({ seed: 20_261_124, tickets, tasks, staff: 300, minutesBetweenOpenings: 1.3 })) {
  if (total >= limit) break;
  const revision = revisions.get(stream) ?? 0;
  revisions.set(stream, revision + 1);
  columns.ids.push(event.id);
  columns.streams.push(stream);
  columns.revisions.push(revision);
  columns.types.push(event.type);
  columns.data.push(JSON.stringify(event.data));
  columns.metadata.push(JSON.stringify(event.metadata));
  total += 1;
  if (columns.ids.length >= CHUNK) await flush();
}
await flush();
await client.query('ANALYZE es_events');
await client.end();
process.stdout.write(`${JSON.stringify({ generated: total, streams: revisions.size, seconds: (performance.now() - started) / 1000 })}\n`);
