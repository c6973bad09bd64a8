// The rules for people: given what happened to a person's record, when someone acts, then what happens.
import { describe, expect, it } from 'vitest';
import type { Actor, Role, StaffCommand, StaffEvent, StaffMember } from '../../../domain/index.js';
import { decideStaff, evolveStaff, foldStaff, initialStaffState } from '../../../domain/index.js';
import { at, meta, people, specOf, T0 } from './fixtures.js';

const { tanya, deputy, admin, system } = people;
const { given } = specOf({ decide: decideStaff, evolve: evolveStaff, initialState: initialStaffState });
/** Anna, who has just written /start: not staff yet. */
const newcomer: Actor = { id: '900', role: 'guest', active: false, categories: [] };
/** Anna once approved, acting as herself. */
const anna: Actor = { id: '900', role: 'technician', active: true, categories: [] };
const x = (n: number) => 'x'.repeat(n);

// ---- What happened (given).
const registered = (): StaffEvent => ({
  type: 'StaffRegistered',
  data: { telegramId: '900', fullName: 'Anna Petrova', username: 'anna', registeredAt: T0 },
});
const approved = (role: Role = 'technician', categories: string[] = ['it'], fullName = 'Anna Petrova'): StaffEvent => ({
  type: 'StaffApproved',
  data: { telegramId: '900', fullName, role, categories, approvedBy: admin.id, approvedAt: at(1) },
});
const roleChanged = (from: Role, to: Role, categories: string[] = []): StaffEvent => ({
  type: 'StaffRoleChanged',
  data: { telegramId: '900', from, to, categories, changedBy: admin.id, changedAt: at(2) },
});
const deactivated = (wasPending = false, reason = 'Left the school'): StaffEvent => ({
  type: 'StaffDeactivated',
  data: { telegramId: '900', deactivatedBy: admin.id, reason, wasPending, deactivatedAt: at(3) },
});
const reactivated = (role: Role = 'technician'): StaffEvent => ({
  type: 'StaffReactivated',
  data: { telegramId: '900', reactivatedBy: admin.id, role, reactivatedAt: at(4) },
});
const unreachable = (reason = '403 blocked'): StaffEvent => ({
  type: 'StaffUnreachable',
  data: { telegramId: '900', reason, detectedAt: at(5) },
});
const reachable = (): StaffEvent => ({ type: 'StaffReachable', data: { telegramId: '900', detectedAt: at(6) } });
const isActive = [registered(), approved()];
const turnedDown = [registered(), deactivated(true)];
const hasLeft = [...isActive, deactivated()];

