// The update pipeline on its own, with stub ports: a failing command surfaces as UpdateFailedError (so the
// webhook answers 500 and Telegram redelivers), the claim is released so the redelivery runs, a redelivery of
// a handled update is skipped, and every update passes the single metrics point. Then the real command
// service on a counting in-memory store: one update reads its speaker's Staff stream once.
import { describe, expect, it } from 'vitest';
import type { Update } from 'telegraf/types';
import { createMemoryEventStore } from '../../adapters/eventstore/memory.js';
import { createInProcessConversationState } from '../../adapters/memory/conversationState.js';
import { createTelegramBot, UpdateFailedError, UpdateInProgressError } from '../../adapters/telegram/bot.js';
import { encodeCallback } from '../../adapters/telegram/callbackData.js';
import type { BotDependencies } from '../../adapters/telegram/dependencies.js';
import type { OutgoingMessage } from '../../adapters/telegram/sendQueue.js';
import { texts } from '../../adapters/telegram/texts.js';
import { createSchoolCommands, type SchoolCommands } from '../../application/commands/schoolCommands.js';
import type { Person } from '../../application/people.js';
import type { EventStore } from '../../application/ports/eventStore.js';
import { randomIds } from '../../application/ports/ids.js';
import type { ReadModels } from '../../application/ports/readModels.js';
import { roundTheClockCalendar } from '../../domain/calendar/index.js';

const teacher: Person = {
  telegramId: '42',
  fullName: 'Тестова Анна',
  role: 'teacher',
  categories: [],
  status: 'active',
  reachable: true,
};

const NOW = new Date('2026-11-24T07:00:00Z');

