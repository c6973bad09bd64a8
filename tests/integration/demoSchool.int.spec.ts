// The demo school (issue 17, item 3) on the embedded store and on PostgreSQL: filled through the school's
// commands at a fixed moment, projected by the real projectors, it shows tickets in every state, tasks overdue,
// due today, tomorrow and next week, KPI figures and a log the audit finds matching; a second fill is refused
// and writes nothing. On the in-memory store: the same moment gives the same log, and what counts as data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../adapters/eventstore/memory.js';
import type { Clock } from '../../application/ports/clock.js';
import type { EventStore, RecordedEvent } from '../../application/ports/eventStore.js';
import { createSchoolCommands } from '../../application/commands/schoolCommands.js';
import { DEMO_ID_BASE } from '../../application/demoSchool.js';
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

    const given = await fillDemoSchool(config({ ADMIN_TELEGRAM_IDS: '' }), empty, { clock: fixedClock, adminTelegramId: '222' });
    expect(given.people[0]).toMatchObject({ telegramId: '222', roleLabel: 'Администратор' });
    expect(given.tickets).toBe(12);
  });
});
