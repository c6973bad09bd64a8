// Invariants of DOMAIN.md for staff: only admins manage people, nobody manages themselves, states follow
// the registration machine, and the state is the fold of what was accepted.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Actor, Role, StaffCommand, StaffEvent, StaffState } from '../../domain/index.js';
import { ROLES, decideStaff, evolveStaff, initialStaffState } from '../../domain/index.js';
import { KNOWN_REFUSALS, RUNS, hoursLater, people, play, scriptOf, storable } from './harness.js';

/** Two newcomers, who act as themselves (not yet staff) or are managed by others. */
const TARGETS = ['900', '901'] as const;
type Who = 'admin' | 'deputy' | 'system' | 'tanya' | 'self' | 'other';
type Step = { does: StaffCommand['type']; who: Who; target: (typeof TARGETS)[number]; after: number; role?: Role };
type Staff = Readonly<Record<string, StaffState>>;

const who = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<Who>('admin', 'self') },
  { weight: 1, arbitrary: fc.constantFrom<Who>('deputy', 'system', 'tanya', 'other') },
);
const step = fc.record({
  does: fc.constantFrom<StaffCommand['type']>(
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
}) as fc.Arbitrary<Step>;
const script = scriptOf(step, 30);

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
        return { type: s.does, metadata, data: { role, categories: [] } };
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
const run = (steps: Step[]) => play(steps, school, toCommand);
const statusOf = (s: Staff, t: string) => (s[t] ?? initialStaffState).status;

const MACHINE: Record<StaffCommand['type'], readonly string[]> = {
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

describe('Staff invariants (property-based)', () => {
  it('the state is the fold of the accepted events; replay is deterministic; events are storable', () => {
    fc.assert(
      fc.property(script, (steps) => {
        const first = run(steps);
        expect(first.accepted.reduce(school.evolve, school.initialState)).toEqual(first.final);
        expect(run(steps)).toEqual(first);
        for (const event of first.accepted) expect(storable(event)).toBe(true);
      }),
      RUNS,
    );
  });

  it('refusals are typed and change nothing; transitions follow the machine; only permitted actors change anything', () => {
    fc.assert(
      fc.property(script, (steps) => {
        for (const { step: s, decision, before, after } of run(steps).records) {
          if (!decision.ok) {
            expect(after).toBe(before);
            expect(KNOWN_REFUSALS.has(decision.refusal.code)).toBe(true);
            continue;
          }
          if (decision.events.length === 0) continue;
          expect(MACHINE[s.does]).toContain(`${statusOf(before, s.target)}>${statusOf(after, s.target)}`);
          expect(permitted(s), `${s.who} ${s.does} ${s.target}`).toBe(true);
        }
      }),
      RUNS,
    );
  });
});
