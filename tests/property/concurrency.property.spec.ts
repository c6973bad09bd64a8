// Concurrent calls through the command handler, with fast-check's scheduler choosing every interleaving of
// the event store's reads and appends: optimistic concurrency must keep numbers unique and contiguous, let
// exactly one technician take a ticket, and never lose or duplicate an event.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createMemoryEventStore } from '../../adapters/eventstore/memory.js';
import type { CommandResult } from '../../application/commandHandler.js';
import { createSchoolCommands } from '../../application/commands/schoolCommands.js';
import type { EventStore } from '../../application/ports/eventStore.js';
import { RUNS } from './harness.js';

const ADMIN = '500';
const TANYA = '101';
const IVAN = '201';
const PETR = '202';
type Op = 'tanya opens a ticket' | 'ivan takes №1' | 'petr takes №1' | 'tanya comments on №1';
const op = fc.constantFrom<Op>('tanya opens a ticket', 'ivan takes №1', 'petr takes №1', 'tanya comments on №1');

async function school() {
  const memory = createMemoryEventStore();
  let id = 0;
  const deps = {
    clock: { now: () => new Date('2026-11-24T09:00:00.000Z') },
    ids: { uuid: () => `00000000-0000-4000-8000-${String(++id).padStart(12, '0')}` },
    adminIds: [ADMIN],
    maxAttempts: 10,
  };
  const setup = createSchoolCommands({ ...deps, eventStore: memory });
  const admin = await setup.person(ADMIN);
  for (const [id, role] of [
    [TANYA, 'teacher'],
    [IVAN, 'technician'],
    [PETR, 'technician'],
  ] as const) {
    await setup.register(await setup.person(id), { fullName: `Person ${id}` }, {});
    await setup.approveStaff(admin, { telegramId: id, role }, {});
  }
  await setup.openTicket(await setup.person(TANYA), { title: 'Projector dead', category: 'it' }, {});
  // Each update resolves its speaker before its command runs; the race is between the commands.
  const [tanya, ivan, petr] = await Promise.all([TANYA, IVAN, PETR].map((id) => setup.person(id)));
  return { memory, deps, people: { tanya: tanya!, ivan: ivan!, petr: petr! } };
}

describe('command handler under concurrency (every interleaving)', () => {
  it('numbers stay unique and contiguous, one technician wins a ticket, every event is counted once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(op, { minLength: 2, maxLength: 6 }), async (s, ops) => {
        const { memory, deps, people } = await school();
        const racing: EventStore = Object.assign(Object.create(memory) as EventStore, {
          readStream: s.scheduleFunction((...args: Parameters<EventStore['readStream']>) => memory.readStream(...args)),
          append: s.scheduleFunction((...args: Parameters<EventStore['append']>) => memory.append(...args)),
        });
        const commands = createSchoolCommands({ ...deps, eventStore: racing });
        const calls = ops.map((name): Promise<CommandResult> => {
          switch (name) {
            case 'tanya opens a ticket':
              return commands.openTicket(people.tanya, { title: 'Tap leaks', category: 'it' }, {});
            case 'ivan takes №1':
              return commands.takeTicket(people.ivan, { number: 1 }, {});
            case 'petr takes №1':
              return commands.takeTicket(people.petr, { number: 1 }, {});
            case 'tanya comments on №1':
              return commands.commentTicket(people.tanya, { number: 1, text: 'Any news?' }, {});
          }
        });
        await s.waitFor(Promise.all(calls));
        const results = await Promise.all(calls);

        for (const result of results) expect(result.ok || result.refusal.code).not.toBe('concurrency_conflict');
        const opened = results.filter((r, i) => ops[i] === 'tanya opens a ticket' && r.ok).map((r) => r.ok && r.number);
        expect([...opened].sort()).toEqual(opened.map((_, i) => i + 2));
        const takes = results.filter((r, i) => ops[i]!.includes('takes') && r.ok);
        expect(takes.length).toBe(ops.some((o) => o.includes('takes')) ? 1 : 0);
        const onFirst = results.filter((r) => r.ok && r.streamName === 'ticket-1');
        const appended = onFirst.reduce((sum, r) => sum + (r.ok ? r.events.length : 0), 0);
        expect((await memory.readStream('ticket-1')).length).toBe(1 + appended);
        expect((await memory.readStream('numbers-ticket')).length).toBe(1 + opened.length);
      }),
      RUNS,
    );
  }, 300_000);
});
