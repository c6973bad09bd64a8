// Two bot replicas (two queues) share one budget through Redis: one chat's spacing and the overall rate hold
// across both; without Redis the local limits still hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRateLimit } from '../../adapters/redis/sharedRateLimit.js';
import { SendQueue, type OutgoingPart } from '../../adapters/telegram/sendQueue.js';
import { startPrivateRedis, type PrivateRedis } from '../support/redisServer.js';
import { TOOL, requireTools, titled } from '../support/tools.js';

const noRedis = requireTools(TOOL.redisServer);
let redis: PrivateRedis;
beforeAll(async () => {
  if (noRedis === undefined) redis = await startPrivateRedis();
});
afterAll(() => redis?.stop());

function replica(shared: Awaited<ReturnType<typeof createRedisRateLimit>>, log: Array<{ part: OutgoingPart; at: number }>) {
  return new SendQueue({
    deliver: (part) => {
      log.push({ part, at: Date.now() });
      return Promise.resolve(log.length);
    },
    shared,
    privateIntervalMs: 200,
  });
}

describe.skipIf(noRedis !== undefined)(titled('shared rate limit', noRedis), () => {
  it("spaces one chat's messages across two replicas", async () => {
    const shared = await createRedisRateLimit({ url: redis.url, keyPrefix: 'spacing:' });
    const log: Array<{ part: OutgoingPart; at: number }> = [];
    const [a, b] = [replica(shared, log), replica(shared, log)];
    await Promise.all([a.send({ chatId: '1', text: 'a1' }), b.send({ chatId: '1', text: 'b1' }), a.send({ chatId: '1', text: 'a2' }), b.send({ chatId: '1', text: 'b2' })]);
    const times = log.map((entry) => entry.at).sort((x, y) => x - y);
    for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(150);
    shared.close();
  });

  it('holds the overall rate across two replicas', async () => {
    const shared = await createRedisRateLimit({ url: redis.url, keyPrefix: 'global:', globalPerSecond: 4 });
    const log: Array<{ part: OutgoingPart; at: number }> = [];
    const [a, b] = [replica(shared, log), replica(shared, log)];
    const started = Date.now();
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).send({ chatId: String(100 + i), text: 'x' })));
    // Twelve messages at four a second (fixed one-second windows): at least three windows.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(log).toHaveLength(12);
    shared.close();
  });
});
