// Ticket decider: one function per command; `decideTicket` only dispatches. Permission is checked from the
// actor's role AND their relation to the ticket (author, assignee), on every command.
import { match } from 'ts-pattern';
import type { Decision, Refusal } from '../shared/refusal.js';
import type { SchoolPolicy } from '../shared/policy.js';
import { defaultPolicy } from '../shared/policy.js';
import { accept } from '../shared/refusal.js';
import {
  eligibleAssignee,
  freshNumber,
  inStatus,
  isAdmin,
  isManager,
  notFound,
  optionalText,
  permittedIf,
  reason,
  refusal,
  rejected,
  staffMember,
  systemOnly,
  text,
} from '../shared/guards.js';
import { slaTargetsFrom } from '../shared/policy.js';
import { addMs, DAY_MS, fromEpochMs, isBefore, normalizeIso, toEpochMs } from '../shared/time.js';
import { addSchoolDays, addSchoolTime, schoolTimeBetween } from '../calendar/schoolTime.js';
import { LOCATION_MAX, PHOTOS_MAX, TEXT_MAX, TITLE_MAX } from '../shared/values.js';
import type * as C from './commands.js';
import type { TicketEvent } from './events.js';
import type { TicketState } from './state.js';
import { escalationKey } from './state.js';
import { roomNumberSchema } from '../room/events.js';

type Result = Decision<TicketEvent>;

const missing = (gate: Refusal | undefined): Result => notFound(gate, 'ticket');

export function openTicket(command: C.OpenTicket, state: TicketState, policy: SchoolPolicy): Result {
  const { data, metadata } = command;
  const why =
    staffMember(metadata.actor) ??
    freshNumber(state.status, 'ticket', data.number) ??
    text(data.title, 'title', TITLE_MAX) ??
    optionalText(data.description, 'description', TEXT_MAX) ??
    optionalText(data.location, 'location', LOCATION_MAX) ??
    (policy.categories.includes(data.category)
      ? undefined
      : refusal('category_not_allowed', `unknown category ${data.category}`, { category: data.category })) ??
    (data.photos.length <= PHOTOS_MAX
      ? undefined
      : refusal('invalid_input', 'too many photos', { field: 'photos', max: PHOTOS_MAX })) ??
    invalidRoom(data.room);
  if (why) return rejected(why);
  const openedAt = normalizeIso(metadata.now);
  return accept({
    type: 'TicketOpened',
    data: {
      number: data.number,
      title: data.title.trim(),
      description: data.description.trim(),
      category: data.category,
      location: data.location.trim(),
      priority: data.priority,
      photos: data.photos.map((photo) => ({ fileId: photo.fileId, fileUniqueId: photo.fileUniqueId })),
      authorId: metadata.actor.id,
      openedAt,
      ...slaTargetsFrom(policy, data.priority, openedAt),
      ...(data.room === undefined ? {} : { room: data.room }),
    },
  });
}

export function takeTicket(command: C.TakeTicket, state: TicketState): Result {
  const { actor, now } = command.metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(actor.role === 'technician', actor, 'only a technician takes tickets') ??
    inStatus(state.status, ['open'], 'take') ??
    (actor.categories.length > 0 && !actor.categories.includes(state.category)
      ? refusal('category_not_allowed', `not a ${state.category} technician`, { category: state.category })
      : undefined);
  if (why) return rejected(why);
  return accept({
    type: 'TicketAssigned',
    data: {
      number: state.number,
      assigneeId: actor.id,
      assignedBy: actor.id,
      previousAssigneeId: null,
      selfAssigned: true,
      assignedAt: normalizeIso(now),
      authorId: state.authorId,
    },
  });
}

