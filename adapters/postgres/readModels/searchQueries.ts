// Search over rm_search (projections/search.ts): PostgreSQL full-text search with the `russian` configuration,
// the same SQL on the server and on PGlite. Every term must match; the visibility rules of cards
// (application/authorization.ts, docs/access.md) are part of the WHERE clause, so totals and pages count only
// what the viewer may open. docs/search.md explains the rules.
import type { Paged, SearchHit, SearchQueries, SearchRequest, SearchStatus, SearchTerm, SearchViewer } from '../../../application/ports/readModels.js';
import type { SqlQueryable } from '../../../application/ports/sql.js';
import type { TaskStatus, TicketStatus } from '../../../domain/index.js';

/** Deputy, director, admin and auditor see every card and every comment (docs/access.md). */
const OVERSEERS: ReadonlySet<string> = new Set(['deputy', 'director', 'admin', 'auditor']);

/** A capitalised word this close to a staff member's name (pg_trgm's word_similarity) names them too. */
const NAME_SIMILARITY = 0.6;

const TICKET_STATUSES: Record<Exclude<SearchStatus, 'overdue'>, readonly TicketStatus[]> = {
  new: ['open'],
  open: ['open', 'in_progress', 'waiting', 'resolved'],
  in_progress: ['in_progress'],
  resolved: ['resolved'],
  done: ['resolved', 'closed'],
  closed: ['closed'],
  cancelled: ['cancelled'],
};
const TASK_STATUSES: Record<Exclude<SearchStatus, 'overdue'>, readonly TaskStatus[]> = {
  new: ['assigned'],
  open: ['assigned', 'accepted', 'completed'],
  in_progress: ['accepted'],
  resolved: ['completed'],
  done: ['completed', 'approved'],
  closed: ['approved'],
  cancelled: ['cancelled'],
};
/** Still to be done: overdue once the due time or deadline has passed. */
const ACTIVE = { ticket: ['open', 'in_progress'], task: ['assigned', 'accepted'] } as const;

interface HitRecord {
  kind: 'ticket' | 'task';
  number: number;
  title: string;
  status: string;
  location: string;
  opened_at: Date | string;
  due_at: Date | string;
  overdue: boolean;
  rank: number | string;
}

