import { describe, expect, it } from 'vitest';
import { createSchoolCommands } from '../../../application/commands/schoolCommands.js';
import { SCHEDULER } from '../../../application/people.js';
import type { EventStore } from '../../../application/ports/eventStore.js';
import { WrongExpectedVersionError } from '../../../application/ports/eventStore.js';
import { ADMIN, allEvents, createClock, createSchool, sequentialIds, staffState, staffUp, taskState, ticketState } from './support.js';

const ticketInput = { title: 'Projector dead', category: 'it', location: '204', priority: 'high' as const };

describe('school commands: authorization on every call', () => {
  it('a configured admin is an admin before any staff event, and registering records them approved', async () => {
    const { commands, as } = createSchool();
    expect(await as(ADMIN)).toEqual({
      telegramId: ADMIN,
      fullName: null,
      role: 'admin',
      categories: [],
      status: 'active',
      reachable: true,
    });
    const registered = await commands.register(await as(ADMIN), { fullName: 'Head Admin' }, {});
    expect(registered.ok && registered.events.map((e) => e.type)).toEqual(['StaffRegistered', 'StaffApproved']);
    expect(await as(ADMIN)).toMatchObject({ fullName: 'Head Admin', role: 'admin', status: 'active' });
  });

  it('refuses unknown, pending and deactivated people, and appends nothing', async () => {
    const { commands, store, as } = createSchool();
    await staffUp(commands);
    await commands.register(await as('777'), { fullName: 'New Person' }, {});
    await commands.deactivate(await as(ADMIN), { telegramId: '101', reason: 'left' }, {});
    const before = (await allEvents(store)).length;
    expect(await commands.openTicket(await as('999'), ticketInput, {})).toMatchObject({
      ok: false,
      refusal: { code: 'actor_unknown' },
    });
    expect(await commands.openTicket(await as('777'), ticketInput, {})).toMatchObject({
      ok: false,
      refusal: { code: 'actor_pending' },
    });
    expect(await commands.openTicket(await as('101'), ticketInput, {})).toMatchObject({
      ok: false,
      refusal: { code: 'actor_inactive' },
    });
    expect(await commands.openTicket(await as('401'), ticketInput, {})).toMatchObject({
      ok: false,
      refusal: { code: 'not_permitted' },
    });
    expect((await allEvents(store)).length).toBe(before);
  });

  it('nobody can act as the scheduler by passing the id "system"', async () => {
    const { commands, clock, as } = createSchool();
    await staffUp(commands);
    await commands.openTicket(await as('101'), ticketInput, {});
    clock.advanceHours(1);
    expect(await commands.takeTicket(await as('system'), { number: 1 }, {})).toMatchObject({
      ok: false,
      refusal: { code: 'not_permitted' },
    });
    expect(await commands.register(await as('system'), { fullName: 'System' }, {})).toMatchObject({ ok: false });
  });

  it('a forged button press from someone else is refused: only the assignee resolves', async () => {
    const { commands, as } = createSchool();
    await staffUp(commands);
    const opened = await commands.openTicket(await as('101'), ticketInput, {});
    await commands.takeTicket(await as('201'), { number: 1 }, {});
    expect(opened).toMatchObject({ ok: true, number: 1 });
    expect(await commands.resolveTicket(await as('101'), { number: 1, resolution: 'done' }, {})).toMatchObject({
      ok: false,
      refusal: { code: 'not_permitted' },
    });
    expect(await commands.resolveTicket(await as('201'), { number: 1, resolution: 'done' }, {})).toMatchObject({
      ok: true,
      number: 1,
    });
  });

  it('authorizes against the Person it is given: someone deactivated since their update began still acts as resolved', async () => {
    const { commands, as } = createSchool();
    await staffUp(commands);
    const teacher = await as('101');
    await commands.deactivate(await as(ADMIN), { telegramId: '101', reason: 'left' }, {});
    // The update that resolved them before the deactivation issues its command as they were then.
    expect(await commands.openTicket(teacher, ticketInput, {})).toMatchObject({ ok: true, number: 1 });
    // The next update resolves them again and is refused.
    expect(await commands.openTicket(await as('101'), ticketInput, {})).toMatchObject({
      ok: false,
      refusal: { code: 'actor_inactive' },
    });
  });
});

