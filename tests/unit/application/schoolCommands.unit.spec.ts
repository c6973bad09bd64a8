import { describe, expect, it } from 'vitest';
import { createSchoolCommands } from '../../../application/commands/schoolCommands.js';
import type { EventStore } from '../../../application/ports/eventStore.js';
import { WrongExpectedVersionError } from '../../../application/ports/eventStore.js';
import { ADMIN, allEvents, createClock, createSchool, sequentialIds, staffUp } from './support.js';

const ticketInput = { title: 'Projector dead', category: 'it', location: '204', priority: 'high' as const };

describe('school commands: authorization on every call', () => {
  it('a configured admin is an admin before any staff event, and registering records them approved', async () => {
    const { commands } = createSchool();
    expect(await commands.whoIs(ADMIN)).toMatchObject({ ok: true, actor: { role: 'admin', active: true } });
    const registered = await commands.register(ADMIN, { fullName: 'Head Admin' });
    expect(registered.ok && registered.events.map((e) => e.type)).toEqual(['StaffRegistered', 'StaffApproved']);
  });

  it('refuses unknown, pending and deactivated people, and appends nothing', async () => {
    const { commands, store } = createSchool();
    await staffUp(commands);
    await commands.register('777', { fullName: 'New Person' });
    await commands.deactivate(ADMIN, '101', 'left');
    const before = (await allEvents(store)).length;
    expect(await commands.openTicket('999', ticketInput)).toMatchObject({
      ok: false,
      refusal: { code: 'actor_unknown' },
    });
    expect(await commands.openTicket('777', ticketInput)).toMatchObject({
      ok: false,
      refusal: { code: 'actor_pending' },
    });
    expect(await commands.openTicket('101', ticketInput)).toMatchObject({
      ok: false,
      refusal: { code: 'actor_inactive' },
    });
    expect(await commands.openTicket('401', ticketInput)).toMatchObject({
      ok: false,
      refusal: { code: 'not_permitted' },
    });
    expect((await allEvents(store)).length).toBe(before);
  });

  it('nobody can act as the scheduler by passing the id "system"', async () => {
    const { commands, clock } = createSchool();
    await staffUp(commands);
    await commands.openTicket('101', ticketInput);
    clock.advanceHours(1);
    expect(await commands.takeTicket('system', 1)).toMatchObject({ ok: false, refusal: { code: 'not_permitted' } });
    expect(await commands.register('system', { fullName: 'System' })).toMatchObject({ ok: false });
  });

  it('a forged button press from someone else is refused: only the assignee resolves', async () => {
    const { commands } = createSchool();
    await staffUp(commands);
    const opened = await commands.openTicket('101', ticketInput);
    await commands.takeTicket('201', 1);
    expect(opened).toMatchObject({ ok: true, number: 1 });
    expect(await commands.resolveTicket('101', 1, 'done')).toMatchObject({
      ok: false,
      refusal: { code: 'not_permitted' },
    });
    expect(await commands.resolveTicket('201', 1, 'done')).toMatchObject({ ok: true, number: 1 });
  });
});

