// Ticket and task cards: the text and the buttons a given person may press in the item's current state.
// The buttons are only a convenience: the command service re-authorizes every press.
import { DateTime } from 'luxon';
import type { Person } from '../../application/people.js';
import type { TaskView, TicketView } from '../../application/ports/readModels.js';
import { encodeCallback } from './callbackData.js';
import { formatDeadline } from './deadline.js';
import type { InlineButton } from './sendQueue.js';
import { button } from './turn.js';
import { categoryName, texts } from './texts.js';

const MANAGERS = new Set(['deputy', 'director', 'admin']);
export const isActive = (person: Person): boolean => person.status === 'active';
export const isManager = (person: Person) => isActive(person) && MANAGERS.has(person.role ?? '');
export const hasRole = (person: Person, ...roles: string[]) => isActive(person) && roles.includes(person.role ?? '');
/** How the bot names a person: their registered name, or their id when they never registered. */
export const nameOf = (person: Person): string => person.fullName ?? person.telegramId;

export interface Card {
  text: string;
  keyboard: InlineButton[][];
}

const BUTTONS_PER_ROW = 2;

const rows = (buttons: InlineButton[]): InlineButton[][] => {
  const result: InlineButton[][] = [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW) result.push(buttons.slice(i, i + BUTTONS_PER_ROW));
  return result;
};

export function ticketButtons(ticket: TicketView, viewer: Person): InlineButton[] {
  if (!isActive(viewer)) return [];
  const b = texts.ticketCard.buttons;
  const n = ticket.number;
  const me = viewer.telegramId;
  const isAuthor = ticket.authorId === me;
  const isAssignee = ticket.assigneeId === me;
  const isAdmin = viewer.role === 'admin';
  const live = ticket.status === 'open' || ticket.status === 'in_progress';
  const buttons: InlineButton[] = [];
  if (viewer.role === 'technician' && live && !isAssignee) buttons.push(button(b.take, encodeCallback('takeTicket', n)));
  if (isAssignee && ticket.status === 'in_progress') buttons.push(button(b.resolve, encodeCallback('resolveTicket', n)));
  if ((isAuthor || isAssignee || isManager(viewer)) && ticket.status !== 'closed' && ticket.status !== 'cancelled') {
    buttons.push(button(b.comment, encodeCallback('commentTicket', n)));
  }
  if ((isAssignee || isManager(viewer)) && live) buttons.push(button(b.priority, encodeCallback('priorityMenu', n)));
  if (isManager(viewer) && live) {
    const label = ticket.assigneeId ? texts.assignment.reassign : texts.assignment.assign;
    buttons.push(button(label, encodeCallback('assignMenu', n)));
  }
  if (isAuthor && ticket.status === 'resolved') {
    buttons.push(button(b.confirm, encodeCallback('confirmTicket', n)), button(b.reopen, encodeCallback('reopenTicket', n)));
  } else if ((isAuthor || isAdmin) && ticket.status === 'closed') {
    buttons.push(button(b.reopen, encodeCallback('reopenTicket', n)));
  }
  if ((isAuthor && ticket.status === 'open') || (isAdmin && live)) buttons.push(button(b.cancel, encodeCallback('cancelTicket', n)));
  // Waiting on the author (issue 14, item 5): ask them, answer, or go on without the answer.
  const a = texts.askAuthor;
  if ((isAssignee || isManager(viewer)) && live) buttons.push(button(a.button, encodeCallback('askAuthor', n)));
  if (isAuthor && ticket.status === 'waiting') buttons.push(button(a.answerButton, encodeCallback('answerAuthor', n)));
  if ((isAssignee || isManager(viewer)) && ticket.status === 'waiting') buttons.push(button(a.resumeButton, encodeCallback('resumeTicket', n)));
  return buttons;
}

/** A comment as the card shows it: when, who (already a name) and the words. */
export interface CardComment {
  at: Date;
  who: string;
  text: string;
}

