// /history <number> (a ticket) or /history п<number> (a task): who did what when, from the event log.
import { DateTime } from 'luxon';
import type { HistoryEntry } from '../../../application/history.js';
import { CONFIG_ACTOR_ID, SYSTEM_ACTOR_ID } from '../../../domain/index.js';
import { hasRole } from '../cards.js';
import { historyLinesIn } from '../historyLines.js';
import { texts } from '../texts.js';
import type { Flow } from '../turn.js';
import { requireActive } from './common.js';

/** Who acted, in words: the name the history resolved from their staff stream, or what the scheduler is. */
const whoDid = (entry: HistoryEntry): string =>
  entry.actorId === SYSTEM_ACTOR_ID ? texts.history.system : entry.actorId === CONFIG_ACTOR_ID ? texts.history.configuration : entry.actorName;

export const historyFlow: Flow = {
  commands: {
    history: async (turn, args) => {
      if (!requireActive(turn)) return;
      if (!hasRole(turn.person, 'auditor', 'admin', 'director', 'deputy')) return turn.reply(texts.history.notAllowed);
      const match = /^(п|t|task)?\s*(\d{1,9})$/i.exec(args.trim());
      if (!match || !turn.deps.history) return turn.reply(texts.history.usage);
      const kind = match[1] ? 'task' : 'ticket';
      const number = Number(match[2]);
      const entries = await turn.deps.history.history(kind, number);
      if (!entries) return turn.reply(kind === 'task' ? texts.task.notFound(number) : texts.ticketCard.notFound(number));
      const describe = historyLinesIn(turn.deps.zone);
      const lines = entries.map((e) =>
        texts.history.line(
          DateTime.fromISO(e.at, { zone: turn.deps.zone }).toFormat('dd.MM.yyyy HH:mm'),
          whoDid(e),
          `${describe(e)}${e.detail ? `: ${e.detail}` : ''}`,
        ),
      );
      const label = kind === 'task' ? `п${number}` : `№${number}`;
      turn.reply([texts.history.title(label), ...(lines.length > 0 ? lines : [texts.history.empty])].join('\n'));
    },
  },
};
