// The ticket's rules, one spec each: given what happened to the ticket, when someone acts, then what happens.
import { describe, expect, it } from 'vitest';
import type { Actor, Priority, TicketCommand, TicketEvent, TicketEventOf } from '../../../domain/index.js';
import {
  addMs,
  decideTicket,
  defaultPolicy,
  evolveTicket,
  foldTicket,
  initialTicketState,
  policyFromDays,
} from '../../../domain/index.js';
import { at, assignee, meta, people, specOf, T0 } from './fixtures.js';

const { tanya, olga, ivan, petr, deputy, director, auditor, admin, gone, guest, system } = people;
const { given } = specOf({
  decide: (c: TicketCommand, s) => decideTicket(c, s, defaultPolicy),
  evolve: evolveTicket,
  initialState: initialTicketState,
});

// ---- What happened (given): ticket №7, opened by Tanya at T0, normal priority, due three days later.
type Data<T extends TicketEvent['type']> = TicketEventOf<T>['data'];
const opened = (data: Partial<Data<'TicketOpened'>> = {}): TicketEvent => ({
  type: 'TicketOpened',
  data: {
    number: 7,
    title: 'Projector dead',
    description: 'No picture',
    category: 'it',
    location: '204',
    priority: 'normal',
    photos: [],
    authorId: tanya.id,
    openedAt: T0,
    dueAt: at(72),
    ...data,
  },
});
const assigned = (to: Actor = ivan, when = at(1), by: Actor = to, previous: string | null = null): TicketEvent => ({
  type: 'TicketAssigned',
  data: {
    number: 7,
    assigneeId: to.id,
    assignedBy: by.id,
    previousAssigneeId: previous,
    selfAssigned: to === by,
    assignedAt: when,
    authorId: tanya.id,
  },
});
const commented = (by: Actor = tanya, when = at(2)): TicketEvent => ({
  type: 'TicketCommented',
  data: { number: 7, authorId: by.id, text: 'Any news?', photo: null, commentedAt: when },
});
const resolved = (when = at(3), by: Actor = ivan): TicketEvent => ({
  type: 'TicketResolved',
  data: { number: 7, resolvedBy: by.id, resolution: 'Replaced the lamp', resolvedAt: when, authorId: tanya.id },
});
const closed = (when = at(4), auto = false): TicketEvent => ({
  type: 'TicketClosed',
  data: { number: 7, closedBy: auto ? system.id : tanya.id, auto, closedAt: when },
});
const reopened = (when = at(5), data: Partial<Data<'TicketReopened'>> = {}): TicketEvent => ({
  type: 'TicketReopened',
  data: {
    number: 7,
    reopenedBy: tanya.id,
    reason: 'Still dark',
    from: 'resolved',
    assigneeId: ivan.id,
    reopenedAt: when,
    dueAt: at(5 + 72),
    ...data,
  },
});
const cancelled = (when = at(1)): TicketEvent => ({
  type: 'TicketCancelled',
  data: { number: 7, cancelledBy: tanya.id, reason: 'Found a spare', from: 'open', cancelledAt: when },
});
const inProgress = [opened(), assigned()];
const isResolved = [...inProgress, resolved()];
const isClosed = [...isResolved, closed()];

// ---- What someone does (when).
const open = (actor: Actor = tanya, data: Partial<Extract<TicketCommand, { type: 'OpenTicket' }>['data']> = {}, now = T0) =>
  ({
    type: 'OpenTicket',
    data: {
      number: 7,
      title: 'Projector dead',
      description: 'No picture',
      category: 'it',
      location: '204',
      priority: 'normal',
      photos: [],
      ...data,
    },
    metadata: meta(actor, now),
  }) satisfies TicketCommand;
const take = (actor: Actor = ivan, now = at(1)): TicketCommand => ({ type: 'TakeTicket', data: {}, metadata: meta(actor, now) });
const assign = (actor: Actor, to: ReturnType<typeof assignee>, now = at(1)): TicketCommand => ({
  type: 'AssignTicket',
  data: { assignee: to },
  metadata: meta(actor, now),
});
const comment = (actor: Actor, text = 'Any news?', now = at(2), photo: { fileId: string; fileUniqueId: string } | null = null) =>
  ({ type: 'CommentTicket', data: { text, photo }, metadata: meta(actor, now) }) satisfies TicketCommand;
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

