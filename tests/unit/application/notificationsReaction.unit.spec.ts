// Who hears about a return and a take: a person reachable again hears (once per return) what was held for
// them; with the technicians' group, a take is news for the group card, and new tickets are keyed by number.
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../application/ports/eventStore.js';
import type { OutboxMessage } from '../../../application/ports/outbox.js';
import type { SqlQueryable } from '../../../application/ports/sql.js';
import { NOTICE_STALE_MS, notificationsReaction, TECH_CHAT_RECIPIENT, techCardId } from '../../../application/reactions/notifications.js';

const NOW = new Date('2026-11-24T07:00:00Z');
const event = (type: string, data: Record<string, unknown>, id: string, actorId = '900'): RecordedEvent =>
  ({
    id,
    type,
    data,
    metadata: { actorId, occurredAt: NOW.toISOString(), correlationId: 'c', causationId: 'c', source: 'telegram', schemaVersion: 1 },
    streamName: 'x',
    revision: 0n,
    position: '1' as RecordedEvent['position'],
    recordedAt: NOW.toISOString(),
  }) as RecordedEvent;

async function recorded(techChat: boolean, ...events: RecordedEvent[]): Promise<OutboxMessage[]> {
  const reaction = notificationsReaction(() => ({ techniciansFor: () => Promise.resolve(['901']), categoryLeads: () => Promise.resolve([]) }), { techChat });
  const rows = new Map<string, OutboxMessage>();
  const outbox = {
    enqueue: (message: OutboxMessage) => {
      const fresh = !rows.has(message.id);
      if (fresh) rows.set(message.id, message);
      return Promise.resolve(fresh);
    },
  };
  for (const e of events) await reaction.handle(e, { tx: {} as SqlQueryable, outbox, now: NOW });
  return [...rows.values()];
}

describe('notification reaction', () => {
  it('records reachable_again for the person on StaffReachable, once however often it replays', async () => {
    const back = event('StaffReachable', { telegramId: '901', detectedAt: NOW.toISOString() }, '00000000-0000-4000-8000-000000000001', 'scheduler');
    const rows = await recorded(false, back, back);
    expect(rows).toEqual([
      expect.objectContaining({ kind: 'reachable_again', recipient: '901', payload: { telegramId: '901' }, id: `reachable_again:${back.id}:901` }),
    ]);
  });

  it('a second return is a second summary', async () => {
    const first = event('StaffReachable', { telegramId: '901', detectedAt: NOW.toISOString() }, '00000000-0000-4000-8000-000000000002');
    const second = event('StaffReachable', { telegramId: '901', detectedAt: NOW.toISOString() }, '00000000-0000-4000-8000-000000000003');
    expect(await recorded(false, first, second)).toHaveLength(2);
  });

  it('with the technicians group: the new ticket is keyed by its number, and its taking is news for the group card', async () => {
    const opened = event('TicketOpened', { number: 31, title: 'Проектор', category: 'it', location: 'каб. 204', authorId: '101' }, '00000000-0000-4000-8000-000000000004');
    const taken = event('TicketAssigned', { number: 31, assigneeId: '901' }, '00000000-0000-4000-8000-000000000005', '901');
    const rows = await recorded(true, opened, taken);
    expect(rows.map((r) => `${r.kind}->${r.recipient}`)).toEqual(['ticket_opened->tech-chat', 'tech_card_taken->tech-chat']);
    expect(rows[0]?.id).toBe(techCardId(31));
    expect(rows[1]).toEqual(expect.objectContaining({ recipient: TECH_CHAT_RECIPIENT, payload: { number: 31, assigneeId: '901' } }));
  });

  it('without the group, a take records no card edit', async () => {
    const taken = event('TicketAssigned', { number: 31, assigneeId: '901' }, '00000000-0000-4000-8000-000000000006', '300');
    expect((await recorded(false, taken)).map((r) => r.kind)).toEqual(['ticket_assigned']);
  });
});

