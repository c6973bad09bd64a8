// /my (my tickets and tasks), /queue (technicians: open tickets, most urgent first, with Take buttons) and
// /tasks (mine and issued by me), each line with a button that opens the card.
import { encodeCallback } from '../callbackData.js';
import { hasRole, isManager, taskLine, ticketLine } from '../cards.js';
import type { InlineButton } from '../sendQueue.js';
import { texts } from '../texts.js';
import { button, type Flow } from '../turn.js';
import { requireActive } from './common.js';

const LIST_LIMIT = 15;
/** Open buttons under /my, for tickets and for tasks each. */
const MY_BUTTONS = 8;
/** Open buttons under /tasks. */
const TASK_BUTTONS = 16;
const section = (title: string, lines: string[]) => [title, ...(lines.length > 0 ? lines : [texts.lists.none])].join('\n');

export const listsFlow: Flow = {
  commands: {
    my: async (turn) => {
      if (!requireActive(turn)) return;
      const { read } = turn.deps;
      const [authored, assigned, tasks] = await Promise.all([
        read.ticketsByAuthor(turn.userId, turn.now, { activeOnly: true, limit: LIST_LIMIT }),
        read.ticketsByAssignee(turn.userId, turn.now, { activeOnly: true, limit: LIST_LIMIT }),
        read.myTasks(turn.userId, turn.now, { limit: LIST_LIMIT }),
      ]);
      const tickets = [...new Map([...authored, ...assigned].map((t) => [t.number, t])).values()];
      const keyboard: InlineButton[][] = [
        ...tickets.slice(0, MY_BUTTONS).map((t) => [button(texts.lists.open(`№${t.number}`), encodeCallback('showTicket', t.number))]),
        ...tasks.slice(0, MY_BUTTONS).map((t) => [button(texts.lists.open(`п${t.number}`), encodeCallback('showTask', t.number))]),
      ];
      const text = [
        section(texts.lists.myTickets, tickets.map(ticketLine)),
        section(texts.lists.myTasks, tasks.map((t) => taskLine(t, turn.deps.zone))),
      ].join('\n\n');
      turn.reply(text, keyboard.length > 0 ? keyboard : undefined);
    },
    queue: async (turn) => {
      if (!requireActive(turn)) return;
      if (!hasRole(turn.person, 'technician', 'admin') && !isManager(turn.person)) return turn.reply(texts.refusals.not_permitted);
      const { categories } = turn.person;
      const queue = await turn.deps.read.ticketQueue(turn.now, {
        limit: LIST_LIMIT,
        ...(categories.length > 0 ? { categories } : {}),
      });
      if (queue.length === 0) return turn.reply(texts.lists.queueEmpty);
      const canTake = hasRole(turn.person, 'technician');
      const keyboard = queue.map((t) => [
        ...(canTake && t.assigneeId === null ? [button(`${texts.ticketCard.buttons.take} №${t.number}`, encodeCallback('takeTicket', t.number))] : []),
        button(texts.lists.open(`№${t.number}`), encodeCallback('showTicket', t.number)),
      ]);
      turn.reply([texts.lists.queue, ...queue.map(ticketLine)].join('\n'), keyboard);
    },
    tasks: async (turn) => {
      if (!requireActive(turn)) return;
      const [mine, issued] = await Promise.all([
        turn.deps.read.myTasks(turn.userId, turn.now, { limit: LIST_LIMIT }),
        turn.deps.read.tasksIssuedBy(turn.userId, turn.now, { limit: LIST_LIMIT }),
      ]);
      // A task one gave oneself is in both lists: one button for it.
      const numbers = [...new Set([...mine, ...issued].map((t) => t.number))];
      const keyboard = numbers.slice(0, TASK_BUTTONS).map((n) => [button(texts.lists.open(`п${n}`), encodeCallback('showTask', n))]);
      const names = issued.length > 0 ? await turn.deps.read.staffNames([...new Set(issued.map((t) => t.assigneeId))]) : new Map<string, string>();
      const text = [
        section(texts.lists.myTasks, mine.map((t) => taskLine(t, turn.deps.zone))),
        section(texts.lists.issuedTasks, issued.map((t) => taskLine(t, turn.deps.zone, names.get(t.assigneeId) ?? t.assigneeId))),
      ].join('\n\n');
      turn.reply(text, keyboard.length > 0 ? keyboard : undefined);
    },
  },
};