const photo = { fileId: 'AgACAgIAAxkBAAIBZ2Vh', fileUniqueId: 'AQADx7gxG1' };
const photos = (n: number) => Array.from({ length: n }, (_, i) => ({ fileId: `file-${i}`, fileUniqueId: `u-${i}` }));
const x = (n: number) => 'x'.repeat(n);
/** Hours after T0, one millisecond earlier. */
const addHoursMinusMs = (hours: number): string => addMs(at(hours), -1);

describe('Ticket: opening', () => {
  // The SLA defaults on the default policy's round-the-clock calendar, where a school day is 24 hours.
  it.each([
    ['low', at(5 * 24), at(2 * 24)],
    ['normal', at(3 * 24), at(24)],
    ['high', at(24), at(2)],
    ['urgent', at(4), at(0.5)],
  ] as const)('OpenTicket at %s priority is due at %s, to be taken by %s', (priority, dueAt, respondBy) => {
    given()
      .when(
        open(
          tanya,
          { priority, title: '  Tap leaks ', description: ' Under the sink\n', location: ' 204 ', photos: [photo] },
          '2026-11-24T12:00:00+03:00',
        ),
      )
      .then({
        type: 'TicketOpened',
        data: {
          number: 7,
          title: 'Tap leaks',
          description: 'Under the sink',
          category: 'it',
          location: '204',
          priority,
          photos: [photo],
          authorId: tanya.id,
          openedAt: T0,
          dueAt,
          respondBy,
        },
      });
  });

  it('an opened ticket is open, unassigned, with its clock started at opening', () => {
    expect(given().when(open(tanya, { priority: 'high' })).then(opened({ priority: 'high', dueAt: at(24), respondBy: at(2) }))).toEqual({
      status: 'open',
      number: 7,
      title: 'Projector dead',
      category: 'it',
      priority: 'high',
      authorId: tanya.id,
      assigneeId: null,
      openedAt: T0,
      clockStartedAt: T0,
      dueAt: at(24),
      respondBy: at(2),
      escalations: [],
      resolvedAt: null,
      closedAt: null,
      reopenCount: 0,
      commentCount: 0,
      resolvedBy: null,
      waiting: null,
      rating: null,
      followers: [],
      mergedInto: null,
      absorbed: [],
      // Its place («204») names the room.
      room: '204',
    });
  });

  it('what a person may type is accepted up to the limit: a 200-character title and location, 4000 of description, 10 photos', () => {
    const [event] = given()
      .when(open(tanya, { title: ` ${x(200)} `, description: ` ${x(4000)} `, location: ` ${x(200)} `, photos: photos(10), number: 1 }))
      .thenAccepted();
    expect(event?.data).toMatchObject({ number: 1, title: x(200), description: x(4000), location: x(200) });
  });

  it('the description and the location may be left empty', () => {
    const [event] = given().when(open(tanya, { description: '  ', location: '' })).thenAccepted();
    expect(event?.data).toMatchObject({ description: '', location: '' });
  });

  it.each([
    ['an auditor opens', open(auditor), 'not_permitted', { role: 'auditor' }],
    ['the scheduler opens', open(system), 'not_permitted', { role: 'system' }],
    ['a deactivated person opens', open(gone), 'actor_inactive', { actorId: gone.id }],
    ['someone not yet approved opens', open(guest), 'actor_pending', { actorId: guest.id }],
    ['the title is blank', open(tanya, { title: '   ' }), 'invalid_input', { field: 'title' }],
    ['the title is too long', open(tanya, { title: x(201) }), 'invalid_input', { field: 'title', max: 200 }],
    ['the description is too long', open(tanya, { description: x(4001) }), 'invalid_input', { field: 'description', max: 4000 }],
    ['the location is too long', open(tanya, { location: x(201) }), 'invalid_input', { field: 'location', max: 200 }],
    ['the number is 0', open(tanya, { number: 0 }), 'invalid_input', { field: 'number' }],
    ['the number is negative', open(tanya, { number: -3 }), 'invalid_input', { field: 'number' }],
    ['the number is not whole', open(tanya, { number: 1.5 }), 'invalid_input', { field: 'number' }],
    ['the category is unknown', open(tanya, { category: 'garden' }), 'category_not_allowed', { category: 'garden' }],
    ['there are eleven photos', open(tanya, { photos: photos(11) }), 'invalid_input', { field: 'photos', max: 10 }],
  ] as const)('refused when %s', (_, command, code, details) => {
    given().when(command).thenRefused(code, details);
  });

  it('refused when the same number is opened twice', () => {
    given(opened()).when(open(olga)).thenRefused('already_exists', { number: 7 });
  });
});

