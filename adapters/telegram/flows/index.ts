// Every flow the bot routes to; one file per flow.
import type { Flow } from '../turn.js';
import { draftsFlow } from './drafts.js';
import { findFlow } from './find.js';
import { historyFlow } from './history.js';
import { kpiFlow } from './kpi.js';
import { listsFlow } from './lists.js';
import { newTaskFlow } from './newTask.js';
import { newTicketFlow } from './newTicket.js';
import { roomLinkFlow } from './roomLink.js';
import { staffFlow } from './staff.js';
import { startFlow } from './start.js';
import { taskCardFlow } from './taskCard.js';
import { ticketCardFlow } from './ticketCard.js';
import { ticketPhotosFlow } from './ticketPhotos.js';

export const allFlows: readonly Flow[] = [
  startFlow,
  newTicketFlow,
  draftsFlow,
  listsFlow,
  ticketCardFlow,
  newTaskFlow,
  taskCardFlow,
  kpiFlow,
  historyFlow,
  staffFlow,
  roomLinkFlow,
  ticketPhotosFlow,
  findFlow,
];
