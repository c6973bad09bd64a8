// A room's history (issue 15, item 5): `/room 204` (anyone active: ticket cards are for all staff to see) lists
// the room's tickets, newest first, ten a page with ◀ / ▶, each with a button to its card; the card's
// "История: каб. 204" button opens the same list. A technician or a manager gives a ticket without a room its
// room ("Указать помещение" on the card, then the number); it then shows in that room's history.
import { normalizeRoomNumber } from '../../../domain/index.js';
import { decodeCallback, encodeCallback } from '../callbackData.js';
import { ticketLine } from '../cards.js';
import { loadPage, pageLabel, type PageWindow } from '../paging.js';
import { maySetTicketRoom, roomLabelOf } from '../roomButtons.js';
import type { InlineButton } from '../sendQueue.js';
import { texts } from '../texts.js';
import { button, type Flow, type Turn } from '../turn.js';
import { askForText, request, requireActive, succeeded, typedText } from './common.js';

const SET_ROOM = 'ticketRoom';
const r = texts.roomHistory;

/** ◀ / ▶ for a room's list: the room travels in the button (`mp:<room>:<page>`), so every list pages its own room. */
function pageRow(room: string, window: PageWindow): InlineButton[][] {
  const row: InlineButton[] = [];
  if (window.page > 1) row.push(button(texts.paging.back, encodeCallback('roomHistoryPage', room, window.page - 1)));
  if (window.page < window.pages) row.push(button(texts.paging.forward, encodeCallback('roomHistoryPage', room, window.page + 1)));
  return row.length > 0 ? [row] : [];
}

/** The message a ◀ / ▶ of a room's list was pressed on (the page then replaces it). */
function pressedMessage(turn: Turn): number | undefined {
  const press = turn.ctx.callbackQuery;
  if (!press?.message || !('data' in press) || decodeCallback(press.data)?.verb !== 'roomHistoryPage') return undefined;
  return press.message.message_id;
}

/** Page `page` of the room's history: as a new message, or in place of the pressed list. */
async function showHistory(turn: Turn, room: string, page: number, typed = room): Promise<void> {
  if (!requireActive(turn)) return;
  const { read } = turn.deps;
  const [known, loaded] = await Promise.all([
    read.roomByNumber(room),
    loadPage(page, (offset, limit) => read.roomTicketsPage(room, turn.now, { offset, limit })),
  ]);
  const { window, result } = loaded;
  if (!known && result.total === 0) return turn.reply(r.unknown(typed));
  const label = await roomLabelOf(read, room);
  const pageText = pageLabel(window);
  const text =
    result.total === 0 ? r.empty(label) : [r.heading(label, result.total), result.items.map(ticketLine).join('\n'), ...(pageText ? [pageText] : [])].join('\n\n');
  const keyboard = [
    ...result.items.map((t) => [button(texts.lists.open(`№${t.number}`), encodeCallback('showTicket', t.number))]),
    ...pageRow(room, window),
  ];
  const messageId = pressedMessage(turn);
  if (messageId === undefined) return turn.reply(text, keyboard.length > 0 ? keyboard : undefined);
  turn.send({ editMessageId: messageId, text, keyboard });
}

/** Before asking for the number: someone who may not give a ticket its room is told so at once. */
const mayAsk = (turn: Turn): Promise<string | undefined> => Promise.resolve(maySetTicketRoom(turn) ? undefined : texts.refusals.not_permitted);

export const roomHistoryFlow: Flow = {
  commands: {
    room: async (turn, args) => {
      if (!requireActive(turn)) return;
      const typed = args.trim();
      if (typed === '') return turn.reply(r.ask);
      const room = normalizeRoomNumber(typed);
      if (room === undefined) return turn.reply(r.unknown(typed));
      await showHistory(turn, room, 1, typed);
    },
  },
  callbacks: {
    roomHistory: async (turn, [room]) => {
      if (!room) return turn.reply(texts.common.staleButton);
      await showHistory(turn, room, 1);
    },
    roomHistoryPage: async (turn, [room, page]) => {
      const requested = Number(page);
      if (!room || !Number.isInteger(requested)) return turn.reply(texts.common.staleButton);
      await showHistory(turn, room, requested);
    },
    setTicketRoom: askForText(SET_ROOM, 'room', r.askRoom, mayAsk),
  },
  steps: {
    [SET_ROOM]: async (turn, draft, input) => {
      const typed = typedText(turn, input.text);
      if (typed === undefined) return;
      const number = Number(draft.data.number);
      // A number that cannot be a room, or one not on the school's list: asked again (the draft stays).
      const room = normalizeRoomNumber(typed);
      if (room === undefined) return turn.reply(r.badRoom(typed));
      if (!(await turn.deps.read.roomByNumber(room))) return turn.reply(r.notInList(room));
      const result = await turn.deps.school.setTicketRoom(turn.person, { number, room }, request(turn));
      await turn.clearDraft();
      if (succeeded(turn, result)) turn.reply(r.roomSet(number, await roomLabelOf(turn.deps.read, room)));
    },
  },
};