describe('Ticket: taking and assigning', () => {
  it('TakeTicket: a technician takes an open ticket, which is then in progress', () => {
    const state = given(opened())
      .when(take(ivan, '2026-11-24T13:00:00+03:00'))
      .then({
        type: 'TicketAssigned',
        data: {
          number: 7,
          assigneeId: ivan.id,
          assignedBy: ivan.id,
          previousAssigneeId: null,
          selfAssigned: true,
          assignedAt: at(1),
          authorId: tanya.id,
        },
      });
    expect(state).toMatchObject({ status: 'in_progress', assigneeId: ivan.id });
  });

  it('TakeTicket: a category technician takes a ticket of their category', () => {
    given(opened({ category: 'maintenance' })).when(take(petr)).thenAccepted();
  });

  it('AssignTicket: a deputy assigns an open ticket; the director reassigns it, naming the previous one', () => {
    given(opened())
      .when(assign(deputy, assignee(ivan)))
      .then(assigned(ivan, at(1), deputy));
    const state = given(...inProgress)
      .when(assign(director, assignee(petr), at(2)))
      .then(assigned(petr, at(2), director, ivan.id));
    expect(state).toMatchObject({ status: 'in_progress', assigneeId: petr.id });
    given(opened()).when(assign(admin, assignee(ivan))).thenAccepted();
  });

  it('AssignTicket: a deputy who assigns the ticket to themselves is recorded as having taken it', () => {
    given(opened())
      .when(assign(deputy, assignee(deputy)))
      .then(assigned(deputy, at(1), deputy));
  });

  it.each([
    ['a teacher takes', [opened()], take(olga), 'not_permitted', { actorId: olga.id, role: 'teacher' }],
    ['a deputy takes', [opened()], take(deputy), 'not_permitted', { actorId: deputy.id, role: 'deputy' }],
    [
      'a technician takes a ticket already in progress',
      inProgress,
      take(petr),
      'invalid_transition',
      { status: 'in_progress', command: 'take' },
    ],
    ['a maintenance technician takes an IT ticket', [opened()], take(petr), 'category_not_allowed', { category: 'it' }],
    ['anyone takes a ticket that does not exist', [], take(ivan), 'not_found', {}],
    ['a deactivated technician takes a ticket that does not exist', [], take(gone), 'actor_inactive', { actorId: gone.id }],
    ['a teacher assigns', [opened()], assign(olga, assignee(ivan)), 'not_permitted', { actorId: olga.id, role: 'teacher' }],
    ['a technician assigns', [opened()], assign(ivan, assignee(petr)), 'not_permitted', { actorId: ivan.id, role: 'technician' }],
    [
      'a ticket is assigned to an auditor',
      [opened()],
      assign(deputy, assignee(auditor)),
      'assignee_not_eligible',
      { assigneeId: auditor.id, role: 'auditor', active: true },
    ],
    [
      'a ticket is assigned to a deactivated person',
      [opened()],
      assign(deputy, assignee(gone)),
      'assignee_not_eligible',
      { assigneeId: gone.id, role: 'technician', active: false },
    ],
    [
      'a ticket is assigned to someone not yet approved',
      [opened()],
      assign(deputy, { id: '702', role: 'guest', active: true }),
      'assignee_not_eligible',
      { assigneeId: '702', role: 'guest', active: true },
    ],
    ['a ticket is assigned to its assignee again', inProgress, assign(deputy, assignee(ivan)), 'no_change', { assigneeId: ivan.id }],
    [
      'a resolved ticket is assigned',
      isResolved,
      assign(deputy, assignee(petr)),
      'invalid_transition',
      { status: 'resolved', command: 'assign' },
    ],
    ['a ticket that does not exist is assigned', [], assign(deputy, assignee(ivan)), 'not_found', {}],
  ] as const)('refused when %s', (_, history, command, code, details) => {
    given(...history).when(command).thenRefused(code, details);
  });
});

