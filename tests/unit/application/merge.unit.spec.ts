// Merging writes two streams (TicketMerged on the merged ticket, TicketAbsorbed on the survivor). A crash
// between the two appends is completed by the same request retried (Telegram redelivers the update: same
// command id) or by the merge asked again, and the survivor's half is recorded exactly once.
import { describe, expect, it } from 'vitest';
import type { EventStore } from '../../../application/ports/eventStore.js';
import { allEvents, createSchool, staffUp } from './support.js';

const ticket = (title: string) => ({ title, category: 'it', location: 'каб. 204' });

/** A store whose appends to `stream` fail `times` times, as a process dying right before them would. */
function crashingOn(store: EventStore, stream: string, times: number): EventStore {
  let left = times;
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'append') {
        return (name: string, ...rest: unknown[]) => {
          if (name === stream && left > 0) {
            left -= 1;
            return Promise.reject(new Error('crash before the second append'));
          }
          return (target.append as (...args: unknown[]) => unknown).call(target, name, ...rest);
        };
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

async function twoTickets(store?: EventStore) {
  const school = createSchool(store ? { store } : {});
  await staffUp(school.commands);
  return school;
}

describe('merging two tickets', () => {
  it('closes the merged one with a pointer and gives its author to the survivor as a follower, once', async () => {
    const { commands, as, store } = await twoTickets();
    await commands.openTicket(await as('101'), ticket('Проектор не включается'), {});
    await commands.openTicket(await as('301'), ticket('Не работает проектор'), {});
    await commands.followTicket(await as('500'), { number: 2 }, {});
    const merged = await commands.mergeTicket(await as('201'), { number: 2, into: 1 }, { commandId: 'merge-1' });
    expect(merged.ok).toBe(true);
    const types = (await allEvents(store)).map((e) => `${e.streamName}:${e.type}`).filter((t) => /Merged|Absorbed/.test(t));
    expect(types).toEqual(['ticket-2:TicketMerged', 'ticket-1:TicketAbsorbed']);
    const absorbed = (await allEvents(store)).find((e) => e.type === 'TicketAbsorbed');
    expect(absorbed?.data).toMatchObject({ number: 1, from: 2, followers: ['301', '500'] });
    // Again, with the same or another command id: nothing more is recorded.
    expect((await commands.mergeTicket(await as('201'), { number: 2, into: 1 }, { commandId: 'merge-1' })).ok).toBe(true);
    expect((await commands.mergeTicket(await as('201'), { number: 2, into: 1 }, { commandId: 'merge-2' })).ok).toBe(true);
    expect((await allEvents(store)).filter((e) => /Merged|Absorbed/.test(e.type))).toHaveLength(2);
    // A teacher may not merge; into itself, or into a closed ticket, is refused.
    await commands.openTicket(await as('101'), ticket('Мигает лампа'), {});
    expect(await commands.mergeTicket(await as('101'), { number: 3, into: 1 }, {})).toMatchObject({ ok: false, refusal: { code: 'not_permitted' } });
    expect(await commands.mergeTicket(await as('201'), { number: 3, into: 3 }, {})).toMatchObject({ ok: false, refusal: { code: 'invalid_input' } });
    expect(await commands.mergeTicket(await as('201'), { number: 3, into: 2 }, {})).toMatchObject({ ok: false, refusal: { code: 'invalid_transition' } });
  });

  it('a crash between the two appends is completed by the retried request, and by the merge asked again', async () => {
    for (const retry of ['same request', 'merge asked again'] as const) {
      const { memory } = createSchool();
      const crashing = crashingOn(memory, 'ticket-1', 0);
      const { commands, as } = await twoTickets(crashing);
      await commands.openTicket(await as('101'), ticket('Проектор не включается'), {});
      await commands.openTicket(await as('301'), ticket('Не работает проектор'), {});
      const dying = createSchool({ store: crashingOn(crashing, 'ticket-1', 1) });
      await expect(dying.commands.mergeTicket(await as('201'), { number: 2, into: 1 }, { commandId: 'merge-x' })).rejects.toThrow(/crash/);
      expect((await allEvents(crashing)).filter((e) => /Merged|Absorbed/.test(e.type)).map((e) => e.type)).toEqual(['TicketMerged']);
      const again = await commands.mergeTicket(await as('201'), { number: 2, into: 1 }, { commandId: retry === 'same request' ? 'merge-x' : 'merge-y' });
      expect(again.ok, retry).toBe(true);
      expect((await allEvents(crashing)).filter((e) => /Merged|Absorbed/.test(e.type)).map((e) => e.type), retry).toEqual(['TicketMerged', 'TicketAbsorbed']);
    }
  });
});

describe('following a ticket', () => {
  it('refuses the author, records a follower once, and is refused on a closed ticket', async () => {
    const { commands, as, store } = await twoTickets();
    await commands.openTicket(await as('101'), ticket('Проектор не включается'), {});
    expect(await commands.followTicket(await as('101'), { number: 1 }, {})).toMatchObject({ ok: false, refusal: { code: 'no_change' } });
    expect((await commands.followTicket(await as('301'), { number: 1 }, {})).ok).toBe(true);
    expect((await commands.followTicket(await as('301'), { number: 1 }, {})).ok).toBe(true);
    expect((await allEvents(store)).filter((e) => e.type === 'TicketFollowed')).toHaveLength(1);
    await commands.takeTicket(await as('201'), { number: 1 }, {});
    const taken = (await allEvents(store)).find((e) => e.type === 'TicketAssigned');
    expect(taken?.data).toMatchObject({ followers: ['301'] });
    await commands.cancelTicket(await as('500'), { number: 1, reason: 'дубль' }, {});
    expect(await commands.followTicket(await as('401'), { number: 1 }, {})).toMatchObject({ ok: false });
    expect(await commands.followTicket(await as('500'), { number: 1 }, {})).toMatchObject({ ok: false, refusal: { code: 'invalid_transition' } });
  });
});
