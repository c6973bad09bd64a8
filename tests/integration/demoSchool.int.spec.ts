// The demo school (issue 17, item 3) on the embedded store and on PostgreSQL: filled through the school's
// commands at a fixed moment, projected by the real projectors, it shows tickets in every state, tasks overdue,
// due today, tomorrow and next week, KPI figures and a log the audit finds matching; a second fill is refused
// and writes nothing. On the in-memory store: the same moment gives the same log, and what counts as data.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../adapters/eventstore/memory.js';
import type { Clock } from '../../application/ports/clock.js';
import type { EventStore, RecordedEvent } from '../../application/ports/eventStore.js';
import { createSchoolCommands } from '../../application/commands/schoolCommands.js';
import { DEMO_ID_BASE } from '../../application/demoSchool.js';
import { SCHEDULER } from '../../application/people.js';
import { domainEventSchemas } from '../../domain/events.js';
import type { TicketStatus } from '../../domain/index.js';
import { dateAt } from '../../domain/calendar/dates.js';
import { loadConfig } from '../../infra/config.js';
import { DemoSchoolRefused, fillDemoSchool } from '../../infra/demo.js';
import type { DemoSchoolSummary } from '../../infra/demo.js';
import { auditReadModels } from '../../projections/audit.js';
import { allProjectors } from '../../projections/index.js';
import { rebuildProjections } from '../../projections/rebuild.js';
import { READ_SIDE_KINDS, openReadSide, type ReadSide } from '../projections/support/readSide.js';

const ADMIN = '111';
const ZONE = 'Europe/Moscow';
/** A Wednesday, 12:30 in Moscow: the demo school's story ends here. */
const NOW = new Date('2026-12-02T09:30:00.000Z');
const fixedClock: Clock = { now: () => NOW };

const config = (env: Record<string, string> = {}) =>
  loadConfig({ ADMIN_TELEGRAM_IDS: ADMIN, SCHOOL_TIMEZONE: ZONE, SCHOOL_CALENDAR_FILE: '/nonexistent/schoolbot-calendar.yaml', ...env });

async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let after: RecordedEvent['position'] | undefined;
  for (;;) {
    const page = await store.readAll({ ...(after === undefined ? {} : { after }), maxCount: 500 });
    events.push(...page.events);
    if (page.isEnd || page.checkpoint === undefined || page.events.length === 0) return events;
    after = page.checkpoint;
  }
}

