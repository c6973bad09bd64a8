// Recurrence decider: one function per command; `decideRecurrence` only dispatches. The issuer (or an admin)
// pauses, resumes, changes and stops; only the scheduler records occurrences, each nominal date at most once.
import { match } from 'ts-pattern';
import type { Actor } from '../shared/command.js';
import type { Decision, Refusal } from '../shared/refusal.js';
import { accept } from '../shared/refusal.js';
import {
  eligibleAssignee,
  inStatus,
  instant,
  isAdmin,
  isManager,
  notFound,
  optionalText,
  permittedIf,
  refusal,
  rejected,
  staffMember,
  systemOnly,
  text,
} from '../shared/guards.js';
import type { AssigneeSnapshot } from '../shared/guards.js';
import { normalizeIso } from '../shared/time.js';
import { TEXT_MAX, TITLE_MAX } from '../shared/values.js';
import type * as C from './commands.js';
import type { RecurrenceEvent, RecurrenceEventOf } from './events.js';
import { RECIPIENTS_MAX, recurrenceIdSchema } from './events.js';
import type { RecurrenceSchedule } from './schedule.js';
import { deadlineAfterIssue, recurrenceScheduleSchema } from './schedule.js';
import type { Recurrence, RecurrenceState, RecurrenceStatus } from './state.js';

type Result = Decision<RecurrenceEvent>;

const missing = (gate: Refusal | undefined): Result => notFound(gate, 'recurrence');

function validSchedule(schedule: RecurrenceSchedule): Refusal | undefined {
  if (!recurrenceScheduleSchema.safeParse(schedule).success) return refusal('invalid_input', 'bad schedule', { field: 'schedule' });
  if (!deadlineAfterIssue(schedule)) return refusal('invalid_input', 'each deadline must come after its task is issued', { field: 'deadline' });
  return undefined;
}

function validAssignees(assignees: readonly AssigneeSnapshot[]): Refusal | undefined {
  if (assignees.length === 0 || assignees.length > RECIPIENTS_MAX) return refusal('invalid_input', 'bad recipients', { field: 'assignees' });
  for (const assignee of assignees) {
    const why = eligibleAssignee(assignee);
    if (why) return why;
  }
  return undefined;
}

/** The issuer or an admin, while they are a manager. */
const keeper = (actor: Actor, state: Recurrence) =>
  staffMember(actor) ??
  permittedIf((actor.id === state.issuerId && isManager(actor)) || isAdmin(actor), actor, 'only the issuer or an admin keeps a recurring order');

const stamp = (state: Recurrence, actor: Actor, now: string) => ({
  recurrenceId: state.recurrenceId,
  issuerId: state.issuerId,
  by: actor.id,
  at: normalizeIso(now),
});

export function createRecurrence(command: C.CreateRecurrence, state: RecurrenceState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  const why =
    staffMember(actor) ??
    permittedIf(isManager(actor), actor, 'only a deputy, the director or an admin issues tasks') ??
    (state.status === 'none' ? undefined : refusal('already_exists', 'the recurrence exists')) ??
    (recurrenceIdSchema.safeParse(data.recurrenceId).success ? undefined : refusal('invalid_input', 'bad id', { field: 'recurrenceId' })) ??
    validAssignees(data.assignees) ??
    text(data.title, 'title', TITLE_MAX) ??
    optionalText(data.description, 'description', TEXT_MAX) ??
    validSchedule(data.schedule);
  if (why) return rejected(why);
  return accept({
    type: 'RecurrenceCreated',
    data: {
      recurrenceId: data.recurrenceId,
      issuerId: actor.id,
      assigneeIds: [...new Set(data.assignees.map((a) => a.id))],
      title: data.title.trim(),
      description: data.description.trim(),
      schedule: data.schedule,
      createdAt: normalizeIso(now),
    },
  });
}

type KeeperEvent = 'RecurrencePaused' | 'RecurrenceResumed' | 'RecurrenceStopped';

