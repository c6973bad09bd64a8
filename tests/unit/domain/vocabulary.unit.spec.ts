// The domain's vocabulary is DOMAIN.md's: its roles, priorities, sources and default categories, every event
// type (the number reservations included), and parse errors that say which rule a stored value broke.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CATEGORIES,
  DOMAIN_EVENT_TYPES,
  MANAGER_ROLES,
  PRIORITIES,
  ROLES,
  SOURCES,
  domainEventSchemaVersions,
  parseDomainEvent,
} from '../../../domain/index.js';

describe('the vocabulary', () => {
  it('roles, priorities, sources and the default categories are the ones DOMAIN.md names', () => {
    expect(ROLES).toEqual(['teacher', 'technician', 'deputy', 'director', 'auditor', 'admin']);
    expect(MANAGER_ROLES).toEqual(['deputy', 'director', 'admin']);
    expect(PRIORITIES).toEqual(['low', 'normal', 'high', 'urgent']);
    expect(SOURCES).toEqual(['telegram', 'cli', 'http', 'scheduler']);
    expect(DEFAULT_CATEGORIES).toEqual(['it', 'equipment', 'maintenance', 'cleaning', 'safety', 'other']);
  });

  it('the number reservations are domain events too, at version 1, and parse like any other', () => {
    const reservation = {
      number: 1,
      commandId: 'cmd-1',
      streamName: 'task-1',
      reservedBy: '301',
      reservedAt: '2026-11-24T09:00:00.000Z',
    };
    for (const type of ['TicketNumberReserved', 'TaskNumberReserved'] as const) {
      expect(DOMAIN_EVENT_TYPES).toContain(type);
      expect(domainEventSchemaVersions[type]).toBe(1);
      expect(parseDomainEvent(type, 1, reservation)).toEqual({ ok: true, event: { type, data: reservation } });
    }
  });

  it('a stored value that is not a category slug or a Telegram id is named as such', () => {
    const approved = {
      telegramId: '0900',
      fullName: 'Anna Petrova',
      role: 'technician',
      categories: ['IT'],
      approvedBy: '501',
      approvedAt: '2026-11-24T09:00:00.000Z',
    };
    expect(parseDomainEvent('StaffApproved', 1, approved)).toEqual({
      ok: false,
      reason: 'telegramId: a Telegram user id; categories.0: a lower-case category slug',
    });
  });
});