export function assignTicket(command: C.AssignTicket, state: TicketState): Result {
  const { data, metadata } = command;
  const { actor } = metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(isManager(actor), actor, 'only a deputy, the director or an admin assigns tickets') ??
    inStatus(state.status, ['open', 'in_progress'], 'assign') ??
    eligibleAssignee(data.assignee) ??
    (state.assigneeId === data.assignee.id
      ? refusal('no_change', 'already assigned to them', { assigneeId: data.assignee.id })
      : undefined);
  if (why) return rejected(why);
  return accept({
    type: 'TicketAssigned',
    data: {
      number: state.number,
      assigneeId: data.assignee.id,
      assignedBy: actor.id,
      previousAssigneeId: state.assigneeId,
      selfAssigned: data.assignee.id === actor.id,
      assignedAt: normalizeIso(metadata.now),
      authorId: state.authorId,
    },
  });
}

export function commentTicket(command: C.CommentTicket, state: TicketState): Result {
  const { data, metadata } = command;
  const { actor } = metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(
      actor.id === state.authorId || actor.id === state.assigneeId || isManager(actor),
      actor,
      'only the author, the assignee or a deputy+ comments',
    ) ??
    inStatus(state.status, ['open', 'in_progress', 'resolved', 'waiting'], 'comment') ??
    text(data.text, 'text', TEXT_MAX);
  if (why) return rejected(why);
  return accept({
    type: 'TicketCommented',
    data: {
      number: state.number,
      authorId: actor.id,
      text: data.text.trim(),
      photo: data.photo,
      commentedAt: normalizeIso(metadata.now),
      parties: { authorId: state.authorId, assigneeId: state.assigneeId },
    },
  });
}

export function changeTicketPriority(
  command: C.ChangeTicketPriority,
  state: TicketState,
  policy: SchoolPolicy,
): Result {
  const { data, metadata } = command;
  const { actor } = metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(
      actor.id === state.assigneeId || isManager(actor),
      actor,
      'only the assignee or a deputy+ changes priority',
    ) ??
    inStatus(state.status, ['open', 'in_progress'], 'change priority') ??
    (state.priority === data.priority ? refusal('no_change', `priority is already ${data.priority}`) : undefined);
  if (why) return rejected(why);
  return accept({
    type: 'TicketPriorityChanged',
    data: {
      number: state.number,
      from: state.priority,
      to: data.priority,
      changedBy: actor.id,
      changedAt: normalizeIso(metadata.now),
      ...slaTargetsFrom(policy, data.priority, state.clockStartedAt),
      parties: { authorId: state.authorId, assigneeId: state.assigneeId },
    },
  });
}

export function resolveTicket(command: C.ResolveTicket, state: TicketState): Result {
  const { data, metadata } = command;
  const { actor } = metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(actor.id === state.assigneeId, actor, 'only the assignee resolves') ??
    inStatus(state.status, ['in_progress'], 'resolve') ??
    text(data.resolution, 'resolution', TEXT_MAX);
  if (why) return rejected(why);
  return accept({
    type: 'TicketResolved',
    data: {
      number: state.number,
      resolvedBy: actor.id,
      resolution: data.resolution.trim(),
      resolvedAt: normalizeIso(metadata.now),
      authorId: state.authorId,
    },
  });
}

export function confirmResolution(command: C.ConfirmResolution, state: TicketState): Result {
  const { actor, now } = command.metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(actor.id === state.authorId, actor, 'only the author confirms') ??
    inStatus(state.status, ['resolved'], 'confirm');
  if (why) return rejected(why);
  return accept({
    type: 'TicketClosed',
    data: {
      number: state.number,
      closedBy: actor.id,
      auto: false,
      closedAt: normalizeIso(now),
      parties: { authorId: state.authorId, assigneeId: state.assigneeId },
    },
  });
}

export function autoCloseTicket(command: C.AutoCloseTicket, state: TicketState, policy: SchoolPolicy): Result {
  const { actor, now } = command.metadata;
  if (state.status === 'none') return missing(systemOnly(actor));
  const why = systemOnly(actor) ?? inStatus(state.status, ['resolved'], 'auto-close');
  if (why) return rejected(why);
  const closesAt = addMs(state.resolvedAt ?? state.openedAt, policy.autoCloseAfterMs);
  if (isBefore(now, closesAt)) {
    return rejected(refusal('auto_close_not_due', 'the author still has time to answer', { closesAt }));
  }
  return accept({
    type: 'TicketClosed',
    data: {
      number: state.number,
      closedBy: actor.id,
      auto: true,
      closedAt: normalizeIso(now),
      parties: { authorId: state.authorId, assigneeId: state.assigneeId },
      reopenableUntil: addMs(normalizeIso(now), policy.reopenWindowMs),
    },
  });
}