describe.each(READ_SIDE_KINDS)('the demo school on %s', (kind) => {
  let side: ReadSide;
  let summary: DemoSchoolSummary;

  beforeAll(async () => {
    side = await openReadSide(kind);
    summary = await fillDemoSchool(config(), side.store, { clock: fixedClock });
    await rebuildProjections({ store: side.store, sql: side.sql, checkpoints: side.checkpoints, projectors: allProjectors });
  }, 180_000);
  afterAll(async () => side?.teardown());

  it('names its people with their Russian roles, its rooms, tickets and tasks', async () => {
    expect(summary.people).toHaveLength(14);
    expect(summary.people[0]).toEqual({ telegramId: ADMIN, name: 'Орлов Дмитрий Андреевич', roleLabel: 'Администратор' });
    expect(new Set(summary.people.map((p) => p.roleLabel))).toEqual(
      new Set(['Администратор', 'Директор', 'Заместитель директора', 'Техник', 'Учитель', 'Аудитор']),
    );
    expect(summary.people.slice(1).map((p) => p.telegramId)).toEqual(Array.from({ length: 13 }, (_, i) => String(DEMO_ID_BASE + i)));
    expect(summary).toMatchObject({ rooms: 10, tickets: 12, tasks: 15 });

    const staff = await side.readModels.staffDirectory({ limit: 100 });
    expect(staff.filter((s) => s.status === 'active')).toHaveLength(14);
    expect(await side.readModels.allRooms()).toHaveLength(10);
    const groups = await side.readModels.staffGroups();
    expect(groups.map((g) => g.name)).toEqual(['Классные руководители 5–7 классов']);
  });

  it('has tickets in every state, reopened, rated and overdue ones among them', async () => {
    const statuses: TicketStatus[] = ['open', 'in_progress', 'waiting', 'resolved', 'closed', 'cancelled'];
    const tickets = await side.readModels.ticketsByStatus(statuses, NOW, { limit: 100 });
    expect(tickets).toHaveLength(12);
    for (const status of statuses) expect(tickets.filter((t) => t.status === status).length, status).toBeGreaterThan(0);
    expect(tickets.some((t) => t.reopenCount > 0 && t.status === 'in_progress')).toBe(true);
    expect(tickets.filter((t) => typeof t.rating === 'number').map((t) => t.rating).sort()).toEqual([3, 4, 5]);
    expect(tickets.some((t) => t.overdue)).toBe(true);
    expect(tickets.some((t) => t.commentCount > 0)).toBe(true);
    expect(new Set(tickets.map((t) => t.category)).size).toBeGreaterThanOrEqual(5);
  });

  it('has tasks overdue, due today, tomorrow and next week, done, returned and cancelled', async () => {
    const tasks = (await side.readModels.tasksIssuedBy(String(DEMO_ID_BASE), NOW, { all: true, limit: 100 })).concat(
      await side.readModels.tasksIssuedBy(String(DEMO_ID_BASE + 1), NOW, { all: true, limit: 100 }),
      await side.readModels.tasksIssuedBy(String(DEMO_ID_BASE + 2), NOW, { all: true, limit: 100 }),
    );
    expect(tasks).toHaveLength(15);
    const today = dateAt(NOW.getTime(), ZONE);
    const dayOf = (deadline: Date) => dateAt(deadline.getTime(), ZONE);
    const open = tasks.filter((t) => t.status === 'assigned' || t.status === 'accepted' || t.status === 'completed');
    expect(open.filter((t) => t.overdue).length).toBeGreaterThanOrEqual(2);
    expect(open.some((t) => !t.overdue && dayOf(t.deadline) === today)).toBe(true);
    expect(open.some((t) => dayOf(t.deadline) === '2026-12-03')).toBe(true);
    expect(open.some((t) => dayOf(t.deadline) === '2026-12-09')).toBe(true);
    expect(tasks.filter((t) => t.status === 'approved').map((t) => t.doneOnTime).sort()).toEqual([false, true]);
    expect(tasks.some((t) => t.status === 'completed')).toBe(true);
    expect(tasks.some((t) => t.status === 'cancelled')).toBe(true);
    expect(tasks.some((t) => t.missedDeadlines > 0)).toBe(true);
    expect(await side.readModels.overdueTasks(NOW, { limit: 100 })).toHaveLength(open.filter((t) => t.overdue).length);
  });

  it('gives the KPI something to show', async () => {
    const kpi = await side.readModels.kpiOverall(NOW);
    expect(kpi).toMatchObject({ tasksTotal: 15, tasksDone: 2, tasksDoneOnTime: 1, tasksCancelled: 1, ticketsOpened: 12, ratingsCount: 3 });
    expect(kpi.tasksOverdue).toBeGreaterThan(0);
    expect(kpi.ticketsOverdue).toBeGreaterThan(0);
    expect(kpi.medianResolveMs).toBeGreaterThan(0);
    const people = await side.readModels.kpiByPerson(NOW);
    expect(people.filter((p) => p.tasksTotal > 0).length).toBeGreaterThanOrEqual(8);
  });

  it('keeps the log in time order, ends at now, and the audit finds the read models matching it', async () => {
    const events = await allEvents(side.store);
    const times = events.map((e) => Date.parse(e.metadata.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
    expect(Math.min(...times)).toBeGreaterThan(NOW.getTime() - 14 * 86_400_000);
    const report = await auditReadModels({ store: side.store, sql: side.sql, checkpoints: side.checkpoints, projectors: allProjectors });
    expect(report.differences).toEqual([]);
  });

  it('refuses a second fill and writes nothing', async () => {
    const before = await allEvents(side.store);
    const refused = await fillDemoSchool(config(), side.store, { clock: fixedClock }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DemoSchoolRefused);
    expect(refused).toMatchObject({ reason: 'has_data', message: expect.stringMatching(/^В школе уже есть данные/) });
    expect((refused as DemoSchoolRefused).cliLine).toMatch(/^demo: refused, the school already has data/);
    expect(await allEvents(side.store)).toHaveLength(before.length);
  });
});

describe('the demo school on the in-memory store', () => {
  const memory = () => createMemoryEventStore({ schemas: domainEventSchemas });

  it('is the same school for the same moment: the same events with the same ids', async () => {
    const [a, b] = [memory(), memory()];
    await fillDemoSchool(config(), a, { clock: fixedClock });
    await fillDemoSchool(config(), b, { clock: fixedClock });
    const shape = (events: RecordedEvent[]) => events.map((e) => [e.id, e.streamName, e.type, e.metadata.occurredAt, JSON.stringify(e.data)]);
    const [left, right] = [shape(await allEvents(a)), shape(await allEvents(b))];
    expect(left.length).toBeGreaterThan(100);
    expect(left).toEqual(right);
  });

  it('fills a school whose admin has only registered, and refuses one with anybody else in it', async () => {
    const adminOnly = memory();
    const clock: Clock = { now: () => new Date(NOW.getTime() - 30 * 86_400_000) };
    const school = createSchoolCommands({ eventStore: adminOnly, clock, ids: { uuid: () => crypto.randomUUID() }, adminIds: [ADMIN] });
    const register = async (id: string, fullName: string) => school.register(await school.person(id), { fullName }, { commandId: crypto.randomUUID() });
    expect((await register(ADMIN, 'Петрова Анна Ильинична')).ok).toBe(true);
    const filled = await fillDemoSchool(config(), adminOnly, { clock: fixedClock });
    // The admin keeps the name they registered with.
    expect(filled.people[0]).toEqual({ telegramId: ADMIN, name: 'Петрова Анна Ильинична', roleLabel: 'Администратор' });

    const pending = memory();
    const schoolB = createSchoolCommands({ eventStore: pending, clock, ids: { uuid: () => crypto.randomUUID() }, adminIds: [ADMIN] });
    expect((await schoolB.register(await schoolB.person('555'), { fullName: 'Гость Гостевич' }, { commandId: crypto.randomUUID() })).ok).toBe(true);
    await expect(fillDemoSchool(config(), pending, { clock: fixedClock })).rejects.toMatchObject({ name: 'DemoSchoolRefused', reason: 'has_data' });
    expect(await allEvents(pending)).toHaveLength(1);
  });

  it('refuses without an admin, and fills as the admin it is given', async () => {
    const empty = memory();
    const refused = await fillDemoSchool(config({ ADMIN_TELEGRAM_IDS: '' }), empty, { clock: fixedClock }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DemoSchoolRefused);
    expect(refused).toMatchObject({ reason: 'no_admin', cliLine: expect.stringContaining('ADMIN_TELEGRAM_IDS') });
    expect(await allEvents(empty)).toHaveLength(0);

    for (const bad of ['abc', String(DEMO_ID_BASE + 3)]) {
      await expect(fillDemoSchool(config(), empty, { clock: fixedClock, adminTelegramId: bad })).rejects.toMatchObject({
        reason: 'bad_admin',
        message: expect.stringContaining('Telegram ID'),
      });
    }
    expect(await allEvents(empty)).toHaveLength(0);

    const given = await fillDemoSchool(config({ ADMIN_TELEGRAM_IDS: '' }), empty, { clock: fixedClock, adminTelegramId: '222' });
    expect(given.people[0]).toMatchObject({ telegramId: '222', roleLabel: 'Администратор' });
    expect(given.tickets).toBe(12);
  });

  it('ends the story of a ticket or a task the running scheduler acted on meanwhile, keeping every stream in time order', async () => {
    // A worker running beside the fill (the sandbox's) acts at the real now: it closes ticket №1 (resolved a
    // week before) and marks task 2's deadline (passed days ago) missed the moment they are appended.
    const inner = memory();
    const scheduler = createSchoolCommands({ eventStore: inner, clock: fixedClock, ids: { uuid: () => crypto.randomUUID() }, adminIds: [ADMIN] });
    let acting = false;
    const store: EventStore = Object.assign(Object.create(inner) as EventStore, {
      async append(stream: string, events: Parameters<EventStore['append']>[1], expected: Parameters<EventStore['append']>[2]) {
        const result = await inner.append(stream, events, expected);
        if (acting) return result;
        acting = true;
        try {
          if (stream === 'ticket-1' && events.some((e) => e.type === 'TicketResolved')) {
            expect((await scheduler.autoCloseTicket(SCHEDULER, { number: 1 }, { commandId: crypto.randomUUID() })).ok).toBe(true);
          }
          if (stream === 'task-2' && events.some((e) => e.type === 'TaskAssigned')) {
            expect((await scheduler.markDeadlineMissed(SCHEDULER, { number: 2 }, { commandId: crypto.randomUUID() })).ok).toBe(true);
          }
        } finally {
          acting = false;
        }
        return result;
      },
    });
    const summary = await fillDemoSchool(config(), store, { clock: fixedClock });
    expect(summary).toMatchObject({ tickets: 12, tasks: 15 });
    const events = await allEvents(inner);
    const ofStream = (name: string) => events.filter((e) => e.streamName === name);
    // The ticket closed itself before its author confirmed: its story ends with the scheduler's close.
    expect(ofStream('ticket-1').map((e) => e.type)).toEqual(['TicketOpened', 'TicketAssigned', 'TicketCommented', 'TicketResolved', 'TicketClosed']);
    expect(ofStream('task-2').map((e) => e.type)).toEqual(['TaskAssigned', 'TaskDeadlineMissed']);
    for (const stream of new Set(events.map((e) => e.streamName))) {
      const times = ofStream(stream).map((e) => Date.parse(e.metadata.occurredAt));
      expect(times, stream).toEqual([...times].sort((a, b) => a - b));
    }
  });

  it.each([
    ['a Monday just after midnight', '2026-11-30T21:05:00.000Z', {}],
    ['a Monday before school', '2026-12-07T04:30:00.000Z', {}],
    ['a Friday late at night', '2026-12-04T20:50:00.000Z', {}],
    ['a Saturday', '2026-12-05T09:00:00.000Z', {}],
    ['a Sunday a minute before midnight', '2026-12-06T20:59:00.000Z', {}],
    ['the New Year holidays', '2027-01-03T09:00:00.000Z', {}],
    ['a six-day week in May', '2027-05-04T06:00:00.000Z', { SCHOOL_WEEK: '6' }],
    ['Vladivostok at its midnight', '2026-12-02T14:01:00.000Z', { SCHOOL_TIMEZONE: 'Asia/Vladivostok' }],
  ])('fills at any moment: %s', async (_, at, env: Record<string, string>) => {
    const now = new Date(at);
    const store = memory();
    expect(await fillDemoSchool(config(env), store, { clock: { now: () => now } })).toMatchObject({ tickets: 12, tasks: 15 });
    const times = (await allEvents(store)).map((e) => Date.parse(e.metadata.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime());
  });

  it('happens on the last school days, skipping the weekend, and in a vacation on the last plain days', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbdemo-calendar-'));
    try {
      // 2026-12-02 is a Wednesday: the six school days before it reach back over one weekend to Tuesday 24.11.
      const term = memory();
      await fillDemoSchool(config(), term, { clock: fixedClock });
      const termDays = new Set((await allEvents(term)).map((e) => dateAt(Date.parse(e.metadata.occurredAt), ZONE)));
      expect([...termDays].sort()).toEqual(['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02']);

      // In a vacation there are no school days in reach: the story keeps to the last week anyway.
      const file = join(dir, 'calendar.yaml');
      writeFileSync(file, 'vacations:\n  - name: Каникулы\n    from: 2026-11-01\n    to: 2026-12-10\n');
      const vacation = memory();
      await fillDemoSchool(config({ SCHOOL_CALENDAR_FILE: file }), vacation, { clock: fixedClock });
      const times = (await allEvents(vacation)).map((e) => Date.parse(e.metadata.occurredAt));
      expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW.getTime() - 7 * 86_400_000);
      expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