describe('school commands: ticket and task flows through the event store', () => {
  it('opens tickets with sequential numbers, in streams ticket-<n>, with metadata on every event', async () => {
    const { commands, store } = createSchool();
    await staffUp(commands);
    const first = await commands.openTicket('101', ticketInput, { commandId: 'tg-1', source: 'telegram' });
    const second = await commands.openTicket('301', { ...ticketInput, title: 'Tap leaks', category: 'maintenance' });
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
    const loaded = await commands.loadTicket(1);
    expect(loaded.state).toMatchObject({
      status: 'open',
      number: 1,
      priority: 'high',
      dueAt: '2026-11-25T09:00:00.000Z',
    });
  });

  it('a retried command (same commandId) appends nothing and returns what it appended before', async () => {
    const { commands, store } = createSchool();
    await staffUp(commands);
    await commands.openTicket('101', ticketInput, { commandId: 'tg-open' });
    const take = await commands.takeTicket('201', 1, { commandId: 'tg-take' });
    const again = await commands.takeTicket('201', 1, { commandId: 'tg-take' });
    const reopenAgain = await commands.openTicket('101', ticketInput, { commandId: 'tg-open' });
    expect(again).toMatchObject({ ok: true, replayed: true, revision: 1n });
    expect(take.ok && again.ok && again.events.map((e) => e.id)).toEqual(take.ok && take.events.map((e) => e.id));
    expect(reopenAgain).toMatchObject({ ok: true, replayed: true, number: 1 });
    expect((await store.readStream('numbers-ticket')).length).toBe(1);
  });

  it('a retried task assignment is found even after its deadline has passed (no dry run for a retry)', async () => {
    const { commands, clock, store } = createSchool();
    await staffUp(commands);
    const input = { assigneeId: '101', title: 'Report', deadline: '2026-11-24T10:00:00Z' };
    expect(await commands.assignTask('301', input, { commandId: 'tg-5' })).toMatchObject({ ok: true, number: 1 });
    clock.advanceHours(2);
    expect(await commands.assignTask('301', input, { commandId: 'tg-5' })).toMatchObject({
      ok: true,
      number: 1,
      replayed: true,
    });
    expect((await store.readStream('numbers-task')).length).toBe(1);
  });

  it('an invalid ticket burns no number', async () => {
    const { commands, store } = createSchool();
    await staffUp(commands);
    expect(await commands.openTicket('101', { ...ticketInput, title: ' ' })).toMatchObject({
      ok: false,
      refusal: { code: 'invalid_input' },
    });
    expect(await store.readStream('numbers-ticket')).toEqual([]);
    expect(await commands.openTicket('101', ticketInput)).toMatchObject({ number: 1 });
  });

  it('concurrent openings get distinct numbers', async () => {
    const { commands } = createSchool();
    await staffUp(commands);
    const results = await Promise.all(Array.from({ length: 8 }, () => commands.openTicket('101', ticketInput)));
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
    await expect(commands.openTicket('101', ticketInput, { commandId: 'tg-9' })).rejects.toThrow('connection reset');
    expect(await commands.openTicket('101', ticketInput, { commandId: 'tg-9' })).toMatchObject({
      ok: true,
      number: 1,
      replayed: false,
    });
    expect(await commands.openTicket('101', ticketInput, { commandId: 'tg-10' })).toMatchObject({
      ok: true,
      number: 2,
    });
  });

  it('on a version conflict it reloads and decides again; a stream that never settles ends in a typed refusal', async () => {
    const base = createSchool();
    await staffUp(base.commands);
    await base.commands.openTicket('101', ticketInput);
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
          await base.commands.commentTicket('301', 1, { text: 'Urgent please' });
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
    expect(await commands.takeTicket('201', 1)).toMatchObject({ ok: true, revision: 2n });
    conflicts = 10;
    expect(await commands.commentTicket('101', 1, { text: 'hello' })).toMatchObject({
      ok: false,
      refusal: { code: 'concurrency_conflict' },
    });
  });

  it('task: issue, the watcher records a missed deadline once, extension, completion late, approval not on time', async () => {
    const { commands, clock, store } = createSchool();
    await staffUp(commands);
    const issued = await commands.assignTask('301', {
      assigneeId: '101',
      title: 'Term report',
      deadline: '2026-11-25T12:00:00+03:00',
    });
    expect(issued).toMatchObject({ ok: true, number: 1, streamName: 'task-1' });
    await commands.acceptTask('101', 1);
    expect(await commands.markDeadlineMissed(1)).toMatchObject({ ok: false, refusal: { code: 'deadline_not_passed' } });
    clock.advanceHours(25);
    expect(await commands.markDeadlineMissed(1)).toMatchObject({
      ok: true,
      events: [{ type: 'TaskDeadlineMissed', metadata: { actorId: 'system', source: 'scheduler' } }],
    });
    expect(await commands.markDeadlineMissed(1)).toMatchObject({ ok: false, refusal: { code: 'already_recorded' } });
    expect(
      await commands.extendDeadline('301', 1, { newDeadline: '2026-11-30T12:00:00Z', reason: 'Ill' }),
    ).toMatchObject({ ok: true });
    await commands.completeTask('101', 1, { report: 'Done' });
    const approved = await commands.approveTask('301', 1);
    expect(approved.ok && approved.events[0]?.data).toMatchObject({ onTime: false });
    expect((await commands.loadTask(1)).state).toMatchObject({ status: 'approved', lateEver: true });
    expect((await store.readStream('numbers-task')).length).toBe(1);
  });

  it('the assignee of a task or ticket must be active staff', async () => {
    const { commands } = createSchool();
    await staffUp(commands);
    expect(
      await commands.assignTask('301', { assigneeId: '999', title: 'x', deadline: '2026-12-01T00:00:00Z' }),
    ).toMatchObject({
      ok: false,
      refusal: { code: 'assignee_not_eligible' },
    });
    await commands.openTicket('101', ticketInput);
    expect(await commands.assignTicket('301', 1, '401')).toMatchObject({
      ok: false,
      refusal: { code: 'assignee_not_eligible' },
    });
    expect(await commands.assignTicket('301', 1, '201')).toMatchObject({ ok: true });
  });

  it("auto-close and delivery status are the scheduler's", async () => {
    const { commands, clock } = createSchool();
    await staffUp(commands);
    await commands.openTicket('101', ticketInput);
    await commands.takeTicket('201', 1);
    await commands.resolveTicket('201', 1, 'Replaced lamp');
    clock.advanceHours(3 * 24);
    expect(await commands.autoCloseTicket(1)).toMatchObject({
      ok: true,
      events: [{ type: 'TicketClosed', data: { auto: true } }],
    });
    expect(await commands.markUnreachable('101', '403')).toMatchObject({
      ok: true,
      events: [{ type: 'StaffUnreachable' }],
    });
    expect(await commands.markUnreachable('101', '403')).toMatchObject({ ok: true, events: [] });
    expect((await commands.loadStaff('101')).state).toMatchObject({ reachable: false });
  });

  it('a stored event that fails its schema stops the load with CorruptEventError', async () => {
    const { commands, memory } = createSchool();
    await staffUp(commands);
    const opened = await commands.openTicket('101', ticketInput);
    memory.corruptForTest(opened.ok ? opened.events[0]!.id : '', { number: 'one' });
    await expect(commands.loadTicket(1)).rejects.toThrow(/TicketOpened at ticket-1@0 fails its schema/);
  });
});
