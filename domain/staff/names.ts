// Whether a name someone typed when asking for access is that of somebody already on the staff (the admins are
// warned: anyone can type the director's name), and what became of a request. Pure: words in, verdicts out.
import type { Role } from '../shared/values.js';
import type { StaffEvent } from './events.js';

/** A name's words, compared as people write them: case, ё/е, dots, commas and extra spaces do not count. */
export function nameWords(name: string): string[] {
  return name
    .toLocaleLowerCase('ru')
    .replace(/ё/g, 'е')
    .replace(/[.,;:()"«»'`]+/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== '');
}

/** "м" is the initial of "мария"; words otherwise match only when equal. */
const compatible = (a: string, b: string): boolean => a === b || (a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b));

/**
 * True when two full names may be one person: the shorter one's words (at least two) each match a different
 * word of the longer, in any order, and at least one of them is a whole word rather than an initial.
 * «Иванова Мария Петровна» matches «иванова  мария петровна», «Иванова Мариа Петровна» does not; «Иванова М. П.»
 * and «Мария Иванова» match it too (a patronymic left out, initials, the order changed): a warning errs on
 * the side of asking.
 */
export function namesMatch(a: string, b: string): boolean {
  const [shorter, longer] = [nameWords(a), nameWords(b)].sort((x, y) => x.length - y.length) as [string[], string[]];
  if (shorter.length < 2) return false;
  const unused = [...longer];
  let whole = 0;
  // Whole words claim their partners first, so an initial cannot take the word an equal word needs.
  for (const word of [...shorter].sort((x, y) => y.length - x.length)) {
    const exact = unused.indexOf(word);
    const index = exact >= 0 ? exact : unused.findIndex((other) => compatible(word, other));
    if (index < 0) return false;
    if (word.length > 1 && unused[index] === word) whole += 1;
    unused.splice(index, 1);
  }
  return whole > 0;
}

/** How a request for access was decided, and by whom (an admin's id, or 'config' for a configured admin). */
export type RequestDecision =
  | { readonly outcome: 'approved'; readonly by: string; readonly role: Role; readonly at: string }
  | { readonly outcome: 'rejected'; readonly by: string; readonly at: string };

/** The last decision on a person's request, from their Staff stream; undefined while nobody has decided. */
export function requestDecision(events: readonly StaffEvent[]): RequestDecision | undefined {
  let decision: RequestDecision | undefined;
  for (const event of events) {
    if (event.type === 'StaffApproved') decision = { outcome: 'approved', by: event.data.approvedBy, role: event.data.role, at: event.data.approvedAt };
    else if (event.type === 'StaffDeactivated' && event.data.wasPending) decision = { outcome: 'rejected', by: event.data.deactivatedBy, at: event.data.deactivatedAt };
  }
  return decision;
}
