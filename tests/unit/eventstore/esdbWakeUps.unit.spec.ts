// The EventStoreDB store's subscribers share one live subscription, filtered on the server by the event types
// they follow and used only to wake them; it is re-opened after an error or a clean end with a doubling delay
// that starts over once a re-opened subscription is confirmed. Timers run by hand: no real waiting.
import { describe, expect, it, vi } from 'vitest';
import { SharedWakeUps } from '../../../adapters/eventstore/esdbWakeUps.js';
import { createEsdbEventStore } from '../../../adapters/eventstore/esdbEventStore.js';
import { FakeSubscription, fakeEsdbClient, manualTimers } from './esdbClientDouble.js';

function hub() {
  const clock = manualTimers();
  const opened: { types: readonly string[] | undefined; subscription: FakeSubscription }[] = [];
  const wakeUps = new SharedWakeUps({
    open: (types) => {
      const subscription = new FakeSubscription(undefined);
      opened.push({ types, subscription });
      return subscription;
    },
    timers: clock.timers,
  });
  return { wakeUps, clock, opened, current: () => opened.at(-1)!.subscription };
}

describe('the shared wake-up subscription', () => {
  it('opens one subscription for the union of the listeners’ types, and wakes each with the appended type', () => {
    const { wakeUps, clock, opened, current } = hub();
    const tickets = vi.fn();
    const tasks = vi.fn();
    wakeUps.listen(tickets, ['TicketOpened', 'TicketTaken']);
    wakeUps.listen(tasks, ['TaskAssigned', 'TicketTaken']);
    expect(clock.delays()).toEqual([50]);
    clock.fire();
    expect(opened.map((o) => o.types)).toEqual([['TaskAssigned', 'TicketOpened', 'TicketTaken']]);
    current().emit('confirmation');
    expect(tickets).toHaveBeenLastCalledWith();
    current().emit('data', { event: { type: 'TaskAssigned' } });
    expect(tickets).toHaveBeenLastCalledWith(['TaskAssigned']);
    expect(tasks).toHaveBeenLastCalledWith(['TaskAssigned']);

    // A listener of a type already covered shares it; one wanting every type makes it re-open unfiltered.
    wakeUps.listen(vi.fn(), ['TicketOpened']);
    expect(clock.delays()).toEqual([]);
    wakeUps.listen(vi.fn());
    clock.fire();
    expect(opened.map((o) => o.types)).toEqual([['TaskAssigned', 'TicketOpened', 'TicketTaken'], undefined]);
    expect(opened[0]!.subscription.unsubscribed).toBe(true);
    // The replaced subscription is ignored from then on.
    tickets.mockClear();
    opened[0]!.subscription.emit('data', { event: { type: 'TicketOpened' } });
    opened[0]!.subscription.emit('error', new Error('late'));
    expect(tickets).not.toHaveBeenCalled();
    expect(clock.delays()).toEqual([]);
  });

  it('re-opens after an error or a clean end, doubling the delay, and starts over after a confirmed reopen', () => {
    const { wakeUps, clock, opened, current } = hub();
    const wake = vi.fn();
    const drops: number[] = [];
    wakeUps.listen(wake, ['TicketOpened']);
    clock.fire();
    current().emit('confirmation');

    const drop = (how: 'error' | 'end') => {
      wake.mockClear();
      if (how === 'error') current().emit('error', new Error('unavailable'));
      else current().emit('end');
      // Every listener re-reads at once: appends while it is down are not signalled.
      expect(wake).toHaveBeenCalledWith();
      expect(current().unsubscribed).toBe(true);
      drops.push(clock.fire());
    };
    drop('error');
    drop('end');
    drop('error');
    expect(drops).toEqual([500, 1_000, 2_000]);
    current().emit('confirmation');
    drop('end');
    expect(drops.at(-1)).toBe(500);
    // Up to the cap.
    for (let i = 0; i < 8; i += 1) drop('error');
    expect(drops.at(-1)).toBe(10_000);
    expect(opened).toHaveLength(1 + 3 + 1 + 8);
    expect(opened.every((o) => o.types?.join() === 'TicketOpened')).toBe(true);
  });

  it('closes the subscription when the last listener leaves, and does not re-open it', () => {
    const { wakeUps, clock, current } = hub();
    const stopA = wakeUps.listen(vi.fn(), ['A']);
    const stopB = wakeUps.listen(vi.fn(), ['B']);
    clock.fire();
    stopA();
    expect(current().unsubscribed).toBe(false);
    stopB();
    expect(current().unsubscribed).toBe(true);
    current().emit('end');
    expect(clock.delays()).toEqual([]);
    expect(wakeUps.openTypes).toBeNull();
  });
});

describe('the EventStoreDB store’s subscribers (client double)', () => {
  it('share one live $all subscription, filtered by type on the server', async () => {
    const { client, state } = fakeEsdbClient();
    const clock = manualTimers();
    const store = createEsdbEventStore({ connectionString: 'esdb://unused:2113?tls=false', client, wakeUps: { timers: clock.timers } });
    try {
      const first = store.subscribe({ filter: { eventTypes: ['TicketOpened'] } }, () => undefined);
      const second = store.subscribe({ filter: { eventTypes: ['TaskAssigned'] } }, () => undefined);
      clock.fire();
      expect(state.subscriptions).toHaveLength(1);
      expect(state.subscriptions[0]!.options).toMatchObject({
        fromPosition: 'end',
        filter: { filterOn: 'eventType', regex: '^(?:TaskAssigned|TicketOpened)$' },
      });
      await first.stop();
      await second.stop();
      expect(state.subscriptions[0]!.unsubscribed).toBe(true);
    } finally {
      await store.close();
    }
  });
});
