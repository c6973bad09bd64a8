import { describe, expect, it } from 'vitest';
import type { Actor, Role, StaffCommand } from '../../../domain/index.js';
import { decideStaff, evolveStaff, initialStaffState } from '../../../domain/index.js';
import { at, expectAccepted, expectRefused, history, meta, people, T0 } from './fixtures.js';

const { tanya, deputy, admin, system } = people;
const staff = { decide: decideStaff, evolve: evolveStaff, initialState: initialStaffState };
const newcomer: Actor = { id: '900', role: 'guest', active: false, categories: [] };

const register = (actor: Actor = newcomer, fullName = '  Anna   Petrova ', bootstrapAdmin = false): StaffCommand => ({
  type: 'RegisterStaff',
  data: { telegramId: '900', fullName, username: 'anna', bootstrapAdmin },
  metadata: meta(actor, T0),
});
const approve = (actor: Actor = admin, role: Role = 'technician', categories: string[] = ['it']): StaffCommand => ({
  type: 'ApproveStaff',
  data: { role, categories },
  metadata: meta(actor, at(1)),
});
const changeRole = (actor: Actor = admin, role: Role = 'deputy', categories: string[] = []): StaffCommand => ({
  type: 'ChangeStaffRole',
  data: { role, categories },
  metadata: meta(actor, at(2)),
});
const deactivate = (actor: Actor = admin, reason = 'Left the school'): StaffCommand => ({
  type: 'DeactivateStaff',
  data: { reason },
  metadata: meta(actor, at(3)),
});
const reactivate = (actor: Actor = admin): StaffCommand => ({
  type: 'ReactivateStaff',
  data: {},
  metadata: meta(actor, at(4)),
});
const unreachable = (actor: Actor = system): StaffCommand => ({
  type: 'MarkStaffUnreachable',
  data: { reason: '403 blocked' },
  metadata: meta(actor, at(5)),
});
const reachable = (actor: Actor = system): StaffCommand => ({
  type: 'MarkStaffReachable',
  data: {},
  metadata: meta(actor, at(6)),
});
const self: Actor = { id: '900', role: 'technician', active: true, categories: [] };

const when = (given: StaffCommand[], command: StaffCommand) => decideStaff(command, history(staff, given).state);

describe('Staff: transitions', () => {
  it('RegisterStaff: a newcomer registers themselves and waits, pending', () => {
    expect(expectAccepted(when([], register()))).toEqual([
      {
        type: 'StaffRegistered',
        data: { telegramId: '900', fullName: 'Anna Petrova', username: 'anna', registeredAt: T0 },
      },
    ]);
    expect(history(staff, [register()]).state).toMatchObject({ status: 'pending', role: null, reachable: true });
  });

  it('RegisterStaff: a bootstrap admin from configuration is approved as admin at once', () => {
    const configAdmin: Actor = { id: '900', role: 'admin', active: true, categories: [] };
    expect(expectAccepted(when([], register(configAdmin, 'Boss', true))).map((e) => e.type)).toEqual([
      'StaffRegistered',
      'StaffApproved',
    ]);
    expect(history(staff, [register(configAdmin, 'Boss', true)]).state).toMatchObject({
      status: 'active',
      role: 'admin',
    });
  });

  it('ApproveStaff gives a role (and categories); ChangeStaffRole changes it', () => {
    expect(expectAccepted(when([register()], approve()))).toEqual([
      {
        type: 'StaffApproved',
        data: {
          telegramId: '900',
          fullName: 'Anna Petrova',
          role: 'technician',
          categories: ['it'],
          approvedBy: '501',
          approvedAt: at(1),
        },
      },
    ]);
    expect(expectAccepted(when([register(), approve()], changeRole()))).toEqual([
      {
        type: 'StaffRoleChanged',
        data: {
          telegramId: '900',
          from: 'technician',
          to: 'deputy',
          categories: [],
          changedBy: '501',
          changedAt: at(2),
        },
      },
    ]);
  });

  it('DeactivateStaff and ReactivateStaff (with the role they had)', () => {
    expect(expectAccepted(when([register(), approve()], deactivate()))[0]).toMatchObject({
      type: 'StaffDeactivated',
      data: { wasPending: false },
    });
    expect(expectAccepted(when([register(), approve(), deactivate()], reactivate()))).toEqual([
      {
        type: 'StaffReactivated',
        data: { telegramId: '900', reactivatedBy: '501', role: 'technician', reactivatedAt: at(4) },
      },
    ]);
  });

  it('a pending registration turned down can still be approved later', () => {
    expect(expectAccepted(when([register()], deactivate()))[0]).toMatchObject({ data: { wasPending: true } });
    expectAccepted(when([register(), deactivate()], approve()));
  });

  it('unreachable and reachable again; repeating either appends nothing', () => {
    expect(expectAccepted(when([register(), approve()], unreachable()))[0]).toMatchObject({ type: 'StaffUnreachable' });
    expect(expectAccepted(when([register(), approve(), unreachable()], unreachable()))).toEqual([]);
    expect(expectAccepted(when([register(), approve(), unreachable()], reachable(self)))[0]).toMatchObject({
      type: 'StaffReachable',
    });
    expect(expectAccepted(when([register(), approve()], reachable()))).toEqual([]);
  });
});

describe('Staff: refusals', () => {
  it.each([
    ['someone registers another person', [], register(tanya), 'not_permitted'],
    ['a person registers twice', [register()], register(), 'already_exists'],
    ['the name is blank', [], register(newcomer, ' '), 'invalid_input'],
    ['a deputy approves', [register()], approve(deputy), 'not_permitted'],
    ['a deactivated admin approves', [register()], approve({ ...admin, active: false }), 'actor_inactive'],
    ['an active person is approved again', [register(), approve()], approve(), 'invalid_transition'],
    ['a category is not a slug', [register()], approve(admin, 'technician', ['IT Dept']), 'invalid_input'],
    ['nobody registered is approved', [], approve(), 'not_found'],
    ["a pending person's role is changed", [register()], changeRole(), 'invalid_transition'],
    ['the role is set to what it is', [register(), approve()], changeRole(admin, 'technician', ['it']), 'no_change'],
    [
      'an admin changes their own role',
      [register(admin, 'Admin')],
      changeRole({ ...admin, id: '900' }),
      'not_permitted',
    ],
    ['an admin deactivates themselves', [register(), approve()], deactivate({ ...admin, id: '900' }), 'not_permitted'],
    ['an inactive person is deactivated', [register(), approve(), deactivate()], deactivate(), 'invalid_transition'],
    ['an active person is reactivated', [register(), approve()], reactivate(), 'invalid_transition'],
    ['a turned-down registration is reactivated', [register(), deactivate()], reactivate(), 'invalid_transition'],
    ['a person marks someone unreachable', [register(), approve()], unreachable(admin), 'not_permitted'],
    ['someone else marks them reachable', [register(), approve(), unreachable()], reachable(tanya), 'not_permitted'],
    ['an unknown person is marked unreachable', [], unreachable(), 'not_found'],
  ] as const)('refused when %s', (_, given, command, code) => {
    expectRefused(when([...given], command), code);
  });
});
