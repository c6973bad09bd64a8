// Recurring order commands. The recurrence is the stream (`recurrence-<id>`); the actor and time are in metadata.
import type { AssigneeSnapshot } from '../shared/guards.js';
import type { Command } from '../shared/command.js';
import type { RecurrenceSchedule } from './schedule.js';

export type CreateRecurrence = Command<
  'CreateRecurrence',
  {
    recurrenceId: string;
    /** Loaded by the application from their Staff streams. */
    assignees: readonly AssigneeSnapshot[];
    title: string;
    description: string;
    schedule: RecurrenceSchedule;
  }
>;
export type PauseRecurrence = Command<'PauseRecurrence', Record<string, never>>;
export type ResumeRecurrence = Command<'ResumeRecurrence', Record<string, never>>;
export type StopRecurrence = Command<'StopRecurrence', Record<string, never>>;
/** New values; what is left out stays. */
export type ChangeRecurrence = Command<
  'ChangeRecurrence',
  { assignees?: readonly AssigneeSnapshot[]; title?: string; schedule?: RecurrenceSchedule }
>;
/** The scheduler (system actor): an occurrence was issued as these tasks. */
export type RecordOccurrence = Command<
  'RecordOccurrence',
  { nominalDate: string; date: string; deadline: string; taskNumbers: readonly number[] }
>;
/** The scheduler (system actor): an occurrence could not be issued. */
export type RecordMissedOccurrence = Command<
  'RecordMissedOccurrence',
  { nominalDate: string; date: string; reason: 'deadline_passed' | 'refused' }
>;

export type RecurrenceCommand =
  | CreateRecurrence
  | PauseRecurrence
  | ResumeRecurrence
  | StopRecurrence
  | ChangeRecurrence
  | RecordOccurrence
  | RecordMissedOccurrence;
