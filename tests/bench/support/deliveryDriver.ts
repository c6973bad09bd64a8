// The delivery benchmark's outside world, in a worker thread (Telegram runs elsewhere; neither the fake nor
// the client costs the bot's event loop): the fake Telegram Bot API, and the client POSTing the storm of
// tickets and the readers' requests to the bot's webhook on a fixed schedule. Protocol: post {apiRoot} once
// the fake listens; receive {run}; post {result}; receive {stop}.
import { Agent, request as httpRequest } from 'node:http';
import { parentPort } from 'node:worker_threads';
import { FakeTelegram, type RecordedCall } from '../../support/fakeTelegram.js';
import { texts } from '../../../adapters/telegram/texts.js';

export interface DeliveryRun {
  url: string;
  secret: string;
  teachers: string[];
  readers: string[];
  technicians: string[];
  /** A person whose requests warm the bot up (not measured). */
  warmUpUser: string;
  tickets: number;
  stormMs: number;
  readerIntervalMs: number;
  /** After the storm: how long to wait for every notice and every reader's reply. */
  drainTimeoutMs: number;
  /**
   * When set, each technician also sends /my this often during the storm: their reply shares the chat with
   * the notices (the lanes' case). 0: technicians only listen, as the scenario describes.
   */
  technicianAskMs: number;
}

export interface DeliveryResult {
  /** Per reader request: POST start → that reader's reply at the fake Bot API. */
  latencies: number[];
  readerRequests: number;
  readerRepliesMissing: number;
  stormElapsedMs: number;
  ticketPostsFailed: number;
  readerPostsFailed: number;
  /** Messages (sendMessage/sendPhoto) per technician, and edits per technician. */
  messagesPerTechnician: number[];
  editsPerTechnician: number[];
  ticketsMissingFromNotices: number;
  /** Last ticket POST start → the last notice that completed every technician's set; null when never. */
  noticesDrainedMs: number | null;
  perChatLimitViolations: number;
  maxMessagesInOneSecond: number;
  messagesSent: number;
  /** Per technician /my (with technicianAskMs): POST start → the reply in their chat. */
  technicianLatencies: number[];
  technicianRepliesMissing: number;
}

if (!parentPort) throw new Error('deliveryDriver runs as a worker thread of the delivery benchmark');
const port = parentPort;

const fake = new FakeTelegram();
const apiRoot = await fake.start();
port.postMessage({ apiRoot });

port.on('message', (message: { run?: DeliveryRun; stop?: true }) => {
  if (message.stop) {
    void fake.stop().then(() => port.close());
    return;
  }
  if (message.run) void drive(message.run).then((result) => port.postMessage({ result }));
});

/** Messages a person sees as new ones (edits are counted apart). */
const SENDS = new Set(['sendMessage', 'sendPhoto', 'sendMediaGroup']);
/** Telegram's limit is about one message a second per chat; the fake's clock and the network add jitter. */
const PER_CHAT_MIN_GAP_MS = 950;

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

