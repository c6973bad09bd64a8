// "And say so": a notice that quiet hours held for the morning ends with one line saying why it comes now; a
// reminder sent ahead says that instead; a message merging several says it once; a reminder moved by quiet
// hours shows its deadline without a countdown that would no longer be true. Rows without a mark are as before.
import { describe, expect, it } from 'vitest';
import type { NotificationPayload } from '../../application/notifications/kinds.js';
import type { QuietMark } from '../../application/notifications/quietHours.js';
import type { PendingMessage } from '../../application/ports/outbox.js';
import type { ReadModels, TaskView } from '../../application/ports/readModels.js';
import { renderNoticeBatch, type NoticeContext } from '../../adapters/telegram/notificationTexts.js';
import { texts } from '../../adapters/telegram/texts.js';

const NOW = new Date('2026-12-09T05:00:00Z');
const DEADLINE = new Date('2026-12-10T00:30:00Z');
const PERSON = '201';

const task = { number: 4, title: 'Сдать журнал', status: 'assigned', deadline: DEADLINE, issuerId: '300', assigneeId: PERSON } as unknown as TaskView;
const read = {
  taskByNumber: () => Promise.resolve(task),
  ticketByNumber: () => Promise.resolve(undefined),
  staffNames: (ids: readonly string[]) => Promise.resolve(new Map(ids.map((id) => [id, 'Петрова Анна Сергеевна']))),
  staffById: () => Promise.resolve(undefined),
} as unknown as ReadModels;
const context: NoticeContext = { read, zone: 'Europe/Moscow', now: NOW, recipient: PERSON };

let sequence = 0;
function pending<K extends PendingMessage['kind']>(kind: K, payload: NotificationPayload<K>, quiet?: QuietMark): PendingMessage {
  sequence += 1;
  return {
    id: `${kind}:${sequence}:${PERSON}`,
    source: 'notifications',
    kind,
    recipient: PERSON,
    payload,
    lane: 'notice',
    notBefore: NOW,
    attempts: 1,
    createdAt: NOW,
    ...(quiet ? { quiet } : {}),
  } as PendingMessage;
}
const reminder = (hours: number, quiet?: QuietMark) => pending('task_due_soon', { number: 4, deadline: DEADLINE.toISOString(), hours }, quiet);
const returned = (quiet?: QuietMark) => pending('task_returned', { number: 4, reason: 'Нет подписи' }, quiet);
const lines = (text: string | undefined, line: string) => (text ?? '').split('\n').filter((l) => l === line).length;

describe('quiet hours in the text', () => {
  it('a held notice ends with the line, once', async () => {
    const batch = await renderNoticeBatch([returned('held')], context);
    expect(batch.send).toHaveLength(1);
    expect(batch.send[0]?.message.text.endsWith(`\n\n${texts.quietHours.held}`)).toBe(true);
    expect(texts.quietHours.held).toBe('Отложено до начала учебного дня: бот не пишет ночью, в выходные и в каникулы.');
  });

  it('an unmarked notice (and every row recorded before quiet hours) has no such line', async () => {
    const batch = await renderNoticeBatch([returned()], context);
    expect(batch.send[0]?.message.text).not.toContain(texts.quietHours.held);
    expect(batch.send[0]?.message.text).not.toContain(texts.quietHours.early);
  });

  it('a held reminder shows the deadline without "через N ч", and the line', async () => {
    const batch = await renderNoticeBatch([reminder(24, 'held')], context);
    const text = batch.send[0]?.message.text ?? '';
    expect(text).toMatch(/^⏰ Скоро срок поручения п4: Сдать журнал \(до .+03:30\)/);
    expect(text).not.toMatch(/Через \d+ ч/);
    expect(lines(text, texts.quietHours.held)).toBe(1);
  });

  it('a reminder sent ahead says so', async () => {
    const batch = await renderNoticeBatch([reminder(2, 'early')], context);
    const text = batch.send[0]?.message.text ?? '';
    expect(text).toMatch(/^⏰ Скоро срок поручения п4/);
    expect(lines(text, texts.quietHours.early)).toBe(1);
    expect(text).not.toContain(texts.quietHours.held);
  });

  it('an unmoved reminder keeps its countdown', async () => {
    const batch = await renderNoticeBatch([reminder(24)], context);
    expect(batch.send[0]?.message.text).toMatch(/^⏰ Через 24 ч срок поручения п4/);
  });

  it('several notices merged into one message: the held line once, at the end', async () => {
    const batch = await renderNoticeBatch([returned('held'), pending('task_cancelled', { number: 4, reason: 'Отменено' }, 'held'), returned()], context);
    expect(batch.send).toHaveLength(1);
    const text = batch.send[0]?.message.text ?? '';
    expect(lines(text, texts.quietHours.held)).toBe(1);
    expect(text.endsWith(texts.quietHours.held)).toBe(true);
  });
});
