// Model-based test of the command handler over the real in-memory event store: random sequences of
// service calls by random people, checked after every call against a small model of what the log must hold.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createMemoryEventStore } from '../../adapters/eventstore/memory.js';
import type { MemoryEventStore } from '../../adapters/eventstore/memory.js';
import { taskAggregate, ticketAggregate } from '../../application/aggregates.js';
import type { CommandResult } from '../../application/commandHandler.js';
import { createSchoolCommands } from '../../application/commands/schoolCommands.js';
import type { SchoolCommands } from '../../application/commands/schoolCommands.js';
import type { Person } from '../../application/people.js';
import { SCHEDULER } from '../../application/people.js';
import { loadStream } from '../../application/streamLoader.js';
import { defaultPolicy, taskStreamName, ticketStreamName } from '../../domain/index.js';
import { RUNS } from './harness.js';

const ADMIN = '500';
/** The staff the school starts with (approved in setup), plus someone who never registered. */
const STAFF = {
  tanya: '101',
  olga: '102',
  ivan: '201',
  deputy: '301',
  auditor: '401',
  admin: ADMIN,
  stranger: '999',
} as const;
type Who = keyof typeof STAFF;
const anyone = fc.constantFrom(...(Object.keys(STAFF) as Who[]));

interface Model {
  nextTicket: number;
  nextTask: number;
  /** Status per ticket/task stream, derived from the event types the real system reported. */
  status: Map<string, string>;
  /** Events per stream and in total, as the model counts them. */
  streamLength: Map<string, number>;
  total: number;
  inactive: Set<string>;
  last?: { call: (commandId: string) => Promise<CommandResult>; commandId: string; result: CommandResult };
}

interface Real {
  store: MemoryEventStore;
  commands: SchoolCommands;
  advanceHours(hours: number): void;
}

/** As an update does: resolve who speaks, then issue their command (a retry resolves them again). */
const as =
  (r: Real, id: string, call: (person: Person, commandId: string) => Promise<CommandResult>) =>
  async (commandId: string): Promise<CommandResult> =>
    call(await r.commands.person(id), commandId);

async function statusOf(real: Real, kind: 'ticket' | 'task', number: number): Promise<string> {
  const loaded =
    kind === 'ticket'
      ? await loadStream(real.store, ticketStreamName(number), ticketAggregate(defaultPolicy))
      : await loadStream(real.store, taskStreamName(number), taskAggregate);
  return loaded.state.status;
}

const STATUS_AFTER: Record<string, string> = {
  TicketOpened: 'open',
  TicketAssigned: 'in_progress',
  TicketResolved: 'resolved',
  TicketClosed: 'closed',
  TicketReopened: 'in_progress',
  TicketCancelled: 'cancelled',
  TaskAssigned: 'assigned',
  TaskAccepted: 'accepted',
  TaskCompleted: 'completed',
  TaskApproved: 'approved',
  TaskReturned: 'accepted',
  TaskCancelled: 'cancelled',
};

let commandSeq = 0;

/** Runs one service call and checks what every call must satisfy, whatever the decider decided. */
async function checkedCall(
  model: Model,
  real: Real,
  actorId: string | null,
  call: (commandId: string) => Promise<CommandResult>,
): Promise<CommandResult> {
  const commandId = `m-${++commandSeq}`;
  const result = await call(commandId);
  const logged = (await real.store.readAll({ maxCount: 100_000 })).events.length;
  if (!result.ok) {
    expect(logged, 'a refused command appended something').toBe(model.total);
    if (actorId !== null && model.inactive.has(actorId)) expect(result.refusal.code).toBe('actor_inactive');
    return result;
  }
  if (actorId !== null) expect(model.inactive.has(actorId), 'a deactivated person changed something').toBe(false);
  const before = model.streamLength.get(result.streamName) ?? 0;
  const reserved = result.number !== undefined && before === 0 && result.events.length > 0 ? 1 : 0;
  expect(logged).toBe(model.total + result.events.length + reserved);
  const stream = await real.store.readStream(result.streamName);
  expect(stream.length, 'stream version grows by exactly the events appended').toBe(before + result.events.length);
  if (result.events.length > 0) expect(result.revision).toBe(BigInt(before + result.events.length - 1));
  model.total = logged;
  model.streamLength.set(result.streamName, stream.length);
  for (const event of result.events)
    if (STATUS_AFTER[event.type]) model.status.set(result.streamName, STATUS_AFTER[event.type]!);
  model.last = { call, commandId, result };
  return result;
}

