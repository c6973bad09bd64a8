// The one SQL statement of "overdue", per aggregate. It is the domain's rule (domain/shared/time.ts `isBefore`,
// domain/task/state.ts `isTaskOverdue`): a deadline has passed when now is strictly after it, so a row due
// exactly at `now` is not overdue yet — hence `<`, never `<=`. Only work still waiting can be late.

/** `alias.` or nothing, for the columns of a query whose table has (or has no) alias. */
const prefixOf = (alias: string | undefined) => (alias ? `${alias}.` : '');

/**
 * A ticket not yet resolved whose due time has passed at `now` (a SQL parameter such as `$1`). A ticket waiting
 * on its author (`waiting`) is never overdue: its clock stands still until the answer moves its due time.
 */
export const ticketOverdueSql = (now: string, alias?: string): string =>
  `(${prefixOf(alias)}status IN ('open', 'in_progress') AND ${prefixOf(alias)}due_at < ${now})`;

/** A task not yet completed whose deadline has passed at `now` (a SQL parameter such as `$1`). */
export const taskOverdueSql = (now: string, alias?: string): string =>
  `(${prefixOf(alias)}status IN ('assigned', 'accepted') AND ${prefixOf(alias)}deadline < ${now})`;
