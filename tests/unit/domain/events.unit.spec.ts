import { describe, expect, it } from 'vitest';
import {
  DOMAIN_EVENT_TYPES,
  domainEventSchemaVersions,
  parseDomainEvent,
  upcast,
  validateNewEvent,
} from '../../../domain/events.js';
import { liftToVersion } from '../../../domain/upcast.js';

const opened = {
  number: 124,
  title: 'Projector dead',
  description: 'Room 204, no picture',
  category: 'it',
  location: '204',
  priority: 'high',
  photos: [{ fileId: 'AgAD', fileUniqueId: 'AQAD' }],
  authorId: '1001',
  openedAt: '2026-11-24T09:00:00.000Z',
  dueAt: '2026-11-25T09:00:00.000Z',
};

describe('domain event registry', () => {
  it('knows every event type DOMAIN.md names, each at a positive schemaVersion', () => {
    for (const type of [
      'TicketOpened',
      'TicketAssigned',
      'TicketCommented',
      'TicketPriorityChanged',
      'TicketResolved',
      'TicketClosed',
      'TicketReopened',
      'TicketCancelled',
      'TaskAssigned',
      'TaskAccepted',
      'TaskDeadlineExtended',
      'TaskCompleted',
      'TaskApproved',
      'TaskReturned',
      'TaskCancelled',
      'TaskDeadlineMissed',
      'StaffRegistered',
      'StaffApproved',
      'StaffRoleChanged',
      'StaffDeactivated',
      'StaffReactivated',
    ]) {
      expect(DOMAIN_EVENT_TYPES).toContain(type);
    }
    for (const type of DOMAIN_EVENT_TYPES) expect(domainEventSchemaVersions[type]).toBeGreaterThanOrEqual(1);
  });

  it('parses a stored event of a known type', () => {
    const parsed = parseDomainEvent('TicketOpened', 1, opened);
    expect(parsed).toEqual({ ok: true, event: { type: 'TicketOpened', data: opened } });
  });

  it('parses events stored before the notification facts were added (2026-12-03): the new fields are optional', () => {
    const at = '2026-11-24T09:00:00.000Z';
    const stored = {
      TicketAssigned: { number: 124, assigneeId: '1002', assignedBy: '1002', previousAssigneeId: null, selfAssigned: true, assignedAt: at },
      TicketPriorityChanged: { number: 124, from: 'normal', to: 'high', changedBy: '1003', changedAt: at, dueAt: at },
      TicketClosed: { number: 124, closedBy: 'system', auto: true, closedAt: at },
      TicketReopened: { number: 124, reopenedBy: '1001', reason: 'Again', from: 'closed', assigneeId: '1002', reopenedAt: at, dueAt: at },
      TaskAccepted: { number: 5, assigneeId: '1002', acceptedAt: at },
      TaskDeadlineExtended: { number: 5, previousDeadline: at, newDeadline: at, reason: 'Ill', extendedBy: '1003', extendedAt: at, assigneeId: '1002', previousDeadlineMissed: false },
      TaskCancelled: { number: 5, cancelledBy: '1003', assigneeId: '1002', reason: 'Moot', from: 'assigned', cancelledAt: at },
    } as const;
    for (const [type, data] of Object.entries(stored)) expect(parseDomainEvent(type, 1, data), type).toEqual({ ok: true, event: { type, data } });
  });

  it('names the field that breaks the schema', () => {
    const parsed = parseDomainEvent('TicketOpened', 1, { ...opened, priority: 'asap' });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(/^priority:/);
  });

  it('names every field that breaks the schema, nested ones by their path, and says when the data is not an object', () => {
    const parsed = parseDomainEvent('TicketOpened', 1, {
      ...opened,
      priority: 'asap',
      photos: [{ fileId: '', fileUniqueId: 'AQAD' }],
    });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason.split('; ').map((part) => part.split(':')[0])).toEqual([
      'priority',
      'photos.0.fileId',
    ]);
    expect(parseDomainEvent('TicketOpened', 1, 'a string')).toMatchObject({ ok: false, reason: expect.stringMatching(/^\(data\): /) });
  });

  it('refuses unknown types and versions newer than the code', () => {
    expect(parseDomainEvent('TicketExploded', 1, {})).toEqual({ ok: false, reason: 'unknown event type TicketExploded' });
    expect(parseDomainEvent('toString', 1, {})).toEqual({ ok: false, reason: 'unknown event type toString' });
    expect(validateNewEvent({ type: 'TicketExploded', data: {} })).toEqual({
      ok: false,
      reason: 'unknown event type TicketExploded',
    });
    expect(validateNewEvent({ type: 'TicketOpened', data: { ...opened, number: 0 } }).ok).toBe(false);
    expect(parseDomainEvent('TicketOpened', 2, opened)).toEqual({
      ok: false,
      reason: 'schemaVersion 2 is newer than this code knows (1)',
    });
    expect(validateNewEvent({ type: 'TicketOpened', data: opened }).ok).toBe(true);
  });

  it('upcast(type, schemaVersion, data) returns current-version data unchanged (every type is at version 1)', () => {
    expect(upcast('TicketOpened', 1, opened)).toEqual({ ok: true, data: opened });
    expect(upcast('Nope', 1, {})).toEqual({ ok: false, reason: 'unknown event type Nope' });
  });

  it('chains upcasters from an old version to the current one', () => {
    const table = {
      Sample: { 1: (d: unknown) => ({ ...(d as object), b: 2 }), 2: (d: unknown) => ({ ...(d as object), c: 3 }) },
    };
    expect(liftToVersion('Sample', 1, { a: 1 }, 3, table)).toEqual({ ok: true, data: { a: 1, b: 2, c: 3 } });
    expect(liftToVersion('Sample', 3, { a: 1 }, 3, table)).toEqual({ ok: true, data: { a: 1 } });
    expect(liftToVersion('Other', 1, {}, 2, table)).toEqual({
      ok: false,
      reason: 'no upcaster for Other from version 1',
    });
    expect(liftToVersion('Sample', 2, { a: 1 }, 4, table)).toEqual({
      ok: false,
      reason: 'no upcaster for Sample from version 3',
    });
  });

  it('refuses a schemaVersion that is not a positive whole number', () => {
    for (const version of [0, -1, 1.5]) {
      expect(liftToVersion('Sample', version, {}, 1)).toEqual({
        ok: false,
        reason: `schemaVersion ${version} is not a positive integer`,
      });
    }
    expect(parseDomainEvent('TicketOpened', 0, opened).ok).toBe(false);
  });
});
