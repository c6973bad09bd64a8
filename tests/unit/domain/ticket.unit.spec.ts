import { describe, expect, it } from 'vitest';
import type { Actor, Priority, TicketCommand, TicketState } from '../../../domain/index.js';
import {
  decideTicket,
  defaultPolicy,
  evolveTicket,
  initialTicketState,
  policyFromDays,
} from '../../../domain/index.js';
import { at, assignee, expectAccepted, expectRefused, history, meta, people, T0 } from './fixtures.js';

const { tanya, olga, ivan, petr, deputy, director, auditor, admin, gone, guest, system } = people;
const ticket = {
  decide: (c: TicketCommand, s: TicketState) => decideTicket(c, s),
  evolve: evolveTicket,
  initialState: initialTicketState,
};

const open = (
  actor: Actor = tanya,
  overrides: Partial<Extract<TicketCommand, { type: 'OpenTicket' }>['data']> = {},
  now = T0,
): TicketCommand => ({
  type: 'OpenTicket',
  data: {
    number: 7,
    title: 'Projector dead',
    description: 'No picture',
    category: 'it',
    location: '204',
    priority: 'normal',
    photos: [],
    ...overrides,
  },
  metadata: meta(actor, now),
});
const take = (actor: Actor = ivan, now = at(1)): TicketCommand => ({
  type: 'TakeTicket',
  data: {},
  metadata: meta(actor, now),
});
const assign = (actor: Actor, to: Actor, now = at(1)): TicketCommand => ({
  type: 'AssignTicket',
  data: { assignee: assignee(to) },
  metadata: meta(actor, now),
});
const comment = (actor: Actor, text = 'Any news?', now = at(2)): TicketCommand => ({
  type: 'CommentTicket',
  data: { text, photo: null },
  metadata: meta(actor, now),
});
const prioritize = (actor: Actor, priority: Priority, now = at(2)): TicketCommand => ({
  type: 'ChangeTicketPriority',
  data: { priority },
  metadata: meta(actor, now),
});
const resolve = (actor: Actor = ivan, resolution = 'Replaced the lamp', now = at(3)): TicketCommand => ({
  type: 'ResolveTicket',
  data: { resolution },
  metadata: meta(actor, now),
});
const confirm = (actor: Actor = tanya, now = at(4)): TicketCommand => ({
  type: 'ConfirmResolution',
  data: {},
  metadata: meta(actor, now),
});
const autoClose = (actor: Actor = system, now = at(3 + 72)): TicketCommand => ({
  type: 'AutoCloseTicket',
  data: {},
  metadata: meta(actor, now),
});
const reopen = (actor: Actor = tanya, reason = 'Still dark', now = at(5)): TicketCommand => ({
  type: 'ReopenTicket',
  data: { reason },
  metadata: meta(actor, now),
});
const cancel = (actor: Actor = tanya, reason = 'Found a spare', now = at(1)): TicketCommand => ({
  type: 'CancelTicket',
  data: { reason },
  metadata: meta(actor, now),
});

/** Given these commands were accepted, when `command`, then the decision. */
const when = (given: TicketCommand[], command: TicketCommand) =>
  decideTicket(command, history(ticket, given).state, defaultPolicy);

