// A "your ticket is resolved" notice is kept from its author only when the ticket has really moved on
// (confirmed, cancelled, reopened since); a read model that has not applied the resolution yet is no reason.
import { describe, expect, it } from 'vitest';
import type { ReadModels, TicketView } from '../../application/ports/readModels.js';
import type { PendingMessage } from '../../application/ports/outbox.js';
import { renderNotification } from '../../adapters/telegram/notificationTexts.js';

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
const resolvedNotice = (payload: Record<string, unknown>): PendingMessage => ({
  id: 'ticket_resolved:e:101',
  source: 'notifications',
  kind: 'ticket_resolved',
  recipient: '101',
  payload: { number: 7, resolution: 'Заменил кабель', ...payload },
  notBefore: new Date(RESOLVED_AT),
  attempts: 1,
  createdAt: new Date(RESOLVED_AT),
});
const render = (view: TicketView, payload: Record<string, unknown> = { resolvedAt: RESOLVED_AT }) =>
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
