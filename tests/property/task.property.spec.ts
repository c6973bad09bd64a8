// Invariants of DOMAIN.md for tasks, over random command sequences by random people at random times.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Actor, TaskCommand, TaskEvent, TaskState } from '../../domain/index.js';
import {
  addMs,
  decideTask,
  evolveTask,
  HOUR_MS,
  initialTaskState,
  isBefore,
  isTaskDoneOnTime,
  isTaskOverdue,
} from '../../domain/index.js';
import type { Name, Run } from './harness.js';
import { RUNS, deciderInvariants, hoursLater, people, play, scriptOf, usually, words } from './harness.js';

const TASKS = [1, 2] as const;
type Tasks = Readonly<Record<number, TaskState>>;
type Step = {
  does: Does;
  who: Name;
  task: number;
  after: number;
  text?: string;
  assignee?: Name;
  deadlineIn?: number;
};

const taskNo = fc.constantFrom(1, 1, 1, 2);
/** Hours from now to the (new) deadline: mostly ahead, sometimes already past. */
const deadlineIn = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 120 }) },
  { weight: 1, arbitrary: fc.integer({ min: -24, max: 0 }) },
);
/** The commands of people and of the deadline watcher (the SLA watcher's EscalateTask has its own tests). */
type Does = Exclude<TaskCommand['type'], 'EscalateTask'>;
const base = <D extends Does>(does: D, who: fc.Arbitrary<Name>) =>
  ({ does: fc.constant(does), who, task: taskNo, after: hoursLater }) as const;

const step = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      ...base('AssignTask', usually('deputy', 'director')),
      assignee: usually('tanya', 'ivan'),
      deadlineIn,
      text: words,
    }),
  },
  { weight: 2, arbitrary: fc.record(base('AcceptTask', usually('tanya', 'ivan'))) },
  fc.record({ ...base('ExtendDeadline', usually('deputy', 'admin')), deadlineIn, text: words }),
  { weight: 2, arbitrary: fc.record({ ...base('CompleteTask', usually('tanya', 'ivan')), text: words }) },
  fc.record(base('ApproveTask', usually('deputy', 'director'))),
  fc.record({ ...base('ReturnTask', usually('deputy', 'director')), text: words }),
  fc.record({ ...base('CancelTask', usually('deputy', 'admin')), text: words }),
  { weight: 2, arbitrary: fc.record(base('MarkDeadlineMissed', usually('system'))) },
) as fc.Arbitrary<Step>;

// Plausible stories mixed with random steps, so runs reach completion, approval, returns and extensions.
const story = fc.oneof(
  fc.tuple(taskNo, deadlineIn, hoursLater).map(([task, deadline, after]): Step[] => [
    { does: 'AssignTask', who: 'deputy', task, after, assignee: 'tanya', deadlineIn: deadline, text: 'Term report' },
    { does: 'AcceptTask', who: 'tanya', task, after },
  ]),
  fc.tuple(taskNo, hoursLater).map(([task, after]): Step[] => [
    { does: 'CompleteTask', who: 'tanya', task, after, text: 'Sent' },
    { does: 'ApproveTask', who: 'deputy', task, after: 1 },
  ]),
  fc.tuple(taskNo, hoursLater).map(([task, after]): Step[] => [
    { does: 'CompleteTask', who: 'tanya', task, after, text: 'Sent' },
    { does: 'ReturnTask', who: 'deputy', task, after: 1, text: 'Missing 7B' },
  ]),
  fc
    .tuple(taskNo, deadlineIn, hoursLater)
    .map(([task, deadline, after]): Step[] => [
      { does: 'ExtendDeadline', who: 'deputy', task, after, deadlineIn: deadline, text: 'Ill' },
    ]),
);
const script = scriptOf(
  fc.oneof({ weight: 3, arbitrary: step.map((s) => [s]) }, { weight: 2, arbitrary: story }),
  25,
).map((e) => e.flat());

