// What someone missed while Telegram refused to deliver to them (they had blocked the bot): the notices held
// meanwhile, counted once by what they are ("3 новые заявки, 1 новое поручение"), with buttons to open the
// tickets and tasks when there are few, or the commands that list them.
import type { NotificationKind } from '../../application/notifications/kinds.js';
import type { PendingMessage } from '../../application/ports/outbox.js';
import { encodeCallback } from './callbackData.js';
import type { Card } from './cards.js';
import type { InlineButton } from './sendQueue.js';
import { counted, texts } from './texts.js';
import { button } from './turn.js';

type HeldGroup = keyof typeof texts.notifications.held;

/** How each kind counts in the summary; undefined: not worth telling afterwards (a reminder, a digest, an edit). */
const GROUP_OF: { readonly [K in NotificationKind]: HeldGroup | undefined } = {
  ticket_opened: 'newTickets',
  ticket_assigned: 'assignedTickets',
  ticket_resolved: 'resolvedTickets',
  ticket_reopened: 'reopenedTickets',
  ticket_commented: 'comments',
  ticket_cancelled: 'cancelledTickets',
  task_assigned: 'newTasks',
  task_due_soon: undefined,
  task_missed: 'missedDeadlines',
  task_completed: 'completedTasks',
  task_returned: 'returnedTasks',
  task_cancelled: 'cancelledTasks',
  digest: undefined,
  reply: 'messages',
  reachable_again: undefined,
  tech_card_taken: undefined,
  ticket_taken: 'takenTickets',
  ticket_reassigned: 'reassignedTickets',
  ticket_priority_changed: 'priorityChanges',
  ticket_confirmed: 'confirmedTickets',
  ticket_auto_closed: 'autoClosedTickets',
  task_accepted: 'acceptedTasks',
  task_approved: 'approvedTasks',
  task_extended: 'extendedDeadlines',
  command_menu: undefined,
  ticket_question: 'questions',
  ticket_answer: 'answers',
  ticket_resumed: 'reopenedTickets',
  ticket_question_reminder: 'questions',
  ticket_closed_unanswered: 'autoClosedTickets',
  ticket_rate_request: undefined,
  ticket_rated_low: 'ratings',
  ticket_escalated: 'escalations',
  task_escalated: 'escalations',
  ticket_follower_update: 'followedTickets',
  ticket_merged: 'followedTickets',
  room_repeat_problem: 'repeatProblems',
  // The issuer opens /orders for the current counts; a reminder is not news afterwards.
  order_progress: undefined,
  order_reminder: undefined,
  staff_request: 'accessRequests',
};

/** With this many tickets and tasks or fewer, each gets an Open button; with more, the summary names /my. */
const SUMMARY_BUTTONS_MAX = 6;
const BUTTONS_PER_ROW = 2;

type Ref = { item: 'ticket' | 'task'; number: number };

function refOf(message: PendingMessage): Ref | undefined {
  if (message.kind === 'digest' || message.kind === 'reply' || message.kind === 'reachable_again' || message.kind === 'command_menu') return undefined;
  if (message.kind === 'order_progress' || message.kind === 'staff_request') return undefined;
  return { item: message.kind.startsWith('task_') || message.kind === 'order_reminder' ? 'task' : 'ticket', number: message.payload.number };
}

/** The summary of held notices, or undefined when none of them is worth telling. */
export function heldSummary(held: readonly PendingMessage[]): Card | undefined {
  const n = texts.notifications;
  const counts = new Map<HeldGroup, number>();
  const refs = new Map<string, Ref>();
  for (const message of held) {
    const group = GROUP_OF[message.kind];
    if (!group) continue;
    counts.set(group, (counts.get(group) ?? 0) + 1);
    const ref = refOf(message);
    if (ref) refs.set(`${ref.item}:${ref.number}`, ref);
  }
  if (counts.size === 0) return undefined;
  const groups = Object.keys(n.held) as HeldGroup[];
  const parts = groups.filter((g) => counts.has(g)).map((g) => counted(counts.get(g) ?? 0, n.held[g]));
  const lines = [n.heldSummary(parts)];
  const keyboard: InlineButton[][] = [];
  // Tickets, then tasks, each by number: held rows may share a moment and come back in any order.
  const shown = [...refs.values()].sort((a, b) => (a.item === b.item ? a.number - b.number : a.item === 'ticket' ? -1 : 1));
  if (shown.length > 0 && shown.length <= SUMMARY_BUTTONS_MAX) {
    const buttons = shown.map((ref) =>
      ref.item === 'ticket'
        ? button(texts.lists.open(n.ticketRef(ref.number)), encodeCallback('showTicket', ref.number))
        : button(texts.lists.open(n.taskRef(ref.number)), encodeCallback('showTask', ref.number)),
    );
    for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW) keyboard.push(buttons.slice(i, i + BUTTONS_PER_ROW));
  } else {
    lines.push('', n.heldHint);
    if (counts.has('newTickets')) lines.push(n.heldQueueHint);
  }
  return { text: lines.join('\n'), keyboard };
}
