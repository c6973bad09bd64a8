// The escalation ladder's notices (docs/notifications.md): a ticket nobody took by its first-response target
// (to the category's leads, or to the director when it has none), a ticket not resolved by its resolution
// target (to the director), a task still not done well after its missed deadline (to the director). Sent even
// when the ticket was taken meanwhile: the escalation happened, and the card shows where it stands now.
import type { PendingMessage } from '../../application/ports/outbox.js';
import { encodeCallback } from './callbackData.js';
import { formatDeadline } from './deadline.js';
import type { Rendered, RenderContext } from './notificationTexts.js';
import { categoryName, texts } from './texts.js';
import { button } from './turn.js';

export const SLA_KINDS = ['ticket_escalated', 'task_escalated'] as const satisfies ReadonlyArray<PendingMessage['kind']>;

export type SlaNotice = Extract<PendingMessage, { kind: (typeof SLA_KINDS)[number] }>;

export const isSlaNotice = (message: PendingMessage): message is SlaNotice => (SLA_KINDS as readonly string[]).includes(message.kind);

const s = texts.sla;

export async function renderSlaNotice(message: SlaNotice, context: RenderContext): Promise<Rendered> {
  const { read, zone } = context;
  switch (message.kind) {
    case 'ticket_escalated': {
      const p = message.payload;
      const facts = [p.number, p.title, categoryName(p.category), texts.priorities[p.priority] ?? p.priority, formatDeadline(p.dueAt, zone)] as const;
      const text =
        p.target === 'resolution' ? s.noticeResolution(...facts) : p.level === 'lead' ? s.noticeFirstResponse(...facts) : s.noticeFirstResponseDirector(...facts);
      const open = button(texts.lists.open(texts.notifications.ticketRef(p.number)), encodeCallback('showTicket', p.number));
      return { kind: 'send', message: { text, keyboard: [[open]] } };
    }
    case 'task_escalated': {
      const p = message.payload;
      const assignee = (await read.staffNames([p.assigneeId])).get(p.assigneeId) ?? p.assigneeId;
      const open = button(texts.lists.open(texts.notifications.taskRef(p.number)), encodeCallback('showTask', p.number));
      return { kind: 'send', message: { text: s.noticeTask(p.number, p.title, assignee, formatDeadline(p.deadline, zone)), keyboard: [[open]] } };
    }
    default: {
      const withoutText: never = message;
      return withoutText;
    }
  }
}
