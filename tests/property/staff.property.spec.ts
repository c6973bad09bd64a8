// Invariants of DOMAIN.md for staff: only admins manage people, nobody manages themselves, states follow
// the registration machine, and the state is the fold of what was accepted.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Actor, Role, StaffCommand, StaffEvent, StaffState } from '../../domain/index.js';
import { ROLES, decideStaff, evolveStaff, initialStaffState } from '../../domain/index.js';
import { RUNS, deciderInvariants, hoursLater, people, play, scriptOf } from './harness.js';

/** Two newcomers, who act as themselves (not yet staff) or are managed by others. */
const TARGETS = ['900', '901'] as const;
type Who = 'admin' | 'deputy' | 'system' | 'tanya' | 'self' | 'other';
/** The commands of the lifecycle (an admin's SetStaffLeads changes no status and has its own tests). */
type Does = Exclude<StaffCommand['type'], 'SetStaffLeads'>;
type Step = {
  does: Does;
  who: Who;
  target: (typeof TARGETS)[number];
  after: number;
  role?: Role;
  categories?: readonly string[];
};
type Staff = Readonly<Record<string, StaffState>>;

const who = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<Who>('admin', 'self') },
  { weight: 1, arbitrary: fc.constantFrom<Who>('deputy', 'system', 'tanya', 'other') },
);
const step = fc.record({
  does: fc.constantFrom<Does>(
    'RegisterStaff',
    'RegisterStaff',
    'ApproveStaff',
    'ApproveStaff',
    'ChangeStaffRole',
    'DeactivateStaff',
    'ReactivateStaff',
    'MarkStaffUnreachable',
    'MarkStaffReachable',
  ),
  who,
  target: fc.constantFrom(...TARGETS),
  after: hoursLater,
  role: fc.constantFrom(...ROLES),
  // Technicians' categories; the same two in either order are the same set.
  categories: fc.constantFrom<readonly string[]>([], ['it'], ['it', 'maintenance'], ['maintenance', 'it']),
}) as fc.Arbitrary<Step>;
// Plausible stories mixed with random steps, so runs also reach a member who left and came back, and one
// who blocked the bot and wrote again.
const target = fc.constantFrom(...TARGETS);
const story = fc.oneof(
  fc.tuple(target, fc.constantFrom(...ROLES), hoursLater).map(([t, role, after]): Step[] => [
    { does: 'RegisterStaff', who: 'self', target: t, after },
    { does: 'ApproveStaff', who: 'admin', target: t, after, role, categories: [] },
    { does: 'DeactivateStaff', who: 'admin', target: t, after },
  ]),
  fc.tuple(target, hoursLater).map(([t, after]): Step[] => [
    { does: 'MarkStaffUnreachable', who: 'system', target: t, after },
    { does: 'MarkStaffReachable', who: 'self', target: t, after },
  ]),
);
const script = scriptOf(
  fc.oneof({ weight: 5, arbitrary: step.map((s) => [s]) }, { weight: 1, arbitrary: story }),
  25,
).map((episodes) => episodes.flat());

const actorOf = (s: Step): Actor => {
  if (s.who === 'self') return { id: s.target, role: 'guest', active: false, categories: [] };
  if (s.who === 'other')
    return { id: s.target === '900' ? '901' : '900', role: 'guest', active: false, categories: [] };
  return people[s.who];
};

function toCommand(s: Step, now: string, _state: Staff, index: number): { target: string; command: StaffCommand } {
  const metadata = {
    commandId: `c${index}`,
    actor: actorOf(s),
    now,
    source: 'telegram' as const,
    correlationId: `c${index}`,
  };
  const role = s.role ?? 'teacher';
  const command = ((): StaffCommand => {
    switch (s.does) {
      case 'RegisterStaff':
        return {
          type: s.does,
          metadata,
          data: { telegramId: s.target, fullName: 'Anna Petrova', username: null, bootstrapAdmin: false },
        };
      case 'ApproveStaff':
      case 'ChangeStaffRole':
        return { type: s.does, metadata, data: { role, categories: s.categories ?? [] } };
      case 'DeactivateStaff':
      case 'MarkStaffUnreachable':
        return { type: s.does, metadata, data: { reason: 'left' } };
      default:
        return { type: s.does, metadata, data: {} };
    }
  })();
  return { target: s.target, command };
}

const school = {
  initialState: Object.fromEntries(TARGETS.map((t) => [t, initialStaffState])) as Staff,
  decide: (c: { target: string; command: StaffCommand }, s: Staff) =>
    decideStaff(c.command, s[c.target] ?? initialStaffState),
  evolve: (s: Staff, e: StaffEvent): Staff => ({
    ...s,
    [e.data.telegramId]: evolveStaff(s[e.data.telegramId] ?? initialStaffState, e),
  }),
};
const run = (steps: readonly Step[]) => play(steps, school, toCommand);
const personOf = (s: Staff, t: string): StaffState => s[t] ?? initialStaffState;

const MACHINE: Record<Does, readonly string[]> = {
  RegisterStaff: ['none>pending'],
  ApproveStaff: ['pending>active', 'inactive>active'],
  ChangeStaffRole: ['active>active'],
  DeactivateStaff: ['pending>inactive', 'active>inactive'],
  ReactivateStaff: ['inactive>active'],
  MarkStaffUnreachable: ['pending>pending', 'active>active', 'inactive>inactive'],
  MarkStaffReachable: ['pending>pending', 'active>active', 'inactive>inactive'],
};

