// Builds the Turn a flow works with from telegraf's context and the bot's dependencies.
import type { Context } from 'telegraf';
import { uuidV5 } from '../../application/eventIds.js';
import type { Person } from '../../application/people.js';
import type { BotDependencies } from './dependencies.js';
import type { OutgoingMessage } from './sendQueue.js';
import type { ConversationStore } from '../../application/ports/conversationState.js';
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
 * The draft writes of one update, kept until its answer is durable. A step's draft is cleared (or advanced)
 * only after its command was applied and its replies recorded: a crash or a failing store in between leaves
 * the draft as it was, so Telegram's redelivery of the update finds it and takes the same step again, instead
 * of finding no draft and dropping what the person typed.
 */
export class DraftWrites {
  private readonly pending = new Map<string, { draft: Draft; ttlSeconds: number } | null>();

  /** The update's own write of `key`, if it made one (null: cleared). */
  written(key: string): Draft | null | undefined {
    const entry = this.pending.get(key);
    return entry === undefined ? undefined : (entry?.draft ?? null);
  }

  save(key: string, draft: Draft, ttlSeconds: number): void {
    this.pending.set(key, { draft, ttlSeconds });
  }

  clear(key: string): void {
    this.pending.set(key, null);
  }

  /** Applies the writes, in the order they were first made. */
  async apply(store: ConversationStore): Promise<void> {
    for (const [key, entry] of this.pending) {
      if (entry) await store.set(key, entry.draft, entry.ttlSeconds);
      else await store.delete(key);
    }
    this.pending.clear();
  }
}

/**
 * Builds the turn. What it says is collected in `said`, in order, rather than sent: the bot records it in the
 * outbox before Telegram hears 200, so a crash after that loses no reply (adapters/telegram/bot.ts).
 * A message to the speaker's own chat is a reply (it lands in the forum topic the update came from); one to
 * another chat is a notice to somebody else, unless the flow says it is a reply (the speaker's own answer,
 * written to their private chat from a group).
 */
export function createTurn(ctx: Context, deps: BotDependencies, person: Person, said: OutgoingMessage[], drafts: DraftWrites): Turn {
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
    draft: async () => {
      const written = drafts.written(draftKey);
      return written === undefined ? deps.state.get<Draft>(draftKey) : (written ?? undefined);
    },
    saveDraft: (draft) => Promise.resolve(drafts.save(draftKey, draft, ttl)),
    clearDraft: () => Promise.resolve(drafts.clear(draftKey)),
    // A private chat's id is the person's own id.
    savePrivateDraft: (draft) => Promise.resolve(drafts.save(draftKeyIn(userId), draft, ttl)),
  };
}