export function reopenTicket(command: C.ReopenTicket, state: TicketState, policy: SchoolPolicy): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(actor.id === state.authorId || isAdmin(actor), actor, 'only the author or an admin reopens') ??
    inStatus(state.status, ['resolved', 'closed'], 'reopen') ??
    (state.mergedInto === null
      ? undefined
      : refusal('invalid_transition', `merged into №${state.mergedInto}`, { status: 'merged', command: 'reopen' })) ??
    reason(data.reason);
  if (why) return rejected(why);
  if (state.status === 'closed') {
    const windowEnds = addMs(state.closedAt ?? state.openedAt, policy.reopenWindowMs);
    if (!isBefore(now, windowEnds)) {
      return rejected(refusal('reopen_window_passed', 'closed too long ago to reopen', { windowEnds }));
    }
  }
  const reopenedAt = normalizeIso(now);
  const targets = slaTargetsFrom(policy, state.priority, reopenedAt);
  return accept({
    type: 'TicketReopened',
    data: {
      number: state.number,
      reopenedBy: actor.id,
      reason: data.reason.trim(),
      from: state.status === 'closed' ? 'closed' : 'resolved',
      assigneeId: state.assigneeId,
      reopenedAt,
      dueAt: targets.dueAt,
      // Back to its assignee, somebody is on it already; with nobody, the first response is due again.
      ...(state.assigneeId === null ? { respondBy: targets.respondBy } : {}),
      authorId: state.authorId,
    },
  });
}

export function cancelTicket(command: C.CancelTicket, state: TicketState): Result {
  const { data, metadata } = command;
  const { actor } = metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const isAuthor = actor.id === state.authorId;
  const why =
    staffMember(actor) ??
    permittedIf(isAuthor || isAdmin(actor), actor, 'only the author or an admin cancels') ??
    inStatus(state.status, ['open', 'in_progress'], 'cancel') ??
    permittedIf(isAdmin(actor) || state.status === 'open', actor, 'the author cancels only while nobody works on it') ??
    reason(data.reason);
  if (why) return rejected(why);
  return accept({
    type: 'TicketCancelled',
    data: {
      number: state.number,
      cancelledBy: actor.id,
      reason: data.reason.trim(),
      from: state.status === 'open' ? 'open' : 'in_progress',
      cancelledAt: normalizeIso(metadata.now),
      parties: { authorId: state.authorId, assigneeId: state.assigneeId },
    },
  });
}

// Waiting on the author (issue 14, item 5) and the author's rating (item 6).

export function requestTicketInfo(command: C.RequestTicketInfo, state: TicketState): Result {
  const { data, metadata } = command;
  const { actor } = metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(actor.id === state.assigneeId || isManager(actor), actor, 'only the assignee or a deputy+ asks the author') ??
    inStatus(state.status, ['open', 'in_progress'], 'ask the author') ??
    text(data.question, 'question', TEXT_MAX);
  if (why) return rejected(why);
  return accept({
    type: 'TicketInfoRequested',
    data: {
      number: state.number,
      question: data.question.trim(),
      askedBy: actor.id,
      askedAt: normalizeIso(metadata.now),
      from: state.status === 'open' ? 'open' : 'in_progress',
      parties: { authorId: state.authorId, assigneeId: state.assigneeId },
    },
  });
}

/**
 * The due time after a pause: the school time that was left at the question is counted again from the
 * answer, so the time spent waiting on the author (on the school's calendar) does not count against the SLA.
 */
