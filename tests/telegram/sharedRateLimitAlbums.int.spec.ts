// Through Redis as with several replicas: an album of N photos takes N of the bot's overall budget, and a
// refused reservation gives its share back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRateLimit } from '../../adapters/redis/sharedRateLimit.js';
import { startPrivateRedis, type PrivateRedis } from '../support/redisServer.js';
import { TOOL, requireTools, titled } from '../support/tools.js';

const noRedis = requireTools(TOOL.redisServer);
let redis: PrivateRedis;
beforeAll(async () => {
  if (noRedis === undefined) redis = await startPrivateRedis();
});
afterAll(() => redis?.stop());

describe.skipIf(noRedis !== undefined)(titled('shared rate limit with albums', noRedis), () => {
  it('counts an album of four as four messages of the second', async () => {
    const shared = await createRedisRateLimit({ url: redis.url, keyPrefix: 'albums:', globalPerSecond: 5 });
    // Sent together on one connection: Redis runs them in this order, well within one second's window.
    const [album, single, second, third] = await Promise.all([shared.reserve('1', 1, 4), shared.reserve('2', 1), shared.reserve('3', 1, 2), shared.reserve('4', 1, 2)]);
    expect([album, single]).toEqual([0, 0]);
    // The second's budget is spent: other albums wait.
    expect(second).toBeGreaterThan(0);
    expect(third).toBeGreaterThan(0);
    shared.close();
  });

  it('lets an album larger than the whole budget go once the second is free', async () => {
    const shared = await createRedisRateLimit({ url: redis.url, keyPrefix: 'large:', globalPerSecond: 3 });
    expect(await shared.reserve('1', 1, 10)).toBe(0);
    shared.close();
  });

  it('gives a refused share back', async () => {
    const shared = await createRedisRateLimit({ url: redis.url, keyPrefix: 'giveback:', globalPerSecond: 5 });
    const [first, refused, after] = await Promise.all([shared.reserve('1', 1, 3), shared.reserve('2', 1, 3), shared.reserve('3', 1, 2)]);
    expect(first).toBe(0);
    expect(refused).toBeGreaterThan(0);
    // Had the refused album kept its three, these two would be refused too.
    expect(after).toBe(0);
    shared.close();
  });
});
