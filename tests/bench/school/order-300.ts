// order-300: one order to 300 people (issue 15, item 2). A deputy goes through /task → «Нескольким» → a group of
// 300 teachers through the webhook, as in Telegram, and confirms; measured: the issuer's confirmation reply (from
// the press to the fake Bot API receiving "Поручение отправлено 300 сотрудникам"), and the 300 notices
// (from the press until every recipient has their "Новое поручение"). The fake Bot API enforces Telegram's
// limits (1 message a second per chat, 30 a second in all) and answers 429 to a send beyond them; the bot runs
// its real queue limits. Checked: 300 tasks, each naming the order, 300 notices, not one 429.
//
// Each run is a fresh bot (test harness, PostgreSQL when available, else PGlite) with 301 staff; a run issues
// --orders=N orders (default 1) one after another. Prints one JSON line per run and one with the medians of
// the runs: ops_per_s (notices delivered a second), p50_ms / p95_ms (the confirmation reply), rss_mb (the
// process: bot, worker and fake Bot API in one), delivery_s (the slowest order's 300 notices), http_429.
// Options: --runs=N (default 3), --orders=N (default 1), --people=N (default 300).
import { loadavg } from 'node:os';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../../support/botHarness.js';
import { percentile } from '../report.js';

const TARGET_P95_MS = 1_500;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const option = (args: string[], name: string, fallback: number) => Number(args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const DEPUTY = '7000';
const personId = (i: number) => String(7001 + i);
const SURNAMES = ['Иванова', 'Петров', 'Смирнова', 'Кузнецов', 'Соколова', 'Попов', 'Лебедева', 'Козлов', 'Новикова', 'Морозов'];
const NAMES = ['Ольга Ивановна', 'Игорь Сергеевич', 'Елена Викторовна', 'Андрей Павлович', 'Наталья Петровна', 'Юрий Олегович'];

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/** The deputy and `people` teachers, approved and projected, and a group of all the teachers. */
async function school(h: Harness, people: number): Promise<string> {
  const admin = await h.as(ADMIN);
  const approve = async (id: string, fullName: string, role: 'teacher' | 'deputy') => {
    if (!(await h.commands.register(await h.as(id), { fullName }, {})).ok) throw new Error(`register ${id}`);
    if (!(await h.commands.approveStaff(admin, { telegramId: id, role, categories: [] }, {})).ok) throw new Error(`approve ${id}`);
  };
  await approve(DEPUTY, 'Морозов Игорь Сергеевич', 'deputy');
  const ids = Array.from({ length: people }, (_, i) => personId(i));
  await inParallel(ids, 8, (id) => approve(id, `${SURNAMES[Number(id) % 10]} ${NAMES[Number(id) % 6]} ${id}`, 'teacher'));
  const group = await h.commands.defineGroup(admin, { name: 'Все учителя' }, {});
  if (!group.ok) throw new Error('defineGroup');
  if (!(await h.commands.changeGroupMembers(admin, { groupId: group.groupId, add: ids }, {})).ok) throw new Error('members');
  await h.eventually(async () => (await h.read.staffGroup(group.groupId))?.members.length === people, 'the group projected', 120_000);
  await h.eventually(async () => (await h.read.staffDirectory({ limit: 2_000 })).filter((p) => p.status === 'active').length >= people + 1, 'staff projected', 120_000);
  return group.groupId;
}

/** The fake's successful messages whose text matches, counted. */
const delivered = (h: Harness, pattern: RegExp) =>
  h.fake.calls.filter((c) => c.method === 'sendMessage' && c.status === 'ok' && pattern.test(String(c.payload.text ?? ''))).length;

async function orderOnce(h: Harness, groupId: string, people: number, index: number): Promise<{ replyMs: number; deliveryMs: number }> {
  const step = async (act: () => Promise<unknown>, pattern: RegExp) => {
    const seen = h.fake.textsTo(DEPUTY).length;
    await act();
    await h.expectText(DEPUTY, pattern, { after: seen, timeoutMs: 60_000 });
  };
  const title = `Сдать отчёт за четверть, выпуск ${index}`;
  await step(() => h.say(DEPUTY, '/task'), /Кому поручение\?/);
  await step(() => h.press(DEPUTY, 'om'), /Каждый получит/);
  await step(() => h.press(DEPUTY, `og:${groupId}`), /Что нужно сделать\?/);
  await step(() => h.say(DEPUTY, title), /К какому сроку\?/);
  await step(() => h.say(DEPUTY, 'через 3 дня в 15:00'), /Отправить\?/);
  // A person reads the echo before pressing: the chat's one-a-second spacing has passed by then.
  await pause(1_100);
  const seen = h.fake.textsTo(DEPUTY).length;
  const started = performance.now();
  await h.press(DEPUTY, 'wy');
  await h.expectText(DEPUTY, new RegExp(`Поручение отправлено ${people} сотрудникам`), { after: seen, timeoutMs: 60_000 });
  const replyMs = performance.now() - started;
  const notice = new RegExp(`Новое поручение п\\d+: ${title}`);
  await h.fake.waitFor(() => delivered(h, notice) >= people, 180_000, `${people} notices of order ${index}`);
  return { replyMs, deliveryMs: performance.now() - started };
}

export default async function order300(args: string[]): Promise<void> {
  const runs = option(args, 'runs', 3);
  const orders = option(args, 'orders', 1);
  const people = option(args, 'people', 300);
  const kind = STORE_KINDS.at(-1)!;
  const results: Array<Record<string, number>> = [];
  for (let run = 1; run <= runs; run += 1) {
    const h = await startHarness({ kind, perChatMs: 1_000 });
    try {
      const groupId = await school(h, people);
      h.fake.enforceRateLimits();
      const replies: number[] = [];
      const deliveries: number[] = [];
      const started = performance.now();
      for (let i = 1; i <= orders; i += 1) {
        const { replyMs, deliveryMs } = await orderOnce(h, groupId, people, i);
        replies.push(replyMs);
        deliveries.push(deliveryMs);
      }
      const seconds = (performance.now() - started) / 1000;
      // Every recipient's own task, naming its order.
      const tasks = await h.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM es_events WHERE type = 'TaskAssigned' AND data ? 'orderId'`);
      const sorted = [...replies].sort((a, b) => a - b);
      const result = {
        run,
        ops_per_s: round((people * orders) / seconds),
        p50_ms: round(percentile(sorted, 50)),
        p95_ms: round(percentile(sorted, 95)),
        rss_mb: round(process.memoryUsage().rss / 2 ** 20),
        delivery_s: round(Math.max(...deliveries) / 1000),
        http_429: h.fake.rateLimited,
      };
      results.push(result);
      console.log(JSON.stringify({ bench: 'order-300', store: kind, ...result, http_429_by: h.fake.rateLimitedBy, tasks: Number(tasks.rows[0]?.n), orders, people, load_average: round(loadavg()[0]!) }));
    } finally {
      await h.close();
    }
  }
  const med = (key: string) => median(results.map((r) => r[key]!));
  const p95 = med('p95_ms');
  console.log(
    JSON.stringify({
      bench: 'order-300',
      summary: `median of ${runs} runs`,
      store: kind,
      ops_per_s: med('ops_per_s'),
      p50_ms: med('p50_ms'),
      p95_ms: p95,
      rss_mb: med('rss_mb'),
      delivery_s: med('delivery_s'),
      http_429: Math.max(...results.map((r) => r.http_429!)),
      target_p95_ms: TARGET_P95_MS,
      met: p95 <= TARGET_P95_MS && results.every((r) => r.http_429 === 0),
      load_average: round(loadavg()[0]!),
    }),
  );
}