// ---- What someone does (when).
const register = (
  actor: Actor = newcomer,
  fullName = '  Anna   Petrova ',
  bootstrapAdmin = false,
  telegramId = '900',
): StaffCommand => ({
  type: 'RegisterStaff',
  data: { telegramId, fullName, username: 'anna', bootstrapAdmin },
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
const markUnreachable = (actor: Actor = system, reason = '403 blocked'): StaffCommand => ({
  type: 'MarkStaffUnreachable',
  data: { reason },
  metadata: meta(actor, at(5)),
});
const markReachable = (actor: Actor = system): StaffCommand => ({
  type: 'MarkStaffReachable',
  data: {},
  metadata: meta(actor, at(6)),
});

describe('Staff: registration and approval', () => {
  it('RegisterStaff: a newcomer registers themselves and waits, pending', () => {
    const state = given().when(register()).then(registered());
    expect(state).toEqual({
      status: 'pending',
      telegramId: '900',
      fullName: 'Anna Petrova',
      role: null,
      categories: [],
      reachable: true,
      registeredAt: T0,
    });
  });

  it('RegisterStaff: an active admin may register someone; a 100-character name is accepted', () => {
    const [event] = given().when(register(admin, ` ${x(100)} `)).thenAccepted();
    expect(event?.data).toMatchObject({ telegramId: '900', fullName: x(100) });
  });

  it('RegisterStaff: a bootstrap admin from configuration is approved as admin at once', () => {
    const configAdmin: Actor = { id: '900', role: 'admin', active: true, categories: [] };
    const state = given()
      .when(register(configAdmin, 'Boss', true))
      .then(
        { type: 'StaffRegistered', data: { telegramId: '900', fullName: 'Boss', username: 'anna', registeredAt: T0 } },
        {
          type: 'StaffApproved',
          data: { telegramId: '900', fullName: 'Boss', role: 'admin', categories: [], approvedBy: 'config', approvedAt: T0 },
        },
      );
    expect(state).toMatchObject({ status: 'active', role: 'admin' });
  });

  it('ApproveStaff gives a role and categories; the person becomes active', () => {
    const state = given(registered())
      .when(approve())
      .then(approved());
    expect(state).toMatchObject({ status: 'active', role: 'technician', categories: ['it'], fullName: 'Anna Petrova' });
  });

  it('a pending registration turned down can still be approved later', () => {
    const state = given(registered())
      .when(deactivate())
      .then(deactivated(true));
    expect(state).toMatchObject({ status: 'inactive', role: null });
    given(...turnedDown).when(approve()).then(approved());
  });

  it.each([
    ['someone registers another person', [], register(tanya), 'not_permitted', { actorId: tanya.id, role: 'teacher' }],
    ['a deactivated admin registers someone', [], register({ ...admin, active: false }), 'not_permitted', { actorId: admin.id, role: 'admin' }],
    ['the telegram id is not one', [], register(admin, 'Anna', false, '0900'), 'invalid_input', { field: 'telegramId' }],
    ['a person registers twice', [registered()], register(), 'already_exists', { status: 'pending' }],
    ['the name is blank', [], register(newcomer, ' '), 'invalid_input', { field: 'fullName' }],
    ['the name is too long', [], register(newcomer, x(101)), 'invalid_input', { field: 'fullName', max: 100 }],
    ['a deputy approves', [registered()], approve(deputy), 'not_permitted', { actorId: deputy.id, role: 'deputy' }],
    ['a deactivated admin approves', [registered()], approve({ ...admin, active: false }), 'actor_inactive', { actorId: admin.id }],
    ['someone not yet approved approves', [registered()], approve({ ...admin, role: 'guest' }), 'actor_pending', { actorId: admin.id }],
    ['an admin approves themselves', [registered()], approve({ ...admin, id: '900' }), 'not_permitted', { actorId: '900' }],
    ['an active person is approved again', isActive, approve(), 'invalid_transition', { status: 'active' }],
    ['a deactivated former member is approved (they are reactivated instead)', hasLeft, approve(), 'invalid_transition', { status: 'inactive' }],
    ['a category is not a slug', [registered()], approve(admin, 'technician', ['IT Dept']), 'invalid_input', { field: 'categories' }],
    ['one category of several is not a slug', [registered()], approve(admin, 'technician', ['it', 'IT Dept']), 'invalid_input', { field: 'categories' }],
    ['nobody registered is approved', [], approve(), 'not_found', {}],
    ['a deputy approves nobody registered', [], approve(deputy), 'not_permitted', { actorId: deputy.id, role: 'deputy' }],
  ] as const)('refused when %s', (_, history, command, code, details) => {
    given(...history).when(command).thenRefused(code, details);
  });
});

describe('Staff: roles and leaving', () => {
  it('ChangeStaffRole changes the role and the categories', () => {
    const state = given(...isActive)
      .when(changeRole(admin, 'deputy', []))
      .then(roleChanged('technician', 'deputy', []));
    expect(state).toMatchObject({ status: 'active', role: 'deputy', categories: [] });
  });

  it('a change of the role alone, or of the categories alone, is a change', () => {
    given(...isActive).when(changeRole(admin, 'deputy', ['it'])).then(roleChanged('technician', 'deputy', ['it']));
    const state = given(...isActive)
      .when(changeRole(admin, 'technician', ['it', 'maintenance']))
      .then(roleChanged('technician', 'technician', ['it', 'maintenance']));
    expect(state).toMatchObject({ role: 'technician', categories: ['it', 'maintenance'] });
  });

  it('categories are compared name by name, not as one text', () => {
    given(registered(), approved('technician', ['ab', 'c']))
      .when(changeRole(admin, 'technician', ['a', 'bc']))
      .then(roleChanged('technician', 'technician', ['a', 'bc']));
  });

  it('the same categories in another order are no change', () => {
    given(registered(), approved('technician', ['it', 'maintenance']))
      .when(changeRole(admin, 'technician', ['maintenance', 'it']))
      .thenRefused('no_change', {});
  });

  it('DeactivateStaff and ReactivateStaff (with the role they had)', () => {
    const left = given(...isActive).when(deactivate(admin, ' Left the school ')).then(deactivated());
    expect(left).toMatchObject({ status: 'inactive', role: 'technician' });
    const back = given(...hasLeft)
      .when(reactivate())
      .then(reactivated('technician'));
    expect(back).toMatchObject({ status: 'active', role: 'technician' });
    given(...isActive).when(deactivate(admin, '')).then(deactivated(false, ''));
  });

  it('the fold keeps the role a reactivation and the name an approval record', () => {
    expect(foldStaff([...hasLeft, reactivated('deputy')])).toMatchObject({ role: 'deputy', status: 'active' });
    expect(foldStaff([registered(), approved('teacher', [], 'Anna P. Petrova')])).toMatchObject({
      fullName: 'Anna P. Petrova',
    });
  });

  it('a person recorded as active without a role (no fold produces one) is refused a role change, not given one from nothing', () => {
    const roleless: StaffMember = { ...(foldStaff(isActive) as StaffMember), role: null };
    const decision = decideStaff(changeRole(admin, 'deputy'), roleless);
    expect(decision).toMatchObject({ ok: false, refusal: { code: 'invalid_transition', details: { status: 'active' } } });
    expect(!decision.ok && decision.refusal.message).not.toBe('');
  });

  it.each([
    ["a pending person's role is changed", [registered()], changeRole(), 'invalid_transition', { status: 'pending', command: 'change role' }],
    ["a deactivated person's role is changed", hasLeft, changeRole(), 'invalid_transition', { status: 'inactive', command: 'change role' }],
    ['the role is set to what it is', isActive, changeRole(admin, 'technician', ['it']), 'no_change', {}],
    ['a category is not a slug', isActive, changeRole(admin, 'technician', ['Kitchen!']), 'invalid_input', { field: 'categories' }],
    ['an admin changes their own role', isActive, changeRole({ ...admin, id: '900' }), 'not_permitted', { actorId: '900' }],
    ['a deputy changes a role', isActive, changeRole(deputy), 'not_permitted', { actorId: deputy.id, role: 'deputy' }],
    ['the role of nobody registered is changed', [], changeRole(), 'not_found', {}],
    ['an admin deactivates themselves', isActive, deactivate({ ...admin, id: '900' }), 'not_permitted', { actorId: '900' }],
    ['an inactive person is deactivated', hasLeft, deactivate(), 'invalid_transition', { status: 'inactive', command: 'deactivate' }],
    ['the reason is too long', isActive, deactivate(admin, x(4001)), 'invalid_input', { field: 'reason', max: 4000 }],
    ['nobody registered is deactivated', [], deactivate(), 'not_found', {}],
    ['an active person is reactivated', isActive, reactivate(), 'invalid_transition', { status: 'active', command: 'reactivate' }],
    ['a turned-down registration is reactivated', turnedDown, reactivate(), 'invalid_transition', { status: 'inactive' }],
    ['an admin reactivates themselves', hasLeft, reactivate({ ...admin, id: '900' }), 'not_permitted', { actorId: '900' }],
    ['nobody registered is reactivated', [], reactivate(), 'not_found', {}],
  ] as const)('refused when %s', (_, history, command, code, details) => {
    given(...history).when(command).thenRefused(code, details);
  });
});

describe('Staff: reachability', () => {
  it('unreachable and reachable again; repeating either appends nothing', () => {
    const blocked = given(...isActive).when(markUnreachable(system, ' 403 blocked ')).then(unreachable());
    expect(blocked).toMatchObject({ reachable: false, status: 'active' });
    given(...isActive, unreachable()).when(markUnreachable()).thenNothingHappens();
    const back = given(...isActive, unreachable()).when(markReachable(anna)).then(reachable());
    expect(back).toMatchObject({ reachable: true });
    given(...isActive, unreachable()).when(markReachable(system)).then(reachable());
    given(...isActive).when(markReachable()).thenNothingHappens();
  });

  it('a delivery failure keeps at most TEXT_MAX characters of its reason', () => {
    given(...isActive).when(markUnreachable(system, x(5000))).then(unreachable(x(4000)));
  });

  it.each([
    ['a person marks someone unreachable', isActive, markUnreachable(admin), 'not_permitted', { actorId: admin.id, role: 'admin' }],
    ['an unknown person is marked unreachable', [], markUnreachable(), 'not_found', {}],
    ['someone else marks them reachable', [...isActive, unreachable()], markReachable(tanya), 'not_permitted', { actorId: tanya.id, role: 'teacher' }],
    ['an unknown person is marked reachable', [], markReachable(tanya), 'not_found', {}],
  ] as const)('refused when %s', (_, history, command, code, details) => {
    given(...history).when(command).thenRefused(code, details);
  });

  it('a fact about a person who never registered changes nothing', () => {
    for (const event of [approved(), roleChanged('teacher', 'deputy'), deactivated(), reactivated(), unreachable(), reachable()]) {
      expect(evolveStaff(initialStaffState, event)).toBe(initialStaffState);
    }
    expect(foldStaff([])).toEqual({ status: 'none' });
  });
});

describe('Staff: categories as recorded', () => {
  it('categories recorded in any order are compared as a set', () => {
    given(registered(), approved('technician', ['maintenance', 'it']))
      .when(changeRole(admin, 'technician', ['it', 'maintenance']))
      .thenRefused('no_change', {});
  });

  it('a refusal for someone who never registered says so', () => {
    expect(given().when(approve()).thenRefused('not_found').message).toBe('no such person');
  });
});
