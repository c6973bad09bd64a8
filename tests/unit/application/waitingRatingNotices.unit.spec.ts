// Who hears of waiting on the author and of ratings (issue 14, items 5 and 6): the question → the author; the
// answer → the one who asked and the assignee; going on without it → the author; the reminder → the author;
// an unanswered close → the author and the assignee, and no rating request; a low rating → the category's
// leads, when it becomes low and when its comment comes, never the rater themselves.
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../application/ports/eventStore.js';
import type { OutboxMessage } from '../../../application/ports/outbox.js';
import type { SqlQueryable } from '../../../application/ports/sql.js';
import { notificationsReaction } from '../../../application/reactions/notifications.js';

const NOW = new Date('2026-12-03T09:00:00Z');
let ids = 0;
const event = (type: string, data: Record<string, unknown>, actorId: string): RecordedEvent =>
  ({
    id: `00000000-0000-4000-8000-${String((ids += 1)).padStart(12, '0')}`,
    type,
    data,
    metadata: { actorId, occurredAt: NOW.toISOString(), correlationId: 'c', causationId: 'c', source: 'telegram', schemaVersion: 1 },
    streamName: 'ticket-31',
    revision: 0n,
    position: '1' as RecordedEvent['position'],
    recordedAt: NOW.toISOString(),
  }) as RecordedEvent;

const leadsAsked: string[] = [];
async function told(e: RecordedEvent): Promise<string[]> {
  const directory = () => ({
    techniciansFor: () => Promise.resolve([]),
    categoryLeads: (category: string) => (leadsAsked.push(category), Promise.resolve(['501', '101'])),
  });
  const rows: OutboxMessage[] = [];
  const outbox = { enqueue: (message: OutboxMessage) => (rows.push(message), Promise.resolve(true)) };
  await notificationsReaction(directory, { techChat: false }).handle(e, { tx: {} as SqlQueryable, outbox, now: NOW });
  return rows.map((row) => `${row.kind}→${row.recipient}`);
}

const at = NOW.toISOString();
const parties = { authorId: '101', assigneeId: '901' };

describe('notices of waiting on the author', () => {
  it('the question goes to the author', async () => {
    expect(await told(event('TicketInfoRequested', { number: 31, question: 'Какой кабинет?', askedBy: '901', askedAt: at, from: 'in_progress', parties }, '901'))).toEqual([
      'ticket_question→101',
    ]);
  });

  it('the answer goes to the one who asked and to the assignee; going on without it tells the author', async () => {
    const answer = { number: 31, answer: 'Кабинет 204', providedBy: '101', providedAt: at, dueAt: at, resumedTo: 'in_progress', parties };
    expect(await told(event('TicketInfoProvided', { ...answer, askedBy: '901' }, '101'))).toEqual(['ticket_answer→901']);
    expect(await told(event('TicketInfoProvided', { ...answer, askedBy: '301' }, '101'))).toEqual(['ticket_answer→301', 'ticket_answer→901']);
    expect(await told(event('TicketInfoProvided', { ...answer, answer: '', providedBy: '901', withoutAnswer: true }, '901'))).toEqual(['ticket_resumed→101']);
  });

  it('the reminder goes to the author; an unanswered close to the author and the assignee, with no rating request', async () => {
    expect(await told(event('TicketInfoReminded', { number: 31, askedAt: at, remindedAt: at, closesAt: at, authorId: '101', question: 'Какой кабинет?' }, 'system'))).toEqual([
      'ticket_question_reminder→101',
    ]);
    const closed = { number: 31, closedBy: 'system', auto: true, closedAt: at, parties, reopenableUntil: at, unanswered: true };
    expect(await told(event('TicketClosed', closed, 'system'))).toEqual(['ticket_closed_unanswered→101', 'ticket_closed_unanswered→901']);
  });
});

describe('notices of ratings', () => {
  const rated = { number: 31, ratedBy: '101', ratedAt: at, resolvedAt: at, resolvedBy: '901', category: 'it' };

  it('a rating of 1 or 2 tells the category leads (never the rater); 3 or more tells nobody', async () => {
    expect(await told(event('TicketRated', { ...rated, rating: 2 }, '101'))).toEqual(['ticket_rated_low→501']);
    expect(leadsAsked).toContain('it');
    expect(await told(event('TicketRated', { ...rated, rating: 3 }, '101'))).toEqual([]);
  });

  it('again when the low rating gets its comment, not when it is merely repeated or raised', async () => {
    expect(await told(event('TicketRated', { ...rated, rating: 2, previousRating: 2, comment: 'Долго' }, '101'))).toEqual(['ticket_rated_low→501']);
    expect(await told(event('TicketRated', { ...rated, rating: 1, previousRating: 2 }, '101'))).toEqual([]);
    expect(await told(event('TicketRated', { ...rated, rating: 1, previousRating: 4 }, '101'))).toEqual(['ticket_rated_low→501']);
    expect(await told(event('TicketRated', { ...rated, rating: 5, previousRating: 1 }, '101'))).toEqual([]);
  });
});
