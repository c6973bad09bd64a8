// The task's rules, one spec each: given what happened to the task, when someone acts, then what happens.
import { describe, expect, it } from 'vitest';
import type { Actor, TaskCommand, TaskEvent, TaskEventOf, TaskState } from '../../../domain/index.js';
import {
  addMs,
  decideTask,
  evolveTask,
  foldTask,
  initialTaskState,
  isTaskDoneOnTime,
  isTaskOverdue,
} from '../../../domain/index.js';
import { at, assignee, meta, people, specOf } from './fixtures.js';

const { tanya, olga, ivan, deputy, director, auditor, admin, gone, system } = people;
const { given } = specOf({ decide: decideTask, evolve: evolveTask, initialState: initialTaskState });
const DEADLINE = at(48);
const justAfter = (iso: string) => addMs(iso, 1);
const x = (n: number) => 'x'.repeat(n);

// ---- What happened (given): task №3, issued by the deputy to Tanya at T0, due in 48 hours.
type Data<T extends TaskEvent['type']> = TaskEventOf<T>['data'];
const assigned = (data: Partial<Data<'TaskAssigned'>> = {}): TaskEvent => ({
  type: 'TaskAssigned',
  data: {
    number: 3,
    issuerId: deputy.id,
    assigneeId: tanya.id,
    title: 'Term report',
    description: 'For 7B',
    deadline: DEADLINE,
    assignedAt: at(0),
    ...data,
  },
});
const accepted = (when = at(1)): TaskEvent => ({
  type: 'TaskAccepted',
  data: { number: 3, assigneeId: tanya.id, acceptedAt: when, issuerId: deputy.id },
});
const extended = (newDeadline = at(96), when = at(10), previousDeadlineMissed = false, previous = DEADLINE): TaskEvent => ({
  type: 'TaskDeadlineExtended',
  data: {
    number: 3,
    previousDeadline: previous,
    newDeadline,
    reason: 'Printer broke',
    extendedBy: deputy.id,
    extendedAt: when,
    assigneeId: tanya.id,
    previousDeadlineMissed,
    issuerId: deputy.id,
  },
});
const completed = (when = at(20), late = false, deadline = DEADLINE): TaskEvent => ({
  type: 'TaskCompleted',
  data: {
    number: 3,
    assigneeId: tanya.id,
    issuerId: deputy.id,
    report: 'Sent by mail',
    photo: null,
    completedAt: when,
    deadline,
    late,
  },
});
const approved = (onTime = true, when = at(30)): TaskEvent => ({
  type: 'TaskApproved',
  data: {
    number: 3,
    approvedBy: deputy.id,
    assigneeId: tanya.id,
    approvedAt: when,
    completedAt: at(20),
    deadline: DEADLINE,
    onTime,
  },
});
const returned = (when = at(25)): TaskEvent => ({
  type: 'TaskReturned',
  data: { number: 3, returnedBy: deputy.id, assigneeId: tanya.id, reason: 'Missing 7B', returnedAt: when },
});
const cancelled = (when = at(5)): TaskEvent => ({
  type: 'TaskCancelled',
  data: {
    number: 3,
    cancelledBy: deputy.id,
    assigneeId: tanya.id,
    reason: 'No longer needed',
    from: 'assigned',
    cancelledAt: when,
    issuerId: deputy.id,
  },
});
const missed = (deadline = DEADLINE, when = at(49), by: Actor = system): TaskEvent => ({
  type: 'TaskDeadlineMissed',
  data: {
    number: 3,
    deadline,
    assigneeId: tanya.id,
    issuerId: deputy.id,
    title: 'Term report',
    detectedAt: when,
    detectedBy: by.id,
  },
});
const isAccepted = [assigned(), accepted()];
const isCompleted = [...isAccepted, completed()];

