// Every ticket and task event has its line in the history, in Russian only: names and dates for people, the
// school's words for priorities and categories, nothing left in English or as an ISO timestamp.
import { describe, expect, it } from 'vitest';
import type { HistoryEntry, HistoryEntryOf, HistoryEventType } from '../../application/history.js';
import { historyLinesIn } from '../../adapters/telegram/historyLines.js';

const ZONE = 'Europe/Moscow';
const AT = '2026-11-24T07:00:00.000Z';
const DUE = '2026-11-27T15:00:00.000Z';
const LATER = '2026-11-30T15:00:00.000Z';
const PHOTO = null;

// A mapped type: an event type without a sample here fails the type check, as it does in historyLines.ts.
const samples: { [T in HistoryEventType]: HistoryEntryOf<T>['data'] } = {
  TicketOpened: { number: 7, title: 'Не включается проектор', description: 'Мигает лампа', category: 'it', location: 'каб. 204', priority: 'normal', photos: [], authorId: '101', openedAt: AT, dueAt: DUE },
  TicketAssigned: { number: 7, assigneeId: '201', assignedBy: '301', previousAssigneeId: null, selfAssigned: false, assignedAt: AT },
  TicketCommented: { number: 7, authorId: '101', text: 'Жду', photo: PHOTO, commentedAt: AT },
  TicketPriorityChanged: { number: 7, from: 'normal', to: 'urgent', changedBy: '301', changedAt: AT, dueAt: DUE },
  TicketResolved: { number: 7, resolvedBy: '201', resolution: 'Заменил кабель', resolvedAt: AT, authorId: '101' },
  TicketClosed: { number: 7, closedBy: '101', auto: false, closedAt: AT },
  TicketReopened: { number: 7, reopenedBy: '101', reason: 'Снова мигает', from: 'resolved', assigneeId: '201', reopenedAt: AT, dueAt: DUE },
  TicketCancelled: { number: 7, cancelledBy: '101', reason: 'Уже не нужно', from: 'open', cancelledAt: AT },
  TaskAssigned: { number: 3, issuerId: '301', assigneeId: '201', title: 'Сдать отчёт', description: '', deadline: DUE, assignedAt: AT },
  TaskAccepted: { number: 3, assigneeId: '201', acceptedAt: AT },
  TaskDeadlineExtended: { number: 3, previousDeadline: DUE, newDeadline: LATER, reason: 'Болел', extendedBy: '301', extendedAt: AT, assigneeId: '201', previousDeadlineMissed: false },
  TaskCompleted: { number: 3, assigneeId: '201', issuerId: '301', report: 'Сдал', photo: PHOTO, completedAt: AT, deadline: DUE, late: false },
  TaskApproved: { number: 3, approvedBy: '301', assigneeId: '201', approvedAt: AT, completedAt: AT, deadline: DUE, onTime: true },
  TaskReturned: { number: 3, returnedBy: '301', assigneeId: '201', reason: 'Нет подписи', returnedAt: AT },
  TaskCancelled: { number: 3, cancelledBy: '301', assigneeId: '201', reason: 'Отменили', from: 'assigned', cancelledAt: AT },
  TaskDeadlineMissed: { number: 3, deadline: DUE, assigneeId: '201', issuerId: '301', title: 'Сдать отчёт', detectedAt: AT, detectedBy: 'system' },
  TicketInfoRequested: { number: 7, question: 'Какой кабинет?', askedBy: '201', askedAt: AT, from: 'in_progress' },
  TicketInfoProvided: { number: 7, answer: 'Кабинет 204', providedBy: '101', providedAt: AT, dueAt: LATER, askedBy: '201', resumedTo: 'in_progress' },
  TicketInfoReminded: { number: 7, askedAt: AT, remindedAt: AT, closesAt: LATER, authorId: '101' },
  TicketRated: { number: 7, rating: 2, comment: 'Долго', ratedBy: '101', ratedAt: AT, resolvedAt: AT, resolvedBy: '201' },
  TicketEscalated: { number: 7, target: 'first_response', dueAt: DUE, priority: 'normal', category: 'it', title: 'Не включается проектор', level: 'lead', notified: ['401'], escalatedAt: LATER },
  TaskEscalated: { number: 3, deadline: DUE, assigneeId: '201', issuerId: '301', title: 'Сдать отчёт', notified: ['501', '502'], escalatedAt: LATER },
  TicketFollowed: { number: 7, followerId: '102', followedAt: AT, authorId: '101' },
  TicketMerged: { number: 8, into: 7, mergedBy: '201', mergedAt: AT, from: 'open', parties: { authorId: '103', assigneeId: null }, followers: [] },
  TicketAbsorbed: { number: 7, from: 8, absorbedAt: AT, followers: ['103'] },
  TicketRoomSet: { number: 7, room: '204', previousRoom: null, category: 'it', openedAt: AT, setBy: '201', setAt: LATER },
};

