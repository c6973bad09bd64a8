// The QR poster on a classroom door opens `t.me/<bot>?start=room_<number>`: a ticket with the room filled in
// (its place and its default category) that asks only what is wrong. Someone not approved yet registers first;
// the room is remembered and offered right after an admin approves them. Admins list the rooms with /rooms, and
// with /rooms <number> see one room (its poster's link) and change its default category or its name.
import { PHOTOS_MAX, ROOM_NUMBER_MAX, TEXT_MAX } from '../../../domain/index.js';
import type { Photo } from '../../../domain/shared/values.js';
import type { RoomView } from '../../../application/ports/readModels.js';
import { encodeCallback } from '../callbackData.js';
import { hasRole, isActive } from '../cards.js';
import { categoryName, texts } from '../texts.js';
import { button, type Flow, type Turn } from '../turn.js';
import { request, requireActive, succeeded, typedText } from './common.js';

export const ROOM_TICKET = 'roomTicket';
const ROOM_RENAME = 'roomRename';
/** The deep-link payload of a room's poster: `room_<number>`. */
const PAYLOAD = new RegExp(`^room_([A-Za-z0-9_-]{1,${ROOM_NUMBER_MAX}})$`);
/** A room scanned before approval is remembered this long: an admin may take a few days to approve. */
const REMEMBER_SECONDS = 30 * 24 * 3600;
/** A list line's title is cut to this many characters (whole letters and emoji). */
const TITLE_LENGTH = 79;
const CATEGORY_BUTTONS_PER_ROW = 2;

const rememberedKey = (telegramId: string) => `roomLink:${telegramId}`;

interface RoomTicketDraft {
  number: string;
  label: string;
  category: string;
  photos?: Photo[];
}

export const roomLabel = (room: Pick<RoomView, 'number' | 'name'>): string => texts.rooms.label(room.number, room.name);

/** The first line of the description, cut on a character boundary (never half an emoji). */
function titleOf(description: string): string {
  const firstLine = description.split('\n')[0]!.trim();
  const graphemes = [...new Intl.Segmenter('ru', { granularity: 'grapheme' }).segment(firstLine)].map((s) => s.segment);
  return graphemes.length <= TITLE_LENGTH ? firstLine : `${graphemes.slice(0, TITLE_LENGTH - 1).join('').trimEnd()}…`;
}

/** The room number a `/start` message carries (`/start room_204`), lower-cased as rooms are stored. */
function roomOfStart(turn: Turn): string | undefined {
  const message = turn.ctx.message;
  const text = message && 'text' in message ? message.text : '';
  const payload = /^\/start(?:@\w+)?\s+(\S+)/.exec(text)?.[1] ?? '';
  return PAYLOAD.exec(payload)?.[1]?.toLowerCase();
}

async function askWhatIsWrong(turn: Turn, room: RoomView): Promise<void> {
  const label = roomLabel(room);
  const data: RoomTicketDraft = { number: room.number, label, category: room.category };
  await turn.saveDraft({ flow: ROOM_TICKET, step: 'describe', data: { ...data } });
  turn.reply(texts.rooms.askWhatIsWrong(label, categoryName(room.category)));
}

/**
 * The hook of `/start`: handles `/start room_<number>` and returns true when it answered; false lets /start go
 * on (a plain /start, or registration, which this remembers the room for).
 */
export async function startFromRoomLink(turn: Turn): Promise<boolean> {
  const number = roomOfStart(turn);
  if (number === undefined) return false;
  const person = turn.person;
  if (person.status === 'inactive') return false;
  const room = await turn.deps.read.roomByNumber(number);
  if (!room) {
    turn.reply(texts.rooms.unknownRoom(number));
    // Someone new still registers; the others have been told.
    return person.status !== 'none';
  }
  if (isActive(person)) {
    await askWhatIsWrong(turn, room);
    return true;
  }
  await turn.deps.state.set(rememberedKey(turn.userId), { number: room.number }, REMEMBER_SECONDS);
  if (person.status === 'pending') {
    turn.reply(texts.rooms.rememberedPending(roomLabel(room)));
    return true;
  }
  turn.reply(texts.rooms.rememberedNew(roomLabel(room)));
  return false;
}

/** The hook of an approval: offers the approved person the room they scanned before, if any. */
export async function offerRememberedRoom(turn: Turn, telegramId: string): Promise<void> {
  const key = rememberedKey(telegramId);
  const remembered = await turn.deps.state.get<{ number: string }>(key);
  if (!remembered) return;
  await turn.deps.state.delete(key);
  const room = await turn.deps.read.roomByNumber(remembered.number);
  if (!room) return;
  turn.send({
    chatId: telegramId,
    text: texts.rooms.offerAfterApproval(roomLabel(room)),
    keyboard: [[button(texts.rooms.offerButton, encodeCallback('roomTicket', room.number))]],
  });
}

async function describe(turn: Turn, data: RoomTicketDraft, text: string, photos: readonly Photo[]): Promise<void> {
  if (text.length > TEXT_MAX) return turn.reply(texts.newTicket.tooLong(TEXT_MAX));
  const result = await turn.deps.school.openTicket(
    turn.person,
    { title: titleOf(text), description: text, category: data.category, location: data.label, photos: [...photos], room: data.number },
    request(turn),
  );
  await turn.clearDraft();
  if (succeeded(turn, result)) turn.reply(texts.newTicket.created(result.number));
}