// ---- What someone does (when).
const issue = (
  actor: Actor = deputy,
  to: Actor = tanya,
  deadline = DEADLINE,
  data: Partial<Extract<TaskCommand, { type: 'AssignTask' }>['data']> = {},
): TaskCommand => ({
  type: 'AssignTask',
  data: { number: 3, assignee: assignee(to), title: 'Term report', description: 'For 7B', deadline, ...data },
  metadata: meta(actor, at(0)),
});
const acceptIt = (actor: Actor = tanya, now = at(1)): TaskCommand => ({
  type: 'AcceptTask',
  data: {},
  metadata: meta(actor, now),
});
const extend = (actor: Actor = deputy, newDeadline = at(96), reason = 'Printer broke', now = at(10)): TaskCommand => ({
  type: 'ExtendDeadline',
  data: { newDeadline, reason },
  metadata: meta(actor, now),
});
const complete = (
  actor: Actor = tanya,
  now = at(20),
  report = 'Sent by mail',
  photo: { fileId: string; fileUniqueId: string } | null = null,
): TaskCommand => ({
  type: 'CompleteTask',
  data: { report, photo },
  metadata: meta(actor, now),
});
const approve = (actor: Actor = deputy, now = at(30)): TaskCommand => ({
  type: 'ApproveTask',
  data: {},
  metadata: meta(actor, now),
});
const giveBack = (actor: Actor = deputy, reason = 'Missing 7B', now = at(25)): TaskCommand => ({
  type: 'ReturnTask',
  data: { reason },
  metadata: meta(actor, now),
});
const cancel = (actor: Actor = deputy, reason = 'No longer needed', now = at(5)): TaskCommand => ({
  type: 'CancelTask',
  data: { reason },
  metadata: meta(actor, now),
});
const markMissed = (now = at(49), actor: Actor = system): TaskCommand => ({
  type: 'MarkDeadlineMissed',
  data: {},
  metadata: meta(actor, now),
});