async function expectStatus(model: Model, real: Real, kind: 'ticket' | 'task', number: number) {
  expect(await statusOf(real, kind, number)).toBe(model.status.get(`${kind}-${number}`) ?? 'none');
}

type Cmd = fc.AsyncCommand<Model, Real>;
const command = (label: string, run: (m: Model, r: Real) => Promise<void>): Cmd => ({
  check: () => true,
  run,
  toString: () => label,
});

/** Mostly the people who plausibly do this (so runs get deep into the flows), sometimes anyone. */
const usually = (...likely: Who[]) =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...likely) }, { weight: 1, arbitrary: anyone });
const ticketNo = fc.constantFrom(1, 1, 1, 2);

const openTicket = usually('tanya', 'olga').map((who) =>
  command(`${who} opens a ticket`, async (m, r) => {
    const result = await checkedCall(
      m,
      r,
      STAFF[who],
      as(r, STAFF[who], (person, commandId) =>
        r.commands.openTicket(person, { title: 'Projector dead', category: 'it', priority: 'urgent' }, { commandId }),
      ),
    );
    if (result.ok) {
      expect(result.number, 'numbers are sequential and never reused').toBe(m.nextTicket);
      m.nextTicket += 1;
    }
  }),
);

type TicketVerb =
  'takeTicket' | 'resolveTicket' | 'confirmResolution' | 'reopenTicket' | 'cancelTicket' | 'commentTicket';
const ticketVerb = fc.constantFrom<TicketVerb>(
  'takeTicket',
  'resolveTicket',
  'confirmResolution',
  'reopenTicket',
  'cancelTicket',
  'commentTicket',
);
const LIKELY_ON_TICKET: Record<TicketVerb, Who[]> = {
  takeTicket: ['ivan'],
  resolveTicket: ['ivan'],
  confirmResolution: ['tanya'],
  reopenTicket: ['tanya', 'admin'],
  cancelTicket: ['tanya', 'admin'],
  commentTicket: ['tanya', 'ivan', 'deputy'],
};
const onTicket = ticketVerb
  .chain((verb) => fc.tuple(usually(...LIKELY_ON_TICKET[verb]), fc.constant(verb), ticketNo))
  .map(([who, verb, n]) =>
    command(`${who} ${verb} №${n}`, async (m, r) => {
      const id = STAFF[who];
      await checkedCall(
        m,
        r,
        id,
        as(r, id, (person, commandId) => {
          const meta = { commandId };
          switch (verb) {
            case 'takeTicket':
              return r.commands.takeTicket(person, { number: n }, meta);
            case 'resolveTicket':
              return r.commands.resolveTicket(person, { number: n, resolution: 'Replaced the lamp' }, meta);
            case 'confirmResolution':
              return r.commands.confirmResolution(person, { number: n }, meta);
            case 'reopenTicket':
              return r.commands.reopenTicket(person, { number: n, reason: 'Still dark' }, meta);
            case 'cancelTicket':
              return r.commands.cancelTicket(person, { number: n, reason: 'Duplicate' }, meta);
            case 'commentTicket':
              return r.commands.commentTicket(person, { number: n, text: 'Any news?' }, meta);
          }
        }),
      );
      await expectStatus(m, r, 'ticket', n);
    }),
  );

