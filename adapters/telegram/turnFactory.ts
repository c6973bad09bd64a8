// Builds the Turn a flow works with from telegraf's context and the bot's dependencies.
import type { Context } from 'telegraf';
import { uuidV5 } from '../../application/eventIds.js';
import type { Person } from '../../application/people.js';
import type { BotDependencies } from './dependencies.js';
import type { Draft, Turn } from './turn.js';

const DEFAULT_DRAFT_TTL_SECONDS = 15 * 60;

/** A uuid-shaped id derived from the update, the chat and the step: the same on every redelivery. */
export const commandIdFor = (updateId: number, chatId: string, step = ''): string => uuidV5(`telegram:${updateId}:${chatId}:${step}`);

export function createTurn(ctx: Context, deps: BotDependencies, person: Person): Turn {
  const from = ctx.from!;
  const userId = String(from.id);
  const chatId = String(ctx.chat?.id ?? from.id);
  const updateId = ctx.update.update_id;
  const draftKey = `draft:${chatId}:${userId}`;
  const ttl = deps.draftTtlSeconds ?? DEFAULT_DRAFT_TTL_SECONDS;
  const send: Turn['send'] = (message) => {
    void deps.outgoing.send({ ...message, chatId: message.chatId ?? chatId }).catch((error: unknown) => {
      deps.log.warn({ err: error, chatId }, 'reply failed');
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
  };
}