export function ticketCard(
  ticket: TicketView,
  viewer: Person,
  names: Map<string, string>,
  zone: string,
  comments: readonly CardComment[] | 'hidden' = [],
): Card {
  const t = texts.ticketCard;
  const lines = [
    t.title(ticket.number, ticket.title),
    `${t.category}: ${categoryName(ticket.category)}`,
    `${t.location}: ${ticket.location}`,
    `${t.priority}: ${texts.priorities[ticket.priority] ?? ticket.priority}`,
    `${t.status}: ${texts.ticketStatuses[ticket.status] ?? ticket.status}${ticket.overdue ? ` ${t.overdue}` : ''}`,
    `${t.author}: ${names.get(ticket.authorId) ?? ticket.authorId}`,
    `${t.assignee}: ${ticket.assigneeId ? (names.get(ticket.assigneeId) ?? ticket.assigneeId) : t.nobody}`,
    // While nobody is on it, the first-response target comes first; the resolution target always shows.
    ...(ticket.status === 'open' && ticket.respondBy ? [texts.sla.respondBy(formatDeadline(ticket.respondBy, zone))] : []),
    `${t.due}: ${formatDeadline(ticket.dueAt, zone)}`,
    ...dupesLines(ticket),
    '',
    ticket.description,
    ...(ticket.commentCount > 0 && comments === 'hidden' ? ['', texts.visibility.comments(ticket.commentCount)] : []),
    ...(ticket.commentCount > 0 && comments !== 'hidden'
      ? [
          '',
          t.comments(ticket.commentCount),
          ...comments.map((c) => t.commentLine(DateTime.fromJSDate(c.at, { zone }).toFormat('dd.MM HH:mm'), c.who, c.text)),
        ]
      : []),
  ];
  return { text: lines.join('\n'), keyboard: [...rows(ticketButtons(ticket, viewer)), ...ticketPhotosRow(ticket), ...mergeRow(ticket, viewer)] };
}

/** Issue 15, item 6: the survivor a merged ticket points to; how many reported it (author and followers). */
function dupesLines(ticket: TicketView): string[] {
  if (ticket.mergedInto) return [texts.dupes.mergedInto(ticket.mergedInto)];
  const followers = ticket.followerCount ?? 0;
  return followers > 0 ? [texts.dupes.reach(1 + followers)] : [];
}

/** "Объединить" for a technician or a manager while the ticket is worked on (the command re-checks). */
function mergeRow(ticket: TicketView, viewer: Person): InlineButton[][] {
  const may = isActive(viewer) && (viewer.role === 'technician' || viewer.role === 'deputy' || viewer.role === 'director' || viewer.role === 'admin');
  const live = ticket.status === 'open' || ticket.status === 'in_progress' || ticket.status === 'waiting';
  return may && live ? [[button(texts.dupes.mergeButton, encodeCallback('mergeTicket', ticket.number))]] : [];
}

/** The card's "Фото (N)" button when the ticket was opened with photos: pressing it sends them. */
export function ticketPhotosRow(ticket: TicketView): InlineButton[][] {
  const count = ticket.photoIds?.length ?? 0;
  return count > 0 ? [[button(texts.ticketPhotos.button(count), encodeCallback('ticketPhotos', ticket.number))]] : [];
}

export function taskButtons(task: TaskView, viewer: Person): InlineButton[] {
  if (!isActive(viewer)) return [];
  const b = texts.task.buttons;
  const n = task.number;
  const isAssignee = task.assigneeId === viewer.telegramId;
  const isIssuer = task.issuerId === viewer.telegramId;
  const isAdmin = viewer.role === 'admin';
  const buttons: InlineButton[] = [];
  if (isAssignee && task.status === 'assigned') buttons.push(button(b.accept, encodeCallback('acceptTask', n)));
  // Only an accepted task can be completed (assigned → accepted → completed): offering it earlier would ask
  // for a report and then refuse it.
  if (isAssignee && task.status === 'accepted') buttons.push(button(b.complete, encodeCallback('completeTask', n)));
  if (isIssuer && task.status === 'completed') {
    buttons.push(button(b.approve, encodeCallback('approveTask', n)), button(b.return, encodeCallback('returnTask', n)));
  }
  const open = task.status === 'assigned' || task.status === 'accepted';
  if ((isIssuer || isAdmin) && open) {
    buttons.push(button(b.extend, encodeCallback('extendTask', n)), button(b.cancel, encodeCallback('cancelTask', n)));
  }
  return buttons;
}

