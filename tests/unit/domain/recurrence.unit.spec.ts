// The recurrence decider: who keeps a recurring order, its states, and each occurrence recorded once.
import { describe, expect, it } from 'vitest';
import type { RecurrenceCommand, RecurrenceEvent, RecurrenceSchedule, RecurrenceState } from '../../../domain/index.js';
import { decideRecurrence, evolveRecurrence, initialRecurrenceState } from '../../../domain/index.js';
import { T0, assignee, at, meta, people, specOf } from './fixtures.js';

const spec = specOf<RecurrenceCommand, RecurrenceState, RecurrenceEvent>({ decide: decideRecurrence, evolve: evolveRecurrence, initialState: initialRecurrenceState });
const { deputy, director, admin, tanya, gone, system } = people;
const ID = 'abc123def456';
const schedule: RecurrenceSchedule = {
  rule: { kind: 'weekly', weekdays: [1], everyWeeks: 1, anchor: '2026-11-24' },
  minute: 540,
  onDayOff: 'next',
  deadline: { days: 0, minute: 900 },
};
const created: RecurrenceEvent = {
  type: 'RecurrenceCreated',
  data: { recurrenceId: ID, issuerId: deputy.id, assigneeIds: [tanya.id], title: 'План', description: '', schedule, createdAt: T0 },
};
const occurred = (nominalDate: string, taskNumbers: number[]): RecurrenceEvent => ({
  type: 'RecurrenceOccurred',
  data: { recurrenceId: ID, issuerId: deputy.id, nominalDate, date: nominalDate, deadline: at(30), taskNumbers, occurredAt: at(24) },
});
const create = (actor = deputy, overrides: Partial<RecurrenceSchedule> = {}): RecurrenceCommand => ({
  type: 'CreateRecurrence',
  data: { recurrenceId: ID, assignees: [assignee(tanya)], title: ' План ', description: '', schedule: { ...schedule, ...overrides } },
  metadata: meta(actor),
});
const simple = (type: 'PauseRecurrence' | 'ResumeRecurrence' | 'StopRecurrence', actor = deputy, now = at(1)): RecurrenceCommand => ({ type, data: {}, metadata: meta(actor, now) });
const record = (nominalDate: string): RecurrenceCommand => ({
  type: 'RecordOccurrence',
  data: { nominalDate, date: nominalDate, deadline: at(30), taskNumbers: [7] },
  metadata: meta(system, at(24)),
});

describe('recurrence', () => {
  it('is created by a manager, with the title trimmed', () => {
    spec.given().when(create()).then({ ...created, data: { ...created.data, title: 'План' } });
  });

  it('is refused to a teacher, with a deadline before the task is issued, for an inactive assignee, and twice', () => {
    spec.given().when(create(tanya)).thenRefused('not_permitted');
    spec.given().when(create(deputy, { deadline: { days: 0, minute: 540 } })).thenRefused('invalid_input');
    spec.given().when({ ...create(), data: { ...(create().data as object), assignees: [assignee(gone)] } } as RecurrenceCommand).thenRefused('assignee_not_eligible');
    spec.given(created).when(create()).thenRefused('already_exists');
  });

  it('is paused, resumed and stopped by its issuer or an admin only; resuming starts the schedule anew', () => {
    spec.given(created).when(simple('PauseRecurrence', director)).thenRefused('not_permitted');
    spec.given(created).when(simple('PauseRecurrence', admin)).thenAccepted();
    const paused = spec.given(created).when(simple('PauseRecurrence')).then({
      type: 'RecurrencePaused',
      data: { recurrenceId: ID, issuerId: deputy.id, by: deputy.id, at: at(1) },
    });
    spec.given(created).when(simple('ResumeRecurrence')).thenRefused('invalid_transition');
    const pausedEvents: RecurrenceEvent[] = [created, { type: 'RecurrencePaused', data: { recurrenceId: ID, issuerId: deputy.id, by: deputy.id, at: at(1) } }];
    const resumed = spec.given(...pausedEvents).when(simple('ResumeRecurrence', deputy, at(50))).thenAccepted();
    spec.given(...pausedEvents, ...resumed).when(simple('StopRecurrence')).thenAccepted();
    expect(paused.status).toBe('paused');
  });

  it('accepts nothing after it is stopped', () => {
    const stopped: RecurrenceEvent = { type: 'RecurrenceStopped', data: { recurrenceId: ID, issuerId: deputy.id, by: deputy.id, at: at(1) } };
    spec.given(created, stopped).when(simple('ResumeRecurrence')).thenRefused('invalid_transition');
    spec.given(created, stopped).when(simple('StopRecurrence')).thenRefused('invalid_transition');
  });

  it('records each occurrence once, by the scheduler only, never one before the last', () => {
    spec.given(created).when({ ...record('2026-11-30'), metadata: meta(deputy) }).thenRefused('not_permitted');
    spec.given(created).when(record('2026-11-30')).thenAccepted();
    spec.given(created, occurred('2026-11-30', [7])).when(record('2026-11-30')).thenRefused('already_recorded');
    spec.given(created, occurred('2026-11-30', [7])).when(record('2026-11-23')).thenRefused('already_recorded');
    spec.given(created, occurred('2026-11-30', [7])).when(record('2026-12-07')).thenAccepted();
  });
});
