// What the soak checks once the load stopped and the outbox drained:
// - effects: every tagged text answered 200 is in the event log exactly once (a ticket per "/new", a comment
//   per comment, a resolution per resolution, a task per confirmed wizard) — unless the person was told to
//   send it again, when it must not be there twice either;
// - conversation steps: every typed answer answered 200 was taken as the step it answered (its recorded reply
//   is the next question or the confirmation), or the person was told to repeat it; otherwise it is lost;
// - messages: each reply the bot recorded reached its chat exactly once, and each notice text once; a second
//   copy is excused only when the first was accepted by Telegram < 2 s before a kill -9 of the process that
//   sent it and the copy came after that kill (the documented at-least-once window);
// - `schoolbot audit verify` passes;
// - the /metrics gauges equal the read models (open tickets, tasks).
import type { SqlQueryable } from '../../application/ports/sql.js';
import { texts } from '../../adapters/telegram/texts.js';
import { TOLD_TEXTS, type EffectKind, type SentUpdate } from './load.js';
import type { Sender, SentLog, SentMessage } from './tap.js';

/** A send asked for this long before a kill of its sender may be sent again after it. */
export const IN_FLIGHT_WINDOW_MS = 2_000;
/**
 * The tap and the kill's exit are seen by the soak's one event loop, which under load runs late: a request the
 * tap reads this soon after the sender's exit was seen was still sent by the live process (a dead one sends
 * nothing), so it counts as sent before the kill.
 */
const EVENT_LOOP_SLACK_MS = 500;

export interface Kill {
  at: number;
  exitedAt: number;
}

/** PostgreSQL down: from the stop to the moment it answered again. */
export interface Outage {
  from: number;
  to: number;
}

const EFFECT_SQL: Record<EffectKind, { type: string; field: string }> = {
  ticket: { type: 'TicketOpened', field: 'description' },
  comment: { type: 'TicketCommented', field: 'text' },
  resolution: { type: 'TicketResolved', field: 'resolution' },
  task: { type: 'TaskAssigned', field: 'title' },
};

interface StoredReply {
  text?: string;
  keyboard?: Array<Array<{ data: string }>>;
}

export interface CheckReport {
  effectsChecked: number;
  lostEffects: string[];
  doubledEffects: string[];
  lostSteps: string[];
  toldSteps: number;
  /** Steps the domain refused for a reason of its own (the ticket changed meanwhile): answered, not lost. */
  refusedSteps: string[];
  unanswered: number[];
  lostReplies: string[];
  lostNotices: string[];
  duplicatesInFlight: string[];
  duplicatesOther: string[];
  auditVerify: { ok: boolean; output: string };
  gauges: { ok: boolean; detail: string };
}

const REFUSALS = new Set<string>(Object.values(texts.refusals));

const key = (chatId: string, text: string) => `${chatId}|${text}`;

/** Effects of the tagged updates, found by their tags in the event log: tag → how many events carry it. */
async function effectCounts(sql: SqlQueryable): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const { type, field } of Object.values(EFFECT_SQL)) {
    const rows = await sql.query<{ words: string }>(`SELECT data->>'${field}' AS words FROM es_events WHERE type = $1`, [type]);
    for (const row of rows.rows) {
      for (const match of (row.words ?? '').matchAll(/\[s\d+-\d+\]/g)) counts.set(`${type}${match[0]}`, (counts.get(`${type}${match[0]}`) ?? 0) + 1);
    }
  }
  return counts;
}

/** The replies the bot recorded for each update (its outbox rows `reply:<update_id>:…`). */
async function repliesByUpdate(sql: SqlQueryable): Promise<Map<number, StoredReply[]>> {
  const rows = await sql.query<{ id: string; payload: StoredReply | string }>(`SELECT id, payload FROM notification_outbox WHERE kind = 'reply' ORDER BY id`);
  const byUpdate = new Map<number, StoredReply[]>();
  for (const row of rows.rows) {
    const updateId = Number(row.id.split(':')[1]);
    const payload = typeof row.payload === 'string' ? (JSON.parse(row.payload) as StoredReply) : row.payload;
    byUpdate.set(updateId, [...(byUpdate.get(updateId) ?? []), payload]);
  }
  return byUpdate;
}

const asSent = (reply: StoredReply, chatId: string): SentMessage => ({
  via: 'bot',
  method: 'sendMessage',
  chatId,
  text: reply.text ?? '',
  buttons: (reply.keyboard ?? []).flat().map((b) => b.data),
  requestedAt: 0,
  at: 0,
});

