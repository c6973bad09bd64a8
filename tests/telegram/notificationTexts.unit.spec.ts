// A "your ticket is resolved" notice is kept from its author only when the ticket has really moved on
// (confirmed, cancelled, reopened since); a read model that has not applied the resolution yet is no reason.
import { describe, expect, it } from 'vitest';
import type { NotificationKind, NotificationPayload } from '../../application/notifications/kinds.js';
import type { KpiFigures, ReadModels, TaskView, TicketView } from '../../application/ports/readModels.js';
import type { PendingMessage } from '../../application/ports/outbox.js';
import { renderNotification } from '../../adapters/telegram/notificationTexts.js';
import { techCardId } from '../../application/reactions/notifications.js';

const RESOLVED_AT = '2026-11-24T10:00:00.000Z';
const ticket = (changes: Partial<TicketView>): TicketView => ({
  number: 7,
  title: 'Не включается проектор',
  description: '',
  category: 'it',
  location: 'каб. 204',
  priority: 'normal',
  status: 'in_progress',
  authorId: '101',
  assigneeId: '201',
  openedAt: new Date('2026-11-24T08:00:00Z'),
  dueAt: new Date('2026-11-25T08:00:00Z'),
  resolvedAt: null,
  closedAt: null,
  cancelledAt: null,
  updatedAt: new Date('2026-11-24T09:00:00Z'),
  reopenCount: 0,
  commentCount: 0,
  overdue: false,
  ...changes,
});
const resolvedNotice = (payload: { resolvedAt?: string }): PendingMessage => ({
  id: 'ticket_resolved:e:101',
  source: 'notifications',
  kind: 'ticket_resolved',
  recipient: '101',
  lane: 'notice',
  payload: { number: 7, resolution: 'Заменил кабель', ...payload },
  notBefore: new Date(RESOLVED_AT),
  attempts: 1,
  createdAt: new Date(RESOLVED_AT),
});
const render = (view: TicketView, payload: { resolvedAt?: string } = { resolvedAt: RESOLVED_AT }) =>
  renderNotification(resolvedNotice(payload), {
    read: { ticketByNumber: () => Promise.resolve(view) } as unknown as ReadModels,
    zone: 'Europe/Moscow',
    now: new Date(RESOLVED_AT),
  });

describe('ticket resolved notice', () => {
  it.each([
    ['resolved in the read model', ticket({ status: 'resolved', resolvedAt: new Date(RESOLVED_AT) })],
    ['not yet resolved in the read model (it lags)', ticket({})],
    ['lagging, with a reopen from an earlier round', ticket({ reopenCount: 1 })],
    ['lagging, with the same timestamp as the resolution', ticket({ updatedAt: new Date(RESOLVED_AT) })],
  ])('is sent when the ticket is %s', async (_, view) => {
    const rendered = await render(view);
    expect(rendered.kind).toBe('send');
    if (rendered.kind === 'send') expect(rendered.message.text).toMatch(/№7 «Не включается проектор» решена: Заменил кабель/);
  });

  it.each([
    ['confirmed (closed)', ticket({ status: 'closed' })],
    ['cancelled', ticket({ status: 'cancelled' })],
    ['reopened after this resolution', ticket({ reopenCount: 1, updatedAt: new Date('2026-11-24T10:05:00Z') })],
  ])('is dropped when the ticket was %s', async (_, view) => {
    expect((await render(view)).kind).toBe('drop');
  });

  it('without the resolution time (older rows), drops only for a closed or cancelled ticket', async () => {
    expect((await render(ticket({ reopenCount: 1, updatedAt: new Date('2026-11-24T10:05:00Z') }), {})).kind).toBe('send');
    expect((await render(ticket({ status: 'closed' }), {})).kind).toBe('drop');
  });
});

