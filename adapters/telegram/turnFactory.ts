// Builds the Turn a flow works with from telegraf's context and the bot's dependencies.
import type { Context } from 'telegraf';
import { uuidV5 } from '../../application/eventIds.js';
import type { Person } from '../../application/people.js';
import type { BotDependencies } from './dependencies.js';
import type { OutgoingMessage } from './sendQueue.js';
import type { Draft, Turn } from './turn.js';

const DEFAULT_DRAFT_TTL_SECONDS = 15 * 60;

/** A uuid-shaped id derived from the update, the chat and the step: the same on every redelivery. */
export const commandIdFor = (updateId: number, chatId: string, step = ''): string => uuidV5(`telegram:${updateId}:${chatId}:${step}`);

/** The forum topic an update came from (a message or the message a pressed button is on), if any. */
function topicOf(ctx: Context): number | undefined {
  const message = ctx.callbackQuery?.message ?? ctx.message;
  if (!message || !('is_topic_message' in message) || !message.is_topic_message) return undefined;
  return message.message_thread_id;
}

/**
 * Builds the turn. What it says is collected in `said`, in order, rather than sent: the bot records it in the
 * outbox before Telegram hears 200, so a crash after that loses no reply (adapters/telegram/bot.ts).
 * A message to the speaker's own chat is a reply (it lands in the forum topic the update came from); one to
 * another chat is a notice to somebody else, unless the flow says it is a reply (the speaker's own answer,
 * written to their private chat from a group).
 */
export function createTurn(ctx: Context, deps: BotDependencies, person: Person, said: OutgoingMessage[]): Turn {
  const from = ctx.from!;
  const userId = String(from.id);
  const chatId = String(ctx.chat?.id ?? from.id);
  const topic = topicOf(ctx);
  const updateId = ctx.update.update_id;
  const draftKeyIn = (chat: string) => `draft:${chat}:${userId}`;
  const draftKey = draftKeyIn(chatId);
  const ttl = deps.draftTtlSeconds ?? DEFAULT_DRAFT_TTL_SECONDS;
  const send: Turn['send'] = (message) => {
    const to = message.chatId ?? chatId;
    const own = to === chatId;
    said.push({
      ...message,
      chatId: to,
      lane: message.lane ?? (own ? 'reply' : 'notice'),
      ...(own && topic !== undefined && message.threadId === undefined ? { threadId: topic } : {}),
    });
  };
  return {
    ctx,
    deps,
    updateId,
    chatId,
    userId,
    username: from.username ?? null,
    person,
    now: deps.clock.now(),
    commandId: (step) => commandIdFor(updateId, chatId, step),
    reply: (text, keyboard) => send({ text, ...(keyboard ? { keyboard } : {}) }),
    send,
    draft: () => deps.state.get<Draft>(draftKey),
    saveDraft: (draft) => deps.state.set(draftKey, draft, ttl),
    clearDraft: () => deps.state.delete(draftKey),
    // A private chat's id is the person's own id.
    savePrivateDraft: (draft) => deps.state.set(draftKeyIn(userId), draft, ttl),
  };
}