function categoryKeyboard(turn: Turn, number: string) {
  const buttons = turn.deps.categories.map((slug) => button(categoryName(slug), encodeCallback('setRoomCategory', number, slug)));
  const rows = [];
  for (let i = 0; i < buttons.length; i += CATEGORY_BUTTONS_PER_ROW) rows.push(buttons.slice(i, i + CATEGORY_BUTTONS_PER_ROW));
  return rows;
}

/** An admin's room: its card with the link of its poster, and buttons to change its category or name. */
async function showRoom(turn: Turn, number: string): Promise<void> {
  const room = await turn.deps.read.roomByNumber(number.toLowerCase());
  if (!room) return turn.reply(texts.rooms.unknownRoom(number));
  const bot = turn.ctx.botInfo?.username ?? 'bot';
  turn.reply(
    texts.rooms.card(roomLabel(room), room.floor === null ? '' : texts.rooms.floor(room.floor), categoryName(room.category), `t.me/${bot}?start=room_${room.number}`),
    [[button(texts.rooms.categoryButton, encodeCallback('roomCategoryMenu', room.number)), button(texts.rooms.renameButton, encodeCallback('renameRoom', room.number))]],
  );
}

/** Admins only (they keep the rooms); anyone else is told so. */
function requireAdmin(turn: Turn): boolean {
  if (!requireActive(turn)) return false;
  if (hasRole(turn.person, 'admin')) return true;
  turn.reply(texts.rooms.adminsOnly);
  return false;
}

export const roomLinkFlow: Flow = {
  commands: {
    rooms: async (turn, args) => {
      if (!requireAdmin(turn)) return;
      if (args) return showRoom(turn, args.split(/\s+/)[0]!);
      const rooms = await turn.deps.read.allRooms();
      if (rooms.length === 0) return turn.reply(texts.rooms.listEmpty);
      const lines = rooms.map((room) =>
        texts.rooms.listLine(roomLabel(room), room.floor === null ? '' : texts.rooms.floor(room.floor), categoryName(room.category)),
      );
      turn.reply([texts.rooms.listTitle(rooms.length), '', ...lines, '', texts.rooms.listHint].join('\n'));
    },
  },
  callbacks: {
    roomTicket: async (turn, [number]) => {
      if (!requireActive(turn)) return;
      const room = number ? await turn.deps.read.roomByNumber(number) : undefined;
      if (!room) return turn.reply(texts.rooms.unknownRoom(number ?? ''));
      await askWhatIsWrong(turn, room);
    },
    roomCategoryMenu: async (turn, [number]) => {
      if (!requireAdmin(turn)) return;
      const room = number ? await turn.deps.read.roomByNumber(number) : undefined;
      if (!room) return turn.reply(texts.rooms.unknownRoom(number ?? ''));
      turn.reply(texts.rooms.chooseCategory(roomLabel(room)), categoryKeyboard(turn, room.number));
    },
    setRoomCategory: async (turn, [number, category]) => {
      if (!number || !category) return turn.reply(texts.common.staleButton);
      if (!requireActive(turn)) return;
      const result = await turn.deps.school.changeRoom(turn.person, { number, category }, request(turn));
      if (!succeeded(turn, result)) return;
      const room = await turn.deps.read.roomByNumber(number);
      turn.reply(texts.rooms.categoryChanged(room ? roomLabel(room) : number, categoryName(category)));
    },
    renameRoom: async (turn, [number]) => {
      if (!requireAdmin(turn)) return;
      const room = number ? await turn.deps.read.roomByNumber(number) : undefined;
      if (!room) return turn.reply(texts.rooms.unknownRoom(number ?? ''));
      await turn.saveDraft({ flow: ROOM_RENAME, step: 'name', data: { number: room.number } });
      turn.reply(texts.rooms.askName(roomLabel(room)));
    },
  },
  steps: {
    [ROOM_RENAME]: async (turn, draft, input) => {
      const typed = typedText(turn, input.text);
      if (typed === undefined) return;
      const number = String(draft.data.number);
      const name = typed === '-' ? '' : typed;
      const result = await turn.deps.school.changeRoom(turn.person, { number, name }, request(turn));
      await turn.clearDraft();
      if (succeeded(turn, result)) turn.reply(texts.rooms.renamed(texts.rooms.label(number, name.replace(/\s+/g, ' '))));
    },
    [ROOM_TICKET]: async (turn, draft, input) => {
      const data = draft.data as unknown as RoomTicketDraft;
      const photos = [...(data.photos ?? []), ...(input.photo ? [input.photo] : [])].slice(0, PHOTOS_MAX);
      const text = input.text?.trim();
      if (!text) {
        // A photo without a caption: kept with the draft; the words are still to come.
        if (input.photo) await turn.saveDraft({ ...draft, data: { ...draft.data, photos } });
        return turn.reply(texts.rooms.askWords);
      }
      await describe(turn, data, text, photos);
    },
  },
};