function setup(school: SchoolCommands, extra: Partial<BotDependencies> = {}) {
  const sent: OutgoingMessage[] = [];
  const observed: Array<{ kind: string; command?: string }> = [];
  const deps: BotDependencies = {
    school,
    read: {} as ReadModels,
    state: createInProcessConversationState(),
    outgoing: {
      send: (message) => {
        sent.push(message);
        return Promise.resolve({ status: 'sent', messageIds: [1] });
      },
    },
    clock: { now: () => NOW },
    zone: 'Europe/Moscow',
    calendar: roundTheClockCalendar('Europe/Moscow'),
    categories: ['it'],
    adminIds: [],
    log: { info: () => {}, warn: () => {}, error: () => {} },
    observe: (labels, handle) => {
      observed.push(labels);
      return handle();
    },
    ...extra,
  };
  const bot = createTelegramBot(
    { token: '1:x', apiRoot: 'http://127.0.0.1:9', botInfo: { id: 1, is_bot: true, first_name: 'b', username: 'b_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } },
    deps,
  );
  return { bot, sent, observed };
}

const update = (id: number, text: string, from = 42) =>
  ({
    update_id: id,
    message: { message_id: id, date: 0, chat: { id: from, type: 'private', first_name: 'A' }, from: { id: from, is_bot: false, first_name: 'A' }, text },
  }) as unknown as Update;

const press = (id: number, data: string, from: number) =>
  ({
    update_id: id,
    callback_query: {
      id: `cb${id}`,
      from: { id: from, is_bot: false, first_name: 'A' },
      chat_instance: 'ci',
      data,
      message: { message_id: 1, date: 0, chat: { id: from, type: 'private', first_name: 'A' }, text: 'card' },
    },
  }) as unknown as Update;

/** The memory store, counting stream reads by stream name. */
function countingStore() {
  const inner = createMemoryEventStore();
  const reads = new Map<string, number>();
  const store: EventStore = Object.assign(Object.create(inner) as EventStore, {
    readStream: (stream: string, ...rest: unknown[]) => {
      reads.set(stream, (reads.get(stream) ?? 0) + 1);
      return (inner.readStream as (...args: unknown[]) => ReturnType<EventStore['readStream']>).call(inner, stream, ...rest);
    },
  });
  return { store, reads };
}

describe('the update pipeline', () => {
  it('surfaces a failed update, releases it for the redelivery, and skips a handled one', async () => {
    let calls = 0;
    const openTicket = () => {
      calls += 1;
      if (calls === 1) return Promise.reject(new Error('database went away'));
      return Promise.resolve({ ok: true, number: 7 });
    };
    const { bot, sent, observed } = setup({ openTicket, person: () => Promise.resolve(teacher) } as unknown as SchoolCommands);
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

describe('redelivery', () => {
  const deferred = () => {
    let resolve!: (value: unknown) => void;
    const promise = new Promise((done) => (resolve = done));
    return { promise, resolve };
  };

  it('a redelivery while this process still handles the update waits for it and shares its outcome', async () => {
    const gate = deferred();
    let calls = 0;
    const openTicket = async () => {
      calls += 1;
      await gate.promise;
      return { ok: true, number: 3 };
    };
    const { bot, sent } = setup({ openTicket, person: () => Promise.resolve(teacher) } as unknown as SchoolCommands);
    const first = bot.handleUpdate(update(5, '/new нет света'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    let secondDone = false;
    const second = bot.handleUpdate(update(5, '/new нет света')).then(() => (secondDone = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(secondDone).toBe(false);
    gate.resolve(undefined);
    await Promise.all([first, second]);
    expect(calls).toBe(1);
    expect(sent.map((m) => m.text)).toEqual([texts.newTicket.created(3)]);
  });

  it('a claim held elsewhere fails the redelivery as in progress (503, never 200 without the effect); once a crashed claim lapses the update is handled', async () => {
    let now = Date.parse('2026-11-24T07:00:00Z');
    const state = createInProcessConversationState(() => now);
    let calls = 0;
    const openTicket = () => {
      calls += 1;
      return Promise.resolve({ ok: true, number: 4 });
    };
    const { bot, sent } = setup({ openTicket, person: () => Promise.resolve(teacher) } as unknown as SchoolCommands, { state });
    // Another replica (or this one before it was killed) claimed the update and never finished it.
    expect(await state.claim(6, 10)).toBe('claimed');
    const refused = await bot.handleUpdate(update(6, '/new нет света')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UpdateFailedError);
    expect((refused as UpdateFailedError).reason).toBeInstanceOf(UpdateInProgressError);
    expect(calls).toBe(0);
    expect(sent).toEqual([]);
    now += 10_001;
    await bot.handleUpdate(update(6, '/new нет света'));
    expect(calls).toBe(1);
    expect(sent.map((m) => m.text)).toEqual([texts.newTicket.created(4)]);
    expect(await state.claim(6, 10)).toBe('done');
  });

  it('what an update says is recorded (keyed by the update and its date) before the update resolves, as replies to its own chat', async () => {
    const recorded: Array<{ key: string; messages: readonly OutgoingMessage[] }> = [];
    let release!: () => void;
    const stored = new Promise<void>((resolve) => (release = resolve));
    const replies = {
      record: async (key: string, messages: readonly OutgoingMessage[]) => {
        await stored;
        recorded.push({ key, messages });
      },
    };
    const openTicket = () => Promise.resolve({ ok: true, number: 8 });
    const { bot, sent } = setup({ openTicket, person: () => Promise.resolve(teacher) } as unknown as SchoolCommands, { replies });
    let handled = false;
    const handling = bot.handleUpdate(update(9, '/new течёт кран')).then(() => (handled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handled).toBe(false);
    release();
    await handling;
    expect(recorded).toEqual([{ key: '9:0', messages: [{ chatId: '42', lane: 'reply', text: texts.newTicket.created(8) }] }]);
    // Nothing went around the outbox.
    expect(sent).toEqual([]);
  });
});

describe('one update, one look at the speaker', () => {
  it("reads the speaker's Staff stream once per update, commands included; the next update sees a change", async () => {
    const ADMIN = '1000';
    const counted = countingStore();
    const school = createSchoolCommands({ eventStore: counted.store, clock: { now: () => NOW }, ids: randomIds, adminIds: [ADMIN] });
    const admin = await school.person(ADMIN);
    for (const [id, role] of [['42', 'teacher'], ['43', 'technician']] as const) {
      await school.register(await school.person(id), { fullName: `Тестов ${id}` }, {});
      await school.approveStaff(admin, { telegramId: id, role }, {});
    }
    const { bot, sent } = setup(school);

    counted.reads.clear();
    await bot.handleUpdate(update(10, '/new течёт кран в каб. 12'));
    expect(sent.at(-1)?.text).toBe(texts.newTicket.created(1));
    expect(counted.reads.get('staff-42')).toBe(1);
    // A fresh ticket's stream is appended without being read.
    expect(counted.reads.get('ticket-1')).toBeUndefined();

    counted.reads.clear();
    await bot.handleUpdate(press(11, encodeCallback('takeTicket', 1), 43));
    expect(sent.at(-1)?.text).toBe(texts.ticketCard.taken(1));
    expect(Object.fromEntries(counted.reads)).toEqual({ 'staff-43': 1, 'ticket-1': 1 });

    await school.deactivate(admin, { telegramId: '42', reason: 'уволилась' }, {});
    counted.reads.clear();
    await bot.handleUpdate(update(12, '/new ещё одна'));
    expect(sent.at(-1)?.text).toBe(texts.registration.deactivated);
    expect(Object.fromEntries(counted.reads)).toEqual({ 'staff-42': 1 });
  });
});
