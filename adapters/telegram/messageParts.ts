// One outgoing message as the API calls that carry it. Text over 4,096 characters is split (buttons under
// the last part). A photo carries the text as its caption when it fits in 1,024 characters; otherwise the
// photo goes first and the text after it. Several photos become an album (2–10 a call): an album cannot
// carry buttons, so with buttons the text follows the album as a message of its own. An edit replaces the
// text, or the caption of a photo message.
import type { InlineButton, OutgoingMessage, OutgoingPart } from './sendQueue.js';
import { CAPTION_LIMIT, splitText } from './splitText.js';

/** Telegram's most photos in one album (sendMediaGroup). */
export const ALBUM_MAX = 10;

type Base = Pick<OutgoingPart, 'chatId' | 'threadId'>;

/** How many messages a part counts as toward Telegram's limits: an album of N as N. */
export const partWeight = (part: OutgoingPart): number => Math.max(1, part.album?.length ?? 1);

/** Photos into albums of at most ALBUM_MAX, as even as possible (11 become 6 and 5, never 10 and 1). */
export function albumsOf<T>(photos: readonly T[]): T[][] {
  const count = Math.ceil(photos.length / ALBUM_MAX);
  const albums: T[][] = [];
  for (let i = 0, start = 0; i < count; i += 1) {
    const size = Math.floor(photos.length / count) + (i < photos.length % count ? 1 : 0);
    albums.push(photos.slice(start, start + size));
    start += size;
  }
  return albums;
}

// An empty keyboard is kept: on an edit it removes the buttons.
const keyboardOf = (keyboard: InlineButton[][] | undefined) => (keyboard ? { keyboard } : {});

/** Text parts, the buttons under the last one; an empty text sends nothing. */
function textParts(base: Base, text: string, keyboard: InlineButton[][] | undefined): OutgoingPart[] {
  if (text.trim() === '') return [];
  const texts = splitText(text);
  return texts.map((part, i) => ({ ...base, text: part, ...(i === texts.length - 1 ? keyboardOf(keyboard) : {}) }));
}

function editParts(base: Base, message: OutgoingMessage, editMessageId: number): OutgoingPart[] {
  const [first = '', ...rest] = splitText(message.text, message.editCaption ? CAPTION_LIMIT : undefined);
  const edit: OutgoingPart = { ...base, text: first, editMessageId, ...(message.editCaption ? { editCaption: true } : {}) };
  if (rest.length === 0) return [{ ...edit, ...keyboardOf(message.keyboard) }];
  return [edit, ...textParts(base, rest.join('\n'), message.keyboard)];
}

function photoParts(base: Base, photo: NonNullable<OutgoingMessage['photo']>, message: OutgoingMessage): OutgoingPart[] {
  if (message.text.length <= CAPTION_LIMIT) return [{ ...base, text: message.text, photo, ...keyboardOf(message.keyboard) }];
  return [{ ...base, text: '', photo }, ...textParts(base, message.text, message.keyboard)];
}

function albumParts(base: Base, photos: readonly { fileId: string }[], message: OutgoingMessage): OutgoingPart[] {
  const albums = albumsOf(photos);
  const [only] = albums;
  // Without buttons, a short text is the album's caption; otherwise it follows as its own message.
  if (albums.length === 1 && only && !message.keyboard?.length && message.text.length <= CAPTION_LIMIT) {
    return [{ ...base, text: message.text, album: only }];
  }
  return [...albums.map((album) => ({ ...base, text: '', album })), ...textParts(base, message.text, message.keyboard)];
}

/** A document with the text as its caption when it fits; otherwise the document first and the text after it. */
function documentParts(base: Base, document: NonNullable<OutgoingMessage['document']>, message: OutgoingMessage): OutgoingPart[] {
  if (message.text.length <= CAPTION_LIMIT) return [{ ...base, text: message.text, document, ...keyboardOf(message.keyboard) }];
  return [{ ...base, text: '', document }, ...textParts(base, message.text, message.keyboard)];
}

export function partsOf(message: OutgoingMessage): OutgoingPart[] {
  const base: Base = { chatId: message.chatId, ...(message.threadId !== undefined ? { threadId: message.threadId } : {}) };
  if (message.editMessageId !== undefined) return editParts(base, message, message.editMessageId);
  if (message.document) return documentParts(base, message.document, message);
  const photos = message.photos ?? [];
  const [single] = photos;
  if (message.photo) return photoParts(base, message.photo, message);
  if (photos.length === 1 && single) return photoParts(base, { fileId: single.fileId }, message);
  if (photos.length > 1) return albumParts(base, photos, message);
  const texts = splitText(message.text);
  return texts.map((text, i) => ({ ...base, text, ...(i === texts.length - 1 ? keyboardOf(message.keyboard) : {}) }));
}
