// dupes (issue 15, item 6): how well "Об этом уже сообщили" catches duplicates. The open tickets of the labelled
// corpus (tests/bench/support/dupesCorpus.ts) go into rm_tickets and rm_search through the projectors' own
// folds, then every probe asks the query /new asks (likelyDuplicates) as another teacher. Counted:
// - recall (catch rate): probes that duplicate an open ticket and were offered it (among at most OFFER_MAX);
// - wrong-offer rate: probes offered anything, with no offered ticket being the right one, over probes offered
//   anything (1 − precision);
// - the top offer's precision, and the per-kind lines. The embedded store (PGlite) by default: the same SQL as
//   PostgreSQL (`--postgres` uses the test server). Latency per query is reported as p50/p95.
import type { RecordedEvent } from '../../../application/ports/eventStore.js';
import type { SqlExecutor } from '../../../application/ports/sql.js';
import { migrations } from '../../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../../adapters/postgres/migrations/runner.js';
import { sqlDuplicateQueries } from '../../../adapters/postgres/readModels/duplicateQueries.js';
import { createPgExecutor } from '../../../adapters/sql/pgExecutor.js';
import { createPgliteExecutor } from '../../../adapters/sql/pgliteExecutor.js';
import { searchProjector } from '../../../projections/search.js';
import { saveRows } from '../../../projections/projector.js';
import { ticketsProjector } from '../../../projections/tickets.js';
import { createTestDatabase } from '../../support/postgres.js';
import { OPEN_TICKETS, PROBES, type ProbeSample } from '../support/dupesCorpus.js';
import { report, trackPeakRss } from '../report.js';

const NOW = new Date('2026-11-20T09:00:00Z');
const DAY_MS = 86_400_000;
const AUTHOR = '900001';
const PROBER = '900002';

function openedEvent(sample: (typeof OPEN_TICKETS)[number]): RecordedEvent {
  const openedAt = new Date(NOW.getTime() - sample.daysAgo * DAY_MS - 3_600_000).toISOString();
  return {
    id: `e-${sample.number}`,
    type: 'TicketOpened',
    data: {
      number: sample.number,
      title: sample.title,
      description: sample.description,
      category: sample.category,
      location: sample.location,
      priority: 'normal',
      photos: [],
      authorId: AUTHOR,
      openedAt,
      dueAt: new Date(NOW.getTime() + 3 * DAY_MS).toISOString(),
    },
    metadata: { actorId: AUTHOR, occurredAt: openedAt, correlationId: 'c', causationId: 'c', source: 'cli', schemaVersion: 1 },
    streamName: `ticket-${sample.number}`,
    revision: 0n,
    position: { commit: 0n, prepare: 0n } as unknown as RecordedEvent['position'],
    recordedAt: openedAt,
  };
}

interface Outcome {
  probe: ProbeSample;
  offered: number[];
}

async function measure(sql: SqlExecutor, store: string): Promise<void> {
  await runMigrations(sql, migrations);
  const events = OPEN_TICKETS.map(openedEvent);
  await sql.transaction(async (tx) => {
    await saveRows(tx, ticketsProjector, ticketsProjector.table, events.map((e) => ticketsProjector.evolve(undefined, e)!));
    await saveRows(tx, searchProjector, searchProjector.table, events.map((e) => searchProjector.evolve(undefined, e)!));
  });
  const queries = sqlDuplicateQueries(sql);
  const rss = trackPeakRss();
  const latencies: number[] = [];
  const outcomes: Outcome[] = [];
  const started = performance.now();
  for (const probe of PROBES) {
    const at = performance.now();
    const offers = await queries.likelyDuplicates(
      { text: probe.text, place: probe.location === 'не указано' ? '' : probe.location, category: probe.category, excludeAuthor: PROBER },
      NOW,
    );
    latencies.push(performance.now() - at);
    outcomes.push({ probe, offered: offers.map((offer) => offer.number) });
  }
  const elapsed = performance.now() - started;

  const duplicates = outcomes.filter((o) => o.probe.same !== null);
  const caught = duplicates.filter((o) => o.offered.includes(o.probe.same!));
  const offeredAny = outcomes.filter((o) => o.offered.length > 0);
  const wrong = offeredAny.filter((o) => o.probe.same === null || !o.offered.includes(o.probe.same));
  const topRight = offeredAny.filter((o) => o.offered[0] === o.probe.same);
  const rate = (part: number, whole: number) => (whole === 0 ? 0 : Number((part / whole).toFixed(3)));
  const kinds = [...new Set(PROBES.map((p) => p.kind))].map((kind) => {
    const of = outcomes.filter((o) => o.probe.kind === kind);
    const right = of.filter((o) => (o.probe.same === null ? o.offered.length === 0 : o.offered.includes(o.probe.same)));
    return `${kind} ${right.length}/${of.length}`;
  });
  report('dupes', latencies, elapsed, {
    store,
    open_tickets: OPEN_TICKETS.length,
    probes: PROBES.length,
    duplicates: duplicates.length,
    recall: rate(caught.length, duplicates.length),
    offered: offeredAny.length,
    wrong_offers: wrong.length,
    wrong_offer_rate: rate(wrong.length, offeredAny.length),
    top_offer_precision: rate(topRight.length, offeredAny.length),
    right_by_kind: kinds.join('; '),
  }, rss.stop());
  if (process.argv.includes('--verbose')) {
    for (const o of outcomes) {
      const ok = o.probe.same === null ? o.offered.length === 0 : o.offered.includes(o.probe.same);
      if (!ok) console.log(`  miss ${o.probe.kind}: «${o.probe.text}» (${o.probe.location}) expected ${o.probe.same ?? '—'}, offered ${o.offered.join(', ') || '—'}`);
    }
  }
}

export default async function dupes(args: string[]): Promise<void> {
  if (args.includes('--postgres')) {
    const database = await createTestDatabase('bench_dupes');
    const sql = createPgExecutor({ connectionString: database.url, maxConnections: 2 });
    try {
      await measure(sql, 'postgres');
    } finally {
      await sql.close();
      await database.drop();
    }
    return;
  }
  const sql = await createPgliteExecutor();
  try {
    await measure(sql, 'pglite');
  } finally {
    await sql.close();
  }
}
