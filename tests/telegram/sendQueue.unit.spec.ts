// The outgoing queue keeps Telegram's limits, waits out 429s, retries 5xx, and marks blocked people.
import { describe, expect, it } from 'vitest';
import { SendError, SendQueue, type OutgoingPart } from '../../adapters/telegram/sendQueue.js';
import { splitText } from '../../adapters/telegram/splitText.js';

function recorder(behaviour: (part: OutgoingPart, attempt: number) => void = () => {}) {
  const delivered: Array<{ part: OutgoingPart; at: number }> = [];
  const attempts = new Map<string, number>();
  let id = 0;
  return {
    delivered,
    deliver: (part: OutgoingPart) => {
      const key = `${part.chatId}:${part.text}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      behaviour(part, attempt);
      delivered.push({ part, at: Date.now() });
      return Promise.resolve(++id);
    },
  };
}

describe('SendQueue lanes', () => {
  it('sends a reply to a chat before the notices already waiting for it', async () => {
    const r = recorder();
    const queue = new SendQueue({ deliver: r.deliver, privateIntervalMs: 30 });
    const sends = ['n1', 'n2', 'n3'].map((text) => queue.send({ chatId: '1', text, lane: 'notice' }));
    sends.push(queue.send({ chatId: '1', text: 'reply' }));
    await Promise.all(sends);
    // n1 was on its way when the reply came; the reply overtakes n2 and n3.
    expect(r.delivered.map((d) => d.part.text)).toEqual(['n1', 'reply', 'n2', 'n3']);
  });

  it('gives the global budget to chats with a reply waiting before chats with notices only', async () => {
    const r = recorder();
    const queue = new SendQueue({ deliver: r.deliver, globalPerSecond: 5, privateIntervalMs: 1 });
    // Ten technicians' notices fill the budget; then three people's replies arrive.
    const notices = Array.from({ length: 10 }, (_, i) => queue.send({ chatId: `t${i}`, text: `notice ${i}`, lane: 'notice' }));
    const replies = Array.from({ length: 3 }, (_, i) => queue.send({ chatId: `p${i}`, text: `reply ${i}` }));
    await Promise.all([...notices, ...replies]);
    const order = r.delivered.map((d) => d.part.text);
    // The first five notices took the first second's budget; every reply goes before the remaining notices.
    expect(order.slice(0, 5)).toEqual(['notice 0', 'notice 1', 'notice 2', 'notice 3', 'notice 4']);
    expect(order.slice(5, 8).sort()).toEqual(['reply 0', 'reply 1', 'reply 2']);
    expect(order.slice(8)).toEqual(['notice 5', 'notice 6', 'notice 7', 'notice 8', 'notice 9']);
  });
});

describe('SendQueue', () => {
  it('keeps one chat in order and spaced by its interval', async () => {
    const r = recorder();
    const queue = new SendQueue({ deliver: r.deliver, privateIntervalMs: 100 });
    await Promise.all(['a', 'b', 'c'].map((text) => queue.send({ chatId: '1', text })));
    expect(r.delivered.map((d) => d.part.text)).toEqual(['a', 'b', 'c']);
    expect(r.delivered[2]!.at - r.delivered[0]!.at).toBeGreaterThanOrEqual(190);
  });

  it('spaces messages to a group more widely than to a person', async () => {
    const r = recorder();
    const queue = new SendQueue({ deliver: r.deliver, privateIntervalMs: 1, groupIntervalMs: 150 });
    await Promise.all([queue.send({ chatId: '-100', text: 'a' }), queue.send({ chatId: '-100', text: 'b' })]);
    expect(r.delivered[1]!.at - r.delivered[0]!.at).toBeGreaterThanOrEqual(140);
  });

  it('never lets more than globalPerSecond messages into any one second', async () => {
    const r = recorder();
    const queue = new SendQueue({ deliver: r.deliver, globalPerSecond: 12, privateIntervalMs: 1 });
    await Promise.all(Array.from({ length: 36 }, (_, i) => queue.send({ chatId: String(i + 1), text: 'x' })));
    const times = r.delivered.map((d) => d.at);
    // The queue reads the clock as it takes a slot; the recorder a moment later, so a few ms of slack.
    const busiest = Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + 990).length));
    expect(busiest).toBeLessThanOrEqual(12);
  });

  it('holds the overall rate across chats', async () => {
    const r = recorder();
    const queue = new SendQueue({ deliver: r.deliver, globalPerSecond: 10 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 20 }, (_, i) => queue.send({ chatId: String(i + 1), text: 'x' })));
    // A burst of 10, then 10 more at 10 a second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(850);
  });

  it('waits out a 429 for retry_after and then delivers once, in order', async () => {
    const r = recorder((part, attempt) => {
      if (part.text === 'a' && attempt === 1) throw new SendError('rate_limited', '429', 300);
    });
    const rateLimited: string[] = [];
    const queue = new SendQueue({ deliver: r.deliver, privateIntervalMs: 1, onRateLimited: (chat) => rateLimited.push(chat) });
    const started = Date.now();
    const results = await Promise.all([queue.send({ chatId: '7', text: 'a' }), queue.send({ chatId: '7', text: 'b' })]);
    expect(results.every((d) => d.status === 'sent')).toBe(true);
    expect(rateLimited).toEqual(['7']);
    expect(r.delivered.map((d) => d.part.text)).toEqual(['a', 'b']);
    expect(r.delivered[0]!.at - started).toBeGreaterThanOrEqual(290);
  });

  it('backs off on 5xx and gives up after its attempts', async () => {
    let calls = 0;
    const queue = new SendQueue({
      deliver: () => {
        calls += 1;
        return Promise.reject(new SendError('server', '502'));
      },
      backoffMs: 10,
      maxAttempts: 3,
      onError: () => {},
    });
    expect(await queue.send({ chatId: '1', text: 'x' })).toMatchObject({ status: 'failed' });
    expect(calls).toBe(3);
  });

  it('marks a person who blocked the bot unreachable and drops what was queued for them', async () => {
    const unreachable: string[] = [];
    const queue = new SendQueue({
      deliver: () => Promise.reject(new SendError('blocked', 'Forbidden: bot was blocked by the user')),
      onUnreachable: (chatId) => {
        unreachable.push(chatId);
        return Promise.resolve();
      },
    });
    const results = await Promise.all([queue.send({ chatId: '9', text: 'a' }), queue.send({ chatId: '9', text: 'b' })]);
    expect(results).toEqual([{ status: 'unreachable' }, { status: 'unreachable' }]);
    expect(unreachable).toEqual(['9']);
  });

  it('splits long text with the buttons under the last part, and flushes', async () => {
    const r = recorder();
    const queue = new SendQueue({ deliver: r.deliver, privateIntervalMs: 1 });
    const text = Array.from({ length: 500 }, (_, i) => `строка ${i} слово слово`).join('\n');
    void queue.send({ chatId: '3', text, keyboard: [[{ text: 'ok', data: 'tt:1' }]] });
    expect(await queue.flush(5_000)).toBe(true);
    expect(r.delivered.length).toBeGreaterThan(1);
    expect(r.delivered.every((d) => d.part.text.length <= 4096)).toBe(true);
    expect(r.delivered.map((d) => d.part.text).join('\n')).toBe(text);
    expect(r.delivered.at(-1)!.part.keyboard).toBeDefined();
    expect(r.delivered[0]!.part.keyboard).toBeUndefined();
  });
});

describe('splitText', () => {
  it('cuts at word boundaries and never loses a character', () => {
    const text = 'слово '.repeat(1000).trim();
    const parts = splitText(text, 100);
    expect(parts.every((p) => p.length <= 100 && !p.startsWith(' ') && !p.endsWith(' '))).toBe(true);
    expect(parts.join(' ')).toBe(text);
  });
  it('hard-cuts one overlong word', () => {
    expect(splitText('a'.repeat(250), 100)).toEqual(['a'.repeat(100), 'a'.repeat(100), 'a'.repeat(50)]);
  });
});
