// A projector whose version changed is rebuilt when the worker starts, before it follows the log live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RowProjector } from '../../projections/projector.js';
import { allProjectors } from '../../projections/index.js';
import { isCaughtUp } from '../../projections/lag.js';
import { startProjections } from '../../projections/runner.js';
import { ticketsProjector, type TicketRow } from '../../projections/tickets.js';
import { schoolLog } from './support/schoolLog.js';
import { appendAll, eventually, openReadSide, tableRows, type ReadSide } from './support/readSide.js';

describe('a changed projector version (PGlite)', () => {
  let side: ReadSide;
  beforeAll(async () => {
    side = await openReadSide('pglite');
    await appendAll(side.store, schoolLog({ seed: 41, tickets: 40, tasks: 10, staff: 10 }));
  });
  afterAll(async () => side?.teardown());

  const runUntilCaughtUp = async (projectors: readonly RowProjector[]) => {
    const running = await startProjections({ store: side.store, sql: side.sql, checkpoints: side.checkpoints, projectors });
    await eventually(async () => {
      for (const projector of projectors) {
        const checkpoint = await side.checkpoints.get(projector.name);
        if (!(await isCaughtUp(side.store, checkpoint?.position, projector.eventTypes))) return false;
      }
      return true;
    }, 60_000, 'catch-up');
    await running.stop();
  };

  it('is rebuilt on start: its rows come from the new fold and its checkpoint carries the new version', async () => {
    await runUntilCaughtUp(allProjectors);
    const before = await tableRows(side.sql, 'rm_tickets', 'number');
    expect((await side.checkpoints.get('tickets'))?.version).toBe(ticketsProjector.version);

    // The next version writes titles in upper case: only a rebuild can change the rows already projected.
    const upperTitles: RowProjector<TicketRow> = {
      ...ticketsProjector,
      version: ticketsProjector.version + 1,
      evolve: (row, event) => {
        const next = ticketsProjector.evolve(row, event);
        return next && { ...next, title: next.title.toUpperCase() };
      },
    };
    await runUntilCaughtUp([upperTitles, ...allProjectors.filter((p) => p.name !== 'tickets')]);

    expect((await side.checkpoints.get('tickets'))?.version).toBe(ticketsProjector.version + 1);
    const after = (await tableRows(side.sql, 'rm_tickets', 'number')) as { title: string }[];
    expect(after).toHaveLength(before.length);
    expect(after.every((row) => row.title === row.title.toUpperCase())).toBe(true);
    expect(after.map((row) => row.title)).toEqual((before as { title: string }[]).map((row) => row.title.toUpperCase()));
  });
});