describe('notification reaction: the matrix (docs/notifications.md)', () => {
  const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  /** Rows as "kind→recipient", with a directory that knows ticket 31's author and assignee from the read model. */
  async function told(...events: RecordedEvent[]): Promise<string[]> {
    const reaction = notificationsReaction(
      () => ({
        techniciansFor: () => Promise.resolve(['901']),
        categoryLeads: () => Promise.resolve([]),
        ticketParties: () => Promise.resolve({ authorId: '101', assigneeId: '901' }),
      }),
      { techChat: false },
    );
    const rows: OutboxMessage[] = [];
    const outbox = {
      enqueue: (message: OutboxMessage) => {
        rows.push(message);
        return Promise.resolve(true);
      },
    };
    for (const e of events) await reaction.handle(e, { tx: {} as SqlQueryable, outbox, now: NOW });
    return rows.map((r) => `${r.kind}→${r.recipient}`);
  }
  const parties = { authorId: '101', assigneeId: '901' };

  it('a take: the author hears who took it; the technician who took it hears nothing', async () => {
    const taken = { number: 31, assigneeId: '901', assignedBy: '901', previousAssigneeId: null, selfAssigned: true, authorId: '101' };
    expect(await told(event('TicketAssigned', taken, uuid(11), '901'))).toEqual(['ticket_taken→101']);
  });

  it('a reassignment: the new technician, the previous one and the author; never the manager', async () => {
    const moved = { number: 31, assigneeId: '902', assignedBy: '300', previousAssigneeId: '901', selfAssigned: false, authorId: '101' };
    expect(await told(event('TicketAssigned', moved, uuid(12), '300'))).toEqual(['ticket_assigned→902', 'ticket_reassigned→901', 'ticket_taken→101']);
  });

  it('an assignment to the author themselves does not tell them twice', async () => {
    const own = { number: 31, assigneeId: '101', assignedBy: '300', previousAssigneeId: null, selfAssigned: false, authorId: '101' };
    expect(await told(event('TicketAssigned', own, uuid(13), '300'))).toEqual(['ticket_assigned→101']);
  });

  it('an event recorded before the author was in it: the author comes from the read model', async () => {
    const old = { number: 31, assigneeId: '902', assignedBy: '902', previousAssigneeId: null, selfAssigned: true };
    expect(await told(event('TicketAssigned', old, uuid(14), '902'))).toEqual(['ticket_taken→101']);
  });

  it('a priority change tells the assignee unless they changed it', async () => {
    const change = { number: 31, from: 'normal', to: 'high', dueAt: NOW.toISOString(), changedAt: NOW.toISOString(), parties };
    expect(await told(event('TicketPriorityChanged', { ...change, changedBy: '300' }, uuid(15), '300'))).toEqual(['ticket_priority_changed→901']);
    expect(await told(event('TicketPriorityChanged', { ...change, changedBy: '901' }, uuid(16), '901'))).toEqual([]);
  });

  it('a confirmation tells the technician; an auto-close the author (with the reopen window) and the technician', async () => {
    const closed = { number: 31, closedAt: NOW.toISOString(), parties };
    // Each close after a resolution also asks the author to rate it (issue 14, item 6).
    expect(await told(event('TicketClosed', { ...closed, closedBy: '101', auto: false }, uuid(17), '101'))).toEqual(['ticket_confirmed→901', 'ticket_rate_request→101']);
    const until = '2026-12-01T07:00:00.000Z';
    const auto = event('TicketClosed', { ...closed, closedBy: 'system', auto: true, reopenableUntil: until }, uuid(18), 'system');
    expect(await told(auto)).toEqual(['ticket_auto_closed→101', 'ticket_auto_closed→901', 'ticket_rate_request→101']);
  });

  it('a reopen by an admin tells the assignee and the author; by the author, the assignee only', async () => {
    const reopened = { number: 31, reason: 'Снова', from: 'closed', assigneeId: '901', reopenedAt: NOW.toISOString(), dueAt: NOW.toISOString(), authorId: '101' };
    expect(await told(event('TicketReopened', { ...reopened, reopenedBy: '1000' }, uuid(19), '1000'))).toEqual(['ticket_reopened→901', 'ticket_reopened→101']);
    expect(await told(event('TicketReopened', { ...reopened, reopenedBy: '101' }, uuid(20), '101'))).toEqual(['ticket_reopened→901']);
  });

  it('tasks: accepted → issuer; approved → assignee; an admin extending or cancelling → assignee and issuer', async () => {
    expect(await told(event('TaskAccepted', { number: 3, assigneeId: '201', acceptedAt: NOW.toISOString(), issuerId: '300' }, uuid(21), '201'))).toEqual([
      'task_accepted→300',
    ]);
    const approved = { number: 3, approvedBy: '300', assigneeId: '201', approvedAt: NOW.toISOString(), completedAt: NOW.toISOString(), deadline: NOW.toISOString(), onTime: true };
    expect(await told(event('TaskApproved', approved, uuid(22), '300'))).toEqual(['task_approved→201']);
    // Deadlines in the past of NOW: no reminder is planned, only the notices.
    const extended = { number: 3, previousDeadline: '2026-11-20T07:00:00.000Z', newDeadline: '2026-11-23T07:00:00.000Z', reason: 'Болезнь', extendedAt: NOW.toISOString(), assigneeId: '201', previousDeadlineMissed: false, issuerId: '300' };
    expect(await told(event('TaskDeadlineExtended', { ...extended, extendedBy: '1000' }, uuid(23), '1000'))).toEqual(['task_extended→201', 'task_extended→300']);
    expect(await told(event('TaskDeadlineExtended', { ...extended, extendedBy: '300' }, uuid(24), '300'))).toEqual(['task_extended→201']);
    const cancelled = { number: 3, assigneeId: '201', reason: 'Не нужно', from: 'assigned', cancelledAt: NOW.toISOString(), issuerId: '300' };
    expect(await told(event('TaskCancelled', { ...cancelled, cancelledBy: '1000' }, uuid(25), '1000'))).toEqual(['task_cancelled→201', 'task_cancelled→300']);
    expect(await told(event('TaskCancelled', { ...cancelled, cancelledBy: '300' }, uuid(26), '300'))).toEqual(['task_cancelled→201']);
  });
});

