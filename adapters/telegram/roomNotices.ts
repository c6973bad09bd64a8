// A repeat problem (issue 15, item 5): a room's third ticket of one category within 30 days, told to the
// category's leads (the director without one) with buttons to the room's history and to the latest ticket.
import type { PendingMessage } from '../../application/ports/outbox.js';
import { encodeCallback } from './callbackData.js';
import type { Rendered, RenderContext } from './notificationTexts.js';
import { roomLabelOf } from './roomButtons.js';
import { categoryName, texts } from './texts.js';
import { button } from './turn.js';

export const ROOM_KINDS = ['room_repeat_problem'] as const satisfies ReadonlyArray<PendingMessage['kind']>;

export type RoomNotice = Extract<PendingMessage, { kind: (typeof ROOM_KINDS)[number] }>;

export const isRoomNotice = (message: PendingMessage): message is RoomNotice => (ROOM_KINDS as readonly string[]).includes(message.kind);

const r = texts.roomHistory;

/** "третья", or "12-я" past the words the texts have. */
export const ordinalOf = (count: number): string => r.ordinals[count - 1] ?? `${count}-я`;

export async function renderRoomNotice(message: RoomNotice, context: RenderContext): Promise<Rendered> {
  const { read, now } = context;
  const p = message.payload;
  const [label, ticket] = await Promise.all([roomLabelOf(read, p.room), read.ticketByNumber(p.number, now)]);
  const numbers = p.numbers.map((n) => texts.notifications.ticketRef(n)).join(', ');
  // The opening's own title first: a notice made by the opening may be rendered before the read model has it.
  const title = p.title ?? ticket?.title;
  const last = `${texts.notifications.ticketRef(p.number)}${title ? ` «${title}»` : ''}`;
  const text = r.repeatNotice(label, categoryName(p.category), ordinalOf(p.numbers.length), numbers, last);
  const keyboard = [
    [button(r.historyButton, encodeCallback('roomHistory', p.room))],
    [button(texts.lists.open(texts.notifications.ticketRef(p.number)), encodeCallback('showTicket', p.number))],
  ];
  return { kind: 'send', message: { text, keyboard } };
}