export function dueAfterPause(policy: SchoolPolicy, askedAt: string, dueAt: string, resumedAt: string): string {
  const { calendar } = policy;
  const remaining = schoolTimeBetween(calendar, toEpochMs(askedAt), toEpochMs(dueAt));
  return fromEpochMs(addSchoolTime(calendar, toEpochMs(resumedAt), remaining));
}

function endWaiting(
  state: Exclude<TicketState, { status: 'none' }>,
  policy: SchoolPolicy,
  by: string,
  now: string,
  answer: string,
): Result {
  const waiting = state.waiting;
  const providedAt = normalizeIso(now);
  const resumedTo = waiting?.from ?? (state.assigneeId ? 'in_progress' : 'open');
  return accept({
    type: 'TicketInfoProvided',
    data: {
      number: state.number,
      answer: answer.trim(),
      providedBy: by,
      providedAt,
      dueAt: waiting ? dueAfterPause(policy, waiting.askedAt, state.dueAt, providedAt) : state.dueAt,
      ...(waiting ? { askedBy: waiting.askedBy } : {}),
      resumedTo,
      ...(answer.trim() === '' ? { withoutAnswer: true } : {}),
      parties: { authorId: state.authorId, assigneeId: state.assigneeId },
    },
  });
}

export function provideTicketInfo(command: C.ProvideTicketInfo, state: TicketState, policy: SchoolPolicy): Result {
  const { data, metadata } = command;
  const { actor } = metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(actor.id === state.authorId, actor, 'only the author answers') ??
    inStatus(state.status, ['waiting'], 'answer') ??
    text(data.answer, 'answer', TEXT_MAX);
  if (why) return rejected(why);
  return endWaiting(state, policy, actor.id, metadata.now, data.answer);
}

export function resumeTicket(command: C.ResumeTicket, state: TicketState, policy: SchoolPolicy): Result {
  const { actor, now } = command.metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(
      actor.id === state.assigneeId || actor.id === state.waiting?.askedBy || isManager(actor),
      actor,
      'only the assignee, the one who asked or a deputy+ goes on without an answer',
    ) ??
    inStatus(state.status, ['waiting'], 'resume');
  if (why) return rejected(why);
  return endWaiting(state, policy, actor.id, now, '');
}

/** The rules of waiting on the author: the calendar and the two numbers of school days. */
export type WaitingRules = Pick<SchoolPolicy, 'calendar' | 'waitingRemindDays' | 'waitingCloseDays'>;

/** When the author of an unanswered question is reminded: WAITING_REMIND_DAYS school days after it. */
export const waitingReminderDue = (policy: WaitingRules, askedAt: string): string =>
  fromEpochMs(addSchoolDays(policy.calendar, toEpochMs(askedAt), policy.waitingRemindDays));

/** When an unanswered ticket closes itself: WAITING_CLOSE_DAYS school days after its reminder was due. */
export const waitingCloseDue = (policy: WaitingRules, askedAt: string): string =>
  fromEpochMs(addSchoolDays(policy.calendar, toEpochMs(waitingReminderDue(policy, askedAt)), policy.waitingCloseDays));

export function remindTicketAuthor(command: C.RemindTicketAuthor, state: TicketState, policy: SchoolPolicy): Result {
  const { actor, now } = command.metadata;
  if (state.status === 'none') return missing(systemOnly(actor));
  const why = systemOnly(actor) ?? inStatus(state.status, ['waiting'], 'remind the author');
  if (why) return rejected(why);
  const waiting = state.waiting;
  if (!waiting) return rejected(refusal('invalid_transition', 'no open question', { status: state.status, command: 'remind the author' }));
  if (waiting.remindedAt) return rejected(refusal('already_recorded', 'the author was reminded already', { remindedAt: waiting.remindedAt }));
  const dueAt = waitingReminderDue(policy, waiting.askedAt);
  if (isBefore(now, dueAt)) return rejected(refusal('waiting_not_due', 'the author still has time to answer', { dueAt }));
  return accept({
    type: 'TicketInfoReminded',
    data: {
      number: state.number,
      askedAt: waiting.askedAt,
      remindedAt: normalizeIso(now),
      closesAt: waitingCloseDue(policy, waiting.askedAt),
      authorId: state.authorId,
      question: waiting.question,
    },
  });
}

