// The one place that turns an outgoing part into a Bot API call, and Telegram's errors into SendError kinds
// the queue understands. Everything Telegram-specific about sending stays here.
import type { Telegram } from 'telegraf';
import { TelegramError } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Role } from '../../domain/index.js';
import { commandMenuFor } from './commandMenu.js';
import { SendError, type InlineButton, type OutgoingPart } from './sendQueue.js';
import { CAPTION_LIMIT, splitText } from './splitText.js';

const markup = (keyboard: InlineButton[][] | undefined): InlineKeyboardMarkup | undefined =>
  keyboard ? { inline_keyboard: keyboard.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))) } : undefined;

function classify(error: unknown): SendError {
  if (error instanceof TelegramError) {
    const code = error.code;
    const description = error.description;
    if (code === 429) return new SendError('rate_limited', description, (error.parameters?.retry_after ?? 1) * 1000);
    if (code === 403) return new SendError('blocked', description);
    if (code >= 500) return new SendError('server', description);
    return new SendError('bad_request', description);
  }
  // Network trouble (connection reset, DNS): worth retrying like a 5xx.
  return new SendError('server', error instanceof Error ? error.message : String(error));
}

/** Telegram's answer to editMessageText on a photo: its words are a caption. */
const NO_TEXT_TO_EDIT = /there is no text in the message to edit/;

/**
 * Replaces an earlier message's words and buttons: its caption when it is a photo. A caller that did not know
 * (a card found again through the outbox) learns it from Telegram's refusal and edits the caption instead.
 */
async function edit(telegram: Telegram, part: OutgoingPart, messageId: number, extra: { reply_markup?: InlineKeyboardMarkup }): Promise<number> {
  const markupOnly = extra.reply_markup ? { reply_markup: extra.reply_markup } : {};
  const editCaption = () => telegram.editMessageCaption(part.chatId, messageId, undefined, splitText(part.text, CAPTION_LIMIT)[0], markupOnly);
  if (part.editCaption) {
    await editCaption();
    return messageId;
  }
  try {
    await telegram.editMessageText(part.chatId, messageId, undefined, part.text, extra);
  } catch (error) {
    if (!(error instanceof TelegramError && NO_TEXT_TO_EDIT.test(error.description))) throw error;
    await editCaption();
  }
  return messageId;
}

/** Telegram's answers to a photo it cannot send by that file_id (garbled, another bot's, gone). */
const PHOTO_REFUSED = /file identifier|remote file|PHOTO_|MEDIA_EMPTY|wrong type of the web page content|failed to get HTTP URL content/i;
const isPhotoRefused = (error: unknown) => error instanceof TelegramError && error.code === 400 && PHOTO_REFUSED.test(error.description);

/** A photo by file_id; when Telegram refuses the photo itself, its words and buttons still go, as text. */
async function sendPhotoById(telegram: Telegram, part: OutgoingPart, fileId: string, extra: Record<string, unknown>): Promise<number> {
  try {
    const sent = await telegram.sendPhoto(part.chatId, fileId, { ...extra, ...(part.text ? { caption: part.text } : {}) });
    return sent.message_id;
  } catch (error) {
    if (!isPhotoRefused(error) || !part.text) throw error;
    const sent = await telegram.sendMessage(part.chatId, part.text, extra);
    return sent.message_id;
  }
}

/**
 * An album. When Telegram refuses one of its photos, the album is left out (the words that follow it are a
 * part of their own, or its caption goes as text), rather than failing a notice that would be sent again
 * and again with the same photo.
 */
async function sendAlbum(telegram: Telegram, part: OutgoingPart, album: readonly { fileId: string }[]): Promise<number> {
  const thread = part.threadId !== undefined ? { message_thread_id: part.threadId } : {};
  const media = album.map((photo, i) => ({ type: 'photo' as const, media: photo.fileId, ...(i === 0 && part.text ? { caption: part.text } : {}) }));
  try {
    const sent = await telegram.sendMediaGroup(part.chatId, media, thread);
    return sent[0]?.message_id ?? 0;
  } catch (error) {
    if (!isPhotoRefused(error)) throw error;
    if (!part.text) return 0;
    const sent = await telegram.sendMessage(part.chatId, part.text, thread);
    return sent.message_id;
  }
}

export function telegramDeliver(telegram: Telegram): (part: OutgoingPart) => Promise<number> {
  return async (part) => {
    const extra = {
      ...(part.threadId !== undefined ? { message_thread_id: part.threadId } : {}),
      ...(part.keyboard ? { reply_markup: markup(part.keyboard) } : {}),
    };
    try {
      if (part.editMessageId !== undefined) return await edit(telegram, part, part.editMessageId, extra);
      if (part.album) return await sendAlbum(telegram, part, part.album);
      if (part.document) {
        const upload = { source: Buffer.from(part.document.bytes), filename: part.document.filename };
        const sent = await telegram.sendDocument(part.chatId, upload, { ...extra, ...(part.text ? { caption: part.text } : {}) });
        return sent.message_id;
      }
      if (part.photo && 'fileId' in part.photo) return await sendPhotoById(telegram, part, part.photo.fileId, extra);
      if (part.photo) {
        const upload = { source: Buffer.from(part.photo.png), filename: part.photo.filename };
        const sent = await telegram.sendPhoto(part.chatId, upload, { ...extra, ...(part.text ? { caption: part.text } : {}) });
        return sent.message_id;
      }
      const sent = await telegram.sendMessage(part.chatId, part.text, extra);
      return sent.message_id;
    } catch (error) {
      // Editing to the same text is harmless (a double press); anything else is classified for the queue.
      if (error instanceof TelegramError && /message is not modified/.test(error.description)) return part.editMessageId ?? 0;
      throw classify(error);
    }
  };
}

/** Sets a person's command menu in their private chat (the sender calls it for `command_menu` rows). */
export interface CommandMenus {
  set(chatId: string, role: Role | null): Promise<void>;
}

export function telegramCommandMenus(telegram: Telegram): CommandMenus {
  return {
    async set(chatId, role) {
      try {
        await telegram.setMyCommands(commandMenuFor(role), { scope: { type: 'chat', chat_id: Number(chatId) } });
      } catch (error) {
        throw classify(error);
      }
    },
  };
}
