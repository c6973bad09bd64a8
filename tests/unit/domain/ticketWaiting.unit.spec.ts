// Waiting on the author (issue 14, item 5) and the author's rating (item 6), on a real school calendar:
// Moscow, Monday–Friday, 08:00–18:00. 3 December 2026 is a Thursday.
import { describe, expect, it } from 'vitest';
import type { Actor, TicketCommand, TicketEvent, TicketEventOf } from '../../../domain/index.js';
import { decideTicket, evolveTicket, initialTicketState, policyFromDays } from '../../../domain/index.js';
import { schoolCalendar } from '../../../domain/calendar/index.js';
import { meta, people, specOf } from './fixtures.js';

const { tanya, olga, ivan, petr, deputy, system } = people;
const calendar = schoolCalendar({ zone: 'Europe/Moscow', week: 5, hours: { open: 8 * 60, close: 18 * 60 } });
const policy = { ...policyFromDays({ reopenDays: 7, autoCloseDays: 3, calendar }), waitingRemindDays: 3, waitingCloseDays: 5 };
const { given } = specOf({
  decide: (c: TicketCommand, s) => decideTicket(c, s, policy),
  evolve: evolveTicket,
  initialState: initialTicketState,
});

/** A Moscow wall-clock moment as UTC ISO (Moscow is UTC+3 all year). */
const msk = (date: string, time: string): string => new Date(`${date}T${time}:00+03:00`).toISOString();

type Data<T extends TicketEvent['type']> = TicketEventOf<T>['data'];
const opened = (dueAt = msk('2026-12-04', '16:00')): TicketEvent => ({
  type: 'TicketOpened',
  data: {
    number: 7,
    title: 'Projector dead',
    description: '',
    category: 'it',
    location: '204',
    priority: 'normal',
    photos: [],
    authorId: tanya.id,
    openedAt: msk('2026-12-03', '10:00'),
    dueAt,
  },
});
const taken: TicketEvent = {
  type: 'TicketAssigned',
  data: { number: 7, assigneeId: ivan.id, assignedBy: ivan.id, previousAssigneeId: null, selfAssigned: true, assignedAt: msk('2026-12-03', '10:30'), authorId: tanya.id },
};
const parties = { authorId: tanya.id, assigneeId: ivan.id };
const asked = (askedAt: string, data: Partial<Data<'TicketInfoRequested'>> = {}): TicketEvent => ({
  type: 'TicketInfoRequested',
  data: { number: 7, question: 'Which room?', askedBy: ivan.id, askedAt, from: 'in_progress', parties, ...data },
});
const reminded = (remindedAt: string): TicketEvent => ({
  type: 'TicketInfoReminded',
  data: { number: 7, askedAt: msk('2026-12-03', '12:00'), remindedAt, closesAt: msk('2026-12-15', '12:00'), authorId: tanya.id },
});
const resolved = (resolvedAt: string): TicketEvent => ({
  type: 'TicketResolved',
  data: { number: 7, resolvedBy: ivan.id, resolution: 'Replaced the lamp', resolvedAt, authorId: tanya.id },
});
const confirmed = (closedAt: string): TicketEvent => ({
  type: 'TicketClosed',
  data: { number: 7, closedBy: tanya.id, auto: false, closedAt, parties },
});
const rated = (ratedAt: string, rating: number, resolvedAt: string, extra: Partial<Data<'TicketRated'>> = {}): TicketEvent => ({
  type: 'TicketRated',
  data: { number: 7, rating, ratedBy: tanya.id, ratedAt, resolvedAt, resolvedBy: ivan.id, category: 'it', ...extra },
});

const ask = (by: Actor, now: string, question = 'Which room?'): TicketCommand => ({ type: 'RequestTicketInfo', data: { question }, metadata: meta(by, now) });
const answer = (by: Actor, now: string, text = 'Room 204'): TicketCommand => ({ type: 'ProvideTicketInfo', data: { answer: text }, metadata: meta(by, now) });
const resume = (by: Actor, now: string): TicketCommand => ({ type: 'ResumeTicket', data: {}, metadata: meta(by, now) });
const remind = (now: string): TicketCommand => ({ type: 'RemindTicketAuthor', data: {}, metadata: meta(system, now) });
const closeUnanswered = (now: string): TicketCommand => ({ type: 'CloseUnansweredTicket', data: {}, metadata: meta(system, now) });
const rate = (now: string, rating: number, comment?: string, by: Actor = tanya): TicketCommand => ({
  type: 'RateTicket',
  data: { rating, ...(comment === undefined ? {} : { comment }) },
  metadata: meta(by, now),
});