describe('Ticket: comments and priority', () => {
  it.each([
    ['author', tanya],
    ['assignee', ivan],
    ['deputy', deputy],
    ['director', director],
    ['admin', admin],
  ] as const)('CommentTicket by the %s in every live state', (_, actor) => {
    // An open ticket has no assignee yet, so the assignee's case starts once it is taken.
    const histories = actor === ivan ? [inProgress, isResolved] : [[opened()], inProgress, isResolved];
    for (const history of histories) {
      given(...history)
        .when(comment(actor, ' Any news? '))
        .then({
          type: 'TicketCommented',
          data: {
            number: 7,
            authorId: actor.id,
            text: 'Any news?',
            photo: null,
            commentedAt: at(2),
            parties: { authorId: tanya.id, assigneeId: history.length > 1 ? ivan.id : null },
          },
        });
    }
  });

  it('a comment may carry a photo and may be 4000 characters long; each comment is counted', () => {
    const [event] = given(opened()).when(comment(tanya, x(4000), at(2), photo)).thenAccepted();
    expect(event?.data).toMatchObject({ text: x(4000), photo });
    expect(foldTicket([opened(), commented(), commented(ivan, at(3))])).toMatchObject({ commentCount: 2 });
  });

  it('ChangeTicketPriority by the assignee or a deputy recomputes the due time from opening', () => {
    const state = given(...inProgress)
      .when(prioritize(ivan, 'urgent'))
      .then({
        type: 'TicketPriorityChanged',
        data: {
          number: 7,
          from: 'normal',
          to: 'urgent',
          changedBy: ivan.id,
          changedAt: at(2),
          dueAt: at(4),
          respondBy: at(0.5),
          parties: { authorId: tanya.id, assigneeId: ivan.id },
        },
      });
    expect(state).toMatchObject({ priority: 'urgent', dueAt: at(4), status: 'in_progress' });
    given(opened()).when(prioritize(deputy, 'low')).thenAccepted();
  });

  it('ChangeTicketPriority after a reopen counts from the reopening, not from the opening', () => {
    const [event] = given(...isResolved, reopened(at(5)))
      .when(prioritize(deputy, 'urgent', at(6)))
      .thenAccepted();
    expect(event?.data).toMatchObject({ from: 'normal', to: 'urgent', dueAt: at(5 + 4) });
  });

  it.each([
    ['a stranger comments', [opened()], comment(olga), 'not_permitted', { actorId: olga.id, role: 'teacher' }],
    ['a technician who is not the assignee comments', inProgress, comment(petr), 'not_permitted', { actorId: petr.id, role: 'technician' }],
    ['someone comments on a closed ticket', isClosed, comment(tanya), 'invalid_transition', { status: 'closed', command: 'comment' }],
    ['someone comments on a cancelled ticket', [opened(), cancelled()], comment(deputy), 'invalid_transition', { status: 'cancelled', command: 'comment' }],
    ['a comment is blank', [opened()], comment(tanya, ' \n '), 'invalid_input', { field: 'text' }],
    ['a comment is too long', [opened()], comment(tanya, x(4001)), 'invalid_input', { field: 'text', max: 4000 }],
    ['someone comments on a ticket that does not exist', [], comment(tanya), 'not_found', {}],
    ['the author changes the priority', [opened()], prioritize(tanya, 'urgent'), 'not_permitted', { actorId: tanya.id, role: 'teacher' }],
    ['the priority is set to what it is', [opened()], prioritize(deputy, 'normal'), 'no_change', {}],
    [
      'the priority of a resolved ticket changes',
      isResolved,
      prioritize(deputy, 'high'),
      'invalid_transition',
      { status: 'resolved', command: 'change priority' },
    ],
    ['the priority of a ticket that does not exist changes', [], prioritize(deputy, 'high'), 'not_found', {}],
  ] as const)('refused when %s', (_, history, command, code, details) => {
    given(...history).when(command).thenRefused(code, details);
  });
});

