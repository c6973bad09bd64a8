// Every projector SchoolBot runs, in one list (the runner, the CLI and the audit use it).
import type { RowProjector } from './projector.js';
import { roomsProjector } from './rooms.js';
import { searchProjector } from './search.js';
import { staffProjector } from './staff.js';
import { tasksProjector } from './tasks.js';
import { ticketsProjector } from './tickets.js';
import { roomTicketsProjector } from './roomTickets.js';
import { staffGroupsProjector } from './staffGroups.js';
import { ordersProjector } from './orders.js';

// Each keeps its own row type; see RowProjector.evolve for why they fit the list as they are.
export const allProjectors: readonly RowProjector[] = [ticketsProjector, tasksProjector, staffProjector, roomsProjector, searchProjector, roomTicketsProjector, staffGroupsProjector, ordersProjector];

export function projectorsNamed(names: readonly string[] | undefined): RowProjector[] {
  if (!names || names.length === 0) return [...allProjectors];
  return names.map((name) => {
    const found = allProjectors.find((projector) => projector.name === name);
    if (!found) throw new Error(`no projector named "${name}" (known: ${allProjectors.map((p) => p.name).join(', ')})`);
    return found;
  });
}