describe('asking the author', () => {
  it('the technician on the ticket asks; the ticket waits on the author and remembers where it was', () => {
    const state = given(opened(), taken).when(ask(ivan, msk('2026-12-04', '12:00'))).then(asked(msk('2026-12-04', '12:00')));
    expect(state).toMatchObject({ status: 'waiting', waiting: { askedBy: ivan.id, from: 'in_progress', remindedAt: null } });
  });

  it('a manager asks about a ticket nobody took yet; the answer brings it back to open', () => {
    const afterAsk = given(opened())
      .when(ask(deputy, msk('2026-12-03', '11:00')))
      .then(asked(msk('2026-12-03', '11:00'), { askedBy: deputy.id, from: 'open', parties: { authorId: tanya.id, assigneeId: null } }));
    expect(afterAsk.status).toBe('waiting');
    const [event] = given(opened(), asked(msk('2026-12-03', '11:00'), { askedBy: deputy.id, from: 'open' }))
      .when(answer(tanya, msk('2026-12-03', '12:00')))
      .thenAccepted();
    expect(event).toMatchObject({ type: 'TicketInfoProvided', data: { resumedTo: 'open', askedBy: deputy.id } });
    expect(evolveTicket(given(opened(), asked(msk('2026-12-03', '11:00'), { from: 'open' })).state, event!).status).toBe('open');
  });

  it('another technician, the author and an empty question are refused; a waiting ticket is not asked again', () => {
    given(opened(), taken).when(ask(petr, msk('2026-12-04', '12:00'))).thenRefused('not_permitted');
    given(opened(), taken).when(ask(tanya, msk('2026-12-04', '12:00'))).thenRefused('not_permitted');
    given(opened(), taken).when(ask(ivan, msk('2026-12-04', '12:00'), '   ')).thenRefused('invalid_input');
    given(opened(), taken, asked(msk('2026-12-04', '12:00'))).when(ask(ivan, msk('2026-12-04', '13:00'))).thenRefused('invalid_transition');
  });
});

describe('the SLA clock stands still while the ticket waits (school time)', () => {
  it('asked on Friday 12:00 with 4 school hours left, answered on Monday 10:00: due on Monday 14:00', () => {
    given(opened(), taken, asked(msk('2026-12-04', '12:00')))
      .when(answer(tanya, msk('2026-12-07', '10:00')))
      .then({
        type: 'TicketInfoProvided',
        data: {
          number: 7,
          answer: 'Room 204',
          providedBy: tanya.id,
          providedAt: msk('2026-12-07', '10:00'),
          dueAt: msk('2026-12-07', '14:00'),
          askedBy: ivan.id,
          resumedTo: 'in_progress',
          parties,
        },
      });
  });

  it('time left across a weekend is counted again across the next evening: 3 school hours from Monday 17:00 end on Tuesday 10:00', () => {
    const [event] = given(opened(msk('2026-12-07', '10:00')), taken, asked(msk('2026-12-04', '17:00')))
      .when(answer(tanya, msk('2026-12-07', '17:00')))
      .thenAccepted();
    expect(event?.data).toMatchObject({ dueAt: msk('2026-12-08', '10:00') });
  });

  it('an answer given on Sunday counts from the Monday morning', () => {
    const [event] = given(opened(), taken, asked(msk('2026-12-04', '12:00')))
      .when(answer(tanya, msk('2026-12-06', '15:00')))
      .thenAccepted();
    expect(event?.data).toMatchObject({ dueAt: msk('2026-12-07', '12:00') });
  });

  it('only the author answers; the technician goes on without an answer (the clock resumes the same way)', () => {
    given(opened(), taken, asked(msk('2026-12-04', '12:00'))).when(answer(ivan, msk('2026-12-07', '10:00'))).thenRefused('not_permitted');
    given(opened(), taken, asked(msk('2026-12-04', '12:00'))).when(resume(tanya, msk('2026-12-07', '10:00'))).thenRefused('not_permitted');
    const [event] = given(opened(), taken, asked(msk('2026-12-04', '12:00'))).when(resume(ivan, msk('2026-12-07', '10:00'))).thenAccepted();
    expect(event?.data).toMatchObject({ answer: '', withoutAnswer: true, dueAt: msk('2026-12-07', '14:00'), resumedTo: 'in_progress' });
  });
});

