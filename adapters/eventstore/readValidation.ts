// Event data is checked against its zod schema when it is read, not only when it is written: a log outlives
// the code that wrote it, and a reader must stop at an event it cannot trust rather than act on it.
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { CorruptEventError } from '../../application/ports/eventStore.js';

/** The shape of a zod schema this module needs (zod v4's `safeParse`). */
export interface EventDataSchema {
  safeParse(data: unknown): { success: true; data: unknown } | { success: false; error: { message: string } };
}

/** Event type → schema of its data. Types without an entry are passed through unchecked. */
export type EventSchemas = Readonly<Record<string, EventDataSchema>>;

/** Returns the event with its data as parsed by its schema, or throws CorruptEventError naming it. */
export function validateRecorded(event: RecordedEvent, schemas: EventSchemas | undefined): RecordedEvent {
  const schema = schemas?.[event.type];
  if (!schema) return event;
  const parsed = schema.safeParse(event.data);
  if (!parsed.success) {
    throw new CorruptEventError(event.streamName, event.revision, event.type, parsed.error.message.slice(0, 500));
  }
  return { ...event, data: parsed.data };
}
