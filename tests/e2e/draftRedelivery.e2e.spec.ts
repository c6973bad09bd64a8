// A conversation step whose handling fails after it was read (the store refuses the write: PostgreSQL
// restarting) answers non-200, and Telegram delivers the same update again. The person's draft must still be
// there for the redelivery: the step is taken then, once, instead of the typed words being dropped because
// the draft was cleared before the command was answered.
import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeCallback } from '../../adapters/telegram/callbackData.js';
import type { EventStore } from '../../application/ports/eventStore.js';
import { STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved, ask, press } from '../support/staffSteps.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const TEACHER = '2101';
const TECH = '2102';

/** The store's next append to a ticket's stream fails once, as a dropped connection would. */
function failNextTicketAppend(store: EventStore): void {
  const append = store.append.bind(store);
  let armed = true;
  store.append = (stream, events, expected) => {
    if (armed && stream.startsWith('ticket-')) {
      armed = false;
      return Promise.reject(new Error('Connection terminated unexpectedly'));
    }
    return append(stream, events, expected);
  };
}

const typed = (updateId: number, userId: string, text: string) =>
  ({
    update_id: updateId,
    message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: Number(userId), type: 'private', first_name: 'T' }, from: { id: Number(userId), is_bot: false, first_name: 'T' }, text },
  }) as unknown as Update;

describe.each(STORE_KINDS)('a redelivered conversation step on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind });
    await approved(h, TEACHER, 'Иванова Мария Петровна', 'teacher');
    await approved(h, TECH, 'Петров Олег Иванович', 'technician');
  });
  afterAll(() => h?.close());

  async function openTicket(): Promise<number> {
    const reply = await ask(h, TEACHER, '/new каб. 12 не включается проектор', /№\d+ принята/);
    return Number(/№(\d+)/.exec(reply)![1]);
  }

  it('a comment whose first delivery failed is added once when Telegram delivers it again', async () => {
    const number = await openTicket();
    await press(h, TEACHER, encodeCallback('commentTicket', number), /напишите комментарий/);
    failNextTicketAppend(h.store);
    const update = typed(900_001, TEACHER, 'Проектор мигает синим');
    expect(await h.post(update)).not.toBe(200);
    expect(await h.post(update)).toBe(200);
    await h.expectText(TEACHER, new RegExp(`Комментарий к заявке №${number} добавлен`));
    const comments = (await h.store.readStream(`ticket-${number}`)).filter((event) => event.type === 'TicketCommented');
    expect(comments.map((event) => (event.data as { text: string }).text)).toEqual(['Проектор мигает синим']);
  });

  it('a resolution whose first delivery failed is recorded when Telegram delivers it again', async () => {
    const number = await openTicket();
    await press(h, TECH, encodeCallback('takeTicket', number), new RegExp(`Вы взяли заявку №${number}`));
    await press(h, TECH, encodeCallback('resolveTicket', number), /что сделано/);
    failNextTicketAppend(h.store);
    const update = typed(900_002, TECH, 'Заменил кабель');
    expect(await h.post(update)).not.toBe(200);
    expect(await h.post(update)).toBe(200);
    await h.expectText(TECH, new RegExp(`Заявка №${number} отмечена решённой`));
    const resolutions = (await h.store.readStream(`ticket-${number}`)).filter((event) => event.type === 'TicketResolved');
    expect(resolutions).toHaveLength(1);
  });
});