describe('no answer: a reminder after WAITING_REMIND_DAYS school days, a close after WAITING_CLOSE_DAYS more', () => {
  const question = asked(msk('2026-12-03', '12:00'));

  it('the reminder is due on the third school day (Thursday → Tuesday, over the weekend), not a minute before', () => {
    given(opened(), taken, question).when(remind(msk('2026-12-08', '11:59'))).thenRefused('waiting_not_due');
    given(opened(), taken, question)
      .when(remind(msk('2026-12-08', '12:00')))
      .then({
        type: 'TicketInfoReminded',
        data: {
          number: 7,
          askedAt: msk('2026-12-03', '12:00'),
          remindedAt: msk('2026-12-08', '12:00'),
          closesAt: msk('2026-12-15', '12:00'),
          authorId: tanya.id,
          question: 'Which room?',
        },
      });
  });

  it('the reminder happens once; only the scheduler sends it', () => {
    given(opened(), taken, question, reminded(msk('2026-12-08', '12:00'))).when(remind(msk('2026-12-09', '12:00'))).thenRefused('already_recorded');
    const human: TicketCommand = { type: 'RemindTicketAuthor', data: {}, metadata: meta(ivan, msk('2026-12-09', '12:00')) };
    given(opened(), taken, question).when(human).thenRefused('not_permitted');
  });

  it('the close comes five school days after the reminder was due, and only after a reminder', () => {
    given(opened(), taken, question).when(closeUnanswered(msk('2026-12-20', '12:00'))).thenRefused('waiting_not_due');
    given(opened(), taken, question, reminded(msk('2026-12-08', '12:00'))).when(closeUnanswered(msk('2026-12-15', '11:59'))).thenRefused('waiting_not_due');
    const state = given(opened(), taken, question, reminded(msk('2026-12-08', '12:00')))
      .when(closeUnanswered(msk('2026-12-15', '12:00')))
      .then({
        type: 'TicketClosed',
        data: {
          number: 7,
          closedBy: 'system',
          auto: true,
          closedAt: msk('2026-12-15', '12:00'),
          parties,
          reopenableUntil: msk('2026-12-22', '12:00'),
          unanswered: true,
        },
      });
    expect(state).toMatchObject({ status: 'closed', waiting: null });
  });

  it('an answer after the reminder ends the wait: nothing more to remind or close', () => {
    const events = [opened(), taken, question, reminded(msk('2026-12-08', '12:00'))];
    const [provided] = given(...events).when(answer(tanya, msk('2026-12-09', '09:00'))).thenAccepted();
    given(...events, provided!).when(closeUnanswered(msk('2026-12-20', '12:00'))).thenRefused('invalid_transition');
  });
});

describe('rating the resolution', () => {
  const resolvedAt = msk('2026-12-03', '15:00');
  const done = [opened(), taken, resolved(resolvedAt), confirmed(msk('2026-12-03', '16:00'))];

  it('the author rates a confirmed resolution, naming the resolution and who resolved it', () => {
    given(...done)
      .when(rate(msk('2026-12-03', '16:05'), 2, ' Slow '))
      .then(rated(msk('2026-12-03', '16:05'), 2, resolvedAt, { comment: 'Slow' }));
  });

  it('a second rating within a day of the first replaces it; after the day it is refused', () => {
    const first = rated(msk('2026-12-03', '16:05'), 2, resolvedAt);
    given(...done, first)
      .when(rate(msk('2026-12-04', '16:04'), 4))
      .then(rated(msk('2026-12-04', '16:04'), 4, resolvedAt, { previousRating: 2 }));
    // The day counts from the first rating, not from a replacement.
    const replaced = rated(msk('2026-12-04', '10:00'), 3, resolvedAt, { previousRating: 2 });
    given(...done, first, replaced).when(rate(msk('2026-12-04', '16:05'), 5)).thenRefused('rating_window_passed');
  });

  it('once per resolution: reopened and resolved again, the new resolution is rated afresh', () => {
    const first = rated(msk('2026-12-03', '16:05'), 1, resolvedAt);
    const reopened: TicketEvent = {
      type: 'TicketReopened',
      data: { number: 7, reopenedBy: tanya.id, reason: 'Again', from: 'closed', assigneeId: ivan.id, reopenedAt: msk('2026-12-07', '09:00'), dueAt: msk('2026-12-10', '09:00'), authorId: tanya.id },
    };
    const again = msk('2026-12-08', '10:00');
    given(...done, first, reopened, resolved(again), confirmed(msk('2026-12-08', '11:00')))
      .when(rate(msk('2026-12-10', '11:00'), 5))
      .then(rated(msk('2026-12-10', '11:00'), 5, again));
  });

  it('only the author, only a closed ticket with a resolution, only 1 to 5', () => {
    given(...done).when(rate(msk('2026-12-03', '16:05'), 5, undefined, olga)).thenRefused('not_permitted');
    given(opened(), taken, resolved(resolvedAt)).when(rate(msk('2026-12-03', '16:05'), 5)).thenRefused('invalid_transition');
    given(...done).when(rate(msk('2026-12-03', '16:05'), 0)).thenRefused('invalid_input');
    given(...done).when(rate(msk('2026-12-03', '16:05'), 6)).thenRefused('invalid_input');
    const unanswered: TicketEvent = {
      type: 'TicketClosed',
      data: { number: 7, closedBy: 'system', auto: true, closedAt: msk('2026-12-15', '12:00'), parties, unanswered: true },
    };
    given(opened(), taken, asked(msk('2026-12-03', '12:00')), reminded(msk('2026-12-08', '12:00')), unanswered)
      .when(rate(msk('2026-12-15', '13:00'), 3))
      .thenRefused('invalid_transition');
  });
});