function toCommand(s: Step, now: string, _state: Tasks, index: number): { task: number; command: TaskCommand } {
  const metadata = {
    commandId: `c${index}`,
    actor: people[s.who],
    now,
    source: 'telegram' as const,
    correlationId: `c${index}`,
  };
  const text = s.text ?? '';
  const deadline = addMs(now, (s.deadlineIn ?? 24) * HOUR_MS);
  const assignee = people[s.assignee ?? 'tanya'];
  const command = ((): TaskCommand => {
    switch (s.does) {
      case 'AssignTask':
        return {
          type: s.does,
          metadata,
          data: {
            number: s.task,
            assignee: {
              id: assignee.id,
              role: assignee.role === 'system' ? 'guest' : assignee.role,
              active: assignee.active,
            },
            title: text,
            description: '',
            deadline,
          },
        };
      case 'ExtendDeadline':
        return { type: s.does, metadata, data: { newDeadline: deadline, reason: text } };
      case 'CompleteTask':
        return { type: s.does, metadata, data: { report: text, photo: null } };
      case 'ReturnTask':
      case 'CancelTask':
        return { type: s.does, metadata, data: { reason: text } };
      default:
        return { type: s.does, metadata, data: {} };
    }
  })();
  return { task: s.task, command };
}

const school = {
  initialState: Object.fromEntries(TASKS.map((n) => [n, initialTaskState])) as Tasks,
  decide: (c: { task: number; command: TaskCommand }, s: Tasks) => decideTask(c.command, s[c.task] ?? initialTaskState),
  evolve: (s: Tasks, e: TaskEvent): Tasks => ({
    ...s,
    [e.data.number]: evolveTask(s[e.data.number] ?? initialTaskState, e),
  }),
};
const run = (steps: readonly Step[], monotone = false): Run<Step, Tasks, TaskEvent> =>
  play(steps, school, toCommand, { monotone });
const taskOf = (s: Tasks, n: number): TaskState => s[n] ?? initialTaskState;

// The state machine and the permission table, written out again from DOMAIN.md (independent of decide.ts).
const MACHINE: Record<Does, readonly string[]> = {
  AssignTask: ['none>assigned'],
  AcceptTask: ['assigned>accepted'],
  ExtendDeadline: ['assigned>assigned', 'accepted>accepted'],
  CompleteTask: ['accepted>completed'],
  ApproveTask: ['completed>approved'],
  ReturnTask: ['completed>accepted'],
  CancelTask: ['assigned>cancelled', 'accepted>cancelled'],
  MarkDeadlineMissed: ['assigned>assigned', 'accepted>accepted'],
};

function permitted(does: Does, actor: Actor, before: TaskState): boolean {
  if (!actor.active || actor.role === 'guest') return false;
  const issuer = before.status !== 'none' && before.issuerId === actor.id;
  const assignee = before.status !== 'none' && before.assigneeId === actor.id;
  const admin = actor.role === 'admin';
  switch (does) {
    case 'AssignTask':
      return ['deputy', 'director', 'admin'].includes(actor.role);
    case 'AcceptTask':
    case 'CompleteTask':
      return assignee;
    case 'ExtendDeadline':
    case 'CancelTask':
      return issuer || admin;
    case 'ApproveTask':
    case 'ReturnTask':
      return issuer;
    case 'MarkDeadlineMissed':
      return actor.role === 'system';
  }
}

const isWorking = (actor: Actor) => actor.active && !['guest', 'auditor', 'system'].includes(actor.role);
const OPEN = ['assigned', 'accepted'];