function permitted(s: Step): boolean {
  const actor = actorOf(s);
  const admin = actor.role === 'admin' && actor.active;
  switch (s.does) {
    case 'RegisterStaff':
      return actor.id === s.target || admin;
    case 'MarkStaffUnreachable':
      return actor.role === 'system';
    case 'MarkStaffReachable':
      return actor.role === 'system' || actor.id === s.target;
    default:
      return admin && actor.id !== s.target;
  }
}

const sameSet = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();

/** The events the rules make a step append, or undefined when they refuse it. */
function expected(s: Step, before: Staff, now: string): StaffEvent[] | undefined {
  const actor = actorOf(s);
  const person = personOf(before, s.target);
  const telegramId = s.target;
  const role = s.role ?? 'teacher';
  const categories = [...(s.categories ?? [])];
  if (s.does === 'RegisterStaff') {
    if (!permitted(s) || person.status !== 'none') return undefined;
    return [{ type: 'StaffRegistered', data: { telegramId, fullName: 'Anna Petrova', username: null, registeredAt: now } }];
  }
  if (person.status === 'none') return undefined;
  switch (s.does) {
    case 'ApproveStaff':
      if (!permitted(s) || !(person.status === 'pending' || (person.status === 'inactive' && person.role === null))) {
        return undefined;
      }
      return [
        {
          type: 'StaffApproved',
          data: { telegramId, fullName: person.fullName, role, categories, approvedBy: actor.id, approvedAt: now },
        },
      ];
    case 'ChangeStaffRole':
      if (!permitted(s) || person.status !== 'active' || person.role === null) return undefined;
      if (person.role === role && sameSet(person.categories, categories)) return undefined;
      return [
        {
          type: 'StaffRoleChanged',
          data: { telegramId, from: person.role, to: role, categories, changedBy: actor.id, changedAt: now },
        },
      ];
    case 'DeactivateStaff':
      if (!permitted(s) || person.status === 'inactive') return undefined;
      return [
        {
          type: 'StaffDeactivated',
          data: {
            telegramId,
            deactivatedBy: actor.id,
            reason: 'left',
            wasPending: person.status === 'pending',
            deactivatedAt: now,
          },
        },
      ];
    case 'ReactivateStaff':
      if (!permitted(s) || person.status !== 'inactive' || person.role === null) return undefined;
      return [
        { type: 'StaffReactivated', data: { telegramId, reactivatedBy: actor.id, role: person.role, reactivatedAt: now } },
      ];
    case 'MarkStaffUnreachable':
      if (!permitted(s)) return undefined;
      return person.reachable ? [{ type: 'StaffUnreachable', data: { telegramId, reason: 'left', detectedAt: now } }] : [];
    case 'MarkStaffReachable':
      if (!permitted(s)) return undefined;
      return person.reachable ? [] : [{ type: 'StaffReachable', data: { telegramId, detectedAt: now } }];
    default:
      return undefined;
  }
}

describe('Staff invariants (property-based)', () => {
  deciderInvariants<Step, Staff, StaffEvent>({
    script,
    play: run,
    initialState: school.initialState,
    evolve: school.evolve,
    commandOf: (s) => s.does,
    statusOf: (state, s) => personOf(state, s.target).status,
    othersOf: (state, s) => TARGETS.filter((t) => t !== s.target).map((t) => state[t]),
    machine: MACHINE,
    permitted: (s) => permitted(s),
    expected,
  });

  it('the fold keeps what the events say: role, categories and reachability', () => {
    fc.assert(
      fc.property(script, (steps) => {
        for (const { step: s, decision, after } of run(steps).records) {
          const person = personOf(after, s.target);
          for (const event of decision.ok ? decision.events : []) {
            if (person.status === 'none') continue;
            if (event.type === 'StaffApproved' || event.type === 'StaffRoleChanged') {
              expect(person.categories).toEqual(event.data.categories);
            }
            if (event.type === 'StaffUnreachable') expect(person.reachable).toBe(false);
            if (event.type === 'StaffReachable') expect(person.reachable).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });
});

describe('Staff scripts reach every state', () => {
  it('1,000 sampled scripts produce every staff event, a re-approval after a turned-down registration included', () => {
    const seen = new Map<string, number>();
    for (const steps of fc.sample(script, { numRuns: 1000, seed: 42 })) {
      const kinds = new Set(
        run(steps).records.flatMap(({ decision, before, step }) =>
          (decision.ok ? decision.events : []).map((e) =>
            e.type === 'StaffApproved' ? `${e.type}:${personOf(before, step.target).status}` : e.type,
          ),
        ),
      );
      for (const kind of kinds) seen.set(kind, (seen.get(kind) ?? 0) + 1);
    }
    for (const kind of [
      'StaffRegistered',
      'StaffApproved:pending',
      'StaffApproved:inactive',
      'StaffRoleChanged',
      'StaffDeactivated',
      'StaffReactivated',
      'StaffUnreachable',
      'StaffReachable',
    ]) {
      expect(seen.get(kind) ?? 0, kind).toBeGreaterThanOrEqual(20);
    }
  });
});
