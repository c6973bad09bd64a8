// The link a room's QR poster opens, and the bot username it needs (kept apart from the PDF code, which is
// loaded only when posters are drawn).

/** The bot's username as a deep link needs it: 5–32 latin letters, digits and underscores, without the @. */
export const BOT_USERNAME = /^[A-Za-z][A-Za-z0-9_]{4,31}$/;

/** The link a room's QR opens: the bot's chat, started with `room_<number>`. */
export const roomLink = (bot: string, number: string): string => `https://t.me/${bot}?start=room_${number}`;
/** The same link as printed under the code (people type it without the scheme). */
export const shortRoomLink = (bot: string, number: string): string => `t.me/${bot}?start=room_${number}`;
