// Who may see what (docs/access.md): a table of role × relation for task cards, ticket cards and ticket
// comments, and properties over any person: nobody inactive sees anything, and a party always sees their own.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mayAssignTickets, mayViewTask, mayViewTicket, mayViewTicketComments } from '../../../application/authorization.js';
import type { Person } from '../../../application/people.js';
import { ROLES, type Role } from '../../../domain/index.js';

const ME = '500';
const person = (role: Role | null, status: Person['status'] = 'active', telegramId = ME): Person => ({
  telegramId,
  fullName: 'Проверкин Тест Тестович',
  role,
  categories: [],
  status,
  reachable: true,
});

type Relation = 'issuer' | 'assignee' | 'none';
const taskFor = (relation: Relation) => ({
  issuerId: relation === 'issuer' ? ME : '1',
  assigneeId: relation === 'assignee' ? ME : '2',
});
type TicketRelation = 'author' | 'assignee' | 'none';
const ticketFor = (relation: TicketRelation) => ({
  authorId: relation === 'author' ? ME : '1',
  assigneeId: relation === 'assignee' ? ME : relation === 'none' ? '2' : null,
});

describe('task cards: the issuer, the assignee, managers and auditors', () => {
  // role, relation → may see
  const table: Array<[Role, Relation, boolean]> = [
    ['teacher', 'none', false],
    ['teacher', 'assignee', true],
    ['teacher', 'issuer', true],
    ['technician', 'none', false],
    ['technician', 'assignee', true],
    ['deputy', 'none', true],
    ['deputy', 'issuer', true],
    ['director', 'none', true],
    ['admin', 'none', true],
    ['auditor', 'none', true],
  ];
  it.each(table)('%s who is %s: %s', (role, relation, expected) => {
    expect(mayViewTask(person(role), taskFor(relation))).toBe(expected);
  });

  it('nobody pending, deactivated or unknown sees a task, not even their own', () => {
    for (const status of ['pending', 'inactive', 'none'] as const) {
      for (const relation of ['issuer', 'assignee', 'none'] as const) {
        expect(mayViewTask(person('teacher', status), taskFor(relation))).toBe(false);
        expect(mayViewTask(person('admin', status), taskFor(relation))).toBe(false);
      }
    }
  });
});

describe('tickets: the card to any active staff, the comments to the parties, technicians and overseers', () => {
  const table: Array<[Role, TicketRelation, boolean, boolean]> = [
    // role, relation, card, comments
    ['teacher', 'none', true, false],
    ['teacher', 'author', true, true],
    ['teacher', 'assignee', true, true],
    ['technician', 'none', true, true],
    ['deputy', 'none', true, true],
    ['director', 'none', true, true],
    ['admin', 'none', true, true],
    ['auditor', 'none', true, true],
  ];
  it.each(table)('%s who is %s: card %s, comments %s', (role, relation, card, comments) => {
    expect(mayViewTicket(person(role), ticketFor(relation))).toBe(card);
    expect(mayViewTicketComments(person(role), ticketFor(relation))).toBe(comments);
  });

  it('nobody inactive sees a ticket or its comments', () => {
    for (const status of ['pending', 'inactive', 'none'] as const) {
      expect(mayViewTicket(person('admin', status), ticketFor('author'))).toBe(false);
      expect(mayViewTicketComments(person('admin', status), ticketFor('author'))).toBe(false);
    }
  });
});

describe('properties over any person and any item', () => {
  const role = fc.constantFrom<Role | null>(...ROLES, null);
  const status = fc.constantFrom<Person['status']>('active', 'pending', 'inactive', 'none');
  const id = fc.constantFrom('500', '501', '502');

  it('whoever sees comments sees the card; whoever sees anything is active', () => {
    fc.assert(
      fc.property(role, status, id, id, fc.option(id, { nil: null }), (r, s, me, author, assignee) => {
        const viewer = person(r, s, me);
        const ticket = { authorId: author, assigneeId: assignee };
        if (mayViewTicketComments(viewer, ticket)) expect(mayViewTicket(viewer, ticket)).toBe(true);
        if (mayViewTicket(viewer, ticket) || mayViewTask(viewer, { issuerId: author, assigneeId: assignee ?? author })) expect(s).toBe('active');
      }),
    );
  });

  it('an active party always sees their own task and their own ticket’s comments', () => {
    fc.assert(
      fc.property(role, id, id, (r, other, third) => {
        const me = '999';
        expect(mayViewTask(person(r, 'active', me), { issuerId: me, assigneeId: other })).toBe(true);
        expect(mayViewTask(person(r, 'active', me), { issuerId: other, assigneeId: me })).toBe(true);
        expect(mayViewTicketComments(person(r, 'active', me), { authorId: me, assigneeId: third })).toBe(true);
        expect(mayViewTicketComments(person(r, 'active', me), { authorId: other, assigneeId: me })).toBe(true);
      }),
    );
  });

  it('a teacher who is no party to a task never sees it, whatever the numbers', () => {
    fc.assert(
      fc.property(id, id, (issuer, assignee) => {
        expect(mayViewTask(person('teacher', 'active', '777'), { issuerId: issuer, assigneeId: assignee })).toBe(false);
      }),
    );
  });

  it('only active deputies, directors and admins assign tickets', () => {
    fc.assert(
      fc.property(role, status, (r, s) => {
        expect(mayAssignTickets(person(r, s))).toBe(s === 'active' && (r === 'deputy' || r === 'director' || r === 'admin'));
      }),
    );
  });
});
