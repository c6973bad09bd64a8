// Finding the person an order is for, by part of the name: the matches as buttons of the given verb, and the
// pressed one checked and named. /repeat uses it; /task (newTask.ts) has the same steps written inline.
import type { Verb } from '../callbackData.js';
import { encodeCallback } from '../callbackData.js';
import { nameOf } from '../cards.js';
import { texts } from '../texts.js';
import { button, type Draft, type Turn } from '../turn.js';

/** People offered for a typed part of a name. */
const ASSIGNEE_MATCHES = 8;

/** Offers the active staff (not auditors) matching `text`, each a button of `verb`; the draft waits at step 'assignee'. */
export async function offerAssignees(turn: Turn, draft: Draft, text: string, verb: Verb): Promise<void> {
  const matches = (await turn.deps.read.searchStaff(text, { activeOnly: true, limit: ASSIGNEE_MATCHES })).filter((p) => p.role !== 'auditor');
  if (matches.length === 0) return turn.reply(texts.task.noMatches);
  await turn.saveDraft({ ...draft, step: 'assignee' });
  turn.reply(
    texts.task.pickFromMatches,
    matches.map((p) => [button(`${p.fullName} (${texts.roles[p.role ?? ''] ?? ''})`, encodeCallback(verb, p.telegramId))]),
  );
}

/** The pressed person's name when they may be given an order; otherwise the reply says why and it is undefined. */
export async function pickedAssignee(turn: Turn, telegramId: string): Promise<string | undefined> {
  const assignee = await turn.deps.school.person(telegramId);
  if (assignee.status !== 'active') {
    turn.reply(texts.refusals.assignee_not_eligible);
    return undefined;
  }
  return nameOf(assignee);
}
