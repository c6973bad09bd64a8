// /readyz: ready with every dependency up; degraded (still 200) with an optional one down; 503 with a required one down.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerHealthRoutes, type ReadinessCheck } from '../../../adapters/http/health.js';

const up = (name: string, required: boolean): ReadinessCheck => ({ name, required, check: () => Promise.resolve() });
const down = (name: string, required: boolean): ReadinessCheck => ({ name, required, check: () => Promise.reject(new Error(`${name} does not answer`)) });

async function readiness(checks: ReadinessCheck[]) {
  const app = Fastify();
  registerHealthRoutes(app, () => checks);
  const response = await app.inject({ method: 'GET', url: '/readyz' });
  await app.close();
  return { code: response.statusCode, body: response.json<{ status: string; dependencies: Array<{ name: string; state: string }> }>() };
}

describe('/readyz', () => {
  it('is ready when everything answers', async () => {
    const { code, body } = await readiness([up('event_store', true), up('redis', false)]);
    expect([code, body.status]).toEqual([200, 'ready']);
  });

  it('is degraded, still 200, when only an optional dependency (Redis) is down', async () => {
    const { code, body } = await readiness([up('event_store', true), down('redis', false)]);
    expect([code, body.status]).toEqual([200, 'degraded']);
    expect(body.dependencies.map((d) => [d.name, d.state])).toEqual([['event_store', 'up'], ['redis', 'down']]);
  });

  it('is not ready, 503, when a required dependency is down', async () => {
    const { code, body } = await readiness([down('event_store', true), down('redis', false)]);
    expect([code, body.status]).toEqual([503, 'not_ready']);
  });
});
