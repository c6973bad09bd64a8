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

/**
 * A whole-event check, for registries that also upcast by `metadata.schemaVersion` (e.g. the domain's
 * parseDomainEvent): returns the data readers should see, or why the event cannot be trusted.
 */
export type EventReadValidator = (event: RecordedEvent) => { ok: true; data: unknown } | { ok: false; reason: string };

export interface ReadValidation {
  schemas?: EventSchemas;
  validate?: EventReadValidator;
}

/** Returns the event with its data as its schema parsed it, or throws CorruptEventError naming it. */
export function validateRecorded(event: RecordedEvent, validation: ReadValidation): RecordedEvent {
  let checked = event;
  const schema = validation.schemas?.[event.type];
  if (schema) {
    const parsed = schema.safeParse(event.data);
    if (!parsed.success) throw corrupt(event, parsed.error.message);
    checked = { ...event, data: parsed.data };
  }
  if (validation.validate) {
    const result = validation.validate(checked);
    if (!result.ok) throw corrupt(event, result.reason);
    checked = { ...checked, data: result.data };
  }
  return checked;
}

const corrupt = (event: RecordedEvent, reason: string) =>
  new CorruptEventError(event.streamName, event.revision, event.type, reason.slice(0, 500));
