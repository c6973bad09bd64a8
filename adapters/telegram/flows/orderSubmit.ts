// Sending a confirmed order to many (the /task wizard's draft with several recipients): one application call,
// `issueOrder`, then one reply with the numbers and the way to the summary.
import type { OrderTarget } from '../../../domain/index.js';
import { encodeCallback } from '../callbackData.js';
import { texts } from '../texts.js';
import { button, type Draft, type Turn } from '../turn.js';
import { request, succeeded } from './common.js';

/** What the /task wizard's draft holds when the task goes to several people. */
export interface OrderDraft {
  recipients: string[];
  target: OrderTarget;
  /** How the recipients read in the wizard's questions ("группа «Завхоз и техники» (3 человека)"). */
  assigneeName: string;
  title?: string;
  deadline?: string;
}

export const isOrderDraft = (data: Record<string, unknown>): boolean => Array.isArray(data.recipients);

export async function submitOrder(turn: Turn, draft: Draft): Promise<void> {
  const data = draft.data as unknown as OrderDraft;
  if (!data.title || !data.deadline || data.recipients.length === 0) return turn.reply(texts.common.expired);
  const result = await turn.deps.school.issueOrder(
    turn.person,
    { recipientIds: data.recipients, title: data.title, deadline: data.deadline, target: data.target },
    request(turn),
    // The issuer hears at once; 300 tasks are assigned meanwhile (a crash: the order's card assigns the rest).
    { fanOut: 'background' },
  );
  await turn.clearDraft();
  if (!succeeded(turn, result)) return;
  result.assigned.catch((error: unknown) => turn.deps.log.warn({ err: error, orderId: result.orderId }, 'order fan-out cut short; its card completes it'));
  const numbers = result.tasks.map((t) => t.number);
  const lines = [texts.orders.created(numbers.length, Math.min(...numbers), Math.max(...numbers))];
  if (result.skipped.length > 0) lines.push(texts.orders.skipped(result.skipped.length));
  turn.reply(lines.join('\n'), [[button(texts.orders.open, encodeCallback('orderShow', result.orderId))]]);
}