export function taskCard(task: TaskView, viewer: Person, names: Map<string, string>, zone: string): Card {
  const t = texts.task;
  const lines = [
    t.card(task.number, task.title),
    `${t.issuer}: ${names.get(task.issuerId) ?? task.issuerId}`,
    `${t.assignee}: ${names.get(task.assigneeId) ?? task.assigneeId}`,
    `${t.deadline}: ${formatDeadline(task.deadline, zone)}${task.late || task.overdue ? ` ${t.late}` : ''}`,
    `${t.status}: ${texts.taskStatuses[task.status] ?? task.status}`,
    ...(task.description ? ['', `${t.description}: ${task.description}`] : []),
  ];
  return { text: lines.join('\n'), keyboard: rows(taskButtons(task, viewer)) };
}

export const ticketLine = (ticket: TicketView) =>
  texts.lists.ticketLine(
    ticket.number,
    ticket.title,
    texts.ticketStatuses[ticket.status] ?? ticket.status,
    texts.priorities[ticket.priority] ?? ticket.priority,
    ticket.overdue,
  );

/** One task in a list; `assignee` (a name) for lists of tasks one issued, where it matters to whom. */
export const taskLine = (task: TaskView, zone: string, assignee?: string) =>
  texts.lists.taskLine(
    task.number,
    task.title,
    texts.taskStatuses[task.status] ?? task.status,
    formatDeadline(task.deadline, zone, 'genitive'),
    task.overdue,
    assignee,
  );

/**
 * Buttons that first ask for words (a comment, a reason) check the person before asking, so nobody types a
 * reason only to be refused. The check uses facts a lagging read model cannot turn into a wrong refusal
 * (author, issuer, role; a technician may have just taken the ticket): the command service decides the rest.
 * Returns the refusal to show, or undefined to go on.
 */
export type TicketWordsAction = 'resolve' | 'comment' | 'priority' | 'reopen' | 'cancel';
export function ticketWordsRefusal(
  action: TicketWordsAction,
  ticket: TicketView,
  viewer: Person,
  reopen?: { now: Date; windowMs: number },
): string | undefined {
  if (!isActive(viewer)) return texts.refusals.not_permitted;
  const me = viewer.telegramId;
  const isAuthor = ticket.authorId === me;
  const mayBeAssignee = ticket.assigneeId === me || viewer.role === 'technician';
  const isAdmin = viewer.role === 'admin';
  const allowed: Record<TicketWordsAction, boolean> = {
    resolve: mayBeAssignee,
    comment: isAuthor || mayBeAssignee || isManager(viewer),
    priority: mayBeAssignee || isManager(viewer),
    reopen: isAuthor || isAdmin,
    cancel: isAuthor || isAdmin,
  };
  if (!allowed[action]) return texts.refusals.not_permitted;
  // A cancelled ticket stays cancelled, so a read model that shows it so is right.
  if (ticket.status === 'cancelled') return texts.refusals.invalid_transition;
  // A ticket leaves "open" for good once someone works on it, so a read model that shows it past "open" is right.
  if (action === 'cancel' && !isAdmin && ticket.status !== 'open') {
    return ticket.status === 'in_progress' ? texts.ticketCard.cancelOnlyWhileOpen : texts.refusals.invalid_transition;
  }
  // Closed for good once the window passed: say so at the press rather than after the reason is typed.
  if (action === 'reopen' && reopen && ticket.status === 'closed' && ticket.closedAt && reopen.now.getTime() >= ticket.closedAt.getTime() + reopen.windowMs) {
    return texts.refusals.reopen_window_passed;
  }
  return undefined;
}

export type TaskWordsAction = 'complete' | 'return' | 'cancel' | 'extend';
export function taskWordsRefusal(action: TaskWordsAction, task: TaskView, viewer: Person): string | undefined {
  if (!isActive(viewer)) return texts.refusals.not_permitted;
  const me = viewer.telegramId;
  const isIssuer = task.issuerId === me;
  const allowed: Record<TaskWordsAction, boolean> = {
    complete: task.assigneeId === me,
    return: isIssuer,
    cancel: isIssuer || viewer.role === 'admin',
    extend: isIssuer || viewer.role === 'admin',
  };
  if (!allowed[action]) return texts.refusals.not_permitted;
  // Approved and cancelled are final, so a read model that shows them is right.
  if (task.status === 'approved' || task.status === 'cancelled') return texts.refusals.invalid_transition;
  return undefined;
}