/** Positional parameters, added as the SQL is written. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

/** A term after the database normalised its word and found whom it may name. */
interface ResolvedTerm {
  /** The word's tsquery (empty for a stop word or no word). */
  query: string;
  people: string[];
  number?: number;
  roomPattern?: string;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function resolveTerms(sql: SqlQueryable, terms: readonly SearchTerm[]): Promise<ResolvedTerm[]> {
  const words = terms.map((term) => term.word ?? '');
  const people = terms.map((term) => term.person ?? '');
  const capitalised = people.map((word) => word.length >= 4 && /^\p{Lu}/u.test(word));
  // Each name's document is made once per query (a school has a few hundred people), then matched per word.
  const result = await sql.query<{ i: number | string; query: string; people: string[] }>(
    `WITH words AS (
       SELECT u.i, plainto_tsquery('russian', u.word) AS query, plainto_tsquery('russian', u.person) AS person_query,
              lower(u.person) AS person, u.capitalised
         FROM unnest($1::text[], $2::text[], $3::boolean[]) WITH ORDINALITY AS u(word, person, capitalised, i)),
     -- MATERIALIZED: each name is stemmed once per query, not once per word.
     names AS MATERIALIZED (SELECT telegram_id, to_tsvector('russian', full_name) AS document, lower(full_name) AS name FROM rm_staff)
     SELECT w.i, w.query::text AS query,
            CASE WHEN w.person = '' THEN '{}'::text[] ELSE ARRAY(
              SELECT n.telegram_id FROM names n
               WHERE (numnode(w.person_query) > 0 AND n.document @@ w.person_query)
                  OR (w.capitalised AND word_similarity(w.person, n.name) >= ${NAME_SIMILARITY})
               ORDER BY n.telegram_id) END AS people
       FROM words w
      ORDER BY w.i`,
    [words, people, capitalised],
  );
  return result.rows.map((row, index) => {
    const term = terms[index]!;
    return {
      query: row.query,
      people: row.people,
      ...(term.number !== undefined ? { number: term.number } : {}),
      ...(term.room !== undefined ? { roomPattern: `^${escapeRegex(term.room.toLowerCase())}(\\D|$)` } : {}),
    };
  });
}

/**
 * How a test of an indexed column is written: as it is (the planner may use the GIN indexes), or as
 * `(…) IS TRUE`, which no index serves, so that the planner walks `opened_at` newest first and stops at the
 * page's end (a tier too large to rank, where reading every match would cost more than the page).
 */
type Wrap = (test: string) => string;
const indexable: Wrap = (test) => test;
const scanned: Wrap = (test) => `(${test}) IS TRUE`;

/** The SQL that an item's document `doc` (doc_public or doc_full) matches every term. */
function matchAll(terms: readonly ResolvedTerm[], textQuery: string | undefined, doc: string, params: Params, wrap: Wrap): string {
  const parts: string[] = [];
  if (textQuery !== undefined) parts.push(wrap(`${doc} @@ ${params.add(textQuery, '::tsquery')}`));
  for (const term of terms) {
    if (isPlainWord(term)) continue; // in textQuery
    const any: string[] = [];
    if (term.query !== '') any.push(wrap(`${doc} @@ ${params.add(term.query, '::tsquery')}`));
    if (term.people.length > 0) any.push(wrap(`people && ${params.add(term.people, '::text[]')}`));
    if (term.number !== undefined) any.push(`number = ${params.add(term.number, '::int')}`);
    // COALESCE: a row without a room is a plain no (the tiers below negate this).
    if (term.roomPattern !== undefined) any.push(`COALESCE(room ~ ${params.add(term.roomPattern, '::text')}, FALSE)`);
    parts.push(any.length > 0 ? `(${any.join(' OR ')})` : 'FALSE');
  }
  return parts.length > 0 ? parts.join(' AND ') : 'TRUE';
}

/** A term that is a word and nothing else: all of them go into one tsquery (they must all match). */
const isPlainWord = (term: ResolvedTerm) =>
  term.query !== '' && term.people.length === 0 && term.number === undefined && term.roomPattern === undefined;

function statusCondition(statuses: readonly SearchStatus[], now: Date, params: Params): string {
  const parts: string[] = [];
  const plain = statuses.filter((status): status is Exclude<SearchStatus, 'overdue'> => status !== 'overdue');
  if (plain.length > 0) {
    const ticket = [...new Set(plain.flatMap((status) => TICKET_STATUSES[status]))];
    const task = [...new Set(plain.flatMap((status) => TASK_STATUSES[status]))];
    parts.push(`(kind = 'ticket' AND status = ANY (${params.add(ticket, '::text[]')}))`);
    parts.push(`(kind = 'task' AND status = ANY (${params.add(task, '::text[]')}))`);
  }
  if (statuses.includes('overdue')) {
    const at = params.add(now.toISOString(), '::timestamptz');
    parts.push(
      `(due_at < ${at} AND ((kind = 'ticket' AND status = ANY (${params.add(ACTIVE.ticket, '::text[]')})) ` +
        `OR (kind = 'task' AND status = ANY (${params.add(ACTIVE.task, '::text[]')}))))`,
    );
  }
  return `(${parts.join(' OR ')})`;
}

/**
 * Results come in two tiers. First what matches in the title, description and place (and by number, room or
 * person): ranked by ts_rank_cd over those (title A above description and place B). Then what matches only
 * through comments and reports (C), ranked likewise over the whole text. Within a tier, ties go newest first.
 * A tier of more than RANK_LIMIT items is listed newest first without ranking (ranking that many rows would
 * cost more than a reply may take), and its count stops there: the reply says "more than".
 */
export const RANK_LIMIT = 500;
type Tier = 'public' | 'comments';

/**
 * The items of one tier the viewer may open: tickets by anyone active (their comments and reports count only
 * for the author, the assignee, technicians and overseers), tasks by their issuer, their assignee and
 * overseers (docs/access.md).
 */
function tierCondition(
  viewer: SearchViewer,
  kind: SearchRequest['kind'],
  tier: Tier,
  match: (doc: string) => string,
  anyWord: string | undefined,
  params: Params,
  wrap: Wrap,
): string {
  const seesAll = OVERSEERS.has(viewer.role ?? '');
  let me: string | undefined;
  const self = () => (me ??= params.add(viewer.telegramId, '::text'));
  const seesComments = seesAll || viewer.role === 'technician';
  // Matched only through comments: some word is in them (an indexed test that spares reading the other rows).
  const inComments = () => (anyWord === undefined ? 'FALSE' : wrap(`doc_comments @@ ${params.add(anyWord, '::tsquery')}`));
  // Each branch writes its SQL (and adds its parameters) only when the kind asked for includes it.
  const ticket = () =>
    tier === 'public'
      ? match('doc_public')
      : `${seesComments ? '' : `(author_id = ${self()} OR assignee_id = ${self()}) AND `}${inComments()} AND ${match('doc_full')} AND NOT (${match('doc_public')})`;
  const task = () => {
    const own = seesAll ? '' : `(issuer_id = ${self()} OR assignee_id = ${self()}) AND `;
    return tier === 'public' ? `${own}${match('doc_public')}` : `${own}${inComments()} AND ${match('doc_full')} AND NOT (${match('doc_public')})`;
  };
  const branches = [
    ...(kind !== 'task' ? [`(kind = 'ticket' AND ${ticket()})`] : []),
    ...(kind !== 'ticket' ? [`(kind = 'task' AND ${task()})`] : []),
  ];
  return `(${branches.join(' OR ')})`;
}

const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

interface Prepared {
  request: SearchRequest;
  terms: readonly ResolvedTerm[];
  textQuery: string | undefined;
  rankQuery: string | undefined;
  /** Any of the words (for the comments' document). */
  anyWordQuery: string | undefined;
  now: Date;
}

/** The WHERE clause of one tier (the viewer's items of that tier, with the status and period filters). */
function whereOf(prepared: Prepared, tier: Tier, params: Params, wrap: Wrap = indexable): string {
  const { request, terms, textQuery, now } = prepared;
  const match = (doc: string) => matchAll(terms, textQuery, doc, params, wrap);
  const where = [tierCondition(request.viewer, request.kind, tier, match, prepared.anyWordQuery, params, wrap)];
  if (request.statuses && request.statuses.length > 0) where.push(statusCondition(request.statuses, now, params));
  if (request.from) where.push(`opened_at >= ${params.add(request.from.toISOString(), '::timestamptz')}`);
  if (request.to) where.push(`opened_at < ${params.add(request.to.toISOString(), '::timestamptz')}`);
  return where.join(' AND ');
}

/** A page's columns, and its order within a tier (exact numbers first, then rank, then newest first). */
function pageParts(prepared: Prepared, tier: Tier, ranked: boolean, params: Params) {
  const numbers = prepared.terms.flatMap((term) => (term.number === undefined ? [] : [term.number]));
  const exact = numbers.length > 0 ? `number = ANY (${params.add(numbers, '::int[]')}) DESC, ` : '';
  const doc = tier === 'public' ? 'doc_public' : 'doc_full';
  const rank = ranked && prepared.rankQuery !== undefined ? `ts_rank_cd(${doc}, ${params.add(prepared.rankQuery, '::tsquery')})` : '0';
  const at = params.add(prepared.now.toISOString(), '::timestamptz');
  return {
    columns: `kind, number, title, status, location, opened_at, due_at,
            (due_at < ${at} AND status IN ('open', 'in_progress', 'assigned', 'accepted')) AS overdue, ${rank} AS rank`,
    order: `${exact}${rank === '0' ? '' : 'rank DESC, '}opened_at DESC, number DESC, kind DESC`,
  };
}

interface FirstTier {
  counts: Record<Tier, number>;
  /** The asked page of the first tier, ranked: valid only when that tier holds no more than RANK_LIMIT items. */
  rows: HitRecord[];
}

/**
 * One statement for what every search needs: the first tier's matches (no further than RANK_LIMIT + 1),
 * ranked, with the asked page of them, and how many the comments tier holds (likewise capped). The matches are
 * read once for both the count and the page; a tier too large to rank is paged again by `pageOfTier`.
 */
async function firstTierAndCounts(sql: SqlQueryable, prepared: Prepared, withComments: boolean, offset: number, limit: number): Promise<FirstTier> {
  const params = new Params();
  const cap = params.add(RANK_LIMIT + 1, '::int');
  const { columns, order } = pageParts(prepared, 'public', true, params);
  const comments = withComments
    ? `(SELECT count(*) FROM (SELECT 1 FROM rm_search WHERE ${whereOf(prepared, 'comments', params)} LIMIT ${cap}) AS found)`
    : '0';
  const result = await sql.query<HitRecord & { public_found: number | string; comments_found: number | string; place: unknown }>(
    `WITH found AS MATERIALIZED (SELECT ${columns} FROM rm_search WHERE ${whereOf(prepared, 'public', params)} LIMIT ${cap}),
          page AS (SELECT found.*, row_number() OVER (ORDER BY ${order}) AS place FROM found
                    ORDER BY place LIMIT ${params.add(limit, '::int')} OFFSET ${params.add(offset, '::int')})
     SELECT (SELECT count(*) FROM found) AS public_found, ${comments} AS comments_found, page.*
       FROM (SELECT 1) AS one LEFT JOIN page ON TRUE
      ORDER BY page.place`,
    params.values,
  );
  const first = result.rows[0];
  return {
    counts: { public: Number(first?.public_found ?? 0), comments: Number(first?.comments_found ?? 0) },
    rows: result.rows.filter((row) => row.place !== null && row.place !== undefined),
  };
}

async function pageOfTier(sql: SqlQueryable, prepared: Prepared, tier: Tier, ranked: boolean, offset: number, limit: number): Promise<HitRecord[]> {
  const params = new Params();
  const where = whereOf(prepared, tier, params, ranked ? indexable : scanned);
  const { columns, order } = pageParts(prepared, tier, ranked, params);
  const result = await sql.query<HitRecord>(
    `SELECT ${columns}
       FROM rm_search WHERE ${where}
      ORDER BY ${order}
      LIMIT ${params.add(limit, '::int')} OFFSET ${params.add(offset, '::int')}`,
    params.values,
  );
  return result.rows;
}

export function sqlSearchQueries(sql: SqlQueryable): SearchQueries {
  return {
    async search(request, now) {
      const empty: Paged<SearchHit> & { more: boolean } = { items: [], total: 0, more: false };
      if (request.viewer.status !== 'active' || request.viewer.role === null) return empty;
      const terms = request.terms.length > 0 ? await resolveTerms(sql, request.terms) : [];
      // A stop word alone ("и", "не") asks for nothing: it is dropped, like plainto_tsquery drops it.
      const kept = terms.filter((term) => term.query !== '' || term.people.length > 0 || term.number !== undefined || term.roomPattern !== undefined);
      const hasFilter = (request.statuses?.length ?? 0) > 0 || request.from !== undefined || request.to !== undefined || request.kind !== undefined;
      if (kept.length === 0 && !hasFilter) return empty;
      const plainWords = kept.filter(isPlainWord).map((term) => `(${term.query})`);
      const rankWords = kept.filter((term) => term.query !== '').map((term) => `(${term.query})`);
      const prepared: Prepared = {
        request,
        terms: kept,
        textQuery: plainWords.length > 0 ? plainWords.join(' & ') : undefined,
        rankQuery: rankWords.length > 0 ? rankWords.join(' & ') : undefined,
        anyWordQuery: rankWords.length > 0 ? rankWords.join(' | ') : undefined,
        now,
      };
      const offset = request.offset ?? 0;
      const limit = request.limit ?? 10;
      // Without a word nothing is in comments only: one tier.
      const first = await firstTierAndCounts(sql, prepared, prepared.rankQuery !== undefined, offset, limit);
      const counts = first.counts;
      const shown = { public: Math.min(counts.public, RANK_LIMIT), comments: Math.min(counts.comments, RANK_LIMIT) };
      const rows: HitRecord[] = [];
      if (offset < shown.public) {
        rows.push(
          ...(counts.public <= RANK_LIMIT
            ? first.rows
            : await pageOfTier(sql, prepared, 'public', false, offset, Math.min(limit, shown.public - offset))),
        );
      }
      const fromComments = Math.max(0, offset - shown.public);
      const stillWanted = Math.min(limit - rows.length, shown.comments - fromComments);
      if (stillWanted > 0) rows.push(...(await pageOfTier(sql, prepared, 'comments', counts.comments <= RANK_LIMIT, fromComments, stillWanted)));
      return {
        total: shown.public + shown.comments,
        more: counts.public > RANK_LIMIT || counts.comments > RANK_LIMIT,
        items: rows.map((row) => ({
          kind: row.kind,
          number: Number(row.number),
          title: String(row.title),
          status: row.status as SearchHit['status'],
          location: String(row.location),
          openedAt: asDate(row.opened_at),
          dueAt: asDate(row.due_at),
          overdue: row.overdue,
          rank: Number(row.rank),
        })),
      };
    },
  };
}
