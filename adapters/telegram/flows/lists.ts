// /my (my tickets and tasks), /queue (technicians: open tickets, most urgent first, with Take buttons) and
// /tasks (mine and issued by me): each with its count, a page of lines at a time (adapters/telegram/paging.ts),
// each line with a button that opens the card.
import { encodeCallback } from '../callbackData.js';
import { hasRole, isManager, taskLine, ticketLine } from '../cards.js';
import { loadPage, pageButtons, pagedList, pageLabel, turnPage, type PageWindow } from '../paging.js';
import type { InlineButton } from '../sendQueue.js';
import { texts } from '../texts.js';
import { button, type Flow } from '../turn.js';
import { requireActive } from './common.js';

const section = (title: string, lines: string[]) => [title, ...(lines.length > 0 ? lines : [texts.lists.none])].join('\n');
/** The last block of a list: its count, and the page when there are several. */
const footer = (totals: string, window: PageWindow) => [totals, pageLabel(window)].filter(Boolean).join(' · ');
const openTicket = (n: number) => [button(texts.lists.open(`№${n}`), encodeCallback('showTicket', n))];
const openTask = (n: number) => [button(texts.lists.open(`п${n}`), encodeCallback('showTask', n))];

/** /my: tickets and tasks page side by side (page 2 shows the second ten of each). */
const showMine = pagedList('my', async (turn, page) => {
  if (!requireActive(turn)) return undefined;
  const { read } = turn.deps;
  const { window, result } = await loadPage(page, async (offset, limit) => {
    const [tickets, tasks] = await Promise.all([
      read.myTicketsPage(turn.userId, turn.now, { offset, limit }),
      read.myTasksPage(turn.userId, turn.now, { offset, limit }),
    ]);
    return { tickets, tasks, total: Math.max(tickets.total, tasks.total) };
  });
  const { tickets, tasks } = result;
  const text = [
    section(texts.lists.myTickets, tickets.items.map(ticketLine)),
    section(texts.lists.myTasks, tasks.items.map((t) => taskLine(t, turn.deps.zone))),
    footer(texts.lists.myTotals(tickets.total, tasks.total), window),
  ].join('\n\n');
  const keyboard = [...tickets.items.map((t) => openTicket(t.number)), ...tasks.items.map((t) => openTask(t.number)), ...pageButtons('my', window)];
  return { text, keyboard };
});

/** /queue: the open tickets of the technician's categories (all for managers), overdue and urgent first. */
const showQueue = pagedList('q', async (turn, page) => {
  if (!requireActive(turn)) return undefined;
  if (!hasRole(turn.person, 'technician', 'admin') && !isManager(turn.person)) {
    turn.reply(texts.refusals.not_permitted);
    return undefined;
  }
  const { categories } = turn.person;
  const filter = categories.length > 0 ? { categories } : {};
  const { window, result } = await loadPage(page, (offset, limit) => turn.deps.read.ticketQueuePage(turn.now, { ...filter, offset, limit }));
  if (result.total === 0) return { text: texts.lists.queueEmpty, keyboard: [] };
  const canTake = hasRole(turn.person, 'technician');
  const keyboard: InlineButton[][] = result.items.map((t) => [
    ...(canTake && t.assigneeId === null ? [button(`${texts.ticketCard.buttons.take} №${t.number}`, encodeCallback('takeTicket', t.number))] : []),
    ...openTicket(t.number),
  ]);
  const label = pageLabel(window);
  const text = [texts.lists.queueHeading(result.total), result.items.map(ticketLine).join('\n'), ...(label ? [label] : [])].join('\n\n');
  return { text, keyboard: [...keyboard, ...pageButtons('q', window)] };
});

/** /tasks: mine and issued by me, paging side by side like /my. */
const showTasks = pagedList('tk', async (turn, page) => {
  if (!requireActive(turn)) return undefined;
  const { read } = turn.deps;
  const { window, result } = await loadPage(page, async (offset, limit) => {
    const [mine, issued] = await Promise.all([
      read.myTasksPage(turn.userId, turn.now, { offset, limit }),
      read.tasksIssuedByPage(turn.userId, turn.now, { offset, limit }),
    ]);
    return { mine, issued, total: Math.max(mine.total, issued.total) };
  });
  const { mine, issued } = result;
  const names = issued.items.length > 0 ? await read.staffNames([...new Set(issued.items.map((t) => t.assigneeId))]) : new Map<string, string>();
  const text = [
    section(texts.lists.myTasks, mine.items.map((t) => taskLine(t, turn.deps.zone))),
    section(texts.lists.issuedTasks, issued.items.map((t) => taskLine(t, turn.deps.zone, names.get(t.assigneeId) ?? t.assigneeId))),
    footer(texts.lists.tasksTotals(mine.total, issued.total), window),
  ].join('\n\n');
  // A task one gave oneself is in both lists: one button for it.
  const numbers = [...new Set([...mine.items, ...issued.items].map((t) => t.number))];
  return { text, keyboard: [...numbers.map(openTask), ...pageButtons('tk', window)] };
});

export const listsFlow: Flow = {
  commands: {
    my: showMine,
    queue: showQueue,
    tasks: showTasks,
  },
  callbacks: {
    listPage: turnPage,
  },
};