export function closeUnansweredTicket(command: C.CloseUnansweredTicket, state: TicketState, policy: SchoolPolicy): Result {
  const { actor, now } = command.metadata;
  if (state.status === 'none') return missing(systemOnly(actor));
  const why = systemOnly(actor) ?? inStatus(state.status, ['waiting'], 'close unanswered');
  if (why) return rejected(why);
  const waiting = state.waiting;
  // The reminder comes first: a close never surprises an author who was not reminded.
  if (!waiting?.remindedAt) return rejected(refusal('waiting_not_due', 'the author was not reminded yet'));
  const dueAt = waitingCloseDue(policy, waiting.askedAt);
  if (isBefore(now, dueAt)) return rejected(refusal('waiting_not_due', 'the author still has time to answer', { dueAt }));
  return accept({
    type: 'TicketClosed',
    data: {
      number: state.number,
      closedBy: actor.id,
      auto: true,
      closedAt: normalizeIso(now),
      parties: { authorId: state.authorId, assigneeId: state.assigneeId },
      reopenableUntil: addMs(normalizeIso(now), policy.reopenWindowMs),
      unanswered: true,
    },
  });
}

/** How long after the first rating of a resolution the author may change it. */
export const RATING_CHANGE_MS = DAY_MS;

export function rateTicket(command: C.RateTicket, state: TicketState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const comment = data.comment?.trim() ?? '';
  const why =
    staffMember(actor) ??
    permittedIf(actor.id === state.authorId, actor, 'only the author rates') ??
    inStatus(state.status, ['closed'], 'rate') ??
    (state.resolvedAt === null ? refusal('invalid_transition', 'closed without a resolution', { status: state.status, command: 'rate' }) : undefined) ??
    (Number.isInteger(data.rating) && data.rating >= 1 && data.rating <= 5
      ? undefined
      : refusal('invalid_input', 'a rating is 1 to 5', { field: 'rating' })) ??
    optionalText(comment, 'comment', TEXT_MAX);
  if (why) return rejected(why);
  const resolvedAt = state.resolvedAt ?? state.openedAt;
  const previous = state.rating?.resolvedAt === resolvedAt ? state.rating : null;
  if (previous && !isBefore(now, addMs(previous.firstRatedAt, RATING_CHANGE_MS))) {
    return rejected(refusal('rating_window_passed', 'rated more than a day ago', { ratedAt: previous.firstRatedAt }));
  }
  return accept({
    type: 'TicketRated',
    data: {
      number: state.number,
      rating: data.rating,
      ...(comment ? { comment } : {}),
      ratedBy: actor.id,
      ratedAt: normalizeIso(now),
      resolvedAt,
      ...(state.resolvedBy ? { resolvedBy: state.resolvedBy } : {}),
      ...(previous ? { previousRating: previous.rating } : {}),
      category: state.category,
    },
  });
}

export function escalateTicket(command: C.EscalateTicket, state: TicketState, policy: SchoolPolicy): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(systemOnly(actor));
  const firstResponse = data.target === 'first_response';
  const current = firstResponse ? state.respondBy : state.dueAt;
  const why =
    systemOnly(actor) ??
    inStatus(state.status, firstResponse ? ['open'] : ['open', 'in_progress'], 'escalate') ??
    (policy.sla[state.priority].escalate
      ? undefined
      : refusal('no_change', `${state.priority} tickets are not escalated`, { priority: state.priority })) ??
    (current !== null && normalizeIso(current) === normalizeIso(data.dueAt)
      ? undefined
      : refusal('no_change', 'the target has moved since it was scheduled', { dueAt: current })) ??
    (isBefore(data.dueAt, now) ? undefined : refusal('deadline_not_passed', 'the target is still ahead', { dueAt: data.dueAt })) ??
    (state.escalations.includes(escalationKey(data.target, normalizeIso(data.dueAt)))
      ? refusal('already_recorded', 'this target is already escalated', { target: data.target, dueAt: data.dueAt })
      : undefined);
  if (why) return rejected(why);
  return accept({
    type: 'TicketEscalated',
    data: {
      number: state.number,
      target: data.target,
      dueAt: normalizeIso(data.dueAt),
      priority: state.priority,
      category: state.category,
      title: state.title,
      level: data.level,
      notified: [...new Set(data.notified)],
      escalatedAt: normalizeIso(now),
    },
  });
}

