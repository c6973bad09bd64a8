// Given events in the log, when the projectors run, then the read models answer the Telegram adapter's
// questions. Overdue follows the `now` of the query, with no new event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProjections, type RunningProjections } from '../../projections/runner.js';
import { allProjectors } from '../../projections/index.js';
import { staffEvents, taskEvents, ticketEvents } from './support/events.js';
import { appendAll, eventually, openReadSide, READ_SIDE_KINDS, type ReadSide } from './support/readSide.js';

const T0 = '2026-10-05T06:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
let counter = 0;
const ctx = (minutes: number, actorId: string) => ({
  id: `00000000-0000-4000-8000-${(++counter).toString(16).padStart(12, '0')}`,
  at: at(minutes),
  actorId,
});

const TEACHER = '111';
const TECH = '222';
const DEPUTY = '333';

describe.each(READ_SIDE_KINDS)('projectors on %s', (kind) => {
  let side: ReadSide;
  let running: RunningProjections;

  beforeAll(async () => {
    side = await openReadSide(kind);
    running = await startProjections({ store: side.store, sql: side.sql, checkpoints: side.checkpoints, projectors: allProjectors });
    await appendAll(side.store, [
      staffEvents.registered(ctx(0, TEACHER), TEACHER, 'Мария Петровна Соколова'),
      staffEvents.approved(ctx(1, 'system'), TEACHER, { fullName: 'Мария Петровна Соколова', role: 'teacher' }),
      staffEvents.approved(ctx(1, 'system'), TECH, { fullName: 'Олег Техников', role: 'technician', categories: ['it'] }),
      staffEvents.approved(ctx(1, 'system'), DEPUTY, { fullName: 'Анна Завучева', role: 'deputy' }),
      ticketEvents.opened(ctx(10, TEACHER), 1, { authorId: TEACHER, priority: 'urgent', dueInMs: 4 * 3_600_000 }),
      ticketEvents.opened(ctx(11, TEACHER), 2, { authorId: TEACHER, category: 'maintenance', priority: 'low', dueInMs: 7 * 86_400_000 }),
      ticketEvents.assigned(ctx(20, TECH), 1, { assigneeId: TECH }),
      ticketEvents.commented(ctx(21, TECH), 1),
      ticketEvents.resolved(ctx(60, TECH), 2, { authorId: TEACHER }),
      taskEvents.assigned(ctx(30, DEPUTY), 1, { assigneeId: TEACHER, deadline: at(24 * 60) }),
      taskEvents.assigned(ctx(31, DEPUTY), 2, { assigneeId: TEACHER, deadline: at(120) }),
      taskEvents.accepted(ctx(40, TEACHER), 2),
      taskEvents.completed(ctx(100, TEACHER), 2, { issuerId: DEPUTY, deadline: at(120), late: false }),
      taskEvents.approved(ctx(110, DEPUTY), 2, { assigneeId: TEACHER, completedAt: at(100), deadline: at(120), onTime: true }),
    ]);
    await eventually(async () => (await side.readModels.taskByNumber(2, new Date(at(200))))?.status === 'approved', 30_000, 'projection');
    await eventually(async () => (await side.readModels.staffById(DEPUTY)) !== undefined, 30_000, 'staff');
    await eventually(async () => (await side.readModels.ticketByNumber(2, new Date(at(200))))?.status === 'resolved', 30_000, 'tickets');
  });

  afterAll(async () => {
    await running?.stop();
    await side?.teardown();
  });

  it('shows a ticket as its events left it', async () => {
    const ticket = await side.readModels.ticketByNumber(1, new Date(at(30)));
    expect(ticket).toMatchObject({ number: 1, status: 'in_progress', assigneeId: TECH, authorId: TEACHER, commentCount: 1, priority: 'urgent' });
    expect(await side.readModels.ticketByNumber(99, new Date(at(30)))).toBeUndefined();
  });

  it('turns a ticket overdue as time passes, with no new event', async () => {
    expect((await side.readModels.ticketByNumber(1, new Date(at(60))))?.overdue).toBe(false);
    expect((await side.readModels.ticketByNumber(1, new Date(at(5 * 60))))?.overdue).toBe(true);
    expect((await side.readModels.overdueTickets(new Date(at(5 * 60)))).map((t) => t.number)).toEqual([1]);
    // A resolved ticket is never overdue.
    expect((await side.readModels.ticketByNumber(2, new Date(at(30 * 24 * 60))))?.overdue).toBe(false);
  });

  it('orders the technicians queue by priority and lists tickets by author and assignee', async () => {
    const now = new Date(at(30));
    expect((await side.readModels.ticketQueue(now)).map((t) => t.number)).toEqual([1]);
    expect((await side.readModels.ticketsByAuthor(TEACHER, now)).map((t) => t.number)).toEqual([2, 1]);
    expect((await side.readModels.ticketsByAssignee(TECH, now)).map((t) => t.number)).toEqual([1]);
    expect((await side.readModels.ticketsByStatus(['resolved'], now)).map((t) => t.number)).toEqual([2]);
  });

  it('answers my tasks, tasks issued, overdue and due-soon at the given moment', async () => {
    const early = new Date(at(60));
    expect((await side.readModels.myTasks(TEACHER, early)).map((t) => t.number)).toEqual([1]);
    expect((await side.readModels.tasksIssuedBy(DEPUTY, early, { all: true })).map((t) => t.number).sort()).toEqual([1, 2]);
    expect(await side.readModels.overdueTasks(early)).toEqual([]);
    expect((await side.readModels.tasksDueSoon(new Date(at(23 * 60)), 2 * 3_600_000)).map((t) => t.number)).toEqual([1]);
    const late = new Date(at(25 * 60));
    expect((await side.readModels.overdueTasks(late)).map((t) => t.number)).toEqual([1]);
    const done = await side.readModels.taskByNumber(2, late);
    expect(done).toMatchObject({ status: 'approved', doneOnTime: true, overdue: false, late: false });
  });

  it('keeps the staff directory searchable by name and role', async () => {
    expect((await side.readModels.searchStaff('соколова')).map((s) => s.telegramId)).toEqual([TEACHER]);
    expect((await side.readModels.searchStaff('мари')).map((s) => s.telegramId)).toEqual([TEACHER]);
    expect((await side.readModels.staffByRole(['technician'], { category: 'it' })).map((s) => s.telegramId)).toEqual([TECH]);
    expect(await side.readModels.staffByRole(['technician'], { category: 'cleaning' })).toEqual([]);
    expect(await side.readModels.staffById(TEACHER)).toMatchObject({ status: 'active', role: 'teacher', fullName: 'Мария Петровна Соколова' });
    expect((await side.readModels.staffNames([TEACHER, '999'])).get(TEACHER)).toBe('Мария Петровна Соколова');
  });

  it('computes KPI and gauges from the read models at the given moment', async () => {
    const late = new Date(at(25 * 60));
    const overall = await side.readModels.kpiOverall(late);
    expect(overall).toMatchObject({ tasksTotal: 2, tasksDone: 1, tasksDoneOnTime: 1, tasksOverdue: 1, ticketsOpened: 2, ticketsResolved: 1, ticketsOpen: 2 });
    expect(overall.medianResolveMs).toBe(49 * 60_000);
    const teacher = await side.readModels.kpiForPerson(TEACHER, late);
    expect(teacher).toMatchObject({ fullName: 'Мария Петровна Соколова', tasksTotal: 2, tasksDone: 1, completionRate: 0.5, ticketsOpened: 2 });
    expect(await side.readModels.gaugeFigures(late)).toEqual({ ticketsOpen: 2, tasksTotal: 2, tasksDone: 1, tasksOverdue: 1 });
    expect((await side.readModels.gaugeFigures(new Date(at(60)))).tasksOverdue).toBe(0);
    expect((await side.readModels.kpiByPerson(late)).map((p) => p.telegramId)).toContain(TECH);
  });
});
