// What stored events may hold: the value schemas every event shares, the metadata around them, the number
// reservations and the stream names. A stored event that breaks one of these is not read back.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  actorIdSchema,
  categorySchema,
  eventMetadataSchema,
  humanNumberSchema,
  isoTimeSchema,
  numberReservedSchema,
  optionalTextSchema,
  photoSchema,
  STAFF_EVENT_TYPES,
  STORED_TEXT_MAX,
  staffStreamName,
  TASK_EVENT_TYPES,
  TASK_NUMBERS_STREAM,
  taskStreamName,
  TEXT_MAX,
  textSchema,
  TICKET_EVENT_TYPES,
  TICKET_NUMBERS_STREAM,
  telegramIdSchema,
  ticketStreamName,
} from '../../../domain/index.js';

const x = (n: number) => 'x'.repeat(n);
const accepts = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

describe('stored values', () => {
  it.each(['it', 'a', `a${x(31)}`, 'it_2-b', 'x-'])('category slug %j is accepted', (slug) => {
    expect(accepts(categorySchema, slug)).toBe(true);
  });
  it.each(['', `a${x(32)}`, '1it', 'It', 'it dept', ' it', 'it ', '-it'])('category slug %j is refused', (slug) => {
    expect(accepts(categorySchema, slug)).toBe(false);
  });

  it.each(['1', '101', '12345678901234567890'])('telegram id %j is accepted', (id) => {
    expect(accepts(telegramIdSchema, id)).toBe(true);
  });
  it.each(['', '0', '0123', '123456789012345678901', '12a', ' 12', '12 ', '-1'])('telegram id %j is refused', (id) => {
    expect(accepts(telegramIdSchema, id)).toBe(false);
  });

  it('an actor is a person (telegram id), the scheduler or configuration', () => {
    for (const id of ['101', 'system', 'config']) expect(accepts(actorIdSchema, id)).toBe(true);
    for (const id of ['System', 'admin', '']) expect(accepts(actorIdSchema, id)).toBe(false);
  });

  it('a human number is a positive whole number', () => {
    expect(accepts(humanNumberSchema, 1)).toBe(true);
    for (const n of [0, -1, 1.5]) expect(accepts(humanNumberSchema, n)).toBe(false);
  });

  it('an instant carries its zone', () => {
    expect(accepts(isoTimeSchema, '2026-11-24T09:00:00.000Z')).toBe(true);
    expect(accepts(isoTimeSchema, '2026-11-24T12:00:00+03:00')).toBe(true);
    expect(accepts(isoTimeSchema, '2026-11-24T09:00:00')).toBe(false);
  });

  it('a photo has both Telegram ids, within their lengths', () => {
    expect(accepts(photoSchema, { fileId: x(512), fileUniqueId: x(128) })).toBe(true);
    expect(accepts(photoSchema, { fileId: 'f', fileUniqueId: 'u' })).toBe(true);
    expect(accepts(photoSchema, { fileId: x(513), fileUniqueId: 'u' })).toBe(false);
    expect(accepts(photoSchema, { fileId: 'f', fileUniqueId: x(129) })).toBe(false);
    expect(accepts(photoSchema, { fileId: '', fileUniqueId: 'u' })).toBe(false);
    expect(accepts(photoSchema, { fileId: 'f', fileUniqueId: '' })).toBe(false);
  });

  it('stored text is bounded by STORED_TEXT_MAX, never below what a person may type', () => {
    expect(STORED_TEXT_MAX).toBeGreaterThanOrEqual(TEXT_MAX);
    expect(accepts(textSchema, x(STORED_TEXT_MAX))).toBe(true);
    expect(accepts(textSchema, x(STORED_TEXT_MAX + 1))).toBe(false);
    expect(accepts(textSchema, '')).toBe(false);
    expect(accepts(optionalTextSchema, '')).toBe(true);
    expect(accepts(optionalTextSchema, x(STORED_TEXT_MAX))).toBe(true);
    expect(accepts(optionalTextSchema, x(STORED_TEXT_MAX + 1))).toBe(false);
  });
});

describe('event metadata', () => {
  const metadata = {
    actorId: '101',
    occurredAt: '2026-11-24T09:00:00.000Z',
    correlationId: 'corr-1',
    causationId: 'cmd-1',
    source: 'scheduler',
    schemaVersion: 1,
    commandId: 'cmd-1',
  };

  it('is accepted with or without the command id, and keeps fields it does not know', () => {
    expect(eventMetadataSchema.parse({ ...metadata, traceId: 't' })).toEqual({ ...metadata, traceId: 't' });
    const { commandId: _, ...withoutCommand } = metadata;
    expect(accepts(eventMetadataSchema, withoutCommand)).toBe(true);
    expect(accepts(eventMetadataSchema, { ...metadata, correlationId: 'c', causationId: 'c', commandId: 'c' })).toBe(true);
  });

  it.each([
    ['correlationId', ''],
    ['causationId', ''],
    ['commandId', ''],
    ['schemaVersion', 0],
    ['schemaVersion', 1.5],
    ['source', 'email'],
    ['actorId', 'nobody'],
    ['occurredAt', 'yesterday'],
  ] as const)('is refused with %s = %j', (field, value) => {
    expect(accepts(eventMetadataSchema, { ...metadata, [field]: value })).toBe(false);
  });
});

describe('human numbers and streams', () => {
  const reservation = {
    number: 124,
    commandId: 'cmd-1',
    streamName: 'ticket-124',
    reservedBy: '101',
    reservedAt: '2026-11-24T09:00:00.000Z',
  };

  it('a reservation names the number, the command and the stream it is for', () => {
    expect(accepts(numberReservedSchema, reservation)).toBe(true);
    expect(accepts(numberReservedSchema, { ...reservation, commandId: 'c', streamName: 't' })).toBe(true);
    expect(accepts(numberReservedSchema, { ...reservation, commandId: '' })).toBe(false);
    expect(accepts(numberReservedSchema, { ...reservation, streamName: '' })).toBe(false);
    expect(accepts(numberReservedSchema, { ...reservation, number: 0 })).toBe(false);
  });

  it('every ticket, task and person has a stream of its own; each kind of number a counter stream', () => {
    expect(ticketStreamName(124)).toBe('ticket-124');
    expect(taskStreamName(7)).toBe('task-7');
    expect(staffStreamName('101')).toBe('staff-101');
    expect(TICKET_NUMBERS_STREAM).toBe('numbers-ticket');
    expect(TASK_NUMBERS_STREAM).toBe('numbers-task');
  });

  it('each aggregate lists its own event types', () => {
    expect(TICKET_EVENT_TYPES).toContain('TicketReopened');
    expect(TASK_EVENT_TYPES).toContain('TaskDeadlineMissed');
    expect(STAFF_EVENT_TYPES).toContain('StaffReachable');
    expect(TICKET_EVENT_TYPES.length + TASK_EVENT_TYPES.length + STAFF_EVENT_TYPES.length).toBe(17 + 9 + 8);
  });
});
