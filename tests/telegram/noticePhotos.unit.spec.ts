// Notices that carry photos keep them when several notices for one chat are rendered together: a new ticket
// with photos is its own card (never a line of a list), a comment's or a report's photo goes with its notice
// on its own, and rows recorded before photos were carried render as they did.
import { describe, expect, it } from 'vitest';
import type { NotificationPayload } from '../../application/notifications/kinds.js';
import type { PendingMessage } from '../../application/ports/outbox.js';
import type { ReadModels, TicketView } from '../../application/ports/readModels.js';
import { photosOf, renderNoticeBatch, renderNotification, type NoticeContext } from '../../adapters/telegram/notificationTexts.js';
import { ticketPhotosRow } from '../../adapters/telegram/cards.js';

const NOW = new Date('2026-11-24T07:00:00Z');
const PERSON = '201';

const ticketView = (number: number, photoIds?: string[]): TicketView => ({
  number,
  title: `Не включается проектор ${number}`,
  description: '',
  category: 'it',
  location: `каб. ${200 + number}`,
  priority: 'normal',
  status: 'open',
  authorId: '101',
  assigneeId: null,
  openedAt: NOW,
  dueAt: NOW,
  resolvedAt: null,
  closedAt: null,
  cancelledAt: null,
  updatedAt: NOW,
  reopenCount: 0,
  commentCount: 0,
  overdue: false,
  ...(photoIds ? { photoIds } : {}),
});

let sequence = 0;
function pending<K extends PendingMessage['kind']>(kind: K, payload: NotificationPayload<K>): PendingMessage {
  sequence += 1;
  return { id: `${kind}:${sequence}`, source: 'notifications', kind, recipient: PERSON, payload, lane: 'notice', notBefore: NOW, attempts: 1, createdAt: NOW } as PendingMessage;
}
const photo = (fileId: string) => ({ fileId, fileUniqueId: `u-${fileId}` });
const opened = (number: number, fileIds: string[] = []) =>
  pending('ticket_opened', {
    number,
    title: `Не включается проектор ${number}`,
    category: 'it',
    location: `каб. ${200 + number}`,
    ...(fileIds.length > 0 ? { photos: fileIds.map(photo) } : {}),
  });

const read = {
  ticketByNumber: (number: number) => Promise.resolve(ticketView(number)),
  taskByNumber: () => Promise.resolve(undefined),
  staffNames: (ids: readonly string[]) => Promise.resolve(new Map(ids.map((id) => [id, 'Петрова Анна Сергеевна']))),
  staffById: () => Promise.resolve(undefined),
} as unknown as ReadModels;
const context: NoticeContext = { read, zone: 'Europe/Moscow', now: NOW, recipient: PERSON };

describe('photos on notices', () => {
  it("carry a new ticket's photos by file_id, with its card's text and buttons", async () => {
    const rendered = await renderNotification(opened(7, ['a', 'b']), context);
    expect(rendered).toMatchObject({ kind: 'send', message: { photos: [{ fileId: 'a' }, { fileId: 'b' }] } });
    expect(rendered.kind === 'send' && rendered.message.keyboard?.flat().map((b) => b.data)).toEqual(['tt:7', 'ts:7']);
  });

  it("carry a comment's photo and a task report's photo; older rows carry none", () => {
    const comment = pending('ticket_commented', { number: 3, text: 'Вот', commenterId: '301', hasPhoto: true, photo: photo('c') });
    const report = pending('task_completed', { number: 2, assigneeId: '301', report: 'Готово', photo: photo('r') });
    const older = pending('ticket_commented', { number: 3, text: 'Вот', commenterId: '301', hasPhoto: true });
    expect(photosOf(comment)).toEqual([{ fileId: 'c' }]);
    expect(photosOf(report)).toEqual([{ fileId: 'r' }]);
    expect(photosOf(older)).toEqual([]);
    expect(photosOf(opened(1))).toEqual([]);
  });

  it('keep a new ticket with photos out of the list of the others, as its own card with them', async () => {
    const messages = [opened(1), opened(2, ['p2']), opened(3)];
    const batch = await renderNoticeBatch(messages, context);
    const withPhotos = batch.send.filter((s) => s.message.photos);
    expect(withPhotos).toHaveLength(1);
    expect(withPhotos[0]).toMatchObject({ ids: [messages[1]!.id], message: { photos: [{ fileId: 'p2' }] } });
    expect(withPhotos[0]!.message.text).toMatch(/Новая заявка №2/);
    const list = batch.send.find((s) => s.ids.length === 2)!;
    expect(list.message.text).toMatch(/№1[\s\S]*№3/);
    expect(list.message.text).not.toMatch(/№2/);
    expect(batch.drop).toEqual([]);
  });

  it("never merge a comment's photo into another notice's text", async () => {
    const comment = pending('ticket_commented', { number: 3, text: 'Вот трещина', commenterId: '301', hasPhoto: true, photo: photo('c') });
    const reopened = pending('ticket_reopened', { number: 4, reason: 'Опять мигает' });
    const returned = pending('task_returned', { number: 5, reason: 'Нужна таблица' });
    const batch = await renderNoticeBatch([comment, reopened, returned], context);
    expect(batch.send).toHaveLength(2);
    const alone = batch.send.find((s) => s.ids.includes(comment.id))!;
    expect(alone.ids).toEqual([comment.id]);
    expect(alone.message.photos).toEqual([{ fileId: 'c' }]);
    const merged = batch.send.find((s) => !s.ids.includes(comment.id))!;
    expect(merged.message.photos).toBeUndefined();
    expect(merged.ids.sort()).toEqual([reopened.id, returned.id].sort());
  });
});

describe('the ticket card', () => {
  it('offers "Фото (N)" only when the ticket has photos', () => {
    expect(ticketPhotosRow(ticketView(4, ['a', 'b', 'c']))).toEqual([[{ text: 'Фото (3)', data: 'tph:4' }]]);
    expect(ticketPhotosRow(ticketView(4, []))).toEqual([]);
    expect(ticketPhotosRow(ticketView(4))).toEqual([]);
  });
});