const assignTask = fc
  .tuple(
    usually('deputy'),
    fc.constantFrom<Who>('tanya', 'tanya', 'ivan', 'stranger'),
    fc.integer({ min: -2, max: 48 }),
  )
  .map(([who, to, hours]) =>
    command(`${who} gives ${to} a task due in ${hours}h`, async (m, r) => {
      const deadline = new Date(Date.parse(NOW.iso) + hours * 3_600_000).toISOString();
      const result = await checkedCall(
        m,
        r,
        STAFF[who],
        as(r, STAFF[who], (person, commandId) =>
          r.commands.assignTask(person, { assigneeId: STAFF[to], title: 'Term report', deadline }, { commandId }),
        ),
      );
      if (result.ok) {
        expect(result.number).toBe(m.nextTask);
        m.nextTask += 1;
      }
    }),
  );

type TaskVerb = 'acceptTask' | 'completeTask' | 'approveTask' | 'markDeadlineMissed';
const LIKELY_ON_TASK: Record<TaskVerb, Who[]> = {
  acceptTask: ['tanya'],
  completeTask: ['tanya'],
  approveTask: ['deputy'],
  markDeadlineMissed: ['admin'],
};
const onTask = fc
  .constantFrom<TaskVerb>('acceptTask', 'completeTask', 'approveTask', 'markDeadlineMissed')
  .chain((verb) => fc.tuple(usually(...LIKELY_ON_TASK[verb]), fc.constant(verb), fc.constantFrom(1, 1, 2)))
  .map(([who, verb, n]) =>
    command(
      verb === 'markDeadlineMissed' ? `watcher marks task №${n} missed` : `${who} ${verb} №${n}`,
      async (m, r) => {
        const id = STAFF[who];
        await checkedCall(
          m,
          r,
          verb === 'markDeadlineMissed' ? null : id,
          verb === 'markDeadlineMissed'
            ? (commandId) => r.commands.markDeadlineMissed(SCHEDULER, { number: n }, { commandId })
            : as(r, id, (person, commandId) => {
                const meta = { commandId };
                switch (verb) {
                  case 'acceptTask':
                    return r.commands.acceptTask(person, { number: n }, meta);
                  case 'completeTask':
                    return r.commands.completeTask(person, { number: n, report: 'Sent' }, meta);
                  case 'approveTask':
                    return r.commands.approveTask(person, { number: n }, meta);
                }
              }),
        );
        await expectStatus(m, r, 'task', n);
      },
    ),
  );

const staffChange = fc
  .tuple(
    fc.constantFrom<Who>('admin', 'deputy'),
    fc.constantFrom<Who>('tanya', 'ivan', 'deputy'),
    fc.constantFrom(false, false, true),
  )
  .map(([who, target, off]) =>
    command(`${who} ${off ? 'deactivates' : 'reactivates'} ${target}`, async (m, r) => {
      const result = await checkedCall(
        m,
        r,
        STAFF[who],
        as(r, STAFF[who], (person, commandId) =>
          off
            ? r.commands.deactivate(person, { telegramId: STAFF[target], reason: 'left' }, { commandId })
            : r.commands.reactivate(person, { telegramId: STAFF[target] }, { commandId }),
        ),
      );
      if (result.ok && off) m.inactive.add(STAFF[target]);
      if (result.ok && !off) m.inactive.delete(STAFF[target]);
    }),
  );

const retryLast = fc.constant(
  command('the last successful call is retried (same commandId)', async (m, r) => {
    if (!m.last) return;
    const { call, commandId, result } = m.last;
    const again = await call(commandId);
    const logged = (await r.store.readAll({ maxCount: 100_000 })).events.length;
    expect(logged, 'a retry appended something').toBe(m.total);
    if (result.ok && result.events.length > 0) {
      expect(again).toMatchObject({ ok: true, replayed: true, streamName: result.streamName });
      expect(again.ok && again.events.map((e) => e.id)).toEqual(result.events.map((e) => e.id));
    }
  }),
);

