// The one place that turns an outgoing part into a Bot API call, and Telegram's errors into SendError kinds
// the queue understands. Everything Telegram-specific about sending stays here.
import type { Telegram } from 'telegraf';
import { TelegramError } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Role } from '../../domain/index.js';
import { commandMenuFor } from './commandMenu.js';
import { SendError, type InlineButton, type OutgoingPart } from './sendQueue.js';

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

export function telegramDeliver(telegram: Telegram): (part: OutgoingPart) => Promise<number> {
  return async (part) => {
    const extra = {
      ...(part.threadId !== undefined ? { message_thread_id: part.threadId } : {}),
      ...(part.keyboard ? { reply_markup: markup(part.keyboard) } : {}),
    };
    try {
      if (part.editMessageId !== undefined) {
        await telegram.editMessageText(part.chatId, part.editMessageId, undefined, part.text, extra);
        return part.editMessageId;
      }
      if (part.photo) {
        const photo = 'fileId' in part.photo ? part.photo.fileId : { source: Buffer.from(part.photo.png), filename: part.photo.filename };
        const sent = await telegram.sendPhoto(part.chatId, photo, { ...extra, ...(part.text ? { caption: part.text } : {}) });
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
