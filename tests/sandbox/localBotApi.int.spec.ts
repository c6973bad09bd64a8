// What the sandbox page relies on in the local Bot API, over its real HTTP surface (the calls telegraf makes):
// a person's message and press become updates, a file a person sends is served by getFile and its download
// path, the bot's messages, edits, deletions, menus and toasts are heard live, and Telegram's limits hold.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBotApi } from '../../adapters/telegram/localBotApi/localBotApi.js';
import type { ChatEvent } from '../../adapters/telegram/localBotApi/shapes.js';

const TOKEN = '1000000001:sandbox-local-bot-api-not-a-real-token';
const PERSON = { id: 501, first_name: 'Иванова Мария Петровна' };

describe('the local Bot API', () => {
  let api: LocalBotApi;
  let root: string;
  const events: ChatEvent[] = [];
  const call = async (method: string, payload: Record<string, unknown> = {}) => {
    const response = await fetch(`${root}/bot${TOKEN}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    return (await response.json()) as { ok: boolean; result?: unknown; error_code?: number; description?: string; parameters?: { retry_after?: number } };
  };
  const updates = async () => ((await call('getUpdates', { offset: 0, timeout: 0 })).result ?? []) as Array<Record<string, unknown>>;

  beforeEach(async () => {
    api = new LocalBotApi();
    root = await api.start();
    events.length = 0;
    api.subscribe((event) => events.push(event));
  });
  afterEach(() => api.stop());

  it("a person's message and press become updates with the chat's message", async () => {
    const written = api.userMessage({ chatId: PERSON.id, from: PERSON, text: '/start' });
    const sent = (await call('sendMessage', { chat_id: PERSON.id, text: 'Выберите', reply_markup: { inline_keyboard: [[{ text: 'Да', callback_data: 'wy' }]] } })).result as {
      message_id: number;
    };
    expect(api.userPress({ chatId: PERSON.id, from: PERSON, messageId: sent.message_id, data: 'wy' })).toBe(true);
    expect(api.userPress({ chatId: PERSON.id, from: PERSON, messageId: 999, data: 'wy' })).toBe(false);
    const [message, press] = await updates();
    expect(message).toMatchObject({ message: { message_id: written.message_id, text: '/start', chat: { id: PERSON.id, type: 'private' }, from: PERSON } });
    expect(press).toMatchObject({ callback_query: { data: 'wy', from: PERSON, message: { message_id: sent.message_id, text: 'Выберите' } } });
    expect(api.messagesIn(PERSON.id).map((m) => m.text)).toEqual(['/start', 'Выберите']);
    expect(events.map((e) => e.kind)).toEqual(['message', 'message']);

    // The toast of the answer goes to whoever pressed.
    const queryId = (press!.callback_query as { id: string }).id;
    await call('answerCallbackQuery', { callback_query_id: queryId, text: 'Готово' });
    expect(events.at(-1)).toEqual({ kind: 'answer', userId: PERSON.id, text: 'Готово', showAlert: false });
  });

  it('serves a photo a person sends through getFile and the download path, in a group topic', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const fileId = api.putFile(bytes, 'доска.png');
    api.userMessage({ chatId: -100_5, from: PERSON, photo: fileId, caption: 'вот', threadId: 2 });
    const [update] = await updates();
    expect(update).toMatchObject({ message: { chat: { id: -100_5, type: 'supergroup' }, message_thread_id: 2, caption: 'вот', photo: [{ file_id: fileId }] } });
    const file = (await call('getFile', { file_id: fileId })).result as { file_path: string; file_size: number };
    expect(file.file_size).toBe(bytes.length);
    const download = await fetch(`${root}/file/bot${TOKEN}/${file.file_path}`);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
    expect((await fetch(`${root}/file/bot${TOKEN}/files/unknown`)).status).toBe(404);
  });

  it('keeps uploads, edits, deletions and per-chat menus, and tells the page of each', async () => {
    const form = new FormData();
    form.set('chat_id', String(PERSON.id));
    form.set('document', new Blob([Buffer.from('a;b\n1;2\n')]), 'отчёт.xlsx');
    const sent = (await (await fetch(`${root}/bot${TOKEN}/sendDocument`, { method: 'POST', body: form })).json()) as { result: { message_id: number; document: { file_id: string } } };
    expect(api.file(sent.result.document.file_id)).toMatchObject({ name: 'отчёт.xlsx' });
    expect(api.messageIn(PERSON.id, sent.result.message_id)).toMatchObject({ document_name: 'отчёт.xlsx' });

    const text = (await call('sendMessage', { chat_id: PERSON.id, text: 'было' })).result as { message_id: number };
    await call('editMessageText', { chat_id: PERSON.id, message_id: text.message_id, text: 'стало' });
    await call('deleteMessage', { chat_id: PERSON.id, message_id: sent.result.message_id });
    await call('setMyCommands', { commands: [{ command: 'help', description: 'Что умеет бот' }] });
    await call('setMyCommands', { commands: [{ command: 'kpi', description: 'KPI' }], scope: { type: 'chat', chat_id: PERSON.id } });
    expect(api.menuOf(PERSON.id)).toEqual([{ command: 'kpi', description: 'KPI' }]);
    expect(api.menuOf(777)).toEqual([{ command: 'help', description: 'Что умеет бот' }]);
    expect(api.messagesIn(PERSON.id).map((m) => m.text)).toEqual(['стало']);
    expect(events.map((e) => e.kind)).toEqual(['message', 'message', 'edit', 'delete', 'menu', 'menu']);
  });

  it("answers as Telegram does beyond its limits: long texts and button data refused, 429 with retry_after", async () => {
    expect(await call('sendMessage', { chat_id: PERSON.id, text: 'я'.repeat(4097) })).toMatchObject({ ok: false, error_code: 400 });
    const longData = { inline_keyboard: [[{ text: 'x', callback_data: 'д'.repeat(33) }]] };
    expect(await call('sendMessage', { chat_id: PERSON.id, text: 'x', reply_markup: longData })).toMatchObject({ ok: false, description: 'Bad Request: BUTTON_DATA_INVALID' });
    // A minute per chat here (Telegram's is a second), so a slow machine cannot space the two sends apart.
    api.enforceRateLimits({ perChatMs: 60_000 });
    expect((await call('sendMessage', { chat_id: PERSON.id, text: 'раз' })).ok).toBe(true);
    expect(await call('sendMessage', { chat_id: PERSON.id, text: 'два' })).toMatchObject({ ok: false, error_code: 429, parameters: { retry_after: 1 } });
  });

  it('with `keep`, holds the newest messages of each chat, calls and files, and forgets the older ones', async () => {
    await api.stop();
    api = new LocalBotApi({ keep: { messagesPerChat: 3, calls: 4, files: 2 } });
    root = await api.start();
    for (let n = 1; n <= 5; n += 1) await call('sendMessage', { chat_id: PERSON.id, text: `№${n}` });
    await call('sendMessage', { chat_id: 502, text: 'другому' });
    expect(api.messagesIn(PERSON.id).map((m) => m.text)).toEqual(['№3', '№4', '№5']);
    expect(api.messagesIn(502).map((m) => m.text)).toEqual(['другому']);
    // Forgotten in bulk (a quarter over the bound at most), the newest always kept.
    expect(api.calls.length).toBeLessThanOrEqual(5);
    expect(api.calls.at(-1)?.payload).toMatchObject({ text: 'другому' });
    const ids = ['a', 'b', 'c'].map((name) => api.putFile(Buffer.from(name), `${name}.txt`));
    expect(ids.map((id) => api.file(id)?.name)).toEqual([undefined, 'b.txt', 'c.txt']);
  });
});
