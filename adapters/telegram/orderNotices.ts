// The notices of orders to many: to the issuer, the order's progress as it stands when the notice leaves (read
// from the read model, so several completions in one merge window become one line); to a recipient not done,
// the issuer's reminder (dropped when their task was done or cancelled meanwhile).
import type { PendingMessage } from '../../application/ports/outbox.js';
import { encodeCallback } from './callbackData.js';
import { formatDeadline } from './deadline.js';
import type { Rendered, RenderContext } from './notificationTexts.js';
import { texts } from './texts.js';
import { button } from './turn.js';

export const ORDER_KINDS = ['order_progress', 'order_reminder'] as const satisfies ReadonlyArray<PendingMessage['kind']>;

export type OrderNotice = Extract<PendingMessage, { kind: (typeof ORDER_KINDS)[number] }>;

export const isOrderNotice = (message: PendingMessage): message is OrderNotice => (ORDER_KINDS as readonly string[]).includes(message.kind);

const o = texts.orders;

export async function renderOrderNotice(message: OrderNotice, context: RenderContext): Promise<Rendered> {
  const { read, zone, now } = context;
  switch (message.kind) {
    case 'order_progress': {
      const summary = await read.orderSummary(message.payload.orderId, now);
      if (!summary) return { kind: 'drop', reason: 'the order is not in the read model' };
      const { order } = summary;
      if (order.status === 'cancelled') return { kind: 'drop', reason: 'the order was cancelled' };
      const text = o.progress(order.title, order.counts.done, order.counts.total, order.counts.overdue);
      return { kind: 'send', message: { text, keyboard: [[button(o.open, encodeCallback('orderShow', order.orderId))]] } };
    }
    case 'order_reminder': {
      const task = await read.taskByNumber(message.payload.number, now);
      if (!task || (task.status !== 'assigned' && task.status !== 'accepted')) return { kind: 'drop', reason: 'the task is not open any more' };
      const open = button(texts.lists.open(texts.notifications.taskRef(task.number)), encodeCallback('showTask', task.number));
      return { kind: 'send', message: { text: o.reminder(task.number, task.title, formatDeadline(task.deadline.toISOString(), zone)), keyboard: [[open]] } };
    }
    default: {
      const withoutText: never = message;
      return withoutText;
    }
  }
}

/** Of several progress notices of one order waiting together, only the last is worth sending. */
export function latestProgressOnly(messages: readonly PendingMessage[]): { keep: PendingMessage[]; drop: PendingMessage[] } {
  const last = new Map<string, string>();
  for (const m of messages) if (m.kind === 'order_progress') last.set(m.payload.orderId, m.id);
  const keep: PendingMessage[] = [];
  const drop: PendingMessage[] = [];
  for (const m of messages) (m.kind === 'order_progress' && last.get(m.payload.orderId) !== m.id ? drop : keep).push(m);
  return { keep, drop };
}