async function drive(run: DeliveryRun): Promise<DeliveryResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(run.url);
  let updateId = 900_000;
  const post = (userId: string, text: string) =>
    new Promise<number>((resolve) => {
      updateId += 1;
      const body = JSON.stringify({
        update_id: updateId,
        message: {
          message_id: updateId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(userId), type: 'private', first_name: 'T' },
          from: { id: Number(userId), is_bot: false, first_name: 'T' },
          text,
          entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }],
        },
      });
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
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', () => resolve(0));
        },
      );
      request.on('error', () => resolve(0));
      request.end(body);
    });
  const sendsTo = (chatId: string) => fake.calls.filter((c) => c.status === 'ok' && SENDS.has(c.method) && String(c.payload.chat_id) === chatId);

  // Warm up (JIT, pools, prepared statements) with requests that are not measured.
  for (let i = 0; i < 10; i += 1) await post(run.warmUpUser, '/my');
  await fake.waitFor(() => sendsTo(run.warmUpUser).length >= 10, 30_000, 'the warm-up replies').catch(() => undefined);

  // The storm: tickets evenly spread over stormMs, and each reader asking once every readerIntervalMs.
  const started = Date.now();
  const ticketInterval = run.stormMs / run.tickets;
  let ticketPostsFailed = 0;
  let readerPostsFailed = 0;
  let lastTicketPostAt = started;
  let ticketsAnswered = 0;
  const posts: Promise<void>[] = [];
  const ticketStorm = (async () => {
    for (let i = 0; i < run.tickets; i += 1) {
      await sleepUntil(started + i * ticketInterval);
      const teacher = run.teachers[i % run.teachers.length]!;
      lastTicketPostAt = Date.now();
      posts.push(
        post(teacher, `/new каб. ${100 + (i % 300)} не работает проектор, заявка ${i}`).then((status) => {
          if (status === 200) ticketsAnswered += 1;
          else ticketPostsFailed += 1;
        }),
      );
    }
  })();
  const requests = new Map<string, number[]>(run.readers.map((reader) => [reader, []]));
  const readerStorm = Promise.all(
    run.readers.map(async (reader, r) => {
      const offset = (r * run.readerIntervalMs) / run.readers.length;
      for (let k = 0; ; k += 1) {
        const at = started + offset + k * run.readerIntervalMs;
        if (at >= started + run.stormMs) return;
        await sleepUntil(at);
        // /my, or the card of a ticket opened so far (one message either way, a refusal included).
        const text = k % 2 === 0 || ticketsAnswered === 0 ? '/my' : `/ticket ${1 + ((k * 7 + r) % ticketsAnswered)}`;
        requests.get(reader)!.push(Date.now());
        posts.push(
          post(reader, text).then((status) => {
            if (status !== 200) readerPostsFailed += 1;
          }),
        );
      }
    }),
  );
  // Technicians asking /my now and then: replies in a chat that also carries the notices.
  const technicianRequests = new Map<string, number[]>(run.technicians.map((technician) => [technician, []]));
  const technicianStorm = Promise.all(
    run.technicians.map(async (technician, t) => {
      if (run.technicianAskMs <= 0) return;
      for (let k = 0; ; k += 1) {
        const at = started + ((t + 0.5) * run.technicianAskMs) / run.technicians.length + k * run.technicianAskMs;
        if (at >= started + run.stormMs) return;
        await sleepUntil(at);
        technicianRequests.get(technician)!.push(Date.now());
        posts.push(
          post(technician, '/my').then((status) => {
            if (status !== 200) readerPostsFailed += 1;
          }),
        );
      }
    }),
  );
  await Promise.all([ticketStorm, readerStorm, technicianStorm]);
  await Promise.all(posts);
  const stormElapsedMs = Date.now() - started;

  // Drain: every technician has heard of every ticket (numbers 1..N on a fresh database) and every reader
  // got an answer to every request — or the time is up.
  const numbers = Array.from({ length: ticketsAnswered }, (_, i) => i + 1);
  const numbersIn = (call: RecordedCall) => [...String(call.payload.text ?? call.payload.caption ?? '').matchAll(/№\s?(\d+)/g)].map((m) => Number(m[1]));
  const technicianCalls = (technician: string) =>
    fake.calls.filter(
      (c) => c.status === 'ok' && (SENDS.has(c.method) || c.method === 'editMessageText') && String(c.payload.chat_id) === technician,
    );
  const missingNotices = () =>
    run.technicians.reduce((sum, technician) => {
      const seen = new Set(technicianCalls(technician).flatMap(numbersIn));
      return sum + numbers.filter((n) => !seen.has(n)).length;
    }, 0);
  const myListsTo = (technician: string) => sendsTo(technician).filter((c) => String(c.payload.text ?? '').startsWith(texts.lists.myTickets));
  const readersAnswered = () =>
    run.readers.every((reader) => sendsTo(reader).length >= requests.get(reader)!.length) &&
    run.technicians.every((technician) => myListsTo(technician).length >= technicianRequests.get(technician)!.length);
  const drainDeadline = Date.now() + run.drainTimeoutMs;
  while (Date.now() < drainDeadline && (missingNotices() > 0 || !readersAnswered())) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  // Reader latencies: a chat's replies leave in order, so the k-th reply answers the k-th request.
  const latencies: number[] = [];
  let readerRepliesMissing = 0;
  for (const [reader, sentAt] of requests) {
    const replies = sendsTo(reader);
    sentAt.forEach((at, k) => {
      const reply = replies[k];
      if (reply) latencies.push(reply.at - at);
      else readerRepliesMissing += 1;
    });
  }

  const technicianLatencies: number[] = [];
  let technicianRepliesMissing = 0;
  for (const [technician, sentAt] of technicianRequests) {
    const replies = myListsTo(technician);
    sentAt.forEach((at, k) => {
      const reply = replies[k];
      if (reply) technicianLatencies.push(reply.at - at);
      else technicianRepliesMissing += 1;
    });
  }

  // When each technician first saw each number; the drain ends at the latest of these.
  let drainedAt: number | null = null;
  if (missingNotices() === 0) {
    drainedAt = 0;
    for (const technician of run.technicians) {
      const first = new Map<number, number>();
      for (const call of technicianCalls(technician)) for (const n of numbersIn(call)) if (!first.has(n)) first.set(n, call.at);
      for (const n of numbers) drainedAt = Math.max(drainedAt, first.get(n)!);
    }
  }

  // Limits as Telegram sees them: gaps between messages to one chat, and messages in any one second.
  const sends = fake.calls.filter((c) => c.status === 'ok' && SENDS.has(c.method)).sort((a, b) => a.at - b.at);
  let perChatLimitViolations = 0;
  const lastPerChat = new Map<string, number>();
  for (const call of sends) {
    const chat = String(call.payload.chat_id);
    const previous = lastPerChat.get(chat);
    if (previous !== undefined && call.at - previous < PER_CHAT_MIN_GAP_MS) perChatLimitViolations += 1;
    lastPerChat.set(chat, call.at);
  }
  let maxMessagesInOneSecond = 0;
  for (let lo = 0, hi = 0; hi < sends.length; hi += 1) {
    while (sends[hi]!.at - sends[lo]!.at >= 1000) lo += 1;
    maxMessagesInOneSecond = Math.max(maxMessagesInOneSecond, hi - lo + 1);
  }

  agent.destroy();
  return {
    latencies,
    readerRequests: [...requests.values()].reduce((sum, list) => sum + list.length, 0),
    readerRepliesMissing,
    stormElapsedMs,
    ticketPostsFailed,
    readerPostsFailed,
    // Notices only: their own /my answers are not counted.
    messagesPerTechnician: run.technicians.map((t) => sendsTo(t).length - myListsTo(t).length),
    editsPerTechnician: run.technicians.map((t) => technicianCalls(t).filter((c) => c.method === 'editMessageText').length),
    ticketsMissingFromNotices: missingNotices(),
    noticesDrainedMs: drainedAt === null ? null : drainedAt - lastTicketPostAt,
    perChatLimitViolations,
    maxMessagesInOneSecond,
    messagesSent: sends.length,
    technicianLatencies,
    technicianRepliesMissing,
  };
}
