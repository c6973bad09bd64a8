// Probes and scrapes come every few seconds: /healthz, /readyz and /metrics are not logged at info, other
// requests are.
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { registerHealthRoutes } from '../../../adapters/http/health.js';
import { registerMetricsRoute } from '../../../adapters/http/metricsRoute.js';

describe('HTTP request logging', () => {
  it('leaves health and metrics requests out of the info log, and logs the others', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const app = Fastify({ logger: { level: 'info', stream } });
    registerHealthRoutes(app, () => []);
    registerMetricsRoute(app, new Registry());
    app.get('/other', async () => ({ ok: true }));
    try {
      for (const url of ['/healthz', '/readyz', '/metrics', '/other']) expect((await app.inject({ url })).statusCode).toBe(200);
      const urls = lines.map((line) => (line.req as { url?: string } | undefined)?.url).filter(Boolean);
      expect(urls).toEqual(['/other']);
    } finally {
      await app.close();
    }
  });
});
