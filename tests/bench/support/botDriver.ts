// The bot benchmark's outside world, in a worker thread so that neither costs the bot's event loop: the
// fake Telegram Bot API the bot replies to, and the client that POSTs updates to the bot's webhook (as
// Telegram would, from elsewhere). Protocol: post {apiRoot} once the fake listens; receive {run}; post {result}.
import { Agent, request as httpRequest } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { FakeTelegram } from '../../support/fakeTelegram.js';

export interface DriverRun {
  url: string;
  secret: string;
  total: number;
  concurrency: number;
  warmUp: number;
  people: string[];
  helpOnly: boolean;
}

export interface DriverResult {
  latencies: number[];
  elapsedMs: number;
  failures: number;
  sentMessages: number;
}

if (!parentPort) throw new Error('botDriver runs as a worker thread of the bot benchmark');
const port = parentPort;
void workerData;

const fake = new FakeTelegram();
const apiRoot = await fake.start();
port.postMessage({ apiRoot });

port.on('message', (message: { run?: DriverRun; stop?: true }) => {
  if (message.stop) {
    void fake.stop().then(() => port.close());
    return;
  }
  if (message.run) void drive(message.run).then((result) => port.postMessage({ result }));
});

async function drive(run: DriverRun): Promise<DriverResult> {
  const updateFor = (i: number) => {
    const user = Number(run.people[i % run.people.length]);
    return JSON.stringify({
      update_id: 500_000 + i,
      message: {
        message_id: i + 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: user, type: 'private', first_name: 'T' },
        from: { id: user, is_bot: false, first_name: 'T' },
        text: run.helpOnly ? '/help' : `/new каб. ${100 + (i % 300)} не работает проектор, заявка ${i}`,
      },
    });
  };
  let failures = 0;
  // node:http with a keep-alive agent rather than fetch: undici's fetch cost about 2 ms of CPU per request
  // here, CPU that the two cores of our machines then did not have for the bot.
  const agent = new Agent({ keepAlive: true, maxSockets: run.concurrency });
  const target = new URL(run.url);
  const post = (body: string) =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      const request = httpRequest(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-telegram-bot-api-secret-token': run.secret,
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode !== 200) failures += 1;
            resolve(performance.now() - started);
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });

  // Warm up (JIT, connection pool, prepared statements) with updates that are not counted.
  for (let i = 0; i < run.warmUp; i += 1) await post(updateFor(run.total + i));
  failures = 0;
  const sentBefore = fake.calls.length;

  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: run.concurrency }, async () => {
      while (next < run.total) {
        const i = next++;
        latencies.push(await post(updateFor(i)));
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { latencies, elapsedMs, failures, sentMessages: fake.calls.length - sentBefore };
}
