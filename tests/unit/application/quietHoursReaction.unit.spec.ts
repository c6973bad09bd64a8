// The notifications reaction under quiet hours: at 03:00 on a school night it records what is not urgent for
// the morning (marked held), an urgent ticket's news at once (urgency told by the event, else by the read
// model), and a task's reminders by the reminder rule.
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../application/ports/eventStore.js';
import type { OutboxMessage } from '../../../application/ports/outbox.js';
import type { SqlQueryable } from '../../../application/ports/sql.js';
import { notificationsReaction } from '../../../application/reactions/notifications.js';
import { schoolCalendar } from '../../../domain/calendar/index.js';

const msk = (local: string) => new Date(`${local}+03:00`);
// Wednesday 9 December 2026, 03:00 in Moscow.
const NIGHT = msk('2026-12-09T03:00');
const MORNING = msk('2026-12-09T08:00');
const calendar = schoolCalendar({ zone: 'Europe/Moscow', week: 5, hours: { open: 480, close: 1080 } });

let sequence = 0;
const event = (type: string, data: Record<string, unknown>, actorId = '900', at = NIGHT): RecordedEvent => {
  sequence += 1;
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    type,
    data,
    metadata: { actorId, occurredAt: at.toISOString(), correlationId: 'c', causationId: 'c', source: 'telegram', schemaVersion: 1 },
    streamName: 'x',
    revision: 0n,
    position: '1' as RecordedEvent['position'],
    recordedAt: at.toISOString(),
  } as RecordedEvent;
};

/** Which tickets' priorities the reaction asked the read model for. */
let asked: number[] = [];

const recorded = (priorities: Record<number, string>, ...events: RecordedEvent[]) => recordedAt(NIGHT, priorities, ...events);

async function recordedAt(now: Date, priorities: Record<number, string>, ...events: RecordedEvent[]): Promise<OutboxMessage[]> {
  const reaction = notificationsReaction(
    () => ({
      techniciansFor: () => Promise.resolve(['901']),
      ticketParties: () => Promise.resolve({ authorId: '101', assigneeId: '901' }),
      categoryLeads: () => Promise.resolve([]),
      ticketPriority: (number: number) => {
        asked.push(number);
        return Promise.resolve(priorities[number]);
      },
    }),
    { techChat: false, calendar },
  );
  const rows: OutboxMessage[] = [];
  const outbox = {
    enqueue: (message: OutboxMessage) => {
      rows.push(message);
      return Promise.resolve(true);
    },
  };
  for (const e of events) await reaction.handle(e, { tx: {} as SqlQueryable, outbox, now });
  return rows;
}

const plan = (rows: OutboxMessage[]) => rows.map((r) => [r.kind, r.recipient, r.notBefore?.toISOString(), r.quiet]);

describe('notifications reaction: quiet hours', () => {
  it('a normal ticket opened at 03:00 reaches the technicians at 08:00, held; an urgent one at once', async () => {
    const opened = (number: number, priority: string) =>
      event('TicketOpened', { number, title: 'Течёт кран', category: 'maintenance', location: 'каб. 12', priority, authorId: '101', photos: [] }, '101');
    expect(plan(await recorded({}, opened(7, 'normal'), opened(8, 'urgent')))).toEqual([
      ['ticket_opened', '901', MORNING.toISOString(), 'held'],
      ['ticket_opened', '901', NIGHT.toISOString(), undefined],
    ]);
  });

  it('a comment at night: held for a normal ticket, at once for an urgent one (the read model tells the priority)', async () => {
    const comment = (number: number) => event('TicketCommented', { number, text: 'Приду утром', parties: { authorId: '101', assigneeId: '901' } }, '901');
    expect(plan(await recorded({ 7: 'normal', 8: 'urgent' }, comment(7), comment(8)))).toEqual([
      ['ticket_commented', '101', MORNING.toISOString(), 'held'],
      ['ticket_commented', '101', NIGHT.toISOString(), undefined],
    ]);
  });

  it('in school time nothing waits, and the read model is not asked for the priority', async () => {
    const noon = msk('2026-12-09T12:00');
    const comment = (at: Date) => event('TicketCommented', { number: 7, text: 'Посмотрю', parties: { authorId: '101', assigneeId: '901' } }, '901', at);
    asked = [];
    expect(plan(await recordedAt(noon, { 7: 'normal' }, comment(noon)))).toEqual([['ticket_commented', '101', noon.toISOString(), undefined]]);
    expect(asked).toEqual([]);
    // The same at night: asked, and held.
    expect(plan(await recorded({ 7: 'normal' }, comment(NIGHT)))).toEqual([['ticket_commented', '101', MORNING.toISOString(), 'held']]);
    expect(asked).toEqual([7]);
  });

  it('a ticket the read model does not know yet is not held (it may be urgent)', async () => {
    const taken = event('TicketAssigned', { number: 9, assigneeId: '901', authorId: '101' }, '300');
    expect(plan(await recorded({}, taken)).map(([kind, , at]) => [kind, at])).toEqual([
      ['ticket_assigned', NIGHT.toISOString()],
      ['ticket_taken', NIGHT.toISOString()],
    ]);
  });

  it('a priority raised to urgent at night reaches the assignee at once; lowered, in the morning', async () => {
    const changed = (from: string, to: string) =>
      event('TicketPriorityChanged', { number: 7, from, to, dueAt: NIGHT.toISOString(), changedBy: '300', parties: { authorId: '101', assigneeId: '901' } }, '300');
    expect(plan(await recorded({ 7: 'normal' }, changed('normal', 'urgent'), changed('urgent', 'normal')))).toEqual([
      ['ticket_priority_changed', '901', NIGHT.toISOString(), undefined],
      ['ticket_priority_changed', '901', MORNING.toISOString(), 'held'],
    ]);
  });

  it('a task assigned at 03:00 for Thursday 03:30: the notice and the 24-hour reminder (03:30) in the morning, the 2-hour one at Wednesday 17:00', async () => {
    const assigned = event('TaskAssigned', { number: 4, title: 'Сдать журнал', deadline: msk('2026-12-10T03:30').toISOString(), assigneeId: '201', issuerId: '300' }, '300');
    expect(plan(await recorded({}, assigned))).toEqual([
      ['task_assigned', '201', MORNING.toISOString(), 'held'],
      ['task_due_soon', '201', MORNING.toISOString(), 'held'],
      ['task_due_soon', '201', msk('2026-12-09T17:00').toISOString(), 'early'],
    ]);
  });
});
