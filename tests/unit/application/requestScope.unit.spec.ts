// One request reads the speaker's Staff stream once (whoIs, then the command's own authorization), and a
// new request sees what changed meanwhile; a new ticket is appended without reading its (fresh) stream.
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/eventstore/memory.js';
import type { EventStore } from '../../../application/ports/eventStore.js';
import { ADMIN, createSchool, staffUp } from './support.js';

/** The memory store, counting stream reads by stream name. */
function countingStore() {
  const inner = createMemoryEventStore();
  const reads = new Map<string, number>();
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'readStream') {
        return (stream: string, ...rest: unknown[]) => {
          reads.set(stream, (reads.get(stream) ?? 0) + 1);
          return (target.readStream as (...args: unknown[]) => unknown).call(target, stream, ...rest);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as EventStore;
  return { store, reads, reset: () => reads.clear() };
}

describe('one request, one look at each person', () => {
  it('reads the speaker once per request, and a later request sees a deactivation', async () => {
    const counted = countingStore();
    const { commands } = createSchool({ store: counted.store });
    await staffUp(commands);

    counted.reset();
    const opened = await commands.withinRequest(async () => {
      const speaker = await commands.loadStaff('101');
      expect(speaker.state.status).toBe('active');
      return commands.openTicket('101', { title: 'Проектор не включается', category: 'it' });
    });
    expect(opened).toMatchObject({ ok: true });
    expect(counted.reads.get('staff-101')).toBe(1);
    // The fresh number's stream was not read before the ticket was appended.
    expect(counted.reads.get(`ticket-${opened.ok ? opened.number : 0}`)).toBeUndefined();

    counted.reset();
    await commands.loadStaff('101');
    await commands.openTicket('101', { title: 'Кран течёт', category: 'maintenance' });
    expect(counted.reads.get('staff-101')).toBe(2);

    await commands.deactivate(ADMIN, '101', 'уволилась');
    const refused = await commands.withinRequest(() => commands.openTicket('101', { title: 'Ещё', category: 'it' }));
    expect(refused.ok).toBe(false);
  });

  it('a retried opening still finds its ticket, and says it was a replay', async () => {
    const { commands } = createSchool();
    await staffUp(commands);
    const meta = { commandId: '6f1c1c9e-5a8e-4a0e-9a53-1f8f3f1b2a10' };
    const first = await commands.openTicket('101', { title: 'Проектор', category: 'it' }, meta);
    const again = await commands.openTicket('101', { title: 'Проектор', category: 'it' }, meta);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.number).toBe(first.number);
    expect(again.replayed).toBe(true);
  });
});
