// Idempotent scheduling of recurring orders, against crashes and racing workers. A school-day clock runs over a
// month with a vacation; at each step one to three workers (each a fresh process: its own command service on
// the shared store) issue what has come due, with fast-check's scheduler choosing every interleaving of their
// reads and appends, and one of them may crash at any append — before it is written, or just after. After a
// last, clean run (the restart), every occurrence the pure schedule names up to the clock is recorded exactly
// once (issued or, if its deadline passed while nobody ran, missed), in order, and each issued one has exactly
// one task: no occurrence twice, none skipped.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../adapters/eventstore/memory.js';
import { createSchoolCommands } from '../../application/commands/schoolCommands.js';
import { SCHEDULER } from '../../application/people.js';
import type { EventStore } from '../../application/ports/eventStore.js';
import { schoolCalendar } from '../../domain/calendar/index.js';
import type { RecurrenceSchedule } from '../../domain/index.js';
import { HOUR_MS, defaultPolicy, nextOccurrence, recurrenceStreamName } from '../../domain/index.js';

const ADMIN = '500';
const DEPUTY = '301';
const TEACHER = '101';
const START = Date.parse('2026-12-04T07:00:00Z');
const calendar = schoolCalendar({
  zone: 'Europe/Moscow',
  week: 5,
  hours: { open: 480, close: 1080 },
  vacations: [{ name: 'v', from: '2026-12-14', to: '2026-12-16' }],
});
const policy = { ...defaultPolicy, calendar };

const scheduleArb: fc.Arbitrary<RecurrenceSchedule> = fc.record({
  rule: fc.constantFrom<RecurrenceSchedule['rule']>(
    { kind: 'schoolDays' },
    { kind: 'weekly', weekdays: [1], everyWeeks: 1, anchor: '2026-12-04' },
    { kind: 'weekly', weekdays: [1, 3], everyWeeks: 1, anchor: '2026-12-04' },
    { kind: 'weekly', weekdays: [2], everyWeeks: 2, anchor: '2026-12-04' },
  ),
  minute: fc.constant(540),
  onDayOff: fc.constantFrom('next' as const, 'skip' as const),
  deadline: fc.constantFrom({ days: 0, minute: 900 }, { days: 1, minute: 600 }),
});

const stepArb = fc.record({
  hours: fc.integer({ min: 1, max: 60 }),
  workers: fc.integer({ min: 1, max: 3 }),
  crash: fc.option(fc.record({ worker: fc.nat(2), append: fc.nat(5), afterWrite: fc.boolean() }), { nil: undefined }),
});

class Crash extends Error {}

async function school(schedule: RecurrenceSchedule) {
  const memory = createMemoryEventStore();
  const clock = { at: START };
  let id = 0;
  const deps = {
    clock: { now: () => new Date(clock.at) },
    ids: { uuid: () => `00000000-0000-4000-8000-${String(++id).padStart(12, '0')}` },
    adminIds: [ADMIN],
    policy,
    maxAttempts: 20,
  };
  const setup = createSchoolCommands({ ...deps, eventStore: memory });
  const admin = await setup.person(ADMIN);
  for (const [who, role] of [[DEPUTY, 'deputy'], [TEACHER, 'teacher']] as const) {
    await setup.register(await setup.person(who), { fullName: `Person ${who}` }, {});
    await setup.approveStaff(admin, { telegramId: who, role }, {});
  }
  const created = await setup.createRecurrence(await setup.person(DEPUTY), { assigneeIds: [TEACHER], title: 'Plan', schedule }, {});
  if (!created.ok || !created.recurrenceId) throw new Error('not created');
  return { memory, clock, deps, recurrenceId: created.recurrenceId };
}

describe('recurring orders are scheduled idempotently', () => {
  it('racing workers, crashes before or after an append and a restart never issue an occurrence twice or skip one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), scheduleArb, fc.array(stepArb, { minLength: 1, maxLength: 8 }), async (s, schedule, steps) => {
        const { memory, clock, deps, recurrenceId } = await school(schedule);
        for (const step of steps) {
          clock.at += step.hours * HOUR_MS;
          const runs = Array.from({ length: step.workers }, (_, worker) => {
            let appends = 0;
            const crashHere = step.crash?.worker === worker ? step.crash : undefined;
            // A fresh object per worker: a new process (its own number reserver) on the same database.
            const store: EventStore = Object.assign(Object.create(memory) as EventStore, {
              readStream: s.scheduleFunction((...args: Parameters<EventStore['readStream']>) => memory.readStream(...args)),
              append: s.scheduleFunction(async (...args: Parameters<EventStore['append']>) => {
                appends += 1;
                if (crashHere && appends === crashHere.append + 1) {
                  if (crashHere.afterWrite) await memory.append(...args);
                  throw new Crash('the worker died');
                }
                return memory.append(...args);
              }),
            });
            return createSchoolCommands({ ...deps, eventStore: store })
              .issueDueOccurrences(SCHEDULER, { recurrenceId })
              .catch((error: unknown) => {
                if (!(error instanceof Crash)) throw error;
              });
          });
          await s.waitFor(Promise.all(runs));
        }
        // The restart: one clean run catches up whatever the crashes left.
        await createSchoolCommands({ ...deps, eventStore: memory }).issueDueOccurrences(SCHEDULER, { recurrenceId });

        const expected: string[] = [];
        for (let last: string | null = null; ; ) {
          const next = nextOccurrence(schedule, calendar, last, START);
          if (!next || next.at > clock.at) break;
          expected.push(next.nominal);
          last = next.nominal;
        }
        const log = await memory.readStream(recurrenceStreamName(recurrenceId));
        const facts = log.filter((e) => e.type === 'RecurrenceOccurred' || e.type === 'RecurrenceOccurrenceMissed');
        expect(facts.map((e) => (e.data as { nominalDate: string }).nominalDate)).toEqual(expected);
        const numbers = facts.filter((e) => e.type === 'RecurrenceOccurred').flatMap((e) => (e.data as { taskNumbers: number[] }).taskNumbers);
        expect(new Set(numbers).size).toBe(numbers.length);
        // Every task that exists belongs to one recorded occurrence (a crash may leave a gap in the numbers, never a task).
        const reserved = (await memory.readStream('numbers-task')).map((e) => (e.data as { number: number }).number);
        const tasks: number[] = [];
        for (const number of reserved) if ((await memory.readStream(`task-${number}`)).length > 0) tasks.push(number);
        expect(tasks.sort((a, b) => a - b)).toEqual([...numbers].sort((a, b) => a - b));
      }),
      { numRuns: 40 },
    );
  });
});
