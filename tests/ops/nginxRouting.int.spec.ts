// Our nginx configuration (nginx.conf + webhook.conf, with the upstream pointed at loopback) run by the real
// nginx in front of two stand-in replicas: what is reachable from outside, how webhook POSTs spread, that a
// replica that is gone is skipped, and that a POST a replica has received is never replayed on another.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL, requireTools, titled } from '../support/tools.js';
import { freePort, loopbackNginxConfig, run, waitFor } from './support.js';

interface Replica {
  port: number;
  received: string[];
  server: Server;
}
async function replica(): Promise<Replica> {
  const port = await freePort();
  const received: string[] = [];
  const server = createHttpServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(`${request.method} ${request.url} ${body}`);
      // Hold each request a little, so least_conn sees concurrent load.
      setTimeout(() => response.end(JSON.stringify({ port })), 20);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, received, server };
}

const noNginx = requireTools(TOOL.nginx);

describe.skipIf(noNginx !== undefined)(titled('nginx in front of bot replicas (real nginx, our config)', noNginx), () => {
  let dir: string;
  let nginx: ChildProcess;
  let port: number;
  let args: string[];
  let a: Replica;
  let b: Replica;
  const post = (id: number) =>
    fetch(`http://127.0.0.1:${port}/telegram/webhook`, { method: 'POST', body: JSON.stringify({ update_id: id }) });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schoolbot-nginx-'));
    [a, b] = [await replica(), await replica()];
    port = await freePort();
    args = await loopbackNginxConfig(dir, port, [a.port, b.port]);
    expect((await run('nginx', ['-t', ...args])).code).toBe(0);
    nginx = spawn('nginx', args, { stdio: 'ignore' });
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${port}/nginx-health`).then(
          (r) => r.ok,
          () => false,
        ),
      30_000,
      'nginx',
    );
  });
  afterAll(async () => {
    nginx?.kill('SIGQUIT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const server of [a?.server, b?.server]) server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lets through only POST /telegram/webhook and GET /healthz', async () => {
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    expect((await fetch(`${base}/readyz`)).status).toBe(404);
    expect((await fetch(`${base}/api/tickets/1/history`)).status).toBe(404);
    expect((await fetch(`${base}/telegram/webhook`)).status).toBe(403);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(403);
    const large = await fetch(`${base}/telegram/webhook`, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) });
    expect(large.status).toBe(413);
  });

  it('spreads concurrent webhook POSTs over both replicas', async () => {
    a.received.length = 0;
    b.received.length = 0;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, index) => post(index)));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(a.received.length + b.received.length).toBe(40);
    expect(Math.min(a.received.length, b.received.length)).toBeGreaterThanOrEqual(5);
  });

  it('answers 429 to webhook POSTs beyond the rate limit, which never reach a replica', async () => {
    a.received.length = 0;
    b.received.length = 0;
    // Batches of 200 at once (150 of burst, then 30 a second) until nginx refuses some; a slow machine that
    // refills the bucket while a batch is sent only needs another batch. Telegram delivers a refused one again.
    const statuses: number[] = [];
    for (let batch = 0; batch < 10 && !statuses.includes(429); batch += 1) {
      statuses.push(...(await Promise.all(Array.from({ length: 200 }, (_, index) => post(10_000 + batch * 200 + index).then((answer) => answer.status)))));
    }
    const refused = statuses.filter((status) => status === 429).length;
    expect(refused).toBeGreaterThan(0);
    expect(statuses.filter((status) => status !== 429 && status !== 200)).toEqual([]);
    expect(a.received.length + b.received.length).toBe(statuses.length - refused);
    // The limit refills: a little later a POST goes through again.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await post(20_000)).status).toBe(200);
  });

  it('skips a replica that is gone, and never replays a POST a replica has received', async () => {
    // b stops; in its place a replica that reads the request and drops the connection without answering.
    await new Promise((resolve) => b.server.close(resolve));
    b.server.closeAllConnections();
    a.received.length = 0;
    for (let id = 100; id < 106; id += 1) expect((await post(id)).status).toBe(200);
    expect(a.received).toHaveLength(6);

    let dropped = 0;
    const dropping: TcpServer = createTcpServer((socket) =>
      socket.once('data', () => {
        dropped += 1;
        socket.destroy();
      }),
    );
    await new Promise<void>((resolve) => dropping.listen(b.port, '127.0.0.1', resolve));
    // A reload starts fresh workers, which forget that b failed (max_fails): as after scale.sh.
    expect((await run('nginx', [...args, '-s', 'reload'])).code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    try {
      a.received.length = 0;
      const statuses = [];
      for (let id = 200; id < 210; id += 1) statuses.push((await post(id)).status);
      expect(dropped).toBeGreaterThan(0);
      expect(statuses.filter((status) => status === 502)).toHaveLength(dropped);
      // Every update reached exactly one replica: the dropped ones were not retried on `a`.
      expect(a.received).toHaveLength(10 - dropped);
    } finally {
      dropping.close();
    }
  });
});