describe('Ticket: transitions', () => {
  it.each([
    ['low', '2026-12-01T09:00:00.000Z'],
    ['normal', '2026-11-27T09:00:00.000Z'],
    ['high', '2026-11-25T09:00:00.000Z'],
    ['urgent', '2026-11-24T13:00:00.000Z'],
  ] as const)('OpenTicket at %s priority is due at %s', (priority, dueAt) => {
    const [event] = expectAccepted(
      when([], open(tanya, { priority, title: '  Tap leaks ', photos: [{ fileId: 'f', fileUniqueId: 'u' }] })),
    );
    expect(event).toEqual({
      type: 'TicketOpened',
      data: {
        number: 7,
        title: 'Tap leaks',
        description: 'No picture',
        category: 'it',
        location: '204',
        priority,
        photos: [{ fileId: 'f', fileUniqueId: 'u' }],
        authorId: '101',
        openedAt: T0,
        dueAt,
      },
    });
  });

  it('TakeTicket: a technician takes an open ticket, which is then in progress', () => {
    const events = expectAccepted(when([open()], take(ivan)));
    expect(events).toEqual([
      {
        type: 'TicketAssigned',
        data: {
          number: 7,
          assigneeId: '201',
          assignedBy: '201',
          previousAssigneeId: null,
          selfAssigned: true,
          assignedAt: at(1),
        },
      },
    ]);
    expect(history(ticket, [open(), take(ivan)]).state).toMatchObject({ status: 'in_progress', assigneeId: '201' });
  });

  it('TakeTicket: a category technician takes a ticket of their category', () => {
    expectAccepted(when([open(tanya, { category: 'maintenance' })], take(petr)));
  });

  it('AssignTicket: a deputy assigns an open ticket; the director reassigns it, naming the previous one', () => {
    expect(expectAccepted(when([open()], assign(deputy, ivan)))[0]).toMatchObject({
      type: 'TicketAssigned',
      data: { assigneeId: '201', assignedBy: '301', selfAssigned: false },
    });
    expect(expectAccepted(when([open(), take(ivan)], assign(director, petr)))[0]).toMatchObject({
      data: { assigneeId: '202', previousAssigneeId: '201' },
    });
    expectAccepted(when([open()], assign(admin, ivan)));
  });

  it.each([
    ['author', tanya],
    ['assignee', ivan],
    ['deputy', deputy],
    ['director', director],
    ['admin', admin],
  ] as const)('CommentTicket by the %s in every live state', (_, actor) => {
    // An open ticket has no assignee yet, so the assignee's case starts once it is taken.
    const states =
      actor === ivan
        ? [
            [open(), take()],
            [open(), take(), resolve()],
          ]
        : [[open()], [open(), take()], [open(), take(), resolve()]];
    for (const given of states) {
      const [event] = expectAccepted(when(given, comment(actor, ' Any news? ')));
      expect(event).toEqual({
        type: 'TicketCommented',
        data: {
          number: 7,
          authorId: actor.id,
          text: 'Any news?',
          photo: null,
          commentedAt: at(2),
          parties: { authorId: '101', assigneeId: given.length > 1 ? '201' : null },
        },
      });
    }
  });

  it('ChangeTicketPriority by the assignee or a deputy recomputes the due time from opening', () => {
    expect(expectAccepted(when([open(), take()], prioritize(ivan, 'urgent')))).toEqual([
      {
        type: 'TicketPriorityChanged',
        data: { number: 7, from: 'normal', to: 'urgent', changedBy: '201', changedAt: at(2), dueAt: at(4) },
      },
    ]);
    expectAccepted(when([open()], prioritize(deputy, 'low')));
  });

  it('ResolveTicket by the assignee; ConfirmResolution by the author closes it', () => {
    expect(expectAccepted(when([open(), take()], resolve()))).toEqual([
      {
        type: 'TicketResolved',
        data: { number: 7, resolvedBy: '201', resolution: 'Replaced the lamp', resolvedAt: at(3), authorId: '101' },
      },
    ]);
    expect(expectAccepted(when([open(), take(), resolve()], confirm()))).toEqual([
      { type: 'TicketClosed', data: { number: 7, closedBy: '101', auto: false, closedAt: at(4) } },
    ]);
  });

  it('AutoCloseTicket by the scheduler once AUTO_CLOSE_DAYS have passed since resolution', () => {
    expect(expectAccepted(when([open(), take(), resolve()], autoClose(system, at(3 + 72))))).toEqual([
      { type: 'TicketClosed', data: { number: 7, closedBy: 'system', auto: true, closedAt: at(75) } },
    ]);
  });

  it('ReopenTicket from resolved, and from closed within REOPEN_DAYS, goes back to the resolver with a fresh due time', () => {
    expect(expectAccepted(when([open(), take(), resolve()], reopen()))).toEqual([
      {
        type: 'TicketReopened',
        data: {
          number: 7,
          reopenedBy: '101',
          reason: 'Still dark',
          from: 'resolved',
          assigneeId: '201',
          reopenedAt: at(5),
          dueAt: at(5 + 72),
        },
      },
    ]);
    expect(
      expectAccepted(when([open(), take(), resolve(), confirm()], reopen(admin, 'Broke again', at(4 + 7 * 24 - 1))))[0],
    ).toMatchObject({ data: { from: 'closed' } });
    expect(history(ticket, [open(), take(), resolve(), confirm(), reopen()]).state).toMatchObject({
      status: 'in_progress',
      assigneeId: '201',
      reopenCount: 1,
    });
  });

  it('CancelTicket by the author while open, by an admin while in progress', () => {
    expect(expectAccepted(when([open()], cancel()))).toEqual([
      {
        type: 'TicketCancelled',
        data: {
          number: 7,
          cancelledBy: '101',
          reason: 'Found a spare',
          from: 'open',
          cancelledAt: at(1),
          parties: { authorId: '101', assigneeId: null },
        },
      },
    ]);
    expect(expectAccepted(when([open(), take()], cancel(admin, 'Duplicate', at(2))))[0]).toMatchObject({
      data: { from: 'in_progress', parties: { authorId: '101', assigneeId: '201' } },
    });
  });
});

