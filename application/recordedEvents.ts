// Reading a recorded event as the domain's typed event. Every store reads events through the domain's
// schemas (upcast to the current version, then validated: infra/stores.ts), so once the type is known the data
// has that type's shape; these are the one place that says so.
import type { AnyDomainEvent, DomainEventType } from '../domain/index.js';
import type { RecordedEvent } from './ports/eventStore.js';

export type DomainEventOf<T extends DomainEventType> = Extract<AnyDomainEvent, { type: T }>;

/** The event's data as the type's (the caller has dispatched on `event.type`). */
export const dataOf = <T extends DomainEventType>(event: RecordedEvent, _type: T): DomainEventOf<T>['data'] =>
  event.data as DomainEventOf<T>['data'];

/** The recorded event as a typed domain event, when it is one of `types`; a `switch` on its type then narrows the data. */
export function domainEventOf<const T extends DomainEventType>(event: RecordedEvent, types: readonly T[]): DomainEventOf<T> | undefined {
  return (types as readonly string[]).includes(event.type) ? ({ type: event.type, data: event.data } as DomainEventOf<T>) : undefined;
}
