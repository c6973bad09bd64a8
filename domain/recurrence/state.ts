// Recurrence state and its fold. `lastNominal` is the newest occurrence handled (issued or missed): the
// scheduler's next one is after it, so no occurrence is issued twice; `notBefore` is when the schedule last
// started (created, resumed or changed): occurrences that fell due before it (while paused) are not issued.
import { match } from 'ts-pattern';
import type { RecurrenceEvent } from './events.js';
import type { RecurrenceSchedule } from './schedule.js';

export type RecurrenceStatus = 'active' | 'paused' | 'stopped';

export interface Recurrence {
  readonly status: RecurrenceStatus;
  readonly recurrenceId: string;
  readonly issuerId: string;
  readonly assigneeIds: readonly string[];
  readonly title: string;
  readonly description: string;
  readonly schedule: RecurrenceSchedule;
  readonly lastNominal: string | null;
  readonly notBefore: string;
  /** Task numbers of every occurrence, in order. */
  readonly taskNumbers: readonly number[];
  /** The last few occurrences not issued (their nominal dates and why), newest last. */
  readonly missed: readonly { readonly date: string; readonly reason: 'deadline_passed' | 'refused' }[];
}

/** How many missed occurrences the state remembers (the log keeps them all). */
export const MISSED_KEPT = 5;

export type RecurrenceState = { readonly status: 'none' } | Recurrence;

export const initialRecurrenceState: RecurrenceState = { status: 'none' };

export function evolveRecurrence(state: RecurrenceState, event: RecurrenceEvent): RecurrenceState {
  if (event.type === 'RecurrenceCreated') {
    const { data } = event;
    return {
      status: 'active',
      recurrenceId: data.recurrenceId,
      issuerId: data.issuerId,
      assigneeIds: data.assigneeIds,
      title: data.title,
      description: data.description,
      schedule: data.schedule,
      lastNominal: null,
      notBefore: data.createdAt,
      taskNumbers: [],
      missed: [],
    };
  }
  if (state.status === 'none') return state;
  const current: Recurrence = state;
  return match(event)
    .with({ type: 'RecurrencePaused' }, (): Recurrence => ({ ...current, status: 'paused' }))
    .with({ type: 'RecurrenceResumed' }, ({ data }): Recurrence => ({ ...current, status: 'active', notBefore: data.at }))
    .with({ type: 'RecurrenceStopped' }, (): Recurrence => ({ ...current, status: 'stopped' }))
    .with({ type: 'RecurrenceChanged' }, ({ data }): Recurrence => ({
      ...current,
      assigneeIds: data.assigneeIds,
      title: data.title,
      schedule: data.schedule,
      notBefore: data.at,
    }))
    .with({ type: 'RecurrenceOccurred' }, ({ data }): Recurrence => ({
      ...current,
      lastNominal: data.nominalDate,
      taskNumbers: [...current.taskNumbers, ...data.taskNumbers],
    }))
    .with({ type: 'RecurrenceOccurrenceMissed' }, ({ data }): Recurrence => ({
      ...current,
      lastNominal: data.nominalDate,
      missed: [...current.missed, { date: data.nominalDate, reason: data.reason }].slice(-MISSED_KEPT),
    }))
    .exhaustive();
}

export const foldRecurrence = (events: readonly RecurrenceEvent[]): RecurrenceState => events.reduce(evolveRecurrence, initialRecurrenceState);
