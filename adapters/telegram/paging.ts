// Lists longer than one message: a page of lines, "стр. 2 из 3" and ◀ / ▶ buttons. A list registers how to
// draw one of its pages under a short key (`pagedList`); its command shows page 1 as a new message, and a
// press on ◀ / ▶ (`listPage:<key>:<page>`) redraws that message in place. The list may have changed since
// the buttons were drawn: a page past its end shows the last page there is, never an error.
import { decodeCallback, encodeCallback } from './callbackData.js';
import type { InlineButton } from './sendQueue.js';
import { texts } from './texts.js';
import { button, type Turn } from './turn.js';

/** Lines a page shows. */
export const PAGE_SIZE = 10;

/** Which page is shown, of how many, and which rows that is. */
export interface PageWindow {
  page: number;
  pages: number;
  offset: number;
  limit: number;
}

/** The page to show of a list `total` long: the one asked for, or the nearest that exists (1 for an empty list). */
export function pageWindow(requested: number, total: number, size = PAGE_SIZE): PageWindow {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, Number.isFinite(requested) ? Math.floor(requested) : 1), pages);
  return { page, pages, offset: (page - 1) * size, limit: size };
}

/**
 * Loads page `requested` with `fetch` (its rows at offset/limit and the list's length). When the list got
 * shorter than that page meanwhile, the last page is loaded instead.
 */
export async function loadPage<Result extends { total: number }>(
  requested: number,
  fetch: (offset: number, limit: number) => Promise<Result>,
  size = PAGE_SIZE,
): Promise<{ window: PageWindow; result: Result }> {
  const asked = pageWindow(requested, Number.MAX_SAFE_INTEGER, size);
  const result = await fetch(asked.offset, asked.limit);
  const window = pageWindow(asked.page, result.total, size);
  if (window.page === asked.page) return { window, result };
  return { window, result: await fetch(window.offset, window.limit) };
}

/** The ◀ / ▶ row for a list of `key` (none when it fits one page). */
export function pageButtons(key: string, window: PageWindow): InlineButton[][] {
  const row: InlineButton[] = [];
  if (window.page > 1) row.push(button(texts.paging.back, encodeCallback('listPage', key, window.page - 1)));
  if (window.page < window.pages) row.push(button(texts.paging.forward, encodeCallback('listPage', key, window.page + 1)));
  return row.length > 0 ? [row] : [];
}

/** "стр. 2 из 3", or nothing for a list of one page. */
export const pageLabel = (window: PageWindow): string | undefined =>
  window.pages > 1 ? texts.paging.page(window.page, window.pages) : undefined;

/** One drawn page: the message's text and every button under it (the item buttons, then ◀ / ▶). */
export interface ListPage {
  text: string;
  keyboard: InlineButton[][];
}

/** Draws page `page` for the speaker; undefined when it already answered (a refusal, say). */
export type PageBuilder = (turn: Turn, page: number) => Promise<ListPage | undefined>;

const lists = new Map<string, PageBuilder>();

/**
 * Registers a paged list under `key` (short ASCII: it travels in callback data) and returns what its command
 * does: page 1, as a new message.
 */
export function pagedList(key: string, build: PageBuilder): (turn: Turn) => Promise<void> {
  encodeCallback('listPage', key, 1); // throws now, at start, on a key that cannot travel in a button
  lists.set(key, build);
  return async (turn) => {
    const shown = await build(turn, 1);
    if (shown) turn.reply(shown.text, shown.keyboard.length > 0 ? shown.keyboard : undefined);
  };
}

/** The message a page button was pressed on, when the press was one (then the page replaces it). */
function pressedListMessage(turn: Turn): number | undefined {
  const press = turn.ctx.callbackQuery;
  if (!press?.message || !('data' in press) || decodeCallback(press.data)?.verb !== 'listPage') return undefined;
  return press.message.message_id;
}

/** The `listPage` button: draws the asked page of its list in place of the message it was pressed on. */
export async function turnPage(turn: Turn, [key, page]: string[]): Promise<void> {
  const build = key === undefined ? undefined : lists.get(key);
  const requested = Number(page);
  if (!build || !Number.isInteger(requested)) return turn.reply(texts.common.staleButton);
  const shown = await build(turn, requested);
  if (!shown) return;
  const messageId = pressedListMessage(turn);
  if (messageId === undefined) return turn.reply(shown.text, shown.keyboard.length > 0 ? shown.keyboard : undefined);
  turn.send({ editMessageId: messageId, text: shown.text, keyboard: shown.keyboard });
}
