// Both conversation-state stores behave alike; Redis going away surfaces as StateUnavailableError.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateUnavailableError, type ConversationState } from '../../application/ports/conversationState.js';
import { createInProcessConversationState } from '../../adapters/memory/conversationState.js';
import { createRedisState } from '../../adapters/redis/redisState.js';
import { withInProcessFallback } from '../../application/conversationFallback.js';
import { startPrivateRedis, type PrivateRedis } from '../support/redisServer.js';
import { TOOL, requireTools, titled } from '../support/tools.js';

const noRedis = requireTools(TOOL.redisServer);
let redis: PrivateRedis | undefined;
beforeAll(async () => {
  if (noRedis === undefined) redis = await startPrivateRedis();
});
afterAll(() => redis?.stop());

const stores: Array<[string, () => Promise<ConversationState>]> = [
  ['in-process', () => Promise.resolve(createInProcessConversationState())],
];
if (noRedis === undefined) stores.push(['redis', () => createRedisState({ url: redis!.url, keyPrefix: `t${Date.now()}:` })]);

describe.each(stores)('%s conversation state', (_name, make) => {
  it('keeps a draft until it expires or is deleted', async () => {
    const state = await make();
    await state.set('chat:1', { step: 'location', category: 'it' }, 60);
    expect(await state.get('chat:1')).toEqual({ step: 'location', category: 'it' });
    await state.delete('chat:1');
    expect(await state.get('chat:1')).toBeUndefined();
    await state.set('chat:2', { step: 'x' }, 1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await state.get('chat:2')).toBeUndefined();
    await state.close();
  });

  it('claims an update once, tells a running claim from a completed one, lets a released one through again', async () => {
    const state = await make();
    const id = Math.floor(Math.random() * 1e9);
    expect(await state.claim(id, 60)).toBe('claimed');
    expect(await state.claim(id, 60)).toBe('running');
    await state.release(id);
    expect(await state.claim(id, 60)).toBe('claimed');
    await state.complete(id);
    expect(await state.claim(id, 60)).toBe('done');
    // Renewing a completed claim leaves it completed.
    await state.renew(id, 1);
    expect(await state.claim(id, 60)).toBe('done');
    await state.close();
  });

  it('lets a crashed attempt\'s claim lapse after its lease unless it is renewed', async () => {
    const state = await make();
    const crashed = Math.floor(Math.random() * 1e9);
    const alive = crashed + 1;
    expect(await state.claim(crashed, 1)).toBe('claimed');
    expect(await state.claim(alive, 1)).toBe('claimed');
    await new Promise((resolve) => setTimeout(resolve, 600));
    await state.renew(alive, 2);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await state.claim(crashed, 60)).toBe('claimed');
    expect(await state.claim(alive, 60)).toBe('running');
    await state.close();
  });

  it('runs work under one chat lock at a time', async () => {
    const state = await make();
    const order: string[] = [];
    const slow = (name: string) => async () => {
      order.push(`${name}+`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      order.push(`${name}-`);
    };
    await Promise.all([state.withLock('chat:5', slow('a')), state.withLock('chat:5', slow('b'))]);
    expect(order.join(' ')).toMatch(/^(a\+ a- b\+ b-|b\+ b- a\+ a-)$/);
    await state.close();
  });
});

describe.skipIf(noRedis !== undefined)(titled('redis going away', noRedis), () => {
  it('fails fast with StateUnavailableError instead of hanging', async () => {
    const own = await startPrivateRedis();
    const state = await createRedisState({ url: own.url, keyPrefix: 'gone:' });
    await state.set('chat:1', { step: 'x' }, 60);
    await own.stop();
    const started = Date.now();
    await expect(state.get('chat:1')).rejects.toBeInstanceOf(StateUnavailableError);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await state.ping()).toBe(false);
    await state.close();
  });

  it('frozen (SIGSTOP): a call fails within a second, the next at once; the in-process stand-in serves meanwhile; thawed, Redis serves again', async () => {
    const own = await startPrivateRedis();
    const redisState = await createRedisState({ url: own.url, keyPrefix: 'frozen:' });
    const warnings: string[] = [];
    const state = withInProcessFallback(redisState, createInProcessConversationState(), { warn: (_o, message) => warnings.push(message) });
    try {
      await state.set('chat:1', { step: 'before' }, 60);
      own.freeze();
      let started = Date.now();
      await expect(redisState.get('chat:1')).rejects.toBeInstanceOf(StateUnavailableError);
      expect(Date.now() - started).toBeLessThan(1_500);
      started = Date.now();
      await expect(redisState.get('chat:1')).rejects.toBeInstanceOf(StateUnavailableError);
      expect(Date.now() - started).toBeLessThan(100);

      // Through the stand-in: a whole update's worth of calls, none waiting on Redis.
      started = Date.now();
      expect(await state.claim(501, 10)).toBe('claimed');
      expect(await state.claim(501, 10)).toBe('running');
      await state.withLock('chat:2', () => state.set('chat:2', { step: 'during' }, 60));
      expect(await state.get('chat:2')).toEqual({ step: 'during' });
      await state.complete(501);
      expect(await state.claim(501, 10)).toBe('done');
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(warnings).toHaveLength(1);

      own.thaw();
      // Back after the breaker's pause: the draft written before the freeze is read from Redis again.
      const deadline = Date.now() + 15_000;
      let draft: unknown;
      while (Date.now() < deadline) {
        draft = await redisState.get('chat:1').catch(() => undefined);
        if (draft !== undefined) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(draft).toEqual({ step: 'before' });
      expect(await state.get('chat:1')).toEqual({ step: 'before' });
    } finally {
      await state.close();
      await own.stop();
    }
  }, 60_000);

  it('keeps a chat lock past its lease while the work runs (renewed), so another replica waits for it', async () => {
    const prefix = `renew${Date.now()}:`;
    const replicaA = await createRedisState({ url: redis!.url, keyPrefix: prefix, lockLeaseMs: 600 });
    const replicaB = await createRedisState({ url: redis!.url, keyPrefix: prefix, lockLeaseMs: 600 });
    try {
      const order: string[] = [];
      const slow = replicaA.withLock('chat:7', async () => {
        order.push('a starts');
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        order.push('a ends');
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const next = replicaB.withLock('chat:7', async () => void order.push('b runs'));
      await Promise.all([slow, next]);
      expect(order).toEqual(['a starts', 'a ends', 'b runs']);
    } finally {
      await replicaA.close();
      await replicaB.close();
    }
  });
});