/** A whole plausible story in one step, so runs also hold resolved, closed and reopened tickets. */
const ticketStory = fc.constantFrom(2, 3, 4).map((length) =>
  command(
    `tanya opens a ticket, then ${['ivan takes', 'ivan resolves', 'tanya confirms'].slice(0, length - 1).join(', ')}`,
    async (m, r) => {
      const opened = await checkedCall(
        m,
        r,
        STAFF.tanya,
        as(r, STAFF.tanya, (person, commandId) => r.commands.openTicket(person, { title: 'Tap leaks', category: 'it' }, { commandId })),
      );
      if (!opened.ok || opened.number === undefined) return;
      expect(opened.number).toBe(m.nextTicket);
      m.nextTicket += 1;
      const n = opened.number;
      const steps: [string, (commandId: string) => Promise<CommandResult>][] = [
        [STAFF.ivan, as(r, STAFF.ivan, (person, commandId) => r.commands.takeTicket(person, { number: n }, { commandId }))],
        [STAFF.ivan, as(r, STAFF.ivan, (person, commandId) => r.commands.resolveTicket(person, { number: n, resolution: 'Fixed' }, { commandId }))],
        [STAFF.tanya, as(r, STAFF.tanya, (person, commandId) => r.commands.confirmResolution(person, { number: n }, { commandId }))],
      ];
      for (const [actorId, call] of steps.slice(0, length - 1)) await checkedCall(m, r, actorId, call);
      await expectStatus(m, r, 'ticket', n);
    },
  ),
);

const NOW = { iso: '2026-11-24T09:00:00.000Z' };
const advance = fc.integer({ min: 1, max: 96 }).map((hours) =>
  command(`${hours}h pass`, async (_m, r) => {
    r.advanceHours(hours);
  }),
);

async function setup(): Promise<{ model: Model; real: Real }> {
  const store = createMemoryEventStore();
  let now = Date.parse('2026-11-24T09:00:00.000Z');
  NOW.iso = new Date(now).toISOString();
  let id = 0;
  const commands = createSchoolCommands({
    eventStore: store,
    clock: { now: () => new Date(now) },
    ids: { uuid: () => `00000000-0000-4000-8000-${String(++id).padStart(12, '0')}` },
    adminIds: [ADMIN],
  });
  const admin = await commands.person(ADMIN);
  for (const [name, role] of [
    ['tanya', 'teacher'],
    ['olga', 'teacher'],
    ['ivan', 'technician'],
    ['deputy', 'deputy'],
    ['auditor', 'auditor'],
  ] as const) {
    await commands.register(await commands.person(STAFF[name]), { fullName: name }, {});
    await commands.approveStaff(admin, { telegramId: STAFF[name], role }, {});
  }
  const total = (await store.readAll({ maxCount: 1000 })).events.length;
  const streamLength = new Map(
    (['tanya', 'olga', 'ivan', 'deputy', 'auditor'] as const).map((n) => [`staff-${STAFF[n]}`, 2]),
  );
  return {
    model: { nextTicket: 1, nextTask: 1, status: new Map(), streamLength, total, inactive: new Set() },
    real: {
      store,
      commands,
      advanceHours: (hours) => {
        now += hours * 3_600_000;
        NOW.iso = new Date(now).toISOString();
      },
    },
  };
}

describe('command handler against the in-memory event store (model-based)', () => {
  it('every call appends exactly what it reports, refusals append nothing, numbers are sequential, retries are idempotent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.commands(
          [
            openTicket,
            ticketStory,
            onTicket,
            onTicket,
            onTicket,
            onTicket,
            assignTask,
            onTask,
            onTask,
            onTask,
            staffChange,
            retryLast,
            advance,
          ],
          { maxCommands: 30, size: 'max' },
        ),
        async (cmds) => {
          const { model, real } = await setup();
          await fc.asyncModelRun(() => ({ model, real }), cmds);
          // Replay: every stream folded again from the log gives what the model tracked.
          for (const [stream, status] of model.status) {
            const [kind, n] = stream.split('-') as ['ticket' | 'task', string];
            expect(await statusOf(real, kind, Number(n))).toBe(status);
          }
        },
      ),
      RUNS,
    );
  }, 300_000);
});