export async function checkUpdates(sql: SqlQueryable, updates: readonly SentUpdate[], log: SentLog): Promise<Pick<CheckReport, 'effectsChecked' | 'lostEffects' | 'doubledEffects' | 'lostSteps' | 'toldSteps' | 'refusedSteps' | 'unanswered'>> {
  const effects = await effectCounts(sql);
  const replies = await repliesByUpdate(sql);
  const report = { effectsChecked: 0, lostEffects: [] as string[], doubledEffects: [] as string[], lostSteps: [] as string[], toldSteps: 0, refusedSteps: [] as string[], unanswered: [] as number[] };
  for (const update of updates) {
    if (update.answeredAt === undefined) {
      report.unanswered.push(update.updateId);
      continue;
    }
    const recorded = (replies.get(update.updateId) ?? []).map((reply) => asSent(reply, update.person));
    const matches = typeof update.expected === 'string' ? (m: SentMessage) => m.text === update.expected : update.expected;
    const kept = recorded.some(matches);
    // Told to send it again: in the update's recorded replies, or sent straight away after it was taken.
    const told =
      recorded.some((m) => TOLD_TEXTS.has(m.text) || m.text === texts.refusals.concurrency_conflict) ||
      log.to(update.person).some((m) => m.text === texts.common.stateUnavailable && m.at >= update.firstAttemptAt && m.at <= update.answeredAt! + 60_000);
    const refused = !told && recorded.some((m) => REFUSALS.has(m.text));
    if (refused) report.refusedSteps.push(`update ${update.updateId} from ${update.person}: ${recorded.map((m) => m.text).join(' / ')}`);
    if (update.kind === 'step' && !kept) {
      if (told) report.toldSteps += 1;
      else if (!refused) report.lostSteps.push(`update ${update.updateId} from ${update.person}: replies ${JSON.stringify(recorded.map((m) => m.text.slice(0, 60)))}`);
    }
    if (!update.effect) continue;
    report.effectsChecked += 1;
    const { type } = EFFECT_SQL[update.effect.kind];
    const count = effects.get(`${type}${update.effect.tag}`) ?? 0;
    if (count > 1) report.doubledEffects.push(`${type} ${update.effect.tag} ×${count}`);
    else if (count === 0 && !told && !refused) report.lostEffects.push(`${type} ${update.effect.tag} (update ${update.updateId}, replies ${JSON.stringify(recorded.map((m) => m.text.slice(0, 60)))})`);
  }
  return report;
}

