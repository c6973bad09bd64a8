// Valid domain events for the read-side tests and the benchmark: one factory per event type (data passes
// the domain's schemas), and the stream each belongs to.
import type { EventToAppend } from '../../../application/ports/eventStore.js';

export interface EventContext {
  id: string;
  /** ISO 8601 instant. */
  at: string;
  actorId: string;
}

export interface StreamEvent {
  stream: string;
  event: EventToAppend;
}

const meta = (ctx: EventContext) => ({
  actorId: ctx.actorId,
  occurredAt: ctx.at,
  correlationId: ctx.id,
  causationId: ctx.id,
  source: 'telegram' as const,
  schemaVersion: 1,
});

const make = (stream: string, type: string, data: Record<string, unknown>, ctx: EventContext): StreamEvent => ({
  stream,
  event: { id: ctx.id, type, data, metadata: meta(ctx) },
});

const addMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

export const ticketEvents = {
  opened: (ctx: EventContext, n: number, o: { authorId: string; category?: string; priority?: string; dueInMs?: number; title?: string }) =>
    make(`ticket-${n}`, 'TicketOpened', {
      number: n,
      title: o.title ?? `Проектор в кабинете ${200 + (n % 50)} не включается`,
      description: 'Не включается после перемены',
      category: o.category ?? 'it',
      location: `каб. ${200 + (n % 50)}`,
      priority: o.priority ?? 'normal',
      photos: [],
      authorId: o.authorId,
      openedAt: ctx.at,
      dueAt: addMs(ctx.at, o.dueInMs ?? 3 * 86_400_000),
    }, ctx),
  assigned: (ctx: EventContext, n: number, o: { assigneeId: string; previousAssigneeId?: string | null }) =>
    make(`ticket-${n}`, 'TicketAssigned', {
      number: n,
      assigneeId: o.assigneeId,
      assignedBy: ctx.actorId,
      previousAssigneeId: o.previousAssigneeId ?? null,
      selfAssigned: ctx.actorId === o.assigneeId,
      assignedAt: ctx.at,
    }, ctx),
  commented: (ctx: EventContext, n: number, text = 'Посмотрю после уроков') =>
    make(`ticket-${n}`, 'TicketCommented', { number: n, authorId: ctx.actorId, text, photo: null, commentedAt: ctx.at }, ctx),
  priorityChanged: (ctx: EventContext, n: number, o: { from: string; to: string; dueAt: string }) =>
    make(`ticket-${n}`, 'TicketPriorityChanged', { number: n, from: o.from, to: o.to, changedBy: ctx.actorId, changedAt: ctx.at, dueAt: o.dueAt }, ctx),
  resolved: (ctx: EventContext, n: number, o: { authorId: string }) =>
    make(`ticket-${n}`, 'TicketResolved', { number: n, resolvedBy: ctx.actorId, resolution: 'Заменил кабель', resolvedAt: ctx.at, authorId: o.authorId }, ctx),
  closed: (ctx: EventContext, n: number, auto = false) =>
    make(`ticket-${n}`, 'TicketClosed', { number: n, closedBy: auto ? 'system' : ctx.actorId, auto, closedAt: ctx.at }, ctx),
  reopened: (ctx: EventContext, n: number, o: { from: 'resolved' | 'closed'; assigneeId: string | null; dueInMs?: number }) =>
    make(`ticket-${n}`, 'TicketReopened', {
      number: n,
      reopenedBy: ctx.actorId,
      reason: 'Снова не работает',
      from: o.from,
      assigneeId: o.assigneeId,
      reopenedAt: ctx.at,
      dueAt: addMs(ctx.at, o.dueInMs ?? 3 * 86_400_000),
    }, ctx),
  infoRequested: (ctx: EventContext, n: number, o: { from: 'open' | 'in_progress'; question?: string }) =>
    make(`ticket-${n}`, 'TicketInfoRequested', { number: n, question: o.question ?? 'Какой именно кабинет?', askedBy: ctx.actorId, askedAt: ctx.at, from: o.from }, ctx),
  infoProvided: (ctx: EventContext, n: number, o: { resumedTo: 'open' | 'in_progress'; dueAt: string; answer?: string }) =>
    make(`ticket-${n}`, 'TicketInfoProvided', { number: n, answer: o.answer ?? 'Кабинет 204', providedBy: ctx.actorId, providedAt: ctx.at, dueAt: o.dueAt, resumedTo: o.resumedTo }, ctx),
  cancelled: (ctx: EventContext, n: number, from: 'open' | 'in_progress') =>
    make(`ticket-${n}`, 'TicketCancelled', { number: n, cancelledBy: ctx.actorId, reason: 'Уже не нужно', from, cancelledAt: ctx.at }, ctx),
};

