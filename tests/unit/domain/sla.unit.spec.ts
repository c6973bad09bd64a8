// The SLA part of the deciders: targets in school time on a real calendar, the escalation steps (once per
// target and due moment, only after it, only by the system, the first response only while nobody is on the
// ticket), a missed task deadline escalated once, and the admin setting a person's category leads.
import { describe, expect, it } from 'vitest';
import { schoolCalendar } from '../../../domain/calendar/index.js';
import type { StaffEvent, TaskCommand, TaskEvent, TaskState, TicketCommand, TicketEvent, TicketState, StaffCommand, StaffState } from '../../../domain/index.js';
import {
  decideStaff,
  decideTask,
  decideTicket,
  evolveStaff,
  evolveTask,
  evolveTicket,
  initialStaffState,
  initialTaskState,
  initialTicketState,
} from '../../../domain/index.js';
import { defaultPolicy, type SchoolPolicy } from '../../../domain/shared/policy.js';
import { meta, people, specOf } from './fixtures.js';

const { tanya, ivan, deputy, admin, system, director } = people;
const calendar = schoolCalendar({ zone: 'Europe/Moscow', week: 5, hours: { open: 480, close: 1080 } });
const policy: SchoolPolicy = { ...defaultPolicy, calendar };
const FRIDAY_1750 = '2026-12-04T14:50:00.000Z';

const tickets = (p: SchoolPolicy = policy) =>
  specOf<TicketCommand, TicketState, TicketEvent>({ decide: (c, s) => decideTicket(c, s, p), evolve: evolveTicket, initialState: initialTicketState });
const tasks = specOf<TaskCommand, TaskState, TaskEvent>({ decide: decideTask, evolve: evolveTask, initialState: initialTaskState });
const staff = specOf<StaffCommand, StaffState, StaffEvent>({ decide: decideStaff, evolve: evolveStaff, initialState: initialStaffState });

const open = (priority: 'urgent' | 'high' | 'normal' | 'low' = 'normal', now = FRIDAY_1750): TicketCommand => ({
  type: 'OpenTicket',
  data: { number: 7, title: 'Проектор', description: '', category: 'it', location: '204', priority, photos: [] },
  metadata: meta(tanya, now),
});
const opened = (priority: 'urgent' | 'high' | 'normal' | 'low' = 'normal') => tickets().given().when(open(priority)).thenAccepted();
const escalate = (target: 'first_response' | 'resolution', dueAt: string, now: string, who = system): TicketCommand => ({
  type: 'EscalateTicket',
  data: { target, dueAt, level: target === 'first_response' ? 'lead' : 'director', notified: ['301', '301'] },
  metadata: meta(who, now),
});

describe('SLA targets in school time', () => {
  it.each([
    // Friday 17:50 (10 minutes of school left): urgent 30 min → Monday 08:20; 4 h → Monday 11:50.
    ['urgent', '2026-12-07T05:20:00.000Z', '2026-12-07T08:50:00.000Z'],
    // high 2 h → Monday 09:50; one school day (10 h) → Monday 17:50.
    ['high', '2026-12-07T06:50:00.000Z', '2026-12-07T14:50:00.000Z'],
    // normal 1 day → Monday 17:50; 3 days → Wednesday 17:50.
    ['normal', '2026-12-07T14:50:00.000Z', '2026-12-09T14:50:00.000Z'],
    // low 2 days → Tuesday 17:50; 5 days → Friday 11 December 17:50.
    ['low', '2026-12-08T14:50:00.000Z', '2026-12-11T14:50:00.000Z'],
  ] as const)('a %s ticket opened on Friday 17:50 is to be taken by %s and resolved by %s', (priority, respondBy, dueAt) => {
    const [event] = opened(priority);
    expect(event?.data).toMatchObject({ respondBy, dueAt });
  });

  it('a priority change recomputes both targets from the clock start', () => {
    const [event] = tickets()
      .given(...opened('normal'))
      .when({ type: 'ChangeTicketPriority', data: { priority: 'urgent' }, metadata: meta(deputy, '2026-12-07T06:00:00Z') })
      .thenAccepted();
    expect(event?.data).toMatchObject({ respondBy: '2026-12-07T05:20:00.000Z', dueAt: '2026-12-07T08:50:00.000Z' });
  });
});

