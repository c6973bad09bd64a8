// The search read model's status follows a question to the author: `waiting` while it waits (so it is neither
// "в работе" nor overdue), and back to the status it had once answered, with the moved due time.
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { searchProjector, type SearchRow } from '../../projections/search.js';
import { ticketEvents, type EventContext, type StreamEvent } from './support/events.js';

const AUTHOR = '10';
const TECH = '20';
let sequence = 0;
const ctx = (actorId: string, at: string): EventContext => ({ id: `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`, at, actorId });
const recorded = ({ stream, event }: StreamEvent, index: number): RecordedEvent =>
  ({ ...event, streamName: stream, revision: BigInt(index), position: String(index), recordedAt: event.metadata.occurredAt }) as RecordedEvent;

function fold(events: StreamEvent[]): SearchRow[] {
  const rows: SearchRow[] = [];
  let row: SearchRow | undefined;
  events.forEach((event, index) => {
    row = searchProjector.evolve(row, recorded(event, index));
    if (row) rows.push(row);
  });
  return rows;
}

describe('search row of a ticket that waits on its author', () => {
  it('is waiting after the question and back in work with the new due time after the answer', () => {
    const rows = fold([
      ticketEvents.opened(ctx(AUTHOR, '2026-11-02T09:00:00.000Z'), 7, { authorId: AUTHOR }),
      ticketEvents.assigned(ctx(TECH, '2026-11-02T09:10:00.000Z'), 7, { assigneeId: TECH }),
      ticketEvents.infoRequested(ctx(TECH, '2026-11-02T09:20:00.000Z'), 7, { from: 'in_progress' }),
      ticketEvents.infoProvided(ctx(AUTHOR, '2026-11-03T08:00:00.000Z'), 7, { resumedTo: 'in_progress', dueAt: '2026-11-06T09:00:00.000Z' }),
    ]);
    expect(rows.map((row) => row.status)).toEqual(['open', 'in_progress', 'waiting', 'in_progress']);
    expect(rows[3]!.due_at).toBe('2026-11-06T09:00:00.000Z');
  });

  it('goes back to open when nobody had taken it', () => {
    const rows = fold([
      ticketEvents.opened(ctx(AUTHOR, '2026-11-02T09:00:00.000Z'), 8, { authorId: AUTHOR }),
      ticketEvents.infoRequested(ctx(TECH, '2026-11-02T09:20:00.000Z'), 8, { from: 'open' }),
      ticketEvents.infoProvided(ctx(AUTHOR, '2026-11-02T10:00:00.000Z'), 8, { resumedTo: 'open', dueAt: '2026-11-05T10:00:00.000Z' }),
    ]);
    expect(rows.map((row) => row.status)).toEqual(['open', 'waiting', 'open']);
  });
});
