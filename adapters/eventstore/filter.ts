// The readAll/subscribe filter, evaluated in process by the stores that do not push it into their query.
import type { AllFilter } from '../../application/ports/eventStore.js';

export function matchesFilter(filter: AllFilter | undefined, streamName: string, type: string): boolean {
  if (!filter) return true;
  if (filter.eventTypes && !filter.eventTypes.includes(type)) return false;
  if (filter.streamPrefixes && !filter.streamPrefixes.some((prefix) => streamName.startsWith(prefix))) return false;
  return true;
}
