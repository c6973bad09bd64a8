// The staff directory over rm_staff.
import type { SqlQueryable } from '../../../application/ports/sql.js';
import type { StaffQueries } from '../../../application/ports/readModels.js';
import { limitOf, offsetOf, toStaffView } from './rows.js';

/** A school's staff fits one page: lists of people are not paged by default. */
const STAFF_PAGE = 200;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function sqlStaffQueries(sql: SqlQueryable): StaffQueries {
  return {
    async staffById(telegramId) {
      const result = await sql.query(`SELECT * FROM rm_staff WHERE telegram_id = $1`, [telegramId]);
      return result.rows[0] ? toStaffView(result.rows[0]) : undefined;
    },
    async staffDirectory(options) {
      const result = await sql.query(
        `SELECT * FROM rm_staff
          WHERE $1::jsonb IS NULL OR status IN (SELECT jsonb_array_elements_text($1::jsonb))
          ORDER BY lower(full_name), telegram_id LIMIT $2 OFFSET $3`,
        [options?.statuses ? JSON.stringify(options.statuses) : null, limitOf(options, STAFF_PAGE), offsetOf(options)],
      );
      return result.rows.map(toStaffView);
    },
    async searchStaff(text, options) {
      const needle = escapeLike(text.trim().toLowerCase());
      if (needle === '') return [];
      const result = await sql.query(
        `SELECT * FROM rm_staff
          WHERE lower(full_name) LIKE '%' || $1 || '%' AND (NOT $2 OR status = 'active')
          ORDER BY (lower(full_name) LIKE $1 || '%' OR lower(full_name) LIKE '% ' || $1 || '%') DESC,
                   lower(full_name), telegram_id
          LIMIT $3 OFFSET $4`,
        [needle, options?.activeOnly ?? false, limitOf(options, 20), offsetOf(options)],
      );
      return result.rows.map(toStaffView);
    },
    async staffByRole(roles, options) {
      const result = await sql.query(
        `SELECT * FROM rm_staff
          WHERE status = 'active' AND role IN (SELECT jsonb_array_elements_text($1::jsonb))
            AND ($2::text IS NULL OR cardinality(categories) = 0 OR $2 = ANY(categories))
          ORDER BY lower(full_name), telegram_id LIMIT $3 OFFSET $4`,
        [JSON.stringify(roles), options?.category ?? null, limitOf(options, STAFF_PAGE), offsetOf(options)],
      );
      return result.rows.map(toStaffView);
    },
    async staffNames(telegramIds) {
      if (telegramIds.length === 0) return new Map();
      const result = await sql.query<{ telegram_id: string; full_name: string }>(
        `SELECT telegram_id, full_name FROM rm_staff WHERE telegram_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
        [JSON.stringify([...new Set(telegramIds)])],
      );
      return new Map(result.rows.map((row) => [row.telegram_id, row.full_name]));
    },
    async staffLeading(category) {
      const result = await sql.query(
        `SELECT * FROM rm_staff WHERE status = 'active' AND $1 = ANY(leads) ORDER BY lower(full_name), telegram_id`,
        [category],
      );
      return result.rows.map(toStaffView);
    },
  };
}
