// What the stores' readAll share: the filter (evaluated in process by the stores that do not push it into
// their query) and the page size when the caller names none.
import type { AllFilter } from '../../application/ports/eventStore.js';

/** Events one readAll returns when the caller gives no maxCount. */
export const DEFAULT_READ_ALL_COUNT = 1_000;

export function matchesFilter(filter: AllFilter | undefined, streamName: string, type: string): boolean {
  if (!filter) return true;
  if (filter.eventTypes && !filter.eventTypes.includes(type)) return false;
  if (filter.streamPrefixes && !filter.streamPrefixes.some((prefix) => streamName.startsWith(prefix))) return false;
  return true;
}
