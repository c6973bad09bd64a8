// Who hears about a return and a take: a person reachable again hears (once per return) what was held for
// them; with the technicians' group, a take is news for the group card, and new tickets are keyed by number.
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../application/ports/eventStore.js';
import type { OutboxMessage } from '../../../application/ports/outbox.js';
import type { SqlQueryable } from '../../../application/ports/sql.js';
import { notificationsReaction, TECH_CHAT_RECIPIENT, techCardId } from '../../../application/reactions/notifications.js';

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
  const reaction = notificationsReaction(() => ({ techniciansFor: () => Promise.resolve(['901']) }), { techChat });
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