describe('Ticket: resolving and closing', () => {
  it('ResolveTicket by the assignee; ConfirmResolution by the author closes it', () => {
    const resolvedState = given(...inProgress)
      .when(resolve(ivan, ' Replaced the lamp '))
      .then(resolved());
    expect(resolvedState).toMatchObject({ status: 'resolved', resolvedAt: at(3) });
    const closedState = given(...isResolved)
      .when(confirm())
      .then({
        type: 'TicketClosed',
        data: { number: 7, closedBy: tanya.id, auto: false, closedAt: at(4), parties: { authorId: tanya.id, assigneeId: ivan.id } },
      });
    expect(closedState).toMatchObject({ status: 'closed', closedAt: at(4) });
  });

  it('AutoCloseTicket by the scheduler once AUTO_CLOSE_DAYS have passed since resolution (not since opening)', () => {
    given(...isResolved)
      .when(autoClose(system, at(3 + 72)))
      .then({
        type: 'TicketClosed',
        data: {
          number: 7,
          closedBy: 'system',
          auto: true,
          closedAt: at(75),
          parties: { authorId: tanya.id, assigneeId: ivan.id },
          // The author may still reopen it for REOPEN_DAYS (7) after the auto-close.
          reopenableUntil: at(75 + 7 * 24),
        },
      });
    given(...isResolved)
      .when(autoClose(system, addHoursMinusMs(3 + 72)))
      .thenRefused('auto_close_not_due', { closesAt: at(75) });
  });

  it.each([
    ["a deputy resolves someone else's ticket", inProgress, resolve(deputy), 'not_permitted', { actorId: deputy.id, role: 'deputy' }],
    ['an open ticket is resolved (nobody is its assignee)', [opened()], resolve(ivan), 'not_permitted', { actorId: ivan.id, role: 'technician' }],
    ['a resolved ticket is resolved again', isResolved, resolve(ivan), 'invalid_transition', { status: 'resolved', command: 'resolve' }],
    ['the resolution is blank', inProgress, resolve(ivan, ''), 'invalid_input', { field: 'resolution' }],
    ['the resolution is too long', inProgress, resolve(ivan, x(4001)), 'invalid_input', { field: 'resolution', max: 4000 }],
    ['a deactivated assignee resolves', inProgress, resolve({ ...ivan, active: false }), 'actor_inactive', { actorId: ivan.id }],
    ['a ticket that does not exist is resolved', [], resolve(ivan), 'not_found', {}],
    ['someone else confirms', isResolved, confirm(olga), 'not_permitted', { actorId: olga.id, role: 'teacher' }],
    ['the author confirms before it is resolved', inProgress, confirm(tanya), 'invalid_transition', { status: 'in_progress', command: 'confirm' }],
    ['a ticket that does not exist is confirmed', [], confirm(tanya), 'not_found', {}],
    ['a person auto-closes', isResolved, autoClose(admin), 'not_permitted', { actorId: admin.id }],
    ['a person auto-closes a ticket that does not exist', [], autoClose(admin), 'not_permitted', { actorId: admin.id }],
    ['the scheduler auto-closes a ticket that does not exist', [], autoClose(system), 'not_found', {}],
    ['the scheduler auto-closes an unresolved ticket', inProgress, autoClose(system), 'invalid_transition', { status: 'in_progress', command: 'auto-close' }],
    ['the scheduler auto-closes a closed ticket', isClosed, autoClose(system, at(200)), 'invalid_transition', { status: 'closed', command: 'auto-close' }],
  ] as const)('refused when %s', (_, history, command, code, details) => {
    given(...history).when(command).thenRefused(code, details);
  });
});