// Followers and merging (issue 15, item 6): "Об этом уже сообщили".

/** The statuses a ticket may be joined or merged in, or merged into: still being worked on. */
const LIVE_STATUSES = ['open', 'in_progress', 'waiting'] as const;
type LiveStatus = (typeof LIVE_STATUSES)[number];
const isLive = (status: string): status is LiveStatus => (LIVE_STATUSES as readonly string[]).includes(status);

export function followTicket(command: C.FollowTicket, state: TicketState): Result {
  const { actor, now } = command.metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    inStatus(state.status, LIVE_STATUSES, 'follow') ??
    (actor.id === state.authorId ? refusal('no_change', 'the author follows their own ticket already') : undefined);
  if (why) return rejected(why);
  // Joining twice (a second press, a second /new about it) changes nothing.
  if (state.followers.includes(actor.id)) return accept();
  return accept({
    type: 'TicketFollowed',
    data: { number: state.number, followerId: actor.id, followedAt: normalizeIso(now), authorId: state.authorId },
  });
}

export function mergeTicket(command: C.MergeTicket, state: TicketState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(actor.role === 'technician' || isManager(actor), actor, 'only a technician or a deputy+ merges tickets') ??
    inStatus(state.status, LIVE_STATUSES, 'merge') ??
    (data.into.number === state.number ? refusal('invalid_input', 'a ticket is not merged into itself', { field: 'into' }) : undefined) ??
    (isLive(data.into.status)
      ? undefined
      : refusal('invalid_transition', `merge into a ticket that is ${data.into.status}`, { status: data.into.status, command: 'merge into' }));
  if (why || !isLive(state.status)) return rejected(why ?? refusal('invalid_transition', 'not live', { status: state.status, command: 'merge' }));
  return accept({
    type: 'TicketMerged',
    data: {
      number: state.number,
      into: data.into.number,
      mergedBy: actor.id,
      mergedAt: normalizeIso(now),
      from: state.status,
      parties: { authorId: state.authorId, assigneeId: state.assigneeId },
      followers: [...state.followers],
    },
  });
}

export function absorbTicket(command: C.AbsorbTicket, state: TicketState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(actor.role === 'system' ? undefined : staffMember(actor));
  const why =
    (actor.role === 'system' ? undefined : staffMember(actor)) ??
    permittedIf(actor.role === 'system' || actor.role === 'technician' || isManager(actor), actor, 'only a technician or a deputy+ merges tickets');
  if (why) return rejected(why);
  // The merge is a fact already (recorded on the merged ticket): its second half is recorded whatever the
  // survivor's status now, and once (the merger and the completing reaction may both try).
  if (state.absorbed.includes(data.from)) return accept();
  const followers = [...new Set(data.followers)].filter((id) => id !== state.authorId && !state.followers.includes(id));
  return accept({
    type: 'TicketAbsorbed',
    data: { number: state.number, from: data.from, absorbedAt: normalizeIso(now), followers },
  });
}

/** The events whose news the author hears: followers hear them too, so they carry who follows. */
const TOLD_TO_FOLLOWERS: ReadonlySet<TicketEvent['type']> = new Set([
  'TicketAssigned',
  'TicketCommented',
  'TicketResolved',
  'TicketClosed',
  'TicketReopened',
  'TicketCancelled',
]);