const entry = <T extends HistoryEventType>(type: T, data: HistoryEntryOf<T>['data']): HistoryEntry =>
  ({ at: AT, actorId: '301', actorName: 'Сидорова Анна Павловна', assigneeName: 'assigneeId' in data ? 'Петров Олег Ильич' : null, detail: null, eventId: 'e', revision: 0, type, data }) as HistoryEntry;
const line = historyLinesIn(ZONE);

describe('history lines', () => {
  it.each(Object.entries(samples))('%s reads as a Russian line', (type, data) => {
    const text = line(entry(type as HistoryEventType, data as never));
    expect(text).toMatch(/[а-яё]/i);
    // Inputs are Russian only, so any Latin letter is a word left in English (or an ISO timestamp).
    expect(text).not.toMatch(/[A-Za-z]/);
  });

  it('says who took a ticket or to whom it was given, and the priority and due time in words', () => {
    expect(line(entry('TicketAssigned', { ...samples.TicketAssigned, selfAssigned: true }))).toBe('взял(а) в работу');
    expect(line(entry('TicketAssigned', samples.TicketAssigned))).toBe('назначил(а) исполнителя: Петров Олег Ильич');
    expect(line(entry('TicketPriorityChanged', samples.TicketPriorityChanged))).toBe('приоритет: обычный → срочный, срок до 27 ноября 2026, 18:00');
    expect(line(entry('TicketOpened', samples.TicketOpened))).toBe(
      'открыл(а) заявку «Не включается проектор»: ИТ и компьютеры, приоритет обычный, срок до 27 ноября 2026, 18:00',
    );
  });

  it('says which SLA target passed and whom the escalation told', () => {
    expect(line(entry('TicketEscalated', samples.TicketEscalated))).toBe(
      'эскалация: к 27 ноября 2026, 18:00 заявку никто не взял в работу; сообщено: ответственному за направление',
    );
    expect(line(entry('TicketEscalated', { ...samples.TicketEscalated, target: 'resolution', level: 'director' }))).toBe(
      'эскалация: к 27 ноября 2026, 18:00 заявка не решена; сообщено: директору',
    );
    expect(line(entry('TaskEscalated', samples.TaskEscalated))).toBe(
      'эскалация: поручение так и не выполнено после срока 27 ноября 2026, 18:00; сообщено: директорам (2)',
    );
  });

  it('tells a confirmation from an automatic close, a reopening after closing, and late work', () => {
    expect(line(entry('TicketClosed', samples.TicketClosed))).toBe('подтвердил(а) решение, заявка закрыта');
    expect(line(entry('TicketClosed', { ...samples.TicketClosed, auto: true, closedBy: 'system' }))).toBe('закрыта автоматически: автор не ответил');
    expect(line(entry('TicketReopened', { ...samples.TicketReopened, from: 'closed' }))).toBe('вернул(а) заявку в работу после закрытия');
    expect(line(entry('TaskCompleted', { ...samples.TaskCompleted, late: true }))).toBe('отметил(а) поручение выполненным, с опозданием');
    expect(line(entry('TaskApproved', { ...samples.TaskApproved, onTime: false }))).toBe('принял(а) работу: выполнено с опозданием');
    expect(line(entry('TaskDeadlineExtended', { ...samples.TaskDeadlineExtended, previousDeadlineMissed: true }))).toBe(
      'перенёс(ла) срок с 27 ноября 2026, 18:00 на 30 ноября 2026, 18:00 (прежний срок уже был пропущен)',
    );
    expect(line(entry('TaskDeadlineMissed', samples.TaskDeadlineMissed))).toBe('пропущен срок 27 ноября 2026, 18:00');
  });
});