describe('EscalateTicket', () => {
  const respondBy = '2026-12-07T14:50:00.000Z';
  const dueAt = '2026-12-09T14:50:00.000Z';

  it('records a passed first-response target once, naming whom it told (each once)', () => {
    const history = opened();
    const state = tickets().given(...history).when(escalate('first_response', respondBy, '2026-12-07T14:51:00Z')).then({
      type: 'TicketEscalated',
      data: { number: 7, target: 'first_response', dueAt: respondBy, priority: 'normal', category: 'it', title: 'Проектор', level: 'lead', notified: ['301'], escalatedAt: '2026-12-07T14:51:00.000Z' },
    });
    expect(state).toMatchObject({ escalations: [`first_response@${respondBy}`] });
    const escalated = tickets().given(...history).when(escalate('first_response', respondBy, '2026-12-07T14:51:00Z')).thenAccepted();
    tickets().given(...history, ...escalated).when(escalate('first_response', respondBy, '2026-12-07T15:00:00Z')).thenRefused('already_recorded');
  });

  it('refuses before the target, for a moved target, once somebody is on it, and from anyone but the system', () => {
    const history = opened();
    tickets().given(...history).when(escalate('first_response', respondBy, respondBy)).thenRefused('deadline_not_passed');
    tickets().given(...history).when(escalate('first_response', '2026-12-07T14:00:00.000Z', '2026-12-08T00:00:00Z')).thenRefused('no_change');
    tickets().given(...history).when(escalate('first_response', respondBy, '2026-12-08T00:00:00Z', director)).thenRefused('not_permitted');
    const taken = tickets().given(...history).when({ type: 'TakeTicket', data: {}, metadata: meta(ivan, '2026-12-07T10:00:00Z') }).thenAccepted();
    tickets().given(...history, ...taken).when(escalate('first_response', respondBy, '2026-12-08T00:00:00Z')).thenRefused('invalid_transition');
    // Taken, but still unresolved at its resolution target: that step still happens.
    tickets().given(...history, ...taken).when(escalate('resolution', dueAt, '2026-12-09T15:00:00Z')).thenAccepted();
  });

  it('does not escalate a priority switched off (ESCALATE_PRIORITIES)', () => {
    const off: SchoolPolicy = { ...policy, sla: { ...policy.sla, normal: { ...policy.sla.normal, escalate: false } } };
    tickets(off).given(...opened()).when(escalate('first_response', respondBy, '2026-12-08T00:00:00Z')).thenRefused('no_change');
  });
});

describe('EscalateTask', () => {
  const DEADLINE = '2026-12-04T12:00:00.000Z';
  const assigned: TaskEvent = {
    type: 'TaskAssigned',
    data: { number: 3, issuerId: deputy.id, assigneeId: tanya.id, title: 'Отчёт', description: '', deadline: DEADLINE, assignedAt: '2026-12-01T09:00:00.000Z' },
  };
  const missed: TaskEvent = {
    type: 'TaskDeadlineMissed',
    data: { number: 3, deadline: DEADLINE, assigneeId: tanya.id, issuerId: deputy.id, title: 'Отчёт', detectedAt: '2026-12-04T12:01:00.000Z', detectedBy: system.id },
  };
  const command = (now: string, deadline = DEADLINE, who = system): TaskCommand => ({ type: 'EscalateTask', data: { deadline, notified: [director.id] }, metadata: meta(who, now) });

  it('tells the director once per missed deadline while the task is not completed', () => {
    const [event] = tasks.given(assigned, missed).when(command('2026-12-07T12:00:00Z')).thenAccepted();
    expect(event).toEqual({
      type: 'TaskEscalated',
      data: { number: 3, deadline: DEADLINE, assigneeId: tanya.id, issuerId: deputy.id, title: 'Отчёт', notified: [director.id], escalatedAt: '2026-12-07T12:00:00.000Z' },
    });
    tasks.given(assigned, missed, event!).when(command('2026-12-08T12:00:00Z')).thenRefused('already_recorded');
  });

  it('refuses a deadline not missed, a completed task, and anyone but the system', () => {
    tasks.given(assigned).when(command('2026-12-07T12:00:00Z')).thenRefused('no_change');
    tasks.given(assigned, missed).when(command('2026-12-07T12:00:00Z', DEADLINE, director)).thenRefused('not_permitted');
    const completed: TaskEvent = {
      type: 'TaskCompleted',
      data: { number: 3, assigneeId: tanya.id, issuerId: deputy.id, report: 'Сдала', photo: null, completedAt: '2026-12-05T09:00:00.000Z', deadline: DEADLINE, late: true },
    };
    tasks.given(assigned, missed, completed).when(command('2026-12-07T12:00:00Z')).thenRefused('invalid_transition');
  });
});

describe('SetStaffLeads', () => {
  const registered: StaffEvent = { type: 'StaffRegistered', data: { telegramId: deputy.id, fullName: 'Морозов Игорь', username: null, registeredAt: '2026-12-01T09:00:00.000Z' } };
  const approved: StaffEvent = {
    type: 'StaffApproved',
    data: { telegramId: deputy.id, fullName: 'Морозов Игорь', role: 'deputy', categories: [], approvedBy: admin.id, approvedAt: '2026-12-01T09:01:00.000Z' },
  };
  const set = (categories: string[], who = admin): StaffCommand => ({ type: 'SetStaffLeads', data: { categories }, metadata: meta(who, '2026-12-02T09:00:00Z') });

  it('an admin sets the categories an active person leads; the same set again is no change; an empty set ends it', () => {
    const state = staff.given(registered, approved).when(set(['maintenance', 'it', 'it'])).then({
      type: 'StaffLeadsChanged',
      data: { telegramId: deputy.id, categories: ['it', 'maintenance'], changedBy: admin.id, changedAt: '2026-12-02T09:00:00.000Z' },
    });
    expect(state).toMatchObject({ leads: ['it', 'maintenance'] });
    const [changed] = staff.given(registered, approved).when(set(['it', 'maintenance'])).thenAccepted();
    staff.given(registered, approved, changed!).when(set(['maintenance', 'it'])).thenRefused('no_change');
    staff.given(registered, approved, changed!).when(set([])).thenAccepted();
  });

  it('refuses anyone but an admin, a pending person and a bad category', () => {
    staff.given(registered, approved).when(set(['it'], director)).thenRefused('not_permitted');
    staff.given(registered).when(set(['it'])).thenRefused('invalid_transition');
    staff.given(registered, approved).when(set(['Not A Slug'])).thenRefused('invalid_input');
  });
});