export async function checkMessages(
  sql: SqlQueryable,
  log: SentLog,
  kills: Record<Sender, readonly Kill[]>,
  outages: readonly Outage[],
): Promise<Pick<CheckReport, 'lostReplies' | 'lostNotices' | 'duplicatesInFlight' | 'duplicatesOther'>> {
  const expected = new Map<string, number>();
  /** When each reply row was written and marked sent, by chat and text. */
  const marks = new Map<string, Array<{ created: number; sent: number }>>();
  const rows = await sql.query<{ recipient: string; payload: StoredReply | string; created_at: Date; sent_at: Date | null }>(
    `SELECT recipient, payload, created_at, sent_at FROM notification_outbox WHERE kind = 'reply' AND dropped_at IS NULL`,
  );
  for (const row of rows.rows) {
    const payload = typeof row.payload === 'string' ? (JSON.parse(row.payload) as StoredReply) : row.payload;
    if (payload.text === undefined || TOLD_TEXTS.has(payload.text)) continue;
    const k = key(row.recipient, payload.text);
    expected.set(k, (expected.get(k) ?? 0) + 1);
    marks.set(k, [...(marks.get(k) ?? []), { created: new Date(row.created_at).getTime(), sent: row.sent_at ? new Date(row.sent_at).getTime() : Number.POSITIVE_INFINITY }]);
  }
  /**
   * Sent before the kill and still unmarked at it because PostgreSQL was down from before the send until just
   * before the kill (the mark is retried within a second of its return): the outbox shows a row of this text
   * written before the kill and marked only after it.
   */
  const markBlocked = (k: string, send: SentMessage, kill: Kill) =>
    outages.some((outage) => outage.from <= kill.at && outage.to >= send.requestedAt && outage.to >= kill.at - IN_FLIGHT_WINDOW_MS) &&
    (marks.get(k) ?? []).some((mark) => mark.created <= kill.at && mark.sent > kill.at);
  const actual = new Map<string, SentMessage[]>();
  for (const message of log.all) {
    if (message.method !== 'sendMessage' || TOLD_TEXTS.has(message.text)) continue;
    const k = key(message.chatId, message.text);
    actual.set(k, [...(actual.get(k) ?? []), message]);
  }
  const report = { lostReplies: [] as string[], lostNotices: [] as string[], duplicatesInFlight: [] as string[], duplicatesOther: [] as string[] };
  for (const [k, count] of expected) {
    const got = actual.get(k)?.length ?? 0;
    if (got < count) report.lostReplies.push(`${k.slice(0, 100)} (${got} of ${count})`);
  }
  for (const [k, sends] of actual) {
    const surplus = sends.length - Math.max(1, expected.get(k) ?? 0);
    if (surplus <= 0) continue;
    // Several rows may share a text, so a copy is told from the original by timing: a send asked for within
    // the window before a kill of its sender (and followed by another send of the same text after that kill)
    // explains one extra copy. Whatever surplus such sends do not explain is a duplicate of another kind.
    const explained = sends.filter((send, i) =>
      kills[send.via].some(
        (kill) =>
          send.requestedAt <= kill.exitedAt + EVENT_LOOP_SLACK_MS &&
          (kill.at - send.requestedAt <= IN_FLIGHT_WINDOW_MS || markBlocked(k, send, kill)) &&
          sends.slice(i + 1).some((later) => later.at > kill.at),
      ),
    );
    const describe = (list: readonly SentMessage[]) => list.map((send) => `${send.via} ${new Date(send.at).toISOString()}`).join(', ');
    const inFlight = Math.min(surplus, explained.length);
    for (let i = 0; i < inFlight; i += 1) report.duplicatesInFlight.push(`${k.slice(0, 100)}: in flight at a kill (${describe(explained)}); all sends: ${describe(sends)}`);
    for (let i = inFlight; i < surplus; i += 1) report.duplicatesOther.push(`${k.slice(0, 100)}: ${sends.length} sends for ${Math.max(1, expected.get(k) ?? 0)} expected: ${describe(sends)}`);
  }
  // Notices due and neither sent nor dropped (a reminder for a later day is not due).
  const unsent = await sql.query<{ id: string; kind: string; recipient: string }>(
    `SELECT id, kind, recipient FROM notification_outbox
      WHERE kind <> 'reply' AND sent_at IS NULL AND dropped_at IS NULL AND held_at IS NULL AND not_before <= now()`,
  );
  report.lostNotices.push(...unsent.rows.map((row) => `${row.kind} → ${row.recipient} (${row.id})`));
  return report;
}

/** The gauges a scrape shows, next to the same figures counted in the read models. */
export async function checkGauges(sql: SqlQueryable, metricsUrl: string, timeoutMs = 60_000): Promise<CheckReport['gauges']> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const scraped = await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) })
      .then((response) => response.text())
      .catch((error: unknown) => `unreachable: ${String(error)}`);
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(scraped)?.[1] ?? NaN);
    const counted = (
      await sql.query<{ open: string; tasks: string; done: string; opened: string; assigned: string }>(
        `SELECT (SELECT count(*) FROM rm_tickets WHERE status NOT IN ('closed', 'cancelled')) AS open,
                (SELECT count(*) FROM rm_tasks) AS tasks,
                (SELECT count(*) FROM rm_tasks WHERE status = 'approved') AS done,
                (SELECT count(*) FROM es_events WHERE type = 'TicketOpened') AS opened,
                (SELECT count(*) FROM es_events WHERE type = 'TaskAssigned') AS assigned`,
      )
    ).rows[0]!;
    const pairs: Array<[string, number, number]> = [
      ['bot_tickets_open', gauge('bot_tickets_open'), Number(counted.open)],
      ['kpi_tasks_total', gauge('kpi_tasks_total'), Number(counted.tasks)],
      ['kpi_tasks_done', gauge('kpi_tasks_done'), Number(counted.done)],
    ];
    const allTicketsProjected = (await sql.query<{ n: string }>('SELECT count(*) AS n FROM rm_tickets')).rows[0]!.n === counted.opened;
    const allTasksProjected = counted.tasks === counted.assigned;
    const detail = `${pairs.map(([name, scrapedValue, sqlValue]) => `${name} ${scrapedValue} (read model ${sqlValue})`).join(', ')}; tickets projected: ${String(allTicketsProjected)}, tasks projected: ${String(allTasksProjected)}`;
    if (pairs.every(([, a, b]) => a === b) && allTicketsProjected && allTasksProjected) return { ok: true, detail };
    if (Date.now() > deadline) return { ok: false, detail };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
