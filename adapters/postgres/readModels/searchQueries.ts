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
  open: ['open', 'in_progress', 'resolved'],
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
  total: number | string;
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
  const result = await sql.query<{ i: number | string; query: string; people: string[] }>(
    `SELECT u.i, plainto_tsquery('russian', u.word)::text AS query,
            CASE WHEN u.person = '' THEN '{}'::text[] ELSE ARRAY(
              SELECT s.telegram_id FROM rm_staff s
               WHERE (numnode(plainto_tsquery('russian', u.person)) > 0
                      AND to_tsvector('russian', s.full_name) @@ plainto_tsquery('russian', u.person))
                  OR (u.capitalised AND word_similarity(lower(u.person), lower(s.full_name)) >= ${NAME_SIMILARITY})
               ORDER BY s.telegram_id) END AS people
       FROM unnest($1::text[], $2::text[], $3::boolean[]) WITH ORDINALITY AS u(word, person, capitalised, i)
      ORDER BY u.i`,
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

/** The SQL that an item's document `doc` (doc_public or doc_full) matches every term. */
function matchAll(terms: readonly ResolvedTerm[], textQuery: string | undefined, doc: string, params: Params): string {
  const parts: string[] = [];
  if (textQuery !== undefined) parts.push(`${doc} @@ ${params.add(textQuery, '::tsquery')}`);
  for (const term of terms) {
    if (isPlainWord(term)) continue; // in textQuery
    const any: string[] = [];
    if (term.query !== '') any.push(`${doc} @@ ${params.add(term.query, '::tsquery')}`);
    if (term.people.length > 0) any.push(`people && ${params.add(term.people, '::text[]')}`);
    if (term.number !== undefined) any.push(`number = ${params.add(term.number, '::int')}`);
    if (term.roomPattern !== undefined) any.push(`room ~ ${params.add(term.roomPattern, '::text')}`);
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
 * Which items the viewer may open and in which document their words are looked for: tickets by anyone active
 * (their comments and reports only by the author, the assignee, technicians and overseers), tasks by their
 * issuer, their assignee and overseers. Returns the condition and the rank expression.
 */
function visible(viewer: SearchViewer, kind: SearchRequest['kind'], match: (doc: string) => string, rank: (doc: string) => string, params: Params) {
  const seesAll = OVERSEERS.has(viewer.role ?? '');
  let me: string | undefined;
  const self = () => (me ??= params.add(viewer.telegramId, '::text'));
  const ticketParty = () => `(author_id = ${self()} OR assignee_id = ${self()})`;
  // Each branch writes its SQL (and adds its parameters) only when the kind asked for includes it.
  const ticketBranch = () =>
    seesAll || viewer.role === 'technician'
      ? match('doc_full')
      : `(${match('doc_public')} OR (${ticketParty()} AND ${match('doc_full')}))`;
  const ticketRank = () =>
    seesAll || viewer.role === 'technician' ? rank('doc_full') : `CASE WHEN ${ticketParty()} THEN ${rank('doc_full')} ELSE ${rank('doc_public')} END`;
  const taskBranch = () => (seesAll ? match('doc_full') : `(issuer_id = ${self()} OR assignee_id = ${self()}) AND ${match('doc_full')}`);
  const branches = [
    ...(kind !== 'task' ? [`(kind = 'ticket' AND ${ticketBranch()})`] : []),
    ...(kind !== 'ticket' ? [`(kind = 'task' AND ${taskBranch()})`] : []),
  ];
  const ranks = kind === 'ticket' ? ticketRank() : kind === 'task' ? rank('doc_full') : `CASE WHEN kind = 'ticket' THEN ${ticketRank()} ELSE ${rank('doc_full')} END`;
  return {
    condition: `(${branches.join(' OR ')})`,
    rank: ranks,
  };
}

const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

export function sqlSearchQueries(sql: SqlQueryable): SearchQueries {
  return {
    async search(request, now) {
      const empty: Paged<SearchHit> = { items: [], total: 0 };
      if (request.viewer.status !== 'active' || request.viewer.role === null) return empty;
      const terms = request.terms.length > 0 ? await resolveTerms(sql, request.terms) : [];
      // A stop word alone ("и", "не") asks for nothing: it is dropped, like plainto_tsquery drops it.
      const kept = terms.filter((term) => term.query !== '' || term.people.length > 0 || term.number !== undefined || term.roomPattern !== undefined);
      const hasFilter = (request.statuses?.length ?? 0) > 0 || request.from !== undefined || request.to !== undefined || request.kind !== undefined;
      if (kept.length === 0 && !hasFilter) return empty;
      const plainWords = kept.filter(isPlainWord).map((term) => `(${term.query})`);
      const textQuery = plainWords.length > 0 ? plainWords.join(' & ') : undefined;

      const params = new Params();
      const rankQuery = kept.filter((term) => term.query !== '').map((term) => `(${term.query})`).join(' & ');
      const rankParam = rankQuery === '' ? undefined : params.add(rankQuery, '::tsquery');
      const view = visible(
        request.viewer,
        request.kind,
        (doc) => matchAll(kept, textQuery, doc, params),
        // Cover density: words close together in the title rank above the same words scattered in comments.
        (doc) => (rankParam === undefined ? '0' : `ts_rank_cd(${doc}, ${rankParam})`),
        params,
      );
      const where = [view.condition];
      if (request.statuses && request.statuses.length > 0) where.push(statusCondition(request.statuses, now, params));
      if (request.from) where.push(`opened_at >= ${params.add(request.from.toISOString(), '::timestamptz')}`);
      if (request.to) where.push(`opened_at < ${params.add(request.to.toISOString(), '::timestamptz')}`);
      const numbers = kept.flatMap((term) => (term.number === undefined ? [] : [term.number]));
      const exact = numbers.length > 0 ? `(number = ANY (${params.add(numbers, '::int[]')}))` : 'FALSE';
      const at = params.add(now.toISOString(), '::timestamptz');
      const limit = params.add(request.limit ?? 10, '::int');
      const offset = params.add(request.offset ?? 0, '::int');
      const text = `SELECT kind, number, title, status, location, opened_at, due_at,
                (due_at < ${at} AND status IN ('open', 'in_progress', 'assigned', 'accepted')) AS overdue,
                rank, count(*) OVER () AS total
           FROM (SELECT *, ${view.rank} AS rank, ${exact} AS exact FROM rm_search WHERE ${where.join(' AND ')}) AS found
          ORDER BY exact DESC, rank DESC, opened_at DESC, number DESC, kind DESC
          LIMIT ${limit} OFFSET ${offset}`;
      const result = await sql.query<HitRecord>(text, params.values);
      let total = Number(result.rows[0]?.total ?? 0);
      if (result.rows.length === 0 && (request.offset ?? 0) > 0) {
        // Past the end: the window function saw no row; the first row of the same query tells the total.
        const first = await sql.query<HitRecord>(text, [...params.values.slice(0, -2), 1, 0]);
        total = Number(first.rows[0]?.total ?? 0);
      }
      return {
        total,
        items: result.rows.map((row) => ({
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