/** The events the rules make a step append, or undefined when they refuse it. */
function expected(s: Step, before: Tasks, now: string): TaskEvent[] | undefined {
  const actor = people[s.who];
  const t = taskOf(before, s.task);
  const text = (s.text ?? '').trim();
  const number = s.task;
  const deadline = addMs(now, (s.deadlineIn ?? 24) * HOUR_MS);
  const live = isWorking(actor);
  if (s.does === 'AssignTask') {
    const to = people[s.assignee ?? 'tanya'];
    const eligible = to.active && !['guest', 'auditor', 'system'].includes(to.role);
    const manager = ['deputy', 'director', 'admin'].includes(actor.role);
    if (!live || !manager || t.status !== 'none' || !eligible || text === '' || !isBefore(now, deadline)) return undefined;
    return [
      {
        type: 'TaskAssigned',
        data: { number, issuerId: actor.id, assigneeId: to.id, title: text, description: '', deadline, assignedAt: now },
      },
    ];
  }
  if (t.status === 'none') return undefined;
  const issuer = t.issuerId === actor.id;
  const assignee = t.assigneeId === actor.id;
  // A deadline has passed when now is strictly after it.
  const passed = isBefore(t.deadline, now);
  const missed = (by: string): TaskEvent => ({
    type: 'TaskDeadlineMissed',
    data: {
      number,
      deadline: t.deadline,
      assigneeId: t.assigneeId,
      issuerId: t.issuerId,
      title: t.title,
      detectedAt: now,
      detectedBy: by,
    },
  });
  const unrecorded = passed && !t.missedDeadlines.includes(t.deadline);
  switch (s.does) {
    case 'AcceptTask':
      if (!live || !assignee || t.status !== 'assigned') return undefined;
      return [{ type: 'TaskAccepted', data: { number, assigneeId: actor.id, acceptedAt: now, issuerId: t.issuerId } }];
    case 'ExtendDeadline':
      if (!live || !(issuer || actor.role === 'admin') || !OPEN.includes(t.status) || text === '') return undefined;
      if (!isBefore(now, deadline) || !isBefore(t.deadline, deadline)) return undefined;
      return [
        ...(unrecorded ? [missed(actor.id)] : []),
        {
          type: 'TaskDeadlineExtended',
          data: {
            number,
            previousDeadline: t.deadline,
            newDeadline: deadline,
            reason: text,
            extendedBy: actor.id,
            extendedAt: now,
            assigneeId: t.assigneeId,
            previousDeadlineMissed: passed,
            issuerId: t.issuerId,
          },
        },
      ];
    case 'CompleteTask':
      if (!live || !assignee || t.status !== 'accepted' || text === '') return undefined;
      return [
        {
          type: 'TaskCompleted',
          data: {
            number,
            assigneeId: t.assigneeId,
            issuerId: t.issuerId,
            report: text,
            photo: null,
            completedAt: now,
            deadline: t.deadline,
            late: t.missedDeadlines.length > 0 || t.lateEver || passed,
          },
        },
      ];
    case 'ApproveTask': {
      if (!live || !issuer || t.status !== 'completed' || t.completedAt === null) return undefined;
      const { completedAt } = t;
      return [
        {
          type: 'TaskApproved',
          data: {
            number,
            approvedBy: actor.id,
            assigneeId: t.assigneeId,
            approvedAt: now,
            completedAt,
            deadline: t.deadline,
            onTime: t.missedDeadlines.length === 0 && !t.lateEver && !isBefore(t.deadline, completedAt),
          },
        },
      ];
    }
    case 'ReturnTask':
      if (!live || !issuer || t.status !== 'completed' || text === '') return undefined;
      return [
        {
          type: 'TaskReturned',
          data: { number, returnedBy: actor.id, assigneeId: t.assigneeId, reason: text, returnedAt: now },
        },
      ];
    case 'CancelTask':
      if (!live || !(issuer || actor.role === 'admin') || !OPEN.includes(t.status) || text === '') return undefined;
      return [
        {
          type: 'TaskCancelled',
          data: {
            number,
            cancelledBy: actor.id,
            assigneeId: t.assigneeId,
            reason: text,
            from: t.status === 'assigned' ? 'assigned' : 'accepted',
            cancelledAt: now,
            issuerId: t.issuerId,
          },
        },
      ];
    case 'MarkDeadlineMissed':
      if (actor.role !== 'system' || !OPEN.includes(t.status) || !unrecorded) return undefined;
      return [missed(actor.id)];
    default:
      return undefined;
  }
}

