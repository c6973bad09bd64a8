// The auto-close notice offers the author a way back only while REOPEN_DAYS last (a button past the window
// would only be refused); the other new notices read as Russian sentences with the names and titles filled in.
import { describe, expect, it } from 'vitest';
import type { ReadModels, TaskView, TicketView } from '../../application/ports/readModels.js';
import type { PendingMessage } from '../../application/ports/outbox.js';
import { renderNotification } from '../../adapters/telegram/notificationTexts.js';

const NOW = new Date('2026-11-27T12:00:00Z');
const read = {
  ticketByNumber: () => Promise.resolve({ number: 7, title: 'Не включается проектор', authorId: '101', assigneeId: '201' } as TicketView),
  taskByNumber: () => Promise.resolve({ number: 3, title: 'Сдать отчёт' } as TaskView),
  staffNames: (ids: readonly string[]) =>
    Promise.resolve(new Map(ids.map((id) => [id, id === '101' ? 'Смирнова Ольга Николаевна' : 'Петров Олег Ильич']))),
} as unknown as ReadModels;

const render = (kind: string, payload: unknown, now = NOW) =>
  renderNotification({ id: `${kind}:e:101`, source: 'notifications', kind, recipient: '101', payload, notBefore: now, attempts: 1, createdAt: now } as PendingMessage, {
    read,
    zone: 'Europe/Moscow',
    now,
  });

const sent = async (kind: string, payload: unknown, now = NOW) => {
  const rendered = await render(kind, payload, now);
  if (rendered.kind !== 'send') throw new Error(`dropped: ${rendered.reason}`);
  return { text: rendered.message.text, data: (rendered.message.keyboard ?? []).flat().map((b) => b.data) };
};

describe('the auto-close notice', () => {
  const payload = { number: 7, reopenableUntil: '2026-12-04T12:00:00.000Z', as: 'author' };

  it('tells the author until when they may reopen it, with the button', async () => {
    const { text, data } = await sent('ticket_auto_closed', payload);
    expect(text).toBe(
      'Заявка №7 «Не включается проектор» закрыта автоматически: решение не подтвердили вовремя.\nЕсли проблема осталась, её можно вернуть в работу до 4 декабря 2026, 15:00.',
    );
    expect(data).toEqual(['to:7']);
  });

  it('sent after the window (downtime), it says what happened without a button that would be refused', async () => {
    const { text, data } = await sent('ticket_auto_closed', payload, new Date('2026-12-04T12:00:00Z'));
    expect(text).toBe('Заявка №7 «Не включается проектор» закрыта автоматически: решение не подтвердили вовремя.');
    expect(data).toEqual([]);
  });

  it('an older row without the window still offers the button', async () => {
    const { text, data } = await sent('ticket_auto_closed', { number: 7, as: 'author' });
    expect(text).toMatch(/Если проблема осталась, её можно вернуть в работу\.$/);
    expect(data).toEqual(['to:7']);
  });

  it('tells the assignee without a button', async () => {
    expect(await sent('ticket_auto_closed', { number: 7, as: 'assignee' })).toEqual({
      text: 'Заявка №7 «Не включается проектор» закрыта автоматически: автор не ответил на решение.',
      data: [],
    });
  });
});

describe('the other matrix notices', () => {
  it.each([
    ['ticket_taken', { number: 7, assigneeId: '201', previousAssigneeId: null }, '🛠 Заявка №7 «Не включается проектор» взята в работу. Исполнитель: Петров Олег Ильич.', ['ts:7']],
    ['ticket_taken', { number: 7, assigneeId: '201', previousAssigneeId: '202' }, '🔁 Заявка №7 «Не включается проектор»: сменился исполнитель. Теперь это Петров Олег Ильич.', ['ts:7']],
    ['ticket_reassigned', { number: 7, assigneeId: '201' }, '🔁 Заявку №7 «Не включается проектор» передали другому исполнителю: Петров Олег Ильич. Вам её делать больше не нужно.', ['ts:7']],
    ['ticket_confirmed', { number: 7 }, '👍 Смирнова Ольга Николаевна подтвердил(а) решение заявки №7 «Не включается проектор». Заявка закрыта.', []],
    ['task_accepted', { number: 3, assigneeId: '201' }, 'Петров Олег Ильич принял(а) поручение п3 «Сдать отчёт» в работу.', ['ks:3']],
    ['task_approved', { number: 3, onTime: true }, '✅ Работа по поручению п3 «Сдать отчёт» принята: выполнено в срок.', []],
  ])('%s reads as a sentence', async (kind, payload, text, data) => {
    expect(await sent(kind, payload)).toEqual({ text, data });
  });
});