describe('Task: issuing and accepting', () => {
  it('AssignTask by a deputy, the director or an admin', () => {
    const state = given()
      .when(issue(deputy, tanya, '2026-11-26T12:00:00+03:00', { title: ' Term report ', description: ' For 7B ' }))
      .then(assigned({ deadline: '2026-11-26T09:00:00.000Z' }));
    expect(state).toEqual({
      status: 'assigned',
      number: 3,
      issuerId: deputy.id,
      assigneeId: tanya.id,
      title: 'Term report',
      deadline: '2026-11-26T09:00:00.000Z',
      assignedAt: at(0),
      completedAt: null,
      missedDeadlines: [],
      escalatedDeadlines: [],
      lateEver: false,
      onTime: null,
    });
    given().when(issue(director)).thenAccepted();
    given().when(issue(admin)).thenAccepted();
  });

  it('a task may be due a millisecond from now, with a 200-character title, no description or one of 4000', () => {
    given().when(issue(deputy, tanya, justAfter(at(0)), { title: x(200), description: '' })).thenAccepted();
    given().when(issue(deputy, tanya, DEADLINE, { number: 1, description: x(4000) })).thenAccepted();
  });

  it('AcceptTask by the assignee', () => {
    const state = given(assigned()).when(acceptIt()).then(accepted());
    expect(state).toMatchObject({ status: 'accepted' });
  });

  it.each([
    ['a teacher issues a task', issue(olga), 'not_permitted', { actorId: olga.id, role: 'teacher' }],
    ['a technician issues a task', issue(ivan), 'not_permitted', { actorId: ivan.id, role: 'technician' }],
    ['an auditor issues a task', issue(auditor), 'not_permitted', { role: 'auditor' }],
    ['a deactivated deputy issues a task', issue({ ...deputy, active: false }), 'actor_inactive', { actorId: deputy.id }],
    ['the number is 0', issue(deputy, tanya, DEADLINE, { number: 0 }), 'invalid_input', { field: 'number' }],
    ['the number is not whole', issue(deputy, tanya, DEADLINE, { number: 1.5 }), 'invalid_input', { field: 'number' }],
    [
      'the assignee is deactivated',
      issue(deputy, gone),
      'assignee_not_eligible',
      { assigneeId: gone.id, role: 'technician', active: false },
    ],
    [
      'the assignee is an auditor',
      issue(deputy, auditor),
      'assignee_not_eligible',
      { assigneeId: auditor.id, role: 'auditor', active: true },
    ],
    ['the title is blank', issue(deputy, tanya, DEADLINE, { title: ' ' }), 'invalid_input', { field: 'title' }],
    ['the title is too long', issue(deputy, tanya, DEADLINE, { title: x(201) }), 'invalid_input', { field: 'title', max: 200 }],
    [
      'the description is too long',
      issue(deputy, tanya, DEADLINE, { description: x(4001) }),
      'invalid_input',
      { field: 'description', max: 4000 },
    ],
    ['the deadline is not a time', issue(deputy, tanya, 'friday'), 'invalid_input', { field: 'deadline' }],
    ['the deadline is now', issue(deputy, tanya, at(0)), 'deadline_in_past', { deadline: at(0) }],
    ['the deadline has passed', issue(deputy, tanya, at(-1)), 'deadline_in_past', { deadline: at(-1) }],
  ] as const)('refused when %s', (_, command, code, details) => {
    given().when(command).thenRefused(code, details);
  });

  it.each([
    ['the number is taken', [assigned()], issue(director, olga), 'already_exists', { number: 3 }],
    ['someone else accepts', [assigned()], acceptIt(olga), 'not_permitted', { actorId: olga.id, role: 'teacher' }],
    ['the issuer accepts', [assigned()], acceptIt(deputy), 'not_permitted', { actorId: deputy.id, role: 'deputy' }],
    ['an accepted task is accepted again', isAccepted, acceptIt(), 'invalid_transition', { status: 'accepted', command: 'accept' }],
    ['a cancelled task is accepted', [assigned(), cancelled()], acceptIt(tanya, at(6)), 'invalid_transition', { status: 'cancelled', command: 'accept' }],
    ['a task that does not exist is accepted', [], acceptIt(), 'not_found', {}],
    ['a deactivated person accepts a task that does not exist', [], acceptIt(gone), 'actor_inactive', { actorId: gone.id }],
  ] as const)('refused when %s', (_, history, command, code, details) => {
    given(...history).when(command).thenRefused(code, details);
  });
});