describe('school commands: ticket and task flows through the event store', () => {
  it('opens tickets with sequential numbers, in streams ticket-<n>, with metadata on every event', async () => {
    const { commands, store, as } = createSchool();
    await staffUp(commands);
    const first = await commands.openTicket(await as('101'), ticketInput, { commandId: 'tg-1', source: 'telegram' });
    const second = await commands.openTicket(await as('301'), { ...ticketInput, title: 'Tap leaks', category: 'maintenance' }, {});
    expect(first).toMatchObject({ ok: true, number: 1, streamName: 'ticket-1', revision: 0n, replayed: false });
    expect(second).toMatchObject({ ok: true, number: 2, streamName: 'ticket-2' });
    const [opened] = await store.readStream('ticket-1');
    expect(opened?.metadata).toMatchObject({
      actorId: '101',
      source: 'telegram',
      schemaVersion: 1,
      commandId: 'tg-1',
      correlationId: 'tg-1',
      causationId: 'tg-1',
    });
    expect((await store.readStream('numbers-ticket')).map((e) => (e.data as { number: number }).number)).toEqual([
      1, 2,
    ]);
    expect(await ticketState(store, 1)).toMatchObject({
      status: 'open',
      number: 1,
      priority: 'high',
      dueAt: '2026-11-25T09:00:00.000Z',
    });
  });

  it('a retried command (same commandId) appends nothing and returns what it appended before', async () => {
    const { commands, store, as } = createSchool();
    await staffUp(commands);
    const teacher = await as('101');
    const technician = await as('201');
    await commands.openTicket(teacher, ticketInput, { commandId: 'tg-open' });
    const take = await commands.takeTicket(technician, { number: 1 }, { commandId: 'tg-take' });
    const again = await commands.takeTicket(technician, { number: 1 }, { commandId: 'tg-take' });
    const reopenAgain = await commands.openTicket(teacher, ticketInput, { commandId: 'tg-open' });
    expect(again).toMatchObject({ ok: true, replayed: true, revision: 1n });
    expect(take.ok && again.ok && again.events.map((e) => e.id)).toEqual(take.ok && take.events.map((e) => e.id));
    expect(reopenAgain).toMatchObject({ ok: true, replayed: true, number: 1 });
    expect((await store.readStream('numbers-ticket')).length).toBe(1);
  });

  it('a retried task assignment is found even after its deadline has passed (no dry run for a retry)', async () => {
    const { commands, clock, store, as } = createSchool();
    await staffUp(commands);
    const input = { assigneeId: '101', title: 'Report', deadline: '2026-11-24T10:00:00Z' };
    expect(await commands.assignTask(await as('301'), input, { commandId: 'tg-5' })).toMatchObject({ ok: true, number: 1 });
    clock.advanceHours(2);
    expect(await commands.assignTask(await as('301'), input, { commandId: 'tg-5' })).toMatchObject({
      ok: true,
      number: 1,
      replayed: true,
    });
    expect((await store.readStream('numbers-task')).length).toBe(1);
  });

  it('an invalid ticket burns no number', async () => {
    const { commands, store, as } = createSchool();
    await staffUp(commands);
    expect(await commands.openTicket(await as('101'), { ...ticketInput, title: ' ' }, {})).toMatchObject({
      ok: false,
      refusal: { code: 'invalid_input' },
    });
    expect(await store.readStream('numbers-ticket')).toEqual([]);
    expect(await commands.openTicket(await as('101'), ticketInput, {})).toMatchObject({ number: 1 });
  });

  it('concurrent openings get distinct numbers', async () => {
    const { commands, as } = createSchool();
    await staffUp(commands);
    const teacher = await as('101');
    const results = await Promise.all(Array.from({ length: 8 }, () => commands.openTicket(teacher, ticketInput, {})));
    expect(results.map((r) => r.ok && r.number).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('a crash between reserving and opening: the retry reuses the number; a new command gets the next', async () => {
    const base = createSchool();
    await staffUp(base.commands);
    let crash = true;
    const flaky: EventStore = Object.assign(Object.create(base.memory) as EventStore, {
      append: async (
        stream: string,
        events: Parameters<EventStore['append']>[1],
        expected: Parameters<EventStore['append']>[2],
      ) => {
        if (crash && stream.startsWith('ticket-')) {
          crash = false;
          throw new Error('connection reset');
        }
        return base.memory.append(stream, events, expected);
      },
    });
    const commands = createSchoolCommands({
      eventStore: flaky,
      clock: createClock(),
      ids: sequentialIds,
      adminIds: [ADMIN],
    });
    const teacher = await commands.person('101');
    await expect(commands.openTicket(teacher, ticketInput, { commandId: 'tg-9' })).rejects.toThrow('connection reset');
    expect(await commands.openTicket(teacher, ticketInput, { commandId: 'tg-9' })).toMatchObject({
      ok: true,
      number: 1,
      replayed: false,
    });
    expect(await commands.openTicket(teacher, ticketInput, { commandId: 'tg-10' })).toMatchObject({
      ok: true,
      number: 2,
    });
  });

  it('on a version conflict it reloads and decides again; a stream that never settles ends in a typed refusal', async () => {
    const base = createSchool();
    await staffUp(base.commands);
    await base.commands.openTicket(await base.as('101'), ticketInput, {});
    const deputy = await base.as('301');
    let conflicts = 1;
    const racing: EventStore = Object.assign(Object.create(base.memory) as EventStore, {
      append: async (
        stream: string,
        events: Parameters<EventStore['append']>[1],
        expected: Parameters<EventStore['append']>[2],
      ) => {
        if (stream === 'ticket-1' && conflicts > 0) {
          conflicts -= 1;
          // Someone else commented in between: the retry must see it and still take the ticket.
          await base.commands.commentTicket(deputy, { number: 1, text: 'Urgent please' }, {});
          throw new WrongExpectedVersionError(stream, expected, 1n);
        }
        return base.memory.append(stream, events, expected);
      },
    });
    const commands = createSchoolCommands({
      eventStore: racing,
      clock: createClock(),
      ids: sequentialIds,
      adminIds: [ADMIN],
      maxAttempts: 3,
    });
    expect(await commands.takeTicket(await commands.person('201'), { number: 1 }, {})).toMatchObject({ ok: true, revision: 2n });
    conflicts = 10;
    expect(await commands.commentTicket(await commands.person('101'), { number: 1, text: 'hello' }, {})).toMatchObject({
      ok: false,
      refusal: { code: 'concurrency_conflict' },
    });
  });

  it('task: issue, the watcher records a missed deadline once, extension, completion late, approval not on time', async () => {
    const { commands, clock, store, as } = createSchool();
    await staffUp(commands);
    const deputy = await as('301');
    const teacher = await as('101');
    const issued = await commands.assignTask(
      deputy,
      { assigneeId: '101', title: 'Term report', deadline: '2026-11-25T12:00:00+03:00' },
      {},
    );
    expect(issued).toMatchObject({ ok: true, number: 1, streamName: 'task-1' });
    await commands.acceptTask(teacher, { number: 1 }, {});
    expect(await commands.markDeadlineMissed(SCHEDULER, { number: 1 }, {})).toMatchObject({
      ok: false,
      refusal: { code: 'deadline_not_passed' },
    });
    clock.advanceHours(25);
    expect(await commands.markDeadlineMissed(SCHEDULER, { number: 1 }, {})).toMatchObject({
      ok: true,
      events: [{ type: 'TaskDeadlineMissed', metadata: { actorId: 'system', source: 'scheduler' } }],
    });
    expect(await commands.markDeadlineMissed(SCHEDULER, { number: 1 }, {})).toMatchObject({
      ok: false,
      refusal: { code: 'already_recorded' },
    });
    expect(
      await commands.extendDeadline(deputy, { number: 1, newDeadline: '2026-11-30T12:00:00Z', reason: 'Ill' }, {}),
    ).toMatchObject({ ok: true });
    await commands.completeTask(teacher, { number: 1, report: 'Done' }, {});
    const approved = await commands.approveTask(deputy, { number: 1 }, {});
    expect(approved.ok && approved.events[0]?.data).toMatchObject({ onTime: false });
    expect(await taskState(store, 1)).toMatchObject({ status: 'approved', lateEver: true });
    expect((await store.readStream('numbers-task')).length).toBe(1);
  });

  it('the assignee of a task must be active staff who works (read from their own Staff stream)', async () => {
    const { commands, as } = createSchool();
    await staffUp(commands);
    const deputy = await as('301');
    const task = (assigneeId: string) => ({ assigneeId, title: 'x', deadline: '2026-12-01T00:00:00Z' });
    expect(await commands.assignTask(deputy, task('999'), {})).toMatchObject({
      ok: false,
      refusal: { code: 'assignee_not_eligible' },
    });
    expect(await commands.assignTask(deputy, task('401'), {})).toMatchObject({
      ok: false,
      refusal: { code: 'assignee_not_eligible' },
    });
    expect(await commands.assignTask(deputy, task('201'), {})).toMatchObject({ ok: true });
  });

  it("auto-close and delivery status are the scheduler's", async () => {
    const { commands, clock, store, as } = createSchool();
    await staffUp(commands);
    await commands.openTicket(await as('101'), ticketInput, {});
    await commands.takeTicket(await as('201'), { number: 1 }, {});
    await commands.resolveTicket(await as('201'), { number: 1, resolution: 'Replaced lamp' }, {});
    clock.advanceHours(3 * 24);
    expect(await commands.autoCloseTicket(SCHEDULER, { number: 1 }, {})).toMatchObject({
      ok: true,
      events: [{ type: 'TicketClosed', data: { auto: true } }],
    });
    const blocked = { telegramId: '101', reason: '403' };
    expect(await commands.markUnreachable(SCHEDULER, blocked, {})).toMatchObject({
      ok: true,
      events: [{ type: 'StaffUnreachable' }],
    });
    expect(await commands.markUnreachable(SCHEDULER, blocked, {})).toMatchObject({ ok: true, events: [] });
    expect(await staffState(store, '101')).toMatchObject({ reachable: false });
    expect(await as('101')).toMatchObject({ reachable: false });
    expect(await commands.markReachable(SCHEDULER, { telegramId: '101' }, {})).toMatchObject({
      ok: true,
      events: [{ type: 'StaffReachable' }],
    });
    expect(await as('101')).toMatchObject({ reachable: true });
  });

  it('a stored event that fails its schema stops the load with CorruptEventError', async () => {
    const { commands, memory, store, as } = createSchool();
    await staffUp(commands);
    const opened = await commands.openTicket(await as('101'), ticketInput, {});
    memory.corruptForTest(opened.ok ? opened.events[0]!.id : '', { number: 'one' });
    await expect(ticketState(store, 1)).rejects.toThrow(/TicketOpened at ticket-1@0 fails its schema/);
  });
});
