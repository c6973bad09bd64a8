// The bot benchmark's outside world, in a worker thread so that neither costs the bot's event loop: the
// fake Telegram Bot API the bot replies to, and the client that POSTs updates to the bot's webhook (as
// Telegram would, from elsewhere). Protocol: post {apiRoot} once the fake listens; receive {run}; post {result}.
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
  const post = async (body: string) => {
    const started = performance.now();
    const response = await fetch(run.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': run.secret },
      body,
    });
    await response.arrayBuffer();
    if (response.status !== 200) failures += 1;
    return performance.now() - started;
  };

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
  return { latencies, elapsedMs, failures, sentMessages: fake.calls.length - sentBefore };
}