/** Pause, resume and stop: the issuer or an admin, from the listed statuses, with the same facts. */
const keeping =
  (type: KeeperEvent, from: readonly RecurrenceStatus[], action: string) =>
  (command: C.PauseRecurrence | C.ResumeRecurrence | C.StopRecurrence, state: RecurrenceState): Result => {
    const { actor, now } = command.metadata;
    if (state.status === 'none') return missing(staffMember(actor));
    const why = keeper(actor, state) ?? inStatus(state.status, from, action);
    if (why) return rejected(why);
    return accept<RecurrenceEvent>({ type, data: stamp(state, actor, now) } as RecurrenceEventOf<KeeperEvent>);
  };

export const pauseRecurrence = keeping('RecurrencePaused', ['active'], 'pause');
export const resumeRecurrence = keeping('RecurrenceResumed', ['paused'], 'resume');
export const stopRecurrence = keeping('RecurrenceStopped', ['active', 'paused'], 'stop');

export function changeRecurrence(command: C.ChangeRecurrence, state: RecurrenceState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const assigneeIds = data.assignees ? [...new Set(data.assignees.map((a) => a.id))] : [...state.assigneeIds];
  const title = data.title?.trim() ?? state.title;
  const schedule = data.schedule ?? state.schedule;
  const why =
    keeper(actor, state) ??
    inStatus(state.status, ['active', 'paused'], 'change') ??
    (data.assignees ? validAssignees(data.assignees) : undefined) ??
    text(title, 'title', TITLE_MAX) ??
    validSchedule(schedule) ??
    (JSON.stringify([assigneeIds, title, schedule]) === JSON.stringify([state.assigneeIds, state.title, state.schedule])
      ? refusal('no_change', 'the recurring order already has these values')
      : undefined);
  if (why) return rejected(why);
  return accept({ type: 'RecurrenceChanged', data: { ...stamp(state, actor, now), assigneeIds, title, schedule } });
}

/** An occurrence is recorded once: a nominal date not after the last one handled is already done. */
function newOccurrence(state: Recurrence, nominalDate: string): Refusal | undefined {
  return state.lastNominal !== null && nominalDate <= state.lastNominal
    ? refusal('already_recorded', 'this occurrence is already recorded', { nominalDate })
    : undefined;
}

export function recordOccurrence(command: C.RecordOccurrence, state: RecurrenceState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(systemOnly(actor));
  // Also when paused or stopped since: the tasks exist, so the log says so.
  const why =
    systemOnly(actor) ??
    newOccurrence(state, data.nominalDate) ??
    instant(data.deadline, 'deadline') ??
    (data.taskNumbers.length > 0 ? undefined : refusal('invalid_input', 'no tasks', { field: 'taskNumbers' }));
  if (why) return rejected(why);
  return accept({
    type: 'RecurrenceOccurred',
    data: {
      recurrenceId: state.recurrenceId,
      issuerId: state.issuerId,
      nominalDate: data.nominalDate,
      date: data.date,
      deadline: normalizeIso(data.deadline),
      taskNumbers: [...data.taskNumbers],
      occurredAt: normalizeIso(now),
    },
  });
}

export function recordMissedOccurrence(command: C.RecordMissedOccurrence, state: RecurrenceState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(systemOnly(actor));
  const why = systemOnly(actor) ?? newOccurrence(state, data.nominalDate);
  if (why) return rejected(why);
  return accept({
    type: 'RecurrenceOccurrenceMissed',
    data: {
      recurrenceId: state.recurrenceId,
      issuerId: state.issuerId,
      nominalDate: data.nominalDate,
      date: data.date,
      reason: data.reason,
      detectedAt: normalizeIso(now),
    },
  });
}

/** Dispatches a command to its function; a command type nobody handles fails the type check. */
export function decideRecurrence(command: C.RecurrenceCommand, state: RecurrenceState): Result {
  return match(command)
    .with({ type: 'CreateRecurrence' }, (c) => createRecurrence(c, state))
    .with({ type: 'PauseRecurrence' }, (c) => pauseRecurrence(c, state))
    .with({ type: 'ResumeRecurrence' }, (c) => resumeRecurrence(c, state))
    .with({ type: 'StopRecurrence' }, (c) => stopRecurrence(c, state))
    .with({ type: 'ChangeRecurrence' }, (c) => changeRecurrence(c, state))
    .with({ type: 'RecordOccurrence' }, (c) => recordOccurrence(c, state))
    .with({ type: 'RecordMissedOccurrence' }, (c) => recordMissedOccurrence(c, state))
    .exhaustive();
}
