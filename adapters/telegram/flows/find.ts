// /find <words>: tickets and tasks by words, number, room, person, status and period (docs/search.md), the
// most relevant first, a page of lines at a time, each with a button that opens the card. /find alone asks what
// to look for. The results are only what the person may open (the query applies the cards' visibility rules).
import type { SearchHit } from '../../../application/ports/readModels.js';
import { encodeCallback } from '../callbackData.js';
import { loadPage, pageButtons, pagedList, pageLabel } from '../paging.js';
import { parseSearchPhrase } from '../searchPhrase.js';
import { texts } from '../texts.js';
import { button, type Flow, type Turn } from '../turn.js';
import { requireActive } from './common.js';

const FLOW = 'find';
/** The last query a person ran, for its ◀ / ▶ buttons (a button carries 64 bytes: not the query itself). */
const lastQueryKey = (userId: string) => `find:last:${userId}`;
const LAST_QUERY_TTL_SECONDS = 24 * 3600;
/** A query longer than this is cut: a search phrase, not a letter. */
const QUERY_LENGTH = 200;

const hitLine = (hit: SearchHit) =>
  hit.kind === 'ticket'
    ? texts.find.ticketLine(hit.number, hit.title, texts.ticketStatuses[hit.status] ?? hit.status, hit.overdue)
    : texts.find.taskLine(hit.number, hit.title, texts.taskStatuses[hit.status] ?? hit.status, hit.overdue);

const openButton = (hit: SearchHit) =>
  hit.kind === 'ticket'
    ? [button(texts.lists.open(`№${hit.number}`), encodeCallback('showTicket', hit.number))]
    : [button(texts.lists.open(`п${hit.number}`), encodeCallback('showTask', hit.number))];

/** One page of the person's last query. */
const showResults = pagedList('fd', async (turn, page) => {
  if (!requireActive(turn)) return undefined;
  const query = await turn.deps.state.get<string>(lastQueryKey(turn.userId));
  if (query === undefined) {
    turn.reply(texts.find.expired);
    return undefined;
  }
  const parsed = parseSearchPhrase(query, turn.now, turn.deps.zone);
  if (!parsed.ok) {
    turn.reply(parsed.reason === 'date' ? texts.find.badDate : texts.find.ask);
    return undefined;
  }
  const { terms, kind, statuses, from, to } = parsed.phrase;
  const { person } = turn;
  const viewer = { telegramId: person.telegramId, role: person.role, status: person.status };
  const { window, result } = await loadPage(page, (offset, limit) =>
    turn.deps.read.search(
      { viewer, terms, statuses, ...(kind ? { kind } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}), offset, limit },
      turn.now,
    ),
  );
  if (result.total === 0) return { text: texts.find.nothing(query), keyboard: [] };
  const label = pageLabel(window);
  const heading = result.more ? texts.find.headingMore(query, result.total) : texts.find.heading(query, result.total);
  const text = [heading, result.items.map(hitLine).join('\n'), ...(label ? [label] : [])].join('\n\n');
  return { text, keyboard: [...result.items.map(openButton), ...pageButtons('fd', window)] };
});

async function find(turn: Turn, words: string): Promise<void> {
  const query = words.replace(/\s+/g, ' ').trim().slice(0, QUERY_LENGTH);
  const parsed = parseSearchPhrase(query, turn.now, turn.deps.zone);
  if (!parsed.ok && parsed.reason === 'date') return turn.reply(texts.find.badDate);
  if (!parsed.ok) {
    await turn.saveDraft({ flow: FLOW, step: 'query', data: {} });
    return turn.reply(texts.find.ask);
  }
  await turn.deps.state.set(lastQueryKey(turn.userId), query, LAST_QUERY_TTL_SECONDS);
  await showResults(turn);
}

export const findFlow: Flow = {
  commands: {
    find: async (turn, args) => {
      if (!requireActive(turn)) return;
      await find(turn, args);
    },
  },
  steps: {
    [FLOW]: async (turn, _draft, input) => {
      if (!requireActive(turn)) return;
      if (!input.text) return turn.reply(texts.common.emptyText);
      await turn.clearDraft();
      await find(turn, input.text);
    },
  },
};