describe('Task: deadlines', () => {
  it('ExtendDeadline before the deadline by the issuer or an admin, with a reason', () => {
    const state = given(assigned())
      .when(extend(deputy, '2026-11-28T12:00:00+03:00', ' Printer broke '))
      .then(extended('2026-11-28T09:00:00.000Z'));
    expect(state).toMatchObject({ status: 'assigned', deadline: '2026-11-28T09:00:00.000Z', lateEver: false });
    given(...isAccepted).when(extend(admin)).thenAccepted();
  });

  it('extending exactly at the deadline is in time: nothing is missed yet', () => {
    given(assigned()).when(extend(deputy, at(96), 'Printer broke', DEADLINE)).then(extended(at(96), DEADLINE));
  });

  it('a deadline extended after it passed records the miss first, and the task stays late for good', () => {
    const lateExtension = [missed(DEADLINE, at(50), deputy), extended(at(96), at(50), true)];
    const state = given(...isAccepted)
      .when(extend(deputy, at(96), 'Printer broke', at(50)))
      .then(...lateExtension);
    expect(state).toMatchObject({ deadline: at(96), lateEver: true, missedDeadlines: [DEADLINE] });
    given(...isAccepted, ...lateExtension)
      .when(complete(tanya, at(60)))
      .then(completed(at(60), true, at(96)));
    const [verdict] = given(...isAccepted, ...lateExtension, completed(at(60), true, at(96)))
      .when(approve(deputy, at(61)))
      .thenAccepted();
    expect(verdict?.data).toMatchObject({ onTime: false });
  });

  it('a passed deadline the watcher already recorded is not recorded again when it is extended', () => {
    given(...isAccepted, missed())
      .when(extend(deputy, at(96), 'Printer broke', at(50)))
      .then(extended(at(96), at(50), true));
  });

  it('an extension in time keeps the task on time: completed before the new deadline, it is done on time', () => {
    const state = given(...isAccepted, extended(at(96)), completed(at(60), false, at(96)))
      .when(approve(deputy, at(61)))
      .thenAccepted();
    expect(state[0]?.data).toMatchObject({ onTime: true, deadline: at(96), completedAt: at(60) });
    expect(foldTask([...isAccepted, extended(at(96))])).toMatchObject({ lateEver: false });
  });

  it('MarkDeadlineMissed once per deadline; an extension that is missed again gives a second one', () => {
    const state = given(...isAccepted).when(markMissed()).then(missed());
    expect(state).toMatchObject({ missedDeadlines: [DEADLINE], lateEver: true, status: 'accepted' });
    const history = [...isAccepted, missed(), extended(at(96), at(50), true)];
    const again = given(...history).when(markMissed(at(97))).then(missed(at(96), at(97)));
    expect(again).toMatchObject({ missedDeadlines: [DEADLINE, at(96)] });
    expect(isTaskOverdue(again, at(98))).toBe(true);
  });

  it.each([
    ['the assignee extends', [assigned()], extend(tanya), 'not_permitted', { actorId: tanya.id, role: 'teacher' }],
    ['another deputy extends', [assigned()], extend({ ...deputy, id: '303' }), 'not_permitted', { actorId: '303', role: 'deputy' }],
    ['an extension gives no reason', [assigned()], extend(deputy, at(96), ''), 'reason_required', {}],
    ['an extension gives too long a reason', [assigned()], extend(deputy, at(96), x(4001)), 'invalid_input', { field: 'reason', max: 4000 }],
    ['the new deadline is not a time', [assigned()], extend(deputy, 'next week'), 'invalid_input', { field: 'newDeadline' }],
    ['the new deadline is already past', [assigned()], extend(deputy, at(5), 'x', at(10)), 'deadline_in_past', { deadline: at(5) }],
    ['the new deadline is now', [assigned()], extend(deputy, at(10), 'x', at(10)), 'deadline_in_past', { deadline: at(10) }],
    ['the new deadline is earlier than the old one', [assigned()], extend(deputy, at(24)), 'deadline_not_later', { deadline: DEADLINE }],
    ['the new deadline is the old one', [assigned()], extend(deputy, DEADLINE), 'deadline_not_later', { deadline: DEADLINE }],
    ['a completed task is extended', isCompleted, extend(deputy, at(96), 'x', at(21)), 'invalid_transition', { status: 'completed', command: 'extend' }],
    ['a task that does not exist is extended', [], extend(), 'not_found', {}],
    ['a person marks a deadline missed', [assigned()], markMissed(at(49), deputy), 'not_permitted', { actorId: deputy.id }],
    ['a person marks a deadline of a task that does not exist', [], markMissed(at(49), deputy), 'not_permitted', { actorId: deputy.id }],
    ['the watcher marks a task that does not exist', [], markMissed(), 'not_found', {}],
    ['the watcher marks a deadline that is still ahead', [assigned()], markMissed(at(47)), 'deadline_not_passed', { deadline: DEADLINE }],
    ['the watcher marks a deadline at the very moment', [assigned()], markMissed(DEADLINE), 'deadline_not_passed', { deadline: DEADLINE }],
    ['the watcher marks the same deadline twice', [assigned(), missed()], markMissed(at(50)), 'already_recorded', { deadline: DEADLINE }],
    ['the watcher marks a completed task', isCompleted, markMissed(), 'invalid_transition', { status: 'completed', command: 'mark missed' }],
    ['the watcher marks a cancelled task', [assigned(), cancelled()], markMissed(), 'invalid_transition', { status: 'cancelled', command: 'mark missed' }],
  ] as const)('refused when %s', (_, history, command, code, details) => {
    given(...history).when(command).thenRefused(code, details);
  });
});