describe('notification reaction: an event met long after it happened (a catch-up from nothing)', () => {
  const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
  const old = (type: string, data: Record<string, unknown>, id: string, occurredAt: string, actorId = '900'): RecordedEvent => {
    const recordedEvent = event(type, data, id, actorId);
    return { ...recordedEvent, metadata: { ...recordedEvent.metadata, occurredAt }, recordedAt: occurredAt } as RecordedEvent;
  };
  async function rows(...events: RecordedEvent[]): Promise<OutboxMessage[]> {
    const directory = { techniciansFor: () => Promise.resolve(['901']), categoryLeads: () => Promise.resolve([]), admins: () => Promise.resolve(['1000']) };
    const reaction = notificationsReaction(() => directory, { techChat: false, accessRequestWindowMs: 0 });
    const recordedRows: OutboxMessage[] = [];
    const outbox = { enqueue: (message: OutboxMessage) => (recordedRows.push(message), Promise.resolve(true)) };
    for (const e of events) await reaction.handle(e, { tx: {} as SqlQueryable, outbox, now: NOW });
    return recordedRows;
  }
  const opened = { number: 31, title: 'Проектор', category: 'it', location: 'каб. 204', authorId: '101' };

  it('tells nobody of what happened more than NOTICE_STALE_MS ago, and still tells of what happened just within it', async () => {
    expect(await rows(old('TicketOpened', opened, '00000000-0000-4000-8000-000000000101', at(-NOTICE_STALE_MS - 1)))).toEqual([]);
    const recent = await rows(old('TicketOpened', opened, '00000000-0000-4000-8000-000000000102', at(-NOTICE_STALE_MS)));
    expect(recent.map((r) => `${r.kind}→${r.recipient}`)).toEqual(['ticket_opened→901']);
  });

  it('an old task assignment still plans the reminders ahead of now, and none already past', async () => {
    const deadline = at(10 * 3_600_000);
    const assigned = { number: 3, title: 'Отчёт', assigneeId: '201', issuerId: '300', deadline, assignedAt: at(-10 * 24 * 3_600_000) };
    const recorded = await rows(old('TaskAssigned', assigned, '00000000-0000-4000-8000-000000000103', assigned.assignedAt, '300'));
    // 24 h before the deadline is past; 2 h before is ahead.
    expect(recorded.map((r) => `${r.kind}:${r.id.split(':').at(-1)}→${r.recipient}`)).toEqual(['task_due_soon:2→201']);
  });

  it('an old request for access still asks the admins (a person waits for their decision)', async () => {
    const registeredAt = at(-30 * 24 * 3_600_000);
    const request = { telegramId: '555', fullName: 'Орлова Анна Сергеевна', username: null, registeredAt, telegram: { firstName: 'Анна' } };
    const recorded = await rows(old('StaffRegistered', request, '00000000-0000-4000-8000-000000000104', registeredAt, '555'));
    expect(recorded.map((r) => `${r.kind}→${r.recipient}`)).toEqual(['staff_request→1000']);
  });
});