describe('Ticket: reopening and cancelling', () => {
  it('ReopenTicket from resolved goes back to the resolver with a fresh due time from now', () => {
    const state = given(...isResolved)
      .when(reopen(tanya, ' Still dark '))
      .then({
        type: 'TicketReopened',
        data: {
          number: 7,
          reopenedBy: tanya.id,
          reason: 'Still dark',
          from: 'resolved',
          assigneeId: ivan.id,
          reopenedAt: at(5),
          dueAt: at(5 + 72),
          authorId: tanya.id,
        },
      });
    expect(state).toMatchObject({
      status: 'in_progress',
      assigneeId: ivan.id,
      clockStartedAt: at(5),
      dueAt: at(5 + 72),
      resolvedAt: null,
      closedAt: null,
      reopenCount: 1,
    });
  });

  it('a resolved ticket may be reopened however long ago it was resolved (the window is for closed ones)', () => {
    given(...isResolved)
      .when(reopen(tanya, 'Still dark', at(3 + 30 * 24)))
      .thenAccepted();
  });

  it('a closed ticket reopens until REOPEN_DAYS after closing, not a millisecond later', () => {
    const [event] = given(...isClosed)
      .when(reopen(admin, 'Broke again', addHoursMinusMs(4 + 7 * 24)))
      .thenAccepted();
    expect(event?.data).toMatchObject({ from: 'closed', reopenedBy: admin.id, assigneeId: ivan.id });
    expect(foldTicket([...isClosed, reopened(at(6), { from: 'closed' })])).toMatchObject({
      status: 'in_progress',
      closedAt: null,
      reopenCount: 1,
    });
  });

  it('the refusal says why, with details, and is a value rather than an exception', () => {
    const decision = given(...isClosed).when(reopen(tanya, 'Again', at(4 + 7 * 24))).decision;
    expect(decision).toEqual({
      ok: false,
      refusal: {
        code: 'reopen_window_passed',
        message: 'closed too long ago to reopen',
        details: { windowEnds: at(4 + 7 * 24) },
      },
    });
  });

  it('a reopen recorded with another assignee gives it to them; one recorded without keeps the assignee', () => {
    expect(foldTicket([...isResolved, reopened(at(5), { assigneeId: petr.id })])).toMatchObject({ assigneeId: petr.id });
    expect(foldTicket([...isResolved, reopened(at(5), { assigneeId: null })])).toMatchObject({ assigneeId: ivan.id });
  });

  it('CancelTicket by the author while open, by an admin while in progress', () => {
    const state = given(opened())
      .when(cancel(tanya, ' Found a spare '))
      .then({
        type: 'TicketCancelled',
        data: {
          number: 7,
          cancelledBy: tanya.id,
          reason: 'Found a spare',
          from: 'open',
          cancelledAt: at(1),
          parties: { authorId: tanya.id, assigneeId: null },
        },
      });
    expect(state).toMatchObject({ status: 'cancelled' });
    given(...inProgress)
      .when(cancel(admin, 'Duplicate', at(2)))
      .then({
        type: 'TicketCancelled',
        data: {
          number: 7,
          cancelledBy: admin.id,
          reason: 'Duplicate',
          from: 'in_progress',
          cancelledAt: at(2),
          parties: { authorId: tanya.id, assigneeId: ivan.id },
        },
      });
    given(opened()).when(cancel(admin)).thenAccepted();
  });

  it.each([
    ['a stranger reopens', isResolved, reopen(olga), 'not_permitted', { actorId: olga.id, role: 'teacher' }],
    ['the assignee reopens', isResolved, reopen(ivan), 'not_permitted', { actorId: ivan.id, role: 'technician' }],
    ['a reopen gives no reason', isResolved, reopen(tanya, '  '), 'reason_required', {}],
    ['a reopen gives too long a reason', isResolved, reopen(tanya, x(4001)), 'invalid_input', { field: 'reason', max: 4000 }],
    ['an open ticket is reopened', [opened()], reopen(tanya), 'invalid_transition', { status: 'open', command: 'reopen' }],
    ['a cancelled ticket is reopened', [opened(), cancelled()], reopen(admin), 'invalid_transition', { status: 'cancelled', command: 'reopen' }],
    ['a closed ticket is reopened after REOPEN_DAYS', isClosed, reopen(tanya, 'Again', at(4 + 7 * 24)), 'reopen_window_passed', { windowEnds: at(4 + 7 * 24) }],
    ['a ticket that does not exist is reopened', [], reopen(tanya), 'not_found', {}],
    ['the author cancels a ticket in progress', inProgress, cancel(tanya), 'not_permitted', { actorId: tanya.id, role: 'teacher' }],
    ['a stranger cancels', [opened()], cancel(olga), 'not_permitted', { actorId: olga.id, role: 'teacher' }],
    ['a deputy cancels', [opened()], cancel(deputy), 'not_permitted', { actorId: deputy.id, role: 'deputy' }],
    ['a cancel gives no reason', [opened()], cancel(tanya, ''), 'reason_required', {}],
    ['an admin cancels a closed ticket', isClosed, cancel(admin), 'invalid_transition', { status: 'closed', command: 'cancel' }],
    ['an admin cancels a resolved ticket', isResolved, cancel(admin), 'invalid_transition', { status: 'resolved', command: 'cancel' }],
    ['a ticket that does not exist is cancelled', [], cancel(tanya), 'not_found', {}],
  ] as const)('refused when %s', (_, history, command, code, details) => {
    given(...history).when(command).thenRefused(code, details);
  });
});