describe('Task: completing, approving, returning, cancelling', () => {
  it('AcceptTask, CompleteTask before the deadline, ApproveTask: done on time', () => {
    const photo = { fileId: 'AgACAgIAAxkBAAIBZ2Vh', fileUniqueId: 'AQADx7gxG1' };
    const [done] = given(...isAccepted).when(complete(tanya, at(20), ' Sent by mail ', photo)).thenAccepted();
    expect(done).toEqual({ ...completed(), data: { ...completed().data, photo } });
    const completedState = given(...isAccepted).when(complete()).then(completed());
    expect(completedState).toMatchObject({ status: 'completed', completedAt: at(20), lateEver: false });
    const state = given(...isCompleted).when(approve()).then(approved());
    expect(state).toMatchObject({ status: 'approved', onTime: true });
    expect(isTaskDoneOnTime(state)).toBe(true);
    expect(isTaskOverdue(state, at(100))).toBe(false);
  });

  it('completing exactly at the deadline is on time; a millisecond later is late', () => {
    given(...isAccepted).when(complete(tanya, DEADLINE)).then(completed(DEADLINE, false));
    const [onTime] = given(...isAccepted, completed(DEADLINE, false)).when(approve()).thenAccepted();
    expect(onTime?.data).toMatchObject({ onTime: true, completedAt: DEADLINE });
    given(...isAccepted).when(complete(tanya, justAfter(DEADLINE))).then(completed(justAfter(DEADLINE), true));
  });

  it('a task completed late is late even if it is approved', () => {
    const late = [...isAccepted, completed(at(50), true)];
    expect(foldTask(late)).toMatchObject({ lateEver: true });
    const state = given(...late).when(approve(deputy, at(51))).then({
      type: 'TaskApproved',
      data: {
        number: 3,
        approvedBy: deputy.id,
        assigneeId: tanya.id,
        approvedAt: at(51),
        completedAt: at(50),
        deadline: DEADLINE,
        onTime: false,
      },
    });
    expect(isTaskDoneOnTime(state)).toBe(false);
  });

  it('a completion recorded on time after a missed deadline still counts the task late', () => {
    expect(foldTask([...isAccepted, missed(), completed(at(60), false)])).toMatchObject({ lateEver: true });
    expect(foldTask([...isAccepted, extended(at(96), at(50), true)])).toMatchObject({ lateEver: true });
  });

  it('ReturnTask sends it back to accepted; completing again and approval follow', () => {
    const state = given(...isCompleted).when(giveBack(deputy, ' Missing 7B ')).then(returned());
    expect(state).toMatchObject({ status: 'accepted', completedAt: null });
    const again = given(...isCompleted, returned()).when(complete(tanya, at(26))).then(completed(at(26)));
    expect(again).toMatchObject({ status: 'completed', completedAt: at(26) });
  });

  it('CancelTask by the issuer or an admin while assigned or accepted', () => {
    const state = given(assigned()).when(cancel(deputy, ' No longer needed ')).then(cancelled());
    expect(state).toMatchObject({ status: 'cancelled' });
    given(...isAccepted)
      .when(cancel(admin))
      .then({
        type: 'TaskCancelled',
        data: {
          number: 3,
          cancelledBy: admin.id,
          assigneeId: tanya.id,
          reason: 'No longer needed',
          from: 'accepted',
          cancelledAt: at(5),
          issuerId: deputy.id,
        },
      });
  });

  it.each([
    ['a task is completed before it is accepted', [assigned()], complete(), 'invalid_transition', { status: 'assigned', command: 'complete' }],
    ['someone else completes', isAccepted, complete(olga), 'not_permitted', { actorId: olga.id, role: 'teacher' }],
    ['a report is blank', isAccepted, complete(tanya, at(20), ' '), 'invalid_input', { field: 'report' }],
    ['a report is too long', isAccepted, complete(tanya, at(20), x(4001)), 'invalid_input', { field: 'report', max: 4000 }],
    ['a task that does not exist is completed', [], complete(), 'not_found', {}],
    ['the assignee approves', isCompleted, approve(tanya), 'not_permitted', { actorId: tanya.id, role: 'teacher' }],
    ["an admin approves someone else's task", isCompleted, approve(admin), 'not_permitted', { actorId: admin.id, role: 'admin' }],
    ['an accepted task is approved', isAccepted, approve(), 'invalid_transition', { status: 'accepted', command: 'approve' }],
    ['a task that does not exist is approved', [], approve(), 'not_found', {}],
    ['a return gives no reason', isCompleted, giveBack(deputy, ' '), 'reason_required', {}],
    ['the assignee returns', isCompleted, giveBack(tanya), 'not_permitted', { actorId: tanya.id, role: 'teacher' }],
    ['an approved task is returned', [...isCompleted, approved()], giveBack(), 'invalid_transition', { status: 'approved', command: 'return' }],
    ['a task that does not exist is returned', [], giveBack(), 'not_found', {}],
    ['the assignee cancels', [assigned()], cancel(tanya), 'not_permitted', { actorId: tanya.id, role: 'teacher' }],
    ['a cancel gives no reason', [assigned()], cancel(deputy, ''), 'reason_required', {}],
    ['a completed task is cancelled', isCompleted, cancel(admin, 'x', at(21)), 'invalid_transition', { status: 'completed', command: 'cancel' }],
    ['a task that does not exist is cancelled', [], cancel(), 'not_found', {}],
  ] as const)('refused when %s', (_, history, command, code, details) => {
    given(...history).when(command).thenRefused(code, details);
  });
});