describe('every notification kind', () => {
  const NOW = new Date('2026-11-24T07:00:00Z');
  const DEADLINE = '2026-11-25T15:00:00.000Z';
  // A mapped type: a new kind without a sample here fails the type check, as it does in the renderer.
  const samples: { [K in NotificationKind]: NotificationPayload<K> } = {
    ticket_opened: { number: 8, title: 'Не включается проектор', category: 'it', location: 'каб. 204' },
    ticket_assigned: { number: 7 },
    ticket_resolved: { number: 7, resolution: 'Заменил кабель', resolvedAt: RESOLVED_AT },
    ticket_reopened: { number: 7, reason: 'Снова мигает' },
    ticket_commented: { number: 7, commenterId: '201', text: 'Заказал кабель', hasPhoto: true },
    ticket_cancelled: { number: 7, reason: 'Уже не нужно' },
    task_assigned: { number: 3, title: 'Сдать отчёт', deadline: DEADLINE },
    task_due_soon: { number: 3, deadline: DEADLINE, hours: 24, title: 'Сдать отчёт' },
    task_missed: { number: 3, title: 'Сдать отчёт', deadline: DEADLINE, assigneeId: '201', as: 'issuer' },
    task_completed: { number: 3, assigneeId: '201', report: 'Сдал' },
    task_returned: { number: 3, reason: 'Нет подписи' },
    task_cancelled: { number: 3, reason: 'Отменили проверку' },
    digest: { date: '2026-11-24' },
    reply: { text: 'Заявка №7 принята.', keyboard: [[{ text: 'Открыть', data: 'st:7' }]] },
    reachable_again: { telegramId: '101' },
    tech_card_taken: { number: 7, assigneeId: '201' },
    ticket_taken: { number: 7, assigneeId: '201', previousAssigneeId: null },
    ticket_reassigned: { number: 7, assigneeId: '201' },
    ticket_priority_changed: { number: 7, from: 'normal', to: 'urgent', dueAt: DEADLINE, changedBy: '201' },
    ticket_confirmed: { number: 7 },
    ticket_auto_closed: { number: 7, reopenableUntil: DEADLINE, as: 'author' },
    task_accepted: { number: 3, assigneeId: '201' },
    task_approved: { number: 3, onTime: false },
    task_extended: { number: 3, previousDeadline: DEADLINE, newDeadline: DEADLINE, reason: 'Заболел', extendedBy: '201', as: 'issuer' },
    command_menu: { telegramId: '101', role: 'teacher' },
    ticket_question: { number: 7, question: 'Какой кабинет?', askedBy: '201' },
    ticket_answer: { number: 7, answer: 'Кабинет 204', providedBy: '101', dueAt: DEADLINE },
    ticket_resumed: { number: 7 },
    ticket_question_reminder: { number: 9, closesAt: DEADLINE, question: 'Какой кабинет?' },
    ticket_closed_unanswered: { number: 7, reopenableUntil: DEADLINE, as: 'author' },
    ticket_rate_request: { number: 10 },
    ticket_rated_low: { number: 7, rating: 2, comment: 'Долго', resolvedBy: '201' },
    ticket_escalated: { number: 7, target: 'first_response', dueAt: DEADLINE, level: 'lead', title: 'Не включается проектор', category: 'it', priority: 'normal' },
    task_escalated: { number: 3, title: 'Сдать отчёт', deadline: DEADLINE, assigneeId: '201' },
    ticket_follower_update: { number: 7, change: 'resolved', by: '201', text: 'Заменил лампу' },
    ticket_merged: { number: 8, into: 7 },
    room_repeat_problem: { number: 7, room: '204', category: 'it', numbers: [3, 5, 7] },
    order_progress: { orderId: 'a1b2c3d4e5f60718' },
    order_reminder: { orderId: 'a1b2c3d4e5f60718', number: 3 },
    staff_request: { telegramId: '8123456789', fullName: 'Иванова Мария Петровна', username: null, telegram: { firstName: 'Маша' }, registeredAt: RESOLVED_AT },
  };
  /** Kinds that are not messages: the sender acts on them without rendering a text. */
  const NOT_MESSAGES = new Set<string>(['command_menu']);
  const task = { number: 3, title: 'Сдать отчёт', status: 'assigned', deadline: new Date(DEADLINE) } as TaskView;
  const figures = { tasksTotal: 0, tasksDone: 0, tasksDoneOnTime: 0, tasksOpen: 0, tasksCancelled: 0, tasksOverdue: 0, completionRate: 0, onTimeRate: 0, ticketsOpened: 0, ticketsResolved: 0, ticketsOpen: 0, ticketsOverdue: 0, medianResolveMs: null } satisfies KpiFigures;
  const read = {
    ticketByNumber: (number: number) =>
      Promise.resolve(
        number === 8
          ? ticket({ number, status: 'open', assigneeId: null })
          : number === 9
            ? ticket({ number, status: 'waiting' })
            : number === 10
              ? ticket({ number, status: 'closed', resolvedAt: new Date(RESOLVED_AT) })
              : ticket({ status: 'resolved' }),
      ),
    taskByNumber: () => Promise.resolve(task),
    staffNames: () => Promise.resolve(new Map([['201', 'Петров Олег Ильич']])),
    staffById: () => Promise.resolve(undefined),
    staffDirectory: () => Promise.resolve([]),
    kpiOverall: () => Promise.resolve(figures),
    kpiByPerson: () => Promise.resolve([]),
    roomByNumber: () => Promise.resolve({ number: '204', name: 'Кабинет информатики', floor: 2, category: 'it' }),
    orderSummary: () =>
      Promise.resolve({
        order: { orderId: 'a1b2c3d4e5f60718', title: 'Сдать журналы', status: 'issued', counts: { total: 30, missing: 0, done: 12, awaitingApproval: 2, open: 18, overdue: 3, cancelled: 0 } },
        tasks: [],
      }),
  } as unknown as ReadModels;

  it.each(Object.entries(samples).filter(([kind]) => !NOT_MESSAGES.has(kind)))('%s has a Russian text with every fact filled in', async (kind, payload) => {
    const message = { id: `${kind}:e:101`, source: 'notifications', kind, recipient: '101', payload, notBefore: NOW, attempts: 1, createdAt: NOW } as PendingMessage;
    const held = { ...message, id: 'ticket_opened:e:101', kind: 'ticket_opened', payload: samples.ticket_opened } as PendingMessage;
    const outbox = {
      takeHeld: () => Promise.resolve([held]),
      sentMessageIds: (id: string) => Promise.resolve(id === techCardId(7) ? [55] : undefined),
    };
    const rendered = await renderNotification(message, { read, zone: 'Europe/Moscow', now: NOW, outbox });
    expect(rendered.kind).toBe('send');
    if (rendered.kind !== 'send') return;
    expect(rendered.message.text).toMatch(/[а-яё]/i);
    expect(rendered.message.text).not.toMatch(/undefined|null|NaN|\[object/);
  });

  it('a command menu is never rendered as a message', async () => {
    const message = { id: 'command_menu:e', source: 'command-menu', kind: 'command_menu', recipient: '101', payload: samples.command_menu, notBefore: NOW, attempts: 1, createdAt: NOW } as PendingMessage;
    expect((await renderNotification(message, { read, zone: 'Europe/Moscow', now: NOW })).kind).toBe('drop');
  });
});

describe('room repeat-problem notice', () => {
  const NOW = new Date('2026-11-24T07:00:00Z');
  const repeat = (payload: Record<string, unknown>): PendingMessage =>
    ({ id: 'room_repeat_problem:7:101', source: 'repeat-problems', kind: 'room_repeat_problem', recipient: '101', payload, notBefore: NOW, attempts: 1, createdAt: NOW }) as PendingMessage;
  const withTickets = (byNumber: Map<number, TicketView>) =>
    ({
      ticketByNumber: (number: number) => Promise.resolve(byNumber.get(number)),
      roomByNumber: () => Promise.resolve({ number: '204', name: 'Кабинет информатики', floor: 2, category: 'it' }),
    }) as unknown as ReadModels;
  const textOf = async (payload: Record<string, unknown>, read: ReadModels) => {
    const rendered = await renderNotification(repeat(payload), { read, zone: 'Europe/Moscow', now: NOW });
    return rendered.kind === 'send' ? rendered.message.text : rendered.reason;
  };

  it('names the latest ticket by the title it was opened with, even before the read model has the ticket', async () => {
    const text = await textOf({ number: 7, room: '204', category: 'it', numbers: [3, 5, 7], title: 'Проектор снова сломан' }, withTickets(new Map()));
    expect(text).toContain('Последняя: №7 «Проектор снова сломан»');
  });

  it('reads the title from the read model when the notice carries none (a room given later, an older row)', async () => {
    const text = await textOf({ number: 7, room: '204', category: 'it', numbers: [3, 5, 7] }, withTickets(new Map([[7, ticket({ title: 'Нет звука' })]])));
    expect(text).toContain('Последняя: №7 «Нет звука»');
  });
});