function withFollowers(decision: Result, state: TicketState): Result {
  if (!decision.ok || state.status === 'none' || state.followers.length === 0) return decision;
  const followers = [...state.followers];
  return {
    ok: true,
    events: decision.events.map((event) =>
      TOLD_TO_FOLLOWERS.has(event.type) ? ({ ...event, data: { ...event.data, followers } } as TicketEvent) : event,
    ),
  };
}

const invalidRoom = (room: string | undefined): Refusal | undefined =>
  room === undefined || roomNumberSchema.safeParse(room).success ? undefined : refusal('invalid_input', 'not a room number', { field: 'room' });

/**
 * A technician or a manager gives a ticket its room (one it had none for, or a better one), while it is not
 * cancelled: a closed ticket still belongs in its room's history.
 */
export function setTicketRoom(command: C.SetTicketRoom, state: TicketState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(staffMember(actor));
  const why =
    staffMember(actor) ??
    permittedIf(actor.role === 'technician' || isManager(actor), actor, 'only a technician or a manager sets the room') ??
    inStatus(state.status, ['open', 'in_progress', 'waiting', 'resolved', 'closed'], 'set the room') ??
    invalidRoom(data.room) ??
    (state.room === data.room ? refusal('no_change', 'the ticket already has this room', { room: data.room }) : undefined);
  if (why) return rejected(why);
  return accept({
    type: 'TicketRoomSet',
    data: {
      number: state.number,
      room: data.room,
      previousRoom: state.room,
      category: state.category,
      openedAt: state.openedAt,
      setBy: actor.id,
      setAt: normalizeIso(now),
    },
  });
}

/** Dispatches a command to its function; a command type nobody handles fails the type check. */
export function decideTicket(
  command: C.TicketCommand,
  state: TicketState,
  policy: SchoolPolicy = defaultPolicy,
): Result {
  return withFollowers(decideOne(command, state, policy), state);
}

function decideOne(command: C.TicketCommand, state: TicketState, policy: SchoolPolicy): Result {
  return match(command)
    .with({ type: 'OpenTicket' }, (c) => openTicket(c, state, policy))
    .with({ type: 'TakeTicket' }, (c) => takeTicket(c, state))
    .with({ type: 'AssignTicket' }, (c) => assignTicket(c, state))
    .with({ type: 'CommentTicket' }, (c) => commentTicket(c, state))
    .with({ type: 'ChangeTicketPriority' }, (c) => changeTicketPriority(c, state, policy))
    .with({ type: 'ResolveTicket' }, (c) => resolveTicket(c, state))
    .with({ type: 'ConfirmResolution' }, (c) => confirmResolution(c, state))
    .with({ type: 'AutoCloseTicket' }, (c) => autoCloseTicket(c, state, policy))
    .with({ type: 'ReopenTicket' }, (c) => reopenTicket(c, state, policy))
    .with({ type: 'RequestTicketInfo' }, (c) => requestTicketInfo(c, state))
    .with({ type: 'ProvideTicketInfo' }, (c) => provideTicketInfo(c, state, policy))
    .with({ type: 'ResumeTicket' }, (c) => resumeTicket(c, state, policy))
    .with({ type: 'SetTicketRoom' }, (c) => setTicketRoom(c, state))
    .with({ type: 'RemindTicketAuthor' }, (c) => remindTicketAuthor(c, state, policy))
    .with({ type: 'CloseUnansweredTicket' }, (c) => closeUnansweredTicket(c, state, policy))
    .with({ type: 'RateTicket' }, (c) => rateTicket(c, state))
    .with({ type: 'CancelTicket' }, (c) => cancelTicket(c, state))
    .with({ type: 'FollowTicket' }, (c) => followTicket(c, state))
    .with({ type: 'MergeTicket' }, (c) => mergeTicket(c, state))
    .with({ type: 'AbsorbTicket' }, (c) => absorbTicket(c, state))
    .with(
      // Stryker disable next-line ObjectLiteral: the last pattern of an exhaustive match; every other type matched above, so {} matches exactly the same
      { type: 'EscalateTicket' },
      (c) => escalateTicket(c, state, policy),
    )
    .exhaustive();
}