/** "Алексеев Иван Петрович" → "Алексеев И.П.": how a card in the technicians' group names who took a ticket. */
export function shortName(fullName: string): string {
  const [surname, ...given] = fullName.trim().split(/\s+/);
  if (!surname) return fullName;
  const initials = given.map((word) => `${word.charAt(0).toUpperCase()}.`).join('');
  return initials ? `${surname} ${initials}` : surname;
}

/** One line of a list, whatever was typed: no line breaks, and cut with "…" past `max` characters. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

/** What a new ticket's notice carries (the ticket_opened payload). */
export interface NewTicketFacts {
  number: number;
  title: string;
  category: string;
  location: string;
}

/** Where a new ticket stands when its card is drawn again: still open, or taken (by whom) or otherwise moved on. */
export interface NewTicketState {
  status: TicketView['status'];
  /** The assignee's short name, when it has one. */
  assignee?: string;
}

const LIST_TITLE_MAX = 80;
const LIST_LOCATION_MAX = 40;
/** Take buttons in a row of a list's keyboard. */
const TAKE_BUTTONS_PER_ROW = 2;

const newTicketLine = (facts: NewTicketFacts): string =>
  texts.notifications.ticketListLine(facts.number, clip(facts.location, LIST_LOCATION_MAX) || texts.newTicket.locationUnknown, clip(facts.title, LIST_TITLE_MAX));

/**
 * The card of new tickets: one ticket as its own card (Take, Open), several as a list ("Новые заявки (5):",
 * a line and a "Взять №N" button each). Drawn again with `states` once tickets move on, so that the
 * technicians' group sees who took which and has no Take button left for it.
 */
export function newTicketsCard(tickets: readonly NewTicketFacts[], states: ReadonlyMap<number, NewTicketState> = new Map()): Card {
  const n = texts.notifications;
  const isOpen = (number: number) => (states.get(number)?.status ?? 'open') === 'open';
  const take = (number: number, label: string) => button(label, encodeCallback('takeTicket', number));
  const [single] = tickets;
  if (tickets.length === 1 && single) {
    const state = states.get(single.number);
    const text = n.ticketOpened(single.number, single.title, categoryName(single.category), single.location);
    const open = button(texts.lists.open(n.ticketRef(single.number)), encodeCallback('showTicket', single.number));
    if (!state || state.status === 'open') return { text, keyboard: [[take(single.number, texts.ticketCard.buttons.take), open]] };
    const status = state.assignee ? n.cardTaken(state.assignee) : n.cardMovedOn(texts.ticketStatuses[state.status] ?? state.status);
    return { text: `${text}\n\n${status}`, keyboard: [[open]] };
  }
  const lines = tickets.map((facts) => {
    const line = newTicketLine(facts);
    const state = states.get(facts.number);
    if (!state || state.status === 'open') return line;
    return state.assignee ? n.ticketListLineTaken(line, state.assignee) : n.ticketListLineMovedOn(line, texts.ticketStatuses[state.status] ?? state.status);
  });
  const takes = tickets.filter((t) => isOpen(t.number)).map((t) => take(t.number, n.numberedButton(texts.ticketCard.buttons.take, n.ticketRef(t.number))));
  const keyboard: InlineButton[][] = [];
  for (let i = 0; i < takes.length; i += TAKE_BUTTONS_PER_ROW) keyboard.push(takes.slice(i, i + TAKE_BUTTONS_PER_ROW));
  return { text: [n.ticketList(tickets.length), ...lines].join('\n'), keyboard };
}

/** The ticket numbers a list card shows, in its order (its lines start "№31 · "); empty for a single card. */
export function listedTicketNumbers(text: string): number[] {
  return [...text.matchAll(/^№(\d{1,9}) · /gm)].map((match) => Number(match[1]));
}