describe('Ticket: refusals', () => {
  it.each([
    ['an auditor opens', [], open(auditor), 'not_permitted'],
    ['the scheduler opens', [], open(system), 'not_permitted'],
    ['a deactivated person opens', [], open(gone), 'actor_inactive'],
    ['someone not yet approved opens', [], open(guest), 'actor_pending'],
    ['the same number is opened twice', [open()], open(olga), 'already_exists'],
    ['the title is blank', [], open(tanya, { title: '   ' }), 'invalid_input'],
    ['the title is too long', [], open(tanya, { title: 'x'.repeat(201) }), 'invalid_input'],
    ['the number is not positive', [], open(tanya, { number: 0 }), 'invalid_input'],
    ['the category is unknown', [], open(tanya, { category: 'garden' }), 'category_not_allowed'],
    [
      'there are eleven photos',
      [],
      open(tanya, { photos: Array.from({ length: 11 }, () => ({ fileId: 'f', fileUniqueId: 'u' })) }),
      'invalid_input',
    ],
    ['a teacher takes', [open()], take(olga), 'not_permitted'],
    ['a deputy takes', [open()], take(deputy), 'not_permitted'],
    ['a technician takes a ticket already in progress', [open(), take(ivan)], take(petr), 'invalid_transition'],
    ['a maintenance technician takes an IT ticket', [open()], take(petr), 'category_not_allowed'],
    ['anyone takes a ticket that does not exist', [], take(ivan), 'not_found'],
    ['a teacher assigns', [open()], assign(olga, ivan), 'not_permitted'],
    ['a technician assigns', [open()], assign(ivan, petr), 'not_permitted'],
    ['a ticket is assigned to an auditor', [open()], assign(deputy, auditor), 'assignee_not_eligible'],
    ['a ticket is assigned to a deactivated person', [open()], assign(deputy, gone), 'assignee_not_eligible'],
    ['a ticket is assigned to its assignee again', [open(), take(ivan)], assign(deputy, ivan), 'no_change'],
    ['a resolved ticket is assigned', [open(), take(), resolve()], assign(deputy, petr), 'invalid_transition'],
    ['a stranger comments', [open()], comment(olga), 'not_permitted'],
    ['a technician who is not the assignee comments', [open(), take(ivan)], comment(petr), 'not_permitted'],
    [
      'someone comments on a closed ticket',
      [open(), take(), resolve(), confirm()],
      comment(tanya),
      'invalid_transition',
    ],
    ['someone comments on a cancelled ticket', [open(), cancel()], comment(deputy), 'invalid_transition'],
    ['a comment is blank', [open()], comment(tanya, ' '), 'invalid_input'],
    ['the author changes the priority', [open()], prioritize(tanya, 'urgent'), 'not_permitted'],
    ['the priority is set to what it is', [open()], prioritize(deputy, 'normal'), 'no_change'],
    [
      'the priority of a resolved ticket changes',
      [open(), take(), resolve()],
      prioritize(deputy, 'high'),
      'invalid_transition',
    ],
    ["a deputy resolves someone else's ticket", [open(), take()], resolve(deputy), 'not_permitted'],
    ['an open ticket is resolved (nobody is its assignee)', [open()], resolve(ivan), 'not_permitted'],
    ['a resolved ticket is resolved again', [open(), take(), resolve()], resolve(ivan), 'invalid_transition'],
    ['the resolution is blank', [open(), take()], resolve(ivan, ''), 'invalid_input'],
    ['someone else confirms', [open(), take(), resolve()], confirm(olga), 'not_permitted'],
    ['the author confirms before it is resolved', [open(), take()], confirm(tanya), 'invalid_transition'],
    ['a person auto-closes', [open(), take(), resolve()], autoClose(admin), 'not_permitted'],
    [
      'the scheduler auto-closes too early',
      [open(), take(), resolve()],
      autoClose(system, at(3 + 71)),
      'auto_close_not_due',
    ],
    ['the scheduler auto-closes an unresolved ticket', [open(), take()], autoClose(system), 'invalid_transition'],
    ['a stranger reopens', [open(), take(), resolve()], reopen(olga), 'not_permitted'],
    ['the assignee reopens', [open(), take(), resolve()], reopen(ivan), 'not_permitted'],
    ['a reopen gives no reason', [open(), take(), resolve()], reopen(tanya, '  '), 'reason_required'],
    ['an open ticket is reopened', [open()], reopen(tanya), 'invalid_transition'],
    ['a cancelled ticket is reopened', [open(), cancel()], reopen(admin), 'invalid_transition'],
    [
      'a closed ticket is reopened after REOPEN_DAYS',
      [open(), take(), resolve(), confirm()],
      reopen(tanya, 'Again', at(4 + 7 * 24)),
      'reopen_window_passed',
    ],
    ['the author cancels a ticket in progress', [open(), take()], cancel(tanya), 'not_permitted'],
    ['a stranger cancels', [open()], cancel(olga), 'not_permitted'],
    ['a deputy cancels', [open()], cancel(deputy), 'not_permitted'],
    ['a cancel gives no reason', [open()], cancel(tanya, ''), 'reason_required'],
    ['an admin cancels a closed ticket', [open(), take(), resolve(), confirm()], cancel(admin), 'invalid_transition'],
    ['an admin cancels a resolved ticket', [open(), take(), resolve()], cancel(admin), 'invalid_transition'],
    ['a deactivated assignee resolves', [open(), take()], resolve({ ...ivan, active: false }), 'actor_inactive'],
  ] as const)('refused when %s', (_, given, command, code) => {
    expectRefused(when([...given], command), code);
  });

  it('the refusal says why, with details, and is a value rather than an exception', () => {
    const decision = when([open(), take(), resolve(), confirm()], reopen(tanya, 'Again', at(4 + 7 * 24)));
    expect(decision).toEqual({
      ok: false,
      refusal: {
        code: 'reopen_window_passed',
        message: 'closed too long ago to reopen',
        details: { windowEnds: at(4 + 7 * 24) },
      },
    });
  });
});

describe('Ticket: the school policy comes from configuration', () => {
  const policy = policyFromDays({ reopenDays: 1, autoCloseDays: 0, categories: ['it', 'garden'] });
  const given = (commands: TicketCommand[]) => history(ticket, commands).state;

  it("REOPEN_DAYS and AUTO_CLOSE_DAYS are the policy's, and so are the categories", () => {
    const closed = given([open(), take(), resolve(), confirm()]);
    expectAccepted(decideTicket(reopen(tanya, 'Again', at(4 + 23)), closed, policy));
    expectRefused(decideTicket(reopen(tanya, 'Again', at(4 + 24)), closed, policy), 'reopen_window_passed');
    expectAccepted(decideTicket(autoClose(system, at(3)), given([open(), take(), resolve()]), policy));
    expectAccepted(decideTicket(open(tanya, { category: 'garden' }), initialTicketState, policy));
    expectRefused(
      decideTicket(open(tanya, { category: 'cleaning' }), initialTicketState, policy),
      'category_not_allowed',
    );
  });
});
