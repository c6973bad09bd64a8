// Staff groups (admins keep them) and orders to many (a manager issues one; the issuer or an admin reminds and
// cancels), as pure deciders; and their read models' migration matching the projectors.
import { describe, expect, it } from 'vitest';
import type { GroupCommand, GroupEvent, GroupState, OrderCommand, OrderEvent, OrderState } from '../../../domain/index.js';
import { decideGroup, decideOrder, evolveGroup, evolveOrder, initialGroupState, initialOrderState } from '../../../domain/index.js';
import { createTableSql } from '../../../projections/projector.js';
import { ordersProjector } from '../../../projections/orders.js';
import { staffGroupsProjector } from '../../../projections/staffGroups.js';
import { groupsAndOrdersMigration } from '../../../adapters/postgres/migrations/0170_groups_and_orders.js';
import { T0, at, meta, people, specOf } from './fixtures.js';

const group = specOf<GroupCommand, GroupState, GroupEvent>({ decide: decideGroup, evolve: evolveGroup, initialState: initialGroupState });
const order = specOf<OrderCommand, OrderState, OrderEvent>({ decide: decideOrder, evolve: evolveOrder, initialState: initialOrderState });

const defined: GroupEvent = { type: 'StaffGroupDefined', data: { groupId: 'g1', name: 'Завхоз и техники', definedBy: people.admin.id, definedAt: T0 } };
const withIvan: GroupEvent = {
  type: 'StaffGroupMembersChanged',
  data: { groupId: 'g1', added: ['201'], removed: [], members: ['201'], changedBy: people.admin.id, changedAt: T0 },
};
const members = (add: string[], remove: string[] = [], actor = people.admin): GroupCommand => ({ type: 'ChangeStaffGroupMembers', data: { add, remove }, metadata: meta(actor) });

describe('a staff group', () => {
  it('is defined by an admin only, once, with its name tidied', () => {
    const define = (actor = people.admin): GroupCommand => ({ type: 'DefineStaffGroup', data: { groupId: 'g1', name: '  Завхоз   и техники ' }, metadata: meta(actor) });
    group.given().when(define()).then(defined);
    group.given().when(define(people.deputy)).thenRefused('not_permitted');
    group.given(defined).when(define()).thenRefused('already_exists');
  });

  it('records who joined and left with the whole set after, and refuses a change that changes nothing', () => {
    group.given(defined).when(members(['201', '201'])).then(withIvan);
    group.given(defined, withIvan).when(members(['202'], ['201'])).then({
      type: 'StaffGroupMembersChanged',
      data: { groupId: 'g1', added: ['202'], removed: ['201'], members: ['202'], changedBy: people.admin.id, changedAt: T0 },
    });
    group.given(defined, withIvan).when(members(['201'])).thenRefused('no_change');
    group.given(defined).when(members(['not-an-id'])).thenRefused('invalid_input');
    group.given(defined).when(members(['201'], [], people.director)).thenRefused('not_permitted');
  });

  it('is renamed and removed; a removed group takes nothing more', () => {
    group.given(defined).when({ type: 'RenameStaffGroup', data: { name: 'Хозчасть' }, metadata: meta(people.admin) }).then({
      type: 'StaffGroupRenamed',
      data: { groupId: 'g1', name: 'Хозчасть', previousName: 'Завхоз и техники', renamedBy: people.admin.id, renamedAt: T0 },
    });
    const removed: GroupEvent = { type: 'StaffGroupRemoved', data: { groupId: 'g1', name: 'Завхоз и техники', removedBy: people.admin.id, removedAt: T0 } };
    group.given(defined).when({ type: 'RemoveStaffGroup', data: {}, metadata: meta(people.admin) }).then(removed);
    group.given(defined, removed).when(members(['201'])).thenRefused('invalid_transition');
    group.given().when(members(['201'])).thenRefused('not_found');
  });
});

const tasks = [
  { number: 5, assigneeId: '101' },
  { number: 6, assigneeId: '102' },
];
const issue = (actor = people.deputy, data: Partial<Extract<OrderCommand, { type: 'IssueOrder' }>['data']> = {}): OrderCommand => ({
  type: 'IssueOrder',
  data: { orderId: 'o1', title: 'Сдать журналы', description: '', deadline: at(30), target: { kind: 'people', ref: '', label: '' }, tasks, ...data },
  metadata: meta(actor),
});
const issued: OrderEvent = {
  type: 'OrderIssued',
  data: { orderId: 'o1', issuerId: people.deputy.id, title: 'Сдать журналы', description: '', deadline: at(30), target: { kind: 'people', ref: '', label: '' }, tasks, issuedAt: T0 },
};

describe('an order to many', () => {
  it('is issued by a manager with a number for each recipient, once', () => {
    order.given().when(issue()).then(issued);
    order.given().when(issue(people.tanya)).thenRefused('not_permitted');
    order.given(issued).when(issue()).thenRefused('already_exists');
    order.given().when(issue(people.deputy, { deadline: at(-1) })).thenRefused('deadline_in_past');
    order.given().when(issue(people.deputy, { tasks: [] })).thenRefused('invalid_input');
    order.given().when(issue(people.deputy, { tasks: [...tasks, { number: 7, assigneeId: '101' }] })).thenRefused('invalid_input');
  });

  it('reminds only recipients of its own tasks, by the issuer or an admin', () => {
    const remind = (actor = people.deputy, list = [...tasks, { number: 99, assigneeId: '201' }]): OrderCommand => ({ type: 'RemindOrder', data: { tasks: list }, metadata: meta(actor) });
    order.given(issued).when(remind()).then({ type: 'OrderReminded', data: { orderId: 'o1', remindedBy: people.deputy.id, tasks, remindedAt: T0 } });
    order.given(issued).when(remind(people.director)).thenRefused('not_permitted');
    expect(order.given(issued).when(remind(people.admin)).thenAccepted()).toHaveLength(1);
    order.given(issued).when(remind(people.deputy, [{ number: 99, assigneeId: '201' }])).thenRefused('no_change');
  });

  it('is cancelled once, with a reason', () => {
    const cancel = (reason = 'отменено'): OrderCommand => ({ type: 'CancelOrder', data: { reason }, metadata: meta(people.deputy) });
    const cancelled: OrderEvent = { type: 'OrderCancelled', data: { orderId: 'o1', cancelledBy: people.deputy.id, reason: 'отменено', cancelledAt: T0, issuerId: people.deputy.id } };
    order.given(issued).when(cancel()).then(cancelled);
    order.given(issued).when(cancel(' ')).thenRefused('reason_required');
    order.given(issued, cancelled).when(cancel()).thenRefused('invalid_transition');
  });
});

it('the migration creates the groups and orders read models exactly as their projectors define them', () => {
  const normalize = (sql: string) => sql.replace(/\s+/g, ' ').replace(/;/g, '').trim();
  for (const projector of [staffGroupsProjector, ordersProjector]) {
    for (const statement of createTableSql(projector, projector.table)) expect(normalize(groupsAndOrdersMigration.sql)).toContain(normalize(statement));
  }
});