describe('Task: overdue and done on time', () => {
  const overdueAt = (history: TaskEvent[], now: string) => isTaskOverdue(foldTask(history), now);

  it('an assigned or accepted task is overdue once its deadline has passed, not at the deadline itself', () => {
    expect(overdueAt([assigned()], justAfter(DEADLINE))).toBe(true);
    expect(overdueAt(isAccepted, justAfter(DEADLINE))).toBe(true);
    expect(overdueAt([assigned()], DEADLINE)).toBe(false);
    expect(overdueAt(isAccepted, at(47))).toBe(false);
  });

  it('a completed, approved or cancelled task is never overdue; nor is a task that does not exist', () => {
    expect(overdueAt(isCompleted, at(100))).toBe(false);
    expect(overdueAt([...isCompleted, approved()], at(100))).toBe(false);
    expect(overdueAt([assigned(), cancelled()], at(100))).toBe(false);
    expect(isTaskOverdue(initialTaskState, at(100))).toBe(false);
  });

  it('only an approved task judged on time is done on time', () => {
    expect(isTaskDoneOnTime(foldTask([...isCompleted, approved(true)]))).toBe(true);
    expect(isTaskDoneOnTime(foldTask([...isCompleted, approved(false)]))).toBe(false);
    expect(isTaskDoneOnTime(foldTask(isCompleted))).toBe(false);
    const approvedWithoutVerdict = { ...foldTask([...isCompleted, approved(true)]), onTime: null } as TaskState;
    expect(isTaskDoneOnTime(approvedWithoutVerdict)).toBe(false);
  });

  it('a fact about a task that was never issued changes nothing', () => {
    for (const event of [accepted(), extended(), completed(), approved(), returned(), cancelled(), missed()]) {
      expect(evolveTask(initialTaskState, event)).toBe(initialTaskState);
    }
    expect(foldTask([])).toEqual({ status: 'none' });
  });
});

describe('Task: what the log reads', () => {
  it('a refusal for a task that does not exist, or a number taken, names the task', () => {
    expect(given().when(acceptIt()).thenRefused('not_found').message).toBe('no task');
    expect(given(assigned()).when(issue(director, olga)).thenRefused('already_exists').message).toBe('task №3 exists');
  });
});
