// "Об этом уже сообщили": the open tickets that may be the problem a person is describing in /new. One query
// over rm_tickets (open ones, the last DUPLICATE_WINDOW_DAYS) and rm_search (the `russian` documents of
// projections/search.ts): those whose title, description or place shares a stemmed word with the text, or that
// are in the room the place names, with the same category; scored in application/duplicates.ts. Kept apart from searchQueries.ts.
import type { DuplicateQueries, DuplicateRequest } from '../../../application/ports/readModels.js';
import type { SqlQueryable } from '../../../application/ports/sql.js';
import { likelyDuplicatesOf, type DuplicateCandidate } from '../../../application/duplicates.js';

/** Tickets opened longer ago than this are not offered (a problem still open after a month is reported anew). */
export const DUPLICATE_WINDOW_DAYS = 30;
/** How many matching tickets the query hands to the scoring, best ranked first. */
const CANDIDATES = 20;
const DAY_MS = 86_400_000;

interface CandidateRecord {
  number: number | string;
  title: string;
  opened_at: Date | string;
  category: string;
  room: string | null;
  lexemes: string[];
  probe: string[];
  place: string[];
  probe_place: string[];
}

export function sqlDuplicateQueries(sql: SqlQueryable): DuplicateQueries {
  return {
    async likelyDuplicates({ text, place, category, excludeAuthor }: DuplicateRequest, now: Date) {
      // The description's words joined by OR: any shared stemmed word makes a ticket a candidate.
      const result = await sql.query<CandidateRecord>(
        `WITH probe AS (
           SELECT to_tsvector('russian', $1) AS words,
                  tsvector_to_array(to_tsvector('russian', $3)) AS place,
                  CASE WHEN numnode(plainto_tsquery('russian', $1)) = 0 THEN NULL
                       ELSE replace(plainto_tsquery('russian', $1)::text, ' & ', ' | ')::tsquery END AS any_word)
         SELECT t.number, t.title, t.opened_at, t.category, s.room,
                tsvector_to_array(to_tsvector('russian', s.title || ' ' || s.description)) AS lexemes,
                tsvector_to_array(p.words) AS probe,
                tsvector_to_array(to_tsvector('russian', s.location)) AS place,
                p.place AS probe_place
           FROM probe p, rm_tickets t JOIN rm_search s ON s.id = 't:' || t.number
          WHERE t.status IN ('open', 'in_progress', 'waiting')
            AND t.opened_at >= $2::timestamptz
            AND t.author_id IS DISTINCT FROM $5::text
            AND ((p.any_word IS NOT NULL AND s.doc_public @@ p.any_word)
                 OR (s.room IS NOT NULL AND s.room = ANY (p.place) AND t.category = COALESCE($4::text, t.category)))
          -- The same room first: with many tickets sharing a word («проектор» in twenty rooms) the one in this
          -- room must not fall outside the candidates the scoring sees.
          ORDER BY (s.room IS NOT NULL AND s.room = ANY (p.place)) DESC, ts_rank(s.doc_public, COALESCE(p.any_word, ''::tsquery)) DESC,
                   t.opened_at DESC
          LIMIT ${CANDIDATES}`,
        [text, new Date(now.getTime() - DUPLICATE_WINDOW_DAYS * DAY_MS).toISOString(), place ?? '', category, excludeAuthor ?? null],
      );
      const first = result.rows[0];
      const candidates: DuplicateCandidate[] = result.rows.map((row) => ({
        number: Number(row.number),
        title: row.title,
        openedAt: row.opened_at instanceof Date ? row.opened_at : new Date(row.opened_at),
        category: row.category,
        room: row.room,
        lexemes: row.lexemes,
        place: row.place,
      }));
      return likelyDuplicatesOf({ lexemes: first?.probe ?? [], place: first?.probe_place ?? [], category }, candidates).map(({ number, title, openedAt }) => ({ number, title, openedAt }));
    },
  };
}