describe('Ticket: the fold', () => {
  it('a fact about a ticket that was never opened changes nothing', () => {
    for (const event of [assigned(), commented(), resolved(), closed(), reopened(), cancelled()]) {
      expect(evolveTicket(initialTicketState, event)).toBe(initialTicketState);
    }
    expect(foldTicket([])).toEqual({ status: 'none' });
  });
});

describe('Ticket: the school policy comes from configuration', () => {
  const policy = policyFromDays({ reopenDays: 1, autoCloseDays: 0, categories: ['it', 'garden'] });
  const withPolicy = specOf({
    decide: (c: TicketCommand, s) => decideTicket(c, s, policy),
    evolve: evolveTicket,
    initialState: initialTicketState,
  });

  it("REOPEN_DAYS and AUTO_CLOSE_DAYS are the policy's, and so are the categories", () => {
    withPolicy.given(...isClosed).when(reopen(tanya, 'Again', at(4 + 23))).thenAccepted();
    withPolicy.given(...isClosed).when(reopen(tanya, 'Again', at(4 + 24))).thenRefused('reopen_window_passed');
    withPolicy.given(...isResolved).when(autoClose(system, at(3))).thenAccepted();
    withPolicy.given().when(open(tanya, { category: 'garden' })).thenAccepted();
    withPolicy.given().when(open(tanya, { category: 'cleaning' })).thenRefused('category_not_allowed');
  });

  it('without configured categories the default ones apply; the due times stay the defaults', () => {
    const days = policyFromDays({ reopenDays: 2, autoCloseDays: 5 });
    expect(days).toEqual({ ...defaultPolicy, reopenWindowMs: 2 * 24 * 3600_000, autoCloseAfterMs: 5 * 24 * 3600_000 });
    expect(defaultPolicy.categories).toEqual(['it', 'equipment', 'maintenance', 'cleaning', 'safety', 'other']);
  });
});

describe('Ticket: what the log reads', () => {
  it('a refusal for a ticket that does not exist, or a number taken, names the ticket', () => {
    expect(given().when(take(ivan)).thenRefused('not_found').message).toBe('no ticket');
    expect(given(opened()).when(open(olga)).thenRefused('already_exists').message).toBe('ticket №7 exists');
  });
});