describe('Task invariants (property-based)', () => {
  deciderInvariants<Step, Tasks, TaskEvent>({
    script,
    play: (steps) => run(steps),
    initialState: school.initialState,
    evolve: school.evolve,
    commandOf: (s) => s.does,
    statusOf: (state, s) => taskOf(state, s.task).status,
    othersOf: (state, s) => TASKS.filter((n) => n !== s.task).map((n) => state[n]),
    machine: MACHINE,
    permitted: (s, before) => permitted(s.does, people[s.who], taskOf(before, s.task)),
    expected,
  });

  it('tasks total = done + open + cancelled, none negative, at every point', () => {
    fc.assert(
      fc.property(script, (steps) => {
        let total = 0,
          done = 0,
          cancelled = 0;
        for (const { decision, after } of run(steps).records) {
          for (const event of decision.ok ? decision.events : []) {
            if (event.type === 'TaskAssigned') total += 1;
            if (event.type === 'TaskApproved') done += 1;
            if (event.type === 'TaskCancelled') cancelled += 1;
          }
          const open = TASKS.filter((n) =>
            ['assigned', 'accepted', 'completed'].includes(taskOf(after, n).status),
          ).length;
          expect(total).toBe(done + open + cancelled);
          expect(Math.min(total, done, open, cancelled)).toBeGreaterThanOrEqual(0);
        }
      }),
      RUNS,
    );
  });

  it('a task is never both overdue and done on time; once seen overdue it is never done on time (clock moves forward)', () => {
    fc.assert(
      fc.property(script, (steps) => {
        const seenOverdue = new Set<number>();
        for (const { now, after } of run(steps, true).records) {
          for (const n of TASKS) {
            const task = taskOf(after, n);
            if (isTaskOverdue(task, now)) seenOverdue.add(n);
            expect(isTaskOverdue(task, now) && isTaskDoneOnTime(task)).toBe(false);
            if (isTaskDoneOnTime(task))
              expect(seenOverdue.has(n), `task ${n} was overdue, then done on time`).toBe(false);
          }
        }
      }),
      RUNS,
    );
  });

  it('a missed deadline is recorded at most once per deadline, only after it passed, and only for the current one', () => {
    fc.assert(
      fc.property(script, (steps) => {
        const recorded = new Map<number, string[]>();
        for (const { step: s, decision, before } of run(steps).records) {
          for (const event of decision.ok ? decision.events : []) {
            if (event.type !== 'TaskDeadlineMissed') continue;
            const task = taskOf(before, s.task);
            const seen = recorded.get(s.task) ?? [];
            expect(seen, `deadline ${event.data.deadline} recorded twice`).not.toContain(event.data.deadline);
            expect(task.status !== 'none' && task.deadline).toBe(event.data.deadline);
            expect(isBefore(event.data.deadline, event.data.detectedAt)).toBe(true);
            recorded.set(s.task, [...seen, event.data.deadline]);
          }
        }
      }),
      RUNS,
    );
  });
});

describe('Task scripts reach every state', () => {
  it('1,000 sampled scripts produce every task event, on-time and late approvals alike', () => {
    const seen = new Map<string, number>();
    for (const steps of fc.sample(script, { numRuns: 1000, seed: 42 })) {
      const kinds = new Set(
        run(steps, true).accepted.map((e) => (e.type === 'TaskApproved' ? `${e.type}:${e.data.onTime}` : e.type)),
      );
      for (const kind of kinds) seen.set(kind, (seen.get(kind) ?? 0) + 1);
    }
    for (const kind of [
      'TaskAssigned',
      'TaskAccepted',
      'TaskDeadlineExtended',
      'TaskCompleted',
      'TaskApproved:true',
      'TaskApproved:false',
      'TaskReturned',
      'TaskCancelled',
      'TaskDeadlineMissed',
    ]) {
      expect(seen.get(kind) ?? 0, kind).toBeGreaterThanOrEqual(20);
    }
  });
});
