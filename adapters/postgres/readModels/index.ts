// All read-model queries over one SQL connection (pool or PGlite): what infra hands to the adapters.
import type { ReadModels } from '../../../application/ports/readModels.js';
import type { SqlQueryable } from '../../../application/ports/sql.js';
import { sqlKpiQueries } from './kpiQueries.js';
import { sqlRoomQueries } from './roomQueries.js';
import { sqlSearchQueries } from './searchQueries.js';
import { sqlSlaQueries } from './slaQueries.js';
import { sqlStaffQueries } from './staffQueries.js';
import { sqlTaskQueries } from './taskQueries.js';
import { sqlTicketQueries } from './ticketQueries.js';
import { sqlRecurrenceQueries } from './recurrenceSchedule.js';
import { sqlDuplicateQueries } from './duplicateQueries.js';
import { sqlRoomHistoryQueries } from './roomHistoryQueries.js';
import { sqlGroupQueries, sqlOrderQueries } from './groupQueries.js';

export function sqlReadModels(sql: SqlQueryable): ReadModels {
  return { ...sqlTicketQueries(sql), ...sqlTaskQueries(sql), ...sqlStaffQueries(sql), ...sqlKpiQueries(sql), ...sqlRoomQueries(sql), ...sqlSearchQueries(sql), ...sqlSlaQueries(sql), ...sqlRecurrenceQueries(sql), ...sqlDuplicateQueries(sql), ...sqlRoomHistoryQueries(sql), ...sqlGroupQueries(sql), ...sqlOrderQueries(sql) };
}

