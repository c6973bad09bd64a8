import { describe, expect, it } from 'vitest';
import type { Actor, TaskCommand } from '../../../domain/index.js';
import {
  decideTask,
  evolveTask,
  foldTask,
  initialTaskState,
  isTaskDoneOnTime,
  isTaskOverdue,
} from '../../../domain/index.js';
import { at, assignee, expectAccepted, expectRefused, history, meta, people } from './fixtures.js';

const { tanya, olga, ivan, deputy, director, auditor, admin, gone, system } = people;
const task = { decide: decideTask, evolve: evolveTask, initialState: initialTaskState };
const DEADLINE = at(48);

const issue = (
  actor: Actor = deputy,
  to: Actor = tanya,
  deadline = DEADLINE,
  overrides: Partial<Extract<TaskCommand, { type: 'AssignTask' }>['data']> = {},
): TaskCommand => ({
  type: 'AssignTask',
  data: { number: 3, assignee: assignee(to), title: 'Term report', description: 'For 7B', deadline, ...overrides },
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
const complete = (actor: Actor = tanya, now = at(20), report = 'Sent by mail'): TaskCommand => ({
  type: 'CompleteTask',
  data: { report, photo: null },
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
const missed = (now = at(49), actor: Actor = system): TaskCommand => ({
  type: 'MarkDeadlineMissed',
  data: {},
  metadata: meta(actor, now),
});

const when = (given: TaskCommand[], command: TaskCommand) => decideTask(command, history(task, given).state);

describe('Task: transitions', () => {
  it('AssignTask by a deputy, the director or an admin', () => {
    expect(expectAccepted(when([], issue(deputy, tanya, '2026-11-26T12:00:00+03:00')))).toEqual([
      {
        type: 'TaskAssigned',
        data: {
          number: 3,
          issuerId: '301',
          assigneeId: '101',
          title: 'Term report',
          description: 'For 7B',
          deadline: '2026-11-26T09:00:00.000Z',
          assignedAt: at(0),
        },
      },
    ]);
    expectAccepted(when([], issue(director)));
    expectAccepted(when([], issue(admin)));
  });

  it('AcceptTask, CompleteTask before the deadline, ApproveTask: done on time', () => {
    expect(expectAccepted(when([issue()], acceptIt()))).toEqual([
      { type: 'TaskAccepted', data: { number: 3, assigneeId: '101', acceptedAt: at(1) } },
    ]);
    expect(expectAccepted(when([issue(), acceptIt()], complete()))).toEqual([
      {
        type: 'TaskCompleted',
        data: {
          number: 3,
          assigneeId: '101',
          issuerId: '301',
          report: 'Sent by mail',
          photo: null,
          completedAt: at(20),
          deadline: DEADLINE,
          late: false,
        },
      },
    ]);
    expect(expectAccepted(when([issue(), acceptIt(), complete()], approve()))).toEqual([
      {
        type: 'TaskApproved',
        data: {
          number: 3,
          approvedBy: '301',
          assigneeId: '101',
          approvedAt: at(30),
          completedAt: at(20),
          deadline: DEADLINE,
          onTime: true,
        },
      },
    ]);
    const { state } = history(task, [issue(), acceptIt(), complete(), approve()]);
    expect(isTaskDoneOnTime(state)).toBe(true);
    expect(isTaskOverdue(state, at(100))).toBe(false);
  });

  it('completing exactly at the deadline is on time; a millisecond later is late', () => {
    expect(expectAccepted(when([issue(), acceptIt()], complete(tanya, DEADLINE)))[0]).toMatchObject({
      data: { late: false },
    });
    expect(expectAccepted(when([issue(), acceptIt()], complete(tanya, '2026-11-26T09:00:00.001Z')))[0]).toMatchObject({
      data: { late: true },
    });
  });

  it('ReturnTask sends it back to accepted; completing again and approval follow', () => {
    expect(expectAccepted(when([issue(), acceptIt(), complete()], giveBack()))).toEqual([
      {
        type: 'TaskReturned',
        data: { number: 3, returnedBy: '301', assigneeId: '101', reason: 'Missing 7B', returnedAt: at(25) },
      },
    ]);
    const { state } = history(task, [
      issue(),
      acceptIt(),
      complete(),
      giveBack(),
      complete(tanya, at(26)),
      approve(deputy, at(27)),
    ]);
    expect(state).toMatchObject({ status: 'approved', onTime: true });
  });

  it('ExtendDeadline before the deadline by the issuer or an admin, with a reason', () => {
    expect(expectAccepted(when([issue()], extend()))).toEqual([
      {
        type: 'TaskDeadlineExtended',
        data: {
          number: 3,
          previousDeadline: DEADLINE,
          newDeadline: at(96),
          reason: 'Printer broke',
          extendedBy: '301',
          extendedAt: at(10),
          assigneeId: '101',
          previousDeadlineMissed: false,
        },
      },
    ]);
    expectAccepted(when([issue(), acceptIt()], extend(admin)));
  });

  it('a deadline extended after it passed records the miss first, and the task stays late for good', () => {
    const events = expectAccepted(when([issue(), acceptIt()], extend(deputy, at(96), 'Ill', at(50))));
    expect(events.map((e) => e.type)).toEqual(['TaskDeadlineMissed', 'TaskDeadlineExtended']);
    expect(events[0]).toMatchObject({ data: { deadline: DEADLINE, detectedBy: '301', detectedAt: at(50) } });
    const { state } = history(task, [
      issue(),
      acceptIt(),
      extend(deputy, at(96), 'Ill', at(50)),
      complete(tanya, at(60)),
      approve(deputy, at(61)),
    ]);
    expect(state).toMatchObject({ status: 'approved', onTime: false, lateEver: true, missedDeadlines: [DEADLINE] });
    expect(isTaskDoneOnTime(state)).toBe(false);
  });

  it('MarkDeadlineMissed once per deadline; an extension that is missed again gives a second one', () => {
    expect(expectAccepted(when([issue(), acceptIt()], missed()))).toEqual([
      {
        type: 'TaskDeadlineMissed',
        data: {
          number: 3,
          deadline: DEADLINE,
          assigneeId: '101',
          issuerId: '301',
          title: 'Term report',
          detectedAt: at(49),
          detectedBy: 'system',
        },
      },
    ]);
    const given = [issue(), acceptIt(), missed(), extend(deputy, at(96), 'Ill', at(50))];
    expect(expectAccepted(when(given, missed(at(97))))[0]).toMatchObject({ data: { deadline: at(96) } });
    const { state } = history(task, [...given, missed(at(97))]);
    expect(state).toMatchObject({ missedDeadlines: [DEADLINE, at(96)] });
    expect(isTaskOverdue(state, at(98))).toBe(true);
  });

  it('a task completed late is late even if it is approved', () => {
    const { state } = history(task, [issue(), acceptIt(), complete(tanya, at(50)), approve(deputy, at(51))]);
    expect(state).toMatchObject({ status: 'approved', onTime: false });
  });

  it('CancelTask by the issuer or an admin while assigned or accepted', () => {
    expect(expectAccepted(when([issue()], cancel()))).toEqual([
      {
        type: 'TaskCancelled',
        data: {
          number: 3,
          cancelledBy: '301',
          assigneeId: '101',
          reason: 'No longer needed',
          from: 'assigned',
          cancelledAt: at(5),
        },
      },
    ]);
    expect(expectAccepted(when([issue(), acceptIt()], cancel(admin)))[0]).toMatchObject({ data: { from: 'accepted' } });
    expect(foldTask([])).toEqual({ status: 'none' });
  });
});

describe('Task: refusals', () => {
  it.each([
    ['a teacher issues a task', [], issue(olga), 'not_permitted'],
    ['a technician issues a task', [], issue(ivan), 'not_permitted'],
    ['an auditor issues a task', [], issue(auditor), 'not_permitted'],
    ['a deactivated deputy issues a task', [], issue({ ...deputy, active: false }), 'actor_inactive'],
    ['the number is taken', [issue()], issue(director, olga), 'already_exists'],
    ['the assignee is deactivated', [], issue(deputy, gone), 'assignee_not_eligible'],
    ['the assignee is an auditor', [], issue(deputy, auditor), 'assignee_not_eligible'],
    ['the title is blank', [], issue(deputy, tanya, DEADLINE, { title: '' }), 'invalid_input'],
    ['the deadline is not a time', [], issue(deputy, tanya, 'friday'), 'invalid_input'],
    ['the deadline is now', [], issue(deputy, tanya, at(0)), 'deadline_in_past'],
    ['the deadline has passed', [], issue(deputy, tanya, at(-1)), 'deadline_in_past'],
    ['someone else accepts', [issue()], acceptIt(olga), 'not_permitted'],
    ['the issuer accepts', [issue()], acceptIt(deputy), 'not_permitted'],
    ['an accepted task is accepted again', [issue(), acceptIt()], acceptIt(), 'invalid_transition'],
    ['a task that does not exist is accepted', [], acceptIt(), 'not_found'],
    ['the assignee extends', [issue()], extend(tanya), 'not_permitted'],
    ['another deputy extends', [issue()], extend({ ...deputy, id: '303' }), 'not_permitted'],
    ['an extension gives no reason', [issue()], extend(deputy, at(96), ''), 'reason_required'],
    ['the new deadline is already past', [issue()], extend(deputy, at(5), 'x', at(10)), 'deadline_in_past'],
    ['the new deadline is earlier than the old one', [issue()], extend(deputy, at(24)), 'deadline_not_later'],
    [
      'a completed task is extended',
      [issue(), acceptIt(), complete()],
      extend(deputy, at(96), 'x', at(21)),
      'invalid_transition',
    ],
    ['a task is completed before it is accepted', [issue()], complete(), 'invalid_transition'],
    ['someone else completes', [issue(), acceptIt()], complete(olga), 'not_permitted'],
    ['a report is blank', [issue(), acceptIt()], complete(tanya, at(20), ' '), 'invalid_input'],
    ['the assignee approves', [issue(), acceptIt(), complete()], approve(tanya), 'not_permitted'],
    ["an admin approves someone else's task", [issue(), acceptIt(), complete()], approve(admin), 'not_permitted'],
    ['an accepted task is approved', [issue(), acceptIt()], approve(), 'invalid_transition'],
    ['a return gives no reason', [issue(), acceptIt(), complete()], giveBack(deputy, ' '), 'reason_required'],
    ['the assignee returns', [issue(), acceptIt(), complete()], giveBack(tanya), 'not_permitted'],
    ['an approved task is returned', [issue(), acceptIt(), complete(), approve()], giveBack(), 'invalid_transition'],
    ['the assignee cancels', [issue()], cancel(tanya), 'not_permitted'],
    ['a cancel gives no reason', [issue()], cancel(deputy, ''), 'reason_required'],
    [
      'a completed task is cancelled',
      [issue(), acceptIt(), complete()],
      cancel(admin, 'x', at(21)),
      'invalid_transition',
    ],
    ['a cancelled task is accepted', [issue(), cancel()], acceptIt(tanya, at(6)), 'invalid_transition'],
    ['a person marks a deadline missed', [issue()], missed(at(49), deputy), 'not_permitted'],
    ['the watcher marks a deadline that is still ahead', [issue()], missed(at(47)), 'deadline_not_passed'],
    ['the watcher marks the same deadline twice', [issue(), missed()], missed(at(50)), 'already_recorded'],
    ['the watcher marks a completed task', [issue(), acceptIt(), complete()], missed(), 'invalid_transition'],
    ['the watcher marks a cancelled task', [issue(), cancel()], missed(), 'invalid_transition'],
  ] as const)('refused when %s', (_, given, command, code) => {
    expectRefused(when([...given], command), code);
  });
});
