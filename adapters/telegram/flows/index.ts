// Every flow the bot routes to; one file per flow.
import type { Flow } from '../turn.js';
import { deadlineChoiceFlow } from './deadlineChoice.js';
import { draftsFlow } from './drafts.js';
import { exportFlow } from './export.js';
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
import { askAuthorFlow } from './askAuthor.js';
import { rateTicketFlow } from './rateTicket.js';
import { recurringFlow } from './recurring.js';
import { duplicatesFlow } from './duplicates.js';
import { roomHistoryFlow } from './roomHistory.js';
import { staffGroupsFlow } from './staffGroups.js';
import { ordersFlow } from './orders.js';

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
  deadlineChoiceFlow,
  askAuthorFlow,
  rateTicketFlow,
  exportFlow,
  findFlow,
  recurringFlow,
  duplicatesFlow,
  roomHistoryFlow,
  staffGroupsFlow,
  ordersFlow,
];
