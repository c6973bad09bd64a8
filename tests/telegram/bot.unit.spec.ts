// The update pipeline on its own, with stub ports: a failing command surfaces as UpdateFailedError (so the
// webhook answers 500 and Telegram redelivers), the claim is released so the redelivery runs, a redelivery of
// a handled update is skipped, and every update passes the single metrics point.
import { describe, expect, it } from 'vitest';
import type { Update } from 'telegraf/types';
import { createInProcessConversationState } from '../../adapters/memory/conversationState.js';
import { createTelegramBot, UpdateFailedError } from '../../adapters/telegram/bot.js';
import type { BotCommands, BotDependencies } from '../../adapters/telegram/dependencies.js';
import type { OutgoingMessage } from '../../adapters/telegram/sendQueue.js';
import type { ReadModels, StaffView } from '../../application/ports/readModels.js';

const teacher: StaffView = {
  telegramId: '42',
  fullName: 'Тестова Анна',
  username: null,
  role: 'teacher',
  categories: [],
  status: 'active',
  reachable: true,
  registeredAt: null,
  updatedAt: new Date(0),
};

function setup(openTicket: BotCommands['openTicket']) {
  const sent: OutgoingMessage[] = [];
  const observed: Array<{ kind: string; command?: string }> = [];
  const deps: BotDependencies = {
    commands: { openTicket } as unknown as BotCommands,
    whoIs: () => Promise.resolve(teacher),
    read: {} as ReadModels,
    state: createInProcessConversationState(),
    outgoing: {
      send: (message) => {
        sent.push(message);
        return Promise.resolve({ status: 'sent', messageIds: [1] });
      },
    },
    clock: { now: () => new Date('2026-11-24T07:00:00Z') },
    zone: 'Europe/Moscow',
    categories: ['it'],
    adminIds: [],
    log: { info: () => {}, warn: () => {}, error: () => {} },
    observe: (labels, handle) => {
      observed.push(labels);
      return handle();
    },
  };
  const bot = createTelegramBot(
    { token: '1:x', apiRoot: 'http://127.0.0.1:9', botInfo: { id: 1, is_bot: true, first_name: 'b', username: 'b_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } },
    deps,
  );
  return { bot, sent, observed };
}

const update = (id: number, text: string) =>
  ({
    update_id: id,
    message: { message_id: id, date: 0, chat: { id: 42, type: 'private', first_name: 'A' }, from: { id: 42, is_bot: false, first_name: 'A' }, text },
  }) as unknown as Update;

describe('the update pipeline', () => {
  it('surfaces a failed update, releases it for the redelivery, and skips a handled one', async () => {
    let calls = 0;
    const { bot, sent, observed } = setup(() => {
      calls += 1;
      if (calls === 1) return Promise.reject(new Error('database went away'));
      return Promise.resolve({ ok: true, number: 7 });
    });
    await expect(bot.handleUpdate(update(1, '/new течёт кран'))).rejects.toBeInstanceOf(UpdateFailedError);
    expect(sent.map((m) => m.text)).toEqual(['Что-то пошло не так. Попробуйте ещё раз чуть позже.']);
    await bot.handleUpdate(update(1, '/new течёт кран'));
    await bot.handleUpdate(update(1, '/new течёт кран'));
    expect(calls).toBe(2);
    expect(sent.at(-1)?.text).toBe('Заявка №7 принята. Я сообщу, когда её возьмут в работу.');
    expect(observed).toEqual([
      { kind: 'message', command: 'new' },
      { kind: 'message', command: 'new' },
      { kind: 'message', command: 'new' },
    ]);
    expect(bot.inFlight).toBe(0);
  });
});