export const taskEvents = {
  assigned: (ctx: EventContext, n: number, o: { assigneeId: string; deadline: string; title?: string }) =>
    make(`task-${n}`, 'TaskAssigned', {
      number: n,
      issuerId: ctx.actorId,
      assigneeId: o.assigneeId,
      title: o.title ?? `Сдать отчёт за четверть №${n}`,
      description: '',
      deadline: o.deadline,
      assignedAt: ctx.at,
    }, ctx),
  accepted: (ctx: EventContext, n: number) =>
    make(`task-${n}`, 'TaskAccepted', { number: n, assigneeId: ctx.actorId, acceptedAt: ctx.at }, ctx),
  extended: (ctx: EventContext, n: number, o: { previousDeadline: string; newDeadline: string; assigneeId: string; missed: boolean }) =>
    make(`task-${n}`, 'TaskDeadlineExtended', {
      number: n,
      previousDeadline: o.previousDeadline,
      newDeadline: o.newDeadline,
      reason: 'Болел',
      extendedBy: ctx.actorId,
      extendedAt: ctx.at,
      assigneeId: o.assigneeId,
      previousDeadlineMissed: o.missed,
    }, ctx),
  completed: (ctx: EventContext, n: number, o: { issuerId: string; deadline: string; late: boolean }) =>
    make(`task-${n}`, 'TaskCompleted', {
      number: n,
      assigneeId: ctx.actorId,
      issuerId: o.issuerId,
      report: 'Готово',
      photo: null,
      completedAt: ctx.at,
      deadline: o.deadline,
      late: o.late,
    }, ctx),
  approved: (ctx: EventContext, n: number, o: { assigneeId: string; completedAt: string; deadline: string; onTime: boolean }) =>
    make(`task-${n}`, 'TaskApproved', {
      number: n,
      approvedBy: ctx.actorId,
      assigneeId: o.assigneeId,
      approvedAt: ctx.at,
      completedAt: o.completedAt,
      deadline: o.deadline,
      onTime: o.onTime,
    }, ctx),
  returned: (ctx: EventContext, n: number, o: { assigneeId: string }) =>
    make(`task-${n}`, 'TaskReturned', { number: n, returnedBy: ctx.actorId, assigneeId: o.assigneeId, reason: 'Переделать таблицу', returnedAt: ctx.at }, ctx),
  cancelled: (ctx: EventContext, n: number, o: { assigneeId: string; from: 'assigned' | 'accepted' }) =>
    make(`task-${n}`, 'TaskCancelled', { number: n, cancelledBy: ctx.actorId, assigneeId: o.assigneeId, reason: 'Отменено', from: o.from, cancelledAt: ctx.at }, ctx),
  deadlineMissed: (ctx: EventContext, n: number, o: { deadline: string; assigneeId: string; issuerId: string; title?: string }) =>
    make(`task-${n}`, 'TaskDeadlineMissed', {
      number: n,
      deadline: o.deadline,
      assigneeId: o.assigneeId,
      issuerId: o.issuerId,
      title: o.title ?? `Сдать отчёт за четверть №${n}`,
      detectedAt: ctx.at,
      detectedBy: 'system',
    }, ctx),
};

export const staffEvents = {
  registered: (ctx: EventContext, telegramId: string, fullName: string) =>
    make(`staff-${telegramId}`, 'StaffRegistered', { telegramId, fullName, username: null, registeredAt: ctx.at }, ctx),
  approved: (ctx: EventContext, telegramId: string, o: { fullName: string; role: string; categories?: string[] }) =>
    make(`staff-${telegramId}`, 'StaffApproved', {
      telegramId,
      fullName: o.fullName,
      role: o.role,
      categories: o.categories ?? [],
      approvedBy: ctx.actorId === 'system' ? 'config' : ctx.actorId,
      approvedAt: ctx.at,
    }, ctx),
  roleChanged: (ctx: EventContext, telegramId: string, o: { from: string; to: string }) =>
    make(`staff-${telegramId}`, 'StaffRoleChanged', { telegramId, from: o.from, to: o.to, categories: [], changedBy: ctx.actorId, changedAt: ctx.at }, ctx),
  deactivated: (ctx: EventContext, telegramId: string) =>
    make(`staff-${telegramId}`, 'StaffDeactivated', { telegramId, deactivatedBy: ctx.actorId, reason: '', wasPending: false, deactivatedAt: ctx.at }, ctx),
  reactivated: (ctx: EventContext, telegramId: string, role: string) =>
    make(`staff-${telegramId}`, 'StaffReactivated', { telegramId, reactivatedBy: ctx.actorId, role, reactivatedAt: ctx.at }, ctx),
  unreachable: (ctx: EventContext, telegramId: string) =>
    make(`staff-${telegramId}`, 'StaffUnreachable', { telegramId, reason: 'blocked', detectedAt: ctx.at }, ctx),
  reachable: (ctx: EventContext, telegramId: string) =>
    make(`staff-${telegramId}`, 'StaffReachable', { telegramId, detectedAt: ctx.at }, ctx),
};

export const roomEvents = {
  defined: (ctx: EventContext, number: string, o: { name?: string; floor?: number | null; category?: string } = {}) =>
    make(`room-${number}`, 'RoomDefined', {
      number,
      name: o.name ?? '',
      floor: o.floor ?? null,
      category: o.category ?? 'it',
      definedBy: ctx.actorId,
      definedAt: ctx.at,
    }, ctx),
};

export const groupEvents = {
  defined: (ctx: EventContext, groupId: string, name: string) =>
    make(`group-${groupId}`, 'StaffGroupDefined', { groupId, name, definedBy: ctx.actorId, definedAt: ctx.at }, ctx),
  membersChanged: (ctx: EventContext, groupId: string, members: string[]) =>
    make(`group-${groupId}`, 'StaffGroupMembersChanged', { groupId, added: members, removed: [], members, changedBy: ctx.actorId, changedAt: ctx.at }, ctx),
};

export const orderEvents = {
  issued: (ctx: EventContext, orderId: string, o: { title: string; deadline: string; tasks: Array<{ number: number; assigneeId: string }> }) =>
    make(`order-${orderId}`, 'OrderIssued', {
      orderId,
      issuerId: ctx.actorId,
      title: o.title,
      description: '',
      deadline: o.deadline,
      target: { kind: 'people', ref: '', label: '' },
      tasks: o.tasks,
      issuedAt: ctx.at,
    }, ctx),
};
