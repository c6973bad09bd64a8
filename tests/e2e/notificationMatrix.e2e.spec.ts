// The notification matrix (docs/notifications.md), row by row, through the webhook and the fake Bot API under
// a controlled clock: for each event, who is told (the outbox rows the notification reaction recorded for it,
// exactly — so the one who acted is never among them), what they read and which buttons they get. One school
// day per store: a ticket's whole life across its author, two technicians, a deputy and the admin, an
// auto-close with a reopen inside REOPEN_DAYS and a refused one after it, then a task's. Notices due for one
// chat within the merge window share a message, so texts are matched as lines, never counted as messages.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DateTime } from 'luxon';
import { ticketAggregate } from '../../application/aggregates.js';
import { loadAssignee } from '../../application/authorization.js';
import { createCommandContext } from '../../application/commands/context.js';
import { randomIds } from '../../application/ports/ids.js';
import { NOTIFICATIONS_REACTION } from '../../application/reactions/notifications.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, ticketStreamName } from '../../domain/index.js';
import { formatDeadline } from '../../adapters/telegram/deadline.js';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';

// Whole conversations of many steps on a shared, busy machine: generous limits (each step still waits at most 20 s).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const TEACHER = '6001';
const TECH = '6002';
const TECH2 = '6003';
const DEPUTY = '6004';
const NAMES: Record<string, string> = {
  [TEACHER]: 'Смирнова Ольга Николаевна',
  [TECH]: 'Алексеев Иван Петрович',
  [TECH2]: 'Борисов Пётр Ильич',
  [DEPUTY]: 'Морозов Игорь Сергеевич',
};
const ZONE = 'Europe/Moscow';

async function approved(h: Harness, id: string, role: 'teacher' | 'technician' | 'deputy') {
  expect((await h.commands.register(await h.as(id), { fullName: NAMES[id]! }, {})).ok).toBe(true);
  expect((await h.commands.approveStaff(await h.as(ADMIN), { telegramId: id, role }, {})).ok).toBe(true);
  await h.eventually(async () => (await h.read.staffById(id))?.status === 'active', `${id} projected`);
}

/**
 * A manager assigns (or reassigns) a ticket. The card's button for it is built elsewhere; the command goes
 * through the same command handler the command service uses.
 */
async function assignTicket(h: Harness, managerId: string, number: number, assigneeId: string) {
  const ctx = createCommandContext({ eventStore: h.store, clock: h.clock, ids: randomIds, adminIds: [ADMIN] });
  const prepared = ctx.acting(await h.as(managerId), {});
  if (!prepared.ok) throw new Error(`refused: ${prepared.result.refusal.code}`);
  const assignee = await loadAssignee(h.store, assigneeId, [ADMIN]);
  const result = await ctx.handle(ticketAggregate(ctx.policy), ticketStreamName(number), {
    type: 'AssignTicket',
    data: { assignee },
    metadata: prepared.metadata,
  });
  expect(result.ok).toBe(true);
}

interface Row {
  id: string;
  kind: string;
  recipient: string;
}

/** The notification reaction's outbox rows (not the replies), to check exactly who was told. */
async function noticeRows(h: Harness): Promise<Row[]> {
  const result = await h.sql.query<Row>('SELECT id, kind, recipient FROM notification_outbox WHERE source = $1', [NOTIFICATIONS_REACTION]);
  return result.rows;
}

const who = (id: string) => Object.entries({ TEACHER, TECH, TECH2, DEPUTY, ADMIN }).find(([, v]) => v === id)?.[0] ?? id;

/** Tracks the rows seen so far; `told` waits until the rows recorded since are exactly `expected` ("kind→WHO"). */
function rowWatch(h: () => Harness) {
  const seen = new Set<string>();
  return {
    async mark() {
      for (const row of await noticeRows(h())) seen.add(row.id);
    },
    async told(...expected: string[]) {
      const want = [...expected].sort();
      let got: string[] = [];
      try {
        await h().eventually(async () => {
          const fresh = (await noticeRows(h())).filter((r) => !seen.has(r.id));
          got = fresh.map((r) => `${r.kind}→${who(r.recipient)}`).sort();
          return JSON.stringify(got) === JSON.stringify(want) || undefined;
        }, `notices ${want.join(', ')}`);
      } catch {
        expect(got, 'the notices recorded for this event').toEqual(want);
      }
      await this.mark();
    },
  };
}

/** The last message to `chatId` whose text matches, waited for, with the callback data of its buttons. */
async function notice(h: Harness, chatId: string, pattern: RegExp): Promise<{ text: string; buttons: string[] }> {
  const find = () =>
    h.fake.successful('sendMessage', chatId).findLast((call) => pattern.test(String(call.payload.text ?? '')));
  await h.fake.waitFor(() => find() !== undefined, 20_000, `a message to ${chatId} matching ${String(pattern)}`).catch(() => {
    throw new Error(`no message to ${who(chatId)} matched ${String(pattern)}; got:\n${h.fake.textsTo(chatId).join('\n---\n')}`);
  });
  const call = find()!;
  const keyboard = (call.payload.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? [];
  return { text: String(call.payload.text), buttons: keyboard.flat().flatMap((b) => (b.callback_data ? [b.callback_data] : [])) };
}

/** Nothing matching `pattern` reached `chatId` after its first `after` messages. */
const neverTold = (h: Harness, chatId: string, pattern: RegExp, after: number) =>
  expect(h.fake.textsTo(chatId).slice(after).filter((text) => pattern.test(text))).toEqual([]);

describe.each(STORE_KINDS)('the notification matrix on %s', (kind) => {
  let h: Harness;
  const rows = rowWatch(() => h);
  const count = (chatId: string) => h.fake.textsTo(chatId).length;
  /** A press, then the words the button asked for. */
  const pressAndSay = async (userId: string, data: string, asked: RegExp, words: string) => {
    const before = count(userId);
    await h.press(userId, data);
    await h.expectText(userId, asked, { after: before });
    await h.say(userId, words);
  };
  const ticketStatus = (number: number, status: string) =>
    h.eventually(async () => (await h.read.ticketByNumber(number, h.clock.now()))?.status === status, `ticket ${number} ${status}`);
  const taskStatus = (number: number, status: string) =>
    h.eventually(async () => (await h.read.taskByNumber(number, h.clock.now()))?.status === status, `task ${number} ${status}`);

  beforeAll(async () => {
    // Tuesday 24 November 2026, 10:00 in Moscow.
    h = await startHarness({ kind, startAt: '2026-11-24T07:00:00Z', autoClose: true });
    await approved(h, TEACHER, 'teacher');
    await approved(h, TECH, 'technician');
    await approved(h, TECH2, 'technician');
    await approved(h, DEPUTY, 'deputy');
    await rows.mark();
  });
  afterAll(() => h?.close());

  describe('tickets', () => {
    it('ticket opened → the technicians (private chats), with Take', async () => {
      await h.say(TEACHER, '/new в 204 не работает проектор');
      await h.expectText(TEACHER, /Заявка №1 принята\. Я сообщу, когда её возьмут в работу\./);
      for (const tech of [TECH, TECH2]) {
        const card = await notice(h, tech, /Новая заявка №1: в 204 не работает проектор/);
        expect(card.buttons).toContain('tt:1');
      }
      await rows.told('ticket_opened→TECH', 'ticket_opened→TECH2');
    });

    it('ticket taken (self-assigned) → the author hears who took it; the technician only gets the reply', async () => {
      const techBefore = count(TECH);
      await h.press(TECH, 'tt:1');
      await h.expectText(TECH, /^Вы взяли заявку №1\.$/, { after: techBefore });
      const taken = await notice(h, TEACHER, /Заявка №1 «в 204 не работает проектор» взята в работу\. Исполнитель: Алексеев Иван Петрович\./);
      expect(taken.buttons).toContain('ts:1');
      await rows.told('ticket_taken→TEACHER');
      neverTold(h, TECH, /Вам назначена заявка №1/, techBefore);
    });

    it('priority changed → the assignee, with the new due time', async () => {
      const deputyBefore = count(DEPUTY);
      await h.press(DEPUTY, 'tp:1');
      await h.expectText(DEPUTY, /выберите приоритет/, { after: deputyBefore });
      await h.press(DEPUTY, 'tq:1:high');
      await h.expectText(DEPUTY, /Приоритет заявки №1: высокий/, { after: deputyBefore });
      // Opened Tuesday 10:00; high is one day.
      const changed = await notice(h, TECH, /Приоритет заявки №1 «в 204 не работает проектор» изменён: обычный → высокий \(Морозов Игорь Сергеевич\)\.\nНовый срок: среда, 25 ноября 2026, 10:00\./);
      expect(changed.buttons).toContain('ts:1');
      await rows.told('ticket_priority_changed→TECH');
    });

    it('reassigned by a manager → the new technician, the previous one and the author', async () => {
      await assignTicket(h, DEPUTY, 1, TECH2);
      const assigned = await notice(h, TECH2, /Вам назначена заявка №1: в 204 не работает проектор/);
      expect(assigned.buttons).toContain('ts:1');
      const away = await notice(h, TECH, /Заявку №1 «в 204 не работает проектор» передали другому исполнителю: Борисов Пётр Ильич\. Вам её делать больше не нужно\./);
      expect(away.buttons).toContain('ts:1');
      await notice(h, TEACHER, /Заявка №1 «в 204 не работает проектор»: сменился исполнитель\. Теперь это Борисов Пётр Ильич\./);
      await rows.told('ticket_assigned→TECH2', 'ticket_reassigned→TECH', 'ticket_taken→TEACHER');
    });

    it('commented → everyone on the ticket but the commenter, with Comment', async () => {
      await pressAndSay(TEACHER, 'tc:1', /напишите комментарий/, 'Проектор нужен к третьему уроку');
      await h.expectText(TEACHER, /Комментарий к заявке №1 добавлен/);
      const comment = await notice(h, TECH2, /Комментарий к заявке №1 «в 204 не работает проектор» \(Смирнова Ольга Николаевна\): Проектор нужен к третьему уроку/);
      expect(comment.buttons).toEqual(expect.arrayContaining(['tc:1', 'ts:1']));
      // The technician it was taken from is no longer on it.
      await rows.told('ticket_commented→TECH2');
    });

    it('resolved → the author, with Confirm and Reopen', async () => {
      await pressAndSay(TECH2, 'tr:1', /что сделано\?/, 'Заменил кабель HDMI');
      const resolved = await notice(h, TEACHER, /Заявка №1 «в 204 не работает проектор» решена: Заменил кабель HDMI\nВсё в порядке\?/);
      expect(resolved.buttons).toEqual(expect.arrayContaining(['tf:1', 'to:1']));
      await rows.told('ticket_resolved→TEACHER');
    });

    it('reopened by the author → the assignee', async () => {
      await ticketStatus(1, 'resolved');
      await pressAndSay(TEACHER, 'to:1', /что не так\?/, 'Изображение мигает');
      const reopened = await notice(h, TECH2, /Заявка №1 возвращена в работу: Изображение мигает/);
      expect(reopened.buttons).toContain('ts:1');
      await rows.told('ticket_reopened→TECH2');
    });

    it('confirmed by the author → the technician hears it is closed', async () => {
      await ticketStatus(1, 'in_progress');
      await pressAndSay(TECH2, 'tr:1', /что сделано\?/, 'Заменил проектор');
      await notice(h, TEACHER, /Заявка №1 «в 204 не работает проектор» решена: Заменил проектор/);
      await rows.told('ticket_resolved→TEACHER');
      await ticketStatus(1, 'resolved');
      const before = count(TEACHER);
      await h.press(TEACHER, 'tf:1');
      await h.expectText(TEACHER, /Спасибо! Заявка №1 закрыта\./, { after: before });
      await notice(h, TECH2, /👍 Смирнова Ольга Николаевна подтвердил\(а\) решение заявки №1 «в 204 не работает проектор»\. Заявка закрыта\./);
      // … and the author is asked to rate the resolution (issue 14, item 6).
      await rows.told('ticket_confirmed→TECH2', 'ticket_rate_request→TEACHER');
    });

    it('assigned by a manager (first time) → the assignee and the author', async () => {
      await h.say(TEACHER, '/new в 305 течёт кран');
      await h.expectText(TEACHER, /Заявка №2 принята/);
      await rows.told('ticket_opened→TECH', 'ticket_opened→TECH2');
      await ticketStatus(2, 'open');
      await assignTicket(h, DEPUTY, 2, TECH);
      await notice(h, TECH, /Вам назначена заявка №2: в 305 течёт кран/);
      await notice(h, TEACHER, /Заявка №2 «в 305 течёт кран» взята в работу\. Исполнитель: Алексеев Иван Петрович\./);
      await rows.told('ticket_assigned→TECH', 'ticket_taken→TEACHER');
    });

    it('cancelled by an admin → the author and the assignee', async () => {
      await ticketStatus(2, 'in_progress');
      await pressAndSay(ADMIN, 'tx:2', /почему отменяете\?/, 'Кран заменят подрядчики');
      await h.expectText(ADMIN, /Заявка №2 отменена\./);
      await notice(h, TEACHER, /Заявка №2 «в 305 течёт кран» отменена: Кран заменят подрядчики/);
      await notice(h, TECH, /Заявка №2 «в 305 течёт кран» отменена: Кран заменят подрядчики/);
      await rows.told('ticket_cancelled→TEACHER', 'ticket_cancelled→TECH');
    });

    it('reopened by an admin → the assignee and the author', async () => {
      await h.say(TEACHER, '/new в 110 не закрывается окно');
      await h.expectText(TEACHER, /Заявка №3 принята/);
      await rows.told('ticket_opened→TECH', 'ticket_opened→TECH2');
      await ticketStatus(3, 'open');
      await h.press(TECH, 'tt:3');
      await rows.told('ticket_taken→TEACHER');
      await ticketStatus(3, 'in_progress');
      await pressAndSay(TECH, 'tr:3', /что сделано\?/, 'Подтянул петли');
      await rows.told('ticket_resolved→TEACHER');
      await ticketStatus(3, 'resolved');
      await pressAndSay(ADMIN, 'to:3', /что не так\?/, 'Окно снова не закрывается');
      await notice(h, TECH, /Заявка №3 возвращена в работу: Окно снова не закрывается/);
      await notice(h, TEACHER, /Заявка №3 возвращена в работу: Окно снова не закрывается/);
      await rows.told('ticket_reopened→TECH', 'ticket_reopened→TEACHER');
    });

    it('auto-closed after AUTO_CLOSE_DAYS → the author, with Вернуть в работу, and the technician; reopening works within REOPEN_DAYS and is refused politely after', async () => {
      await h.say(TEACHER, '/new в 401 не работает розетка');
      await h.expectText(TEACHER, /Заявка №4 принята/);
      await rows.told('ticket_opened→TECH', 'ticket_opened→TECH2');
      await ticketStatus(4, 'open');
      await h.press(TECH, 'tt:4');
      await rows.told('ticket_taken→TEACHER');
      await ticketStatus(4, 'in_progress');
      await pressAndSay(TECH, 'tr:4', /что сделано\?/, 'Заменил розетку');
      await rows.told('ticket_resolved→TEACHER');
      await ticketStatus(4, 'resolved');

      // A minute short of AUTO_CLOSE_DAYS (3) nothing happens; just past them the ticket closes itself.
      const resolvedAt = h.clock.now().getTime();
      h.clock.set(new Date(resolvedAt + 3 * DAY_MS - MINUTE_MS).toISOString());
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect((await h.read.ticketByNumber(4, h.clock.now()))?.status).toBe('resolved');
      h.clock.set(new Date(resolvedAt + 3 * DAY_MS + MINUTE_MS).toISOString());
      await ticketStatus(4, 'closed');
      const closedAt = h.clock.now();
      const until = DateTime.fromJSDate(new Date(closedAt.getTime() + 7 * DAY_MS), { zone: ZONE }).setLocale('ru').toFormat('d MMMM yyyy, HH:mm');
      const toAuthor = await notice(h, TEACHER, /Заявка №4 «в 401 не работает розетка» закрыта автоматически: решение не подтвердили вовремя\./);
      expect(toAuthor.text).toContain(`Если проблема осталась, её можно вернуть в работу до ${until}.`);
      expect(toAuthor.buttons).toContain('to:4');
      await notice(h, TECH, /Заявка №4 «в 401 не работает розетка» закрыта автоматически: автор не ответил на решение\./);
      await rows.told('ticket_auto_closed→TEACHER', 'ticket_auto_closed→TECH', 'ticket_rate_request→TEACHER');

      // Six days later (within REOPEN_DAYS, 7) the author's button still works.
      h.clock.set(new Date(closedAt.getTime() + 6 * DAY_MS).toISOString());
      await pressAndSay(TEACHER, 'to:4', /что не так\?/, 'Розетка снова искрит');
      await h.expectText(TEACHER, /Заявка №4 возвращена в работу\./);
      await notice(h, TECH, /Заявка №4 возвращена в работу: Розетка снова искрит/);
      await rows.told('ticket_reopened→TECH');
      await ticketStatus(4, 'in_progress');

      // Resolved and auto-closed again; past REOPEN_DAYS the same button is refused politely at once, nothing appended.
      await pressAndSay(TECH, 'tr:4', /что сделано\?/, 'Заменил проводку');
      await rows.told('ticket_resolved→TEACHER');
      await ticketStatus(4, 'resolved');
      const resolvedAgain = h.clock.now().getTime();
      h.clock.set(new Date(resolvedAgain + 3 * DAY_MS + MINUTE_MS).toISOString());
      await ticketStatus(4, 'closed');
      await rows.told('ticket_auto_closed→TEACHER', 'ticket_auto_closed→TECH', 'ticket_rate_request→TEACHER');
      h.clock.set(new Date(h.clock.now().getTime() + 7 * DAY_MS + MINUTE_MS).toISOString());
      const events = await h.eventCount();
      const before = count(TEACHER);
      // Refused at the press: nobody is asked for a reason that could not be used.
      await h.press(TEACHER, 'to:4');
      await h.expectText(TEACHER, /Заявку уже нельзя вернуть: прошло слишком много времени после закрытия\. Откройте новую: \/new/, { after: before });
      expect(await h.eventCount()).toBe(events);
      expect((await h.read.ticketByNumber(4, h.clock.now()))?.status).toBe('closed');
    });
  });

  describe('tasks', () => {
    let deadline: Date;
    const issue = async (assigneeId: string, title: string, hoursAhead: number) => {
      const at = new Date(h.clock.now().getTime() + hoursAhead * HOUR_MS);
      const result = await h.commands.assignTask(await h.as(DEPUTY), { assigneeId, title, deadline: at.toISOString() }, {});
      if (!result.ok) throw new Error(`task refused: ${result.refusal.code}`);
      return { number: result.number, at };
    };

    it('task issued → the assignee, with Accept (and its reminders planned)', async () => {
      // Monday 14 December 2026, 10:00 in Moscow.
      h.clock.set('2026-12-14T07:00:00Z');
      const task = await issue(TEACHER, 'Сдать отчёт за четверть', 48);
      expect(task.number).toBe(1);
      deadline = task.at;
      const issued = await notice(h, TEACHER, /Новое поручение п1: Сдать отчёт за четверть\nСрок: среда, 16 декабря 2026, 10:00/);
      expect(issued.buttons).toEqual(expect.arrayContaining(['ka:1', 'ks:1']));
      await rows.told('task_assigned→TEACHER', 'task_due_soon→TEACHER', 'task_due_soon→TEACHER');
    });

    it('accepted → the issuer', async () => {
      await taskStatus(1, 'assigned');
      const before = count(TEACHER);
      await h.press(TEACHER, 'ka:1');
      await h.expectText(TEACHER, /Поручение п1 принято в работу/, { after: before });
      const accepted = await notice(h, DEPUTY, /Смирнова Ольга Николаевна принял\(а\) поручение п1 «Сдать отчёт за четверть» в работу\./);
      expect(accepted.buttons).toContain('ks:1');
      await rows.told('task_accepted→DEPUTY');
    });

    it('deadline extended by the issuer → the assignee, with the new deadline (reminders planned again)', async () => {
      await taskStatus(1, 'accepted');
      const deputyBefore = count(DEPUTY);
      await pressAndSay(DEPUTY, 'ke:1', /новый срок\?/, 'через 3 дня');
      await h.expectText(DEPUTY, /Почему продлеваете\?/, { after: deputyBefore });
      await h.say(DEPUTY, 'Ждём данные из бухгалтерии');
      await h.expectText(DEPUTY, /Срок поручения п1 продлён/, { after: deputyBefore });
      const task = await h.eventually(async () => {
        const view = await h.read.taskByNumber(1, h.clock.now());
        return view && view.deadline.getTime() !== deadline.getTime() ? view : undefined;
      }, 'the new deadline');
      const moved = await notice(h, TEACHER, /Срок поручения п1 «Сдать отчёт за четверть» перенесён\./);
      expect(moved.text).toContain(`Новый срок: ${formatDeadline(task.deadline, ZONE)} (был: ${formatDeadline(deadline, ZONE)}).\nПричина: Ждём данные из бухгалтерии`);
      expect(moved.buttons).toContain('ks:1');
      deadline = task.deadline;
      await rows.told('task_extended→TEACHER', 'task_due_soon→TEACHER', 'task_due_soon→TEACHER');
    });

    it('deadline extended by an admin → the assignee and the issuer', async () => {
      const adminBefore = count(ADMIN);
      await pressAndSay(ADMIN, 'ke:1', /новый срок\?/, 'через 4 дня');
      await h.expectText(ADMIN, /Почему продлеваете\?/, { after: adminBefore });
      await h.say(ADMIN, 'Отчёт перенесли в управлении');
      const task = await h.eventually(async () => {
        const view = await h.read.taskByNumber(1, h.clock.now());
        return view && view.deadline.getTime() !== deadline.getTime() ? view : undefined;
      }, 'the newer deadline');
      const newDeadline = formatDeadline(task.deadline, ZONE);
      await notice(h, TEACHER, new RegExp(`Новый срок: ${newDeadline} \\(был: ${formatDeadline(deadline, ZONE)}\\)\\.\\nПричина: Отчёт перенесли в управлении`));
      const toIssuer = await notice(h, DEPUTY, /🗓 \S+ перенёс\(ла\) срок поручения п1 «Сдать отчёт за четверть»\./);
      expect(toIssuer.text).toContain(`Новый срок: ${newDeadline}.\nПричина: Отчёт перенесли в управлении`);
      expect(toIssuer.buttons).toContain('ks:1');
      deadline = task.deadline;
      await rows.told('task_extended→TEACHER', 'task_extended→DEPUTY', 'task_due_soon→TEACHER', 'task_due_soon→TEACHER');
    });

    it('reminders 24 h and 2 h before the deadline → the assignee', async () => {
      const deputyBefore = count(DEPUTY);
      h.clock.set(new Date(deadline.getTime() - 23 * HOUR_MS).toISOString());
      const day = await notice(h, TEACHER, /⏰ Через 24 ч срок поручения п1: Сдать отчёт за четверть/);
      expect(day.buttons).toContain('ks:1');
      h.clock.set(new Date(deadline.getTime() - HOUR_MS).toISOString());
      const hours = await notice(h, TEACHER, /⏰ Через 2 ч срок поручения п1: Сдать отчёт за четверть/);
      expect(hours.buttons).toContain('ks:1');
      // Planned when the deadline was set (above); the issuer has none.
      await rows.told();
      neverTold(h, DEPUTY, /Через \d+ ч/, deputyBefore);
      // The reminders of the deadlines that were moved are not sent.
      expect(h.fake.textsTo(TEACHER).filter((t) => /Через \d+ ч срок поручения п1/.test(t))).toHaveLength(2);
    });

    it('deadline missed → the assignee and the issuer', async () => {
      h.clock.set(new Date(deadline.getTime() + 5 * MINUTE_MS).toISOString());
      await notice(h, TEACHER, /❗ Срок поручения п1 «Сдать отчёт за четверть» пропущен\./);
      await notice(h, DEPUTY, /❗ Смирнова Ольга Николаевна не выполнил\(а\) поручение п1 «Сдать отчёт за четверть» в срок\./);
      await rows.told('task_missed→TEACHER', 'task_missed→DEPUTY');
    });

    it('completed → the issuer, with Approve and Return', async () => {
      await pressAndSay(TEACHER, 'kc:1', /опишите, что сделано/, 'Отчёт сдан в канцелярию');
      const completed = await notice(h, DEPUTY, /Поручение п1 «Сдать отчёт за четверть» выполнено \(Смирнова Ольга Николаевна\): Отчёт сдан в канцелярию/);
      expect(completed.buttons).toEqual(expect.arrayContaining(['kp:1', 'kr:1']));
      await rows.told('task_completed→DEPUTY');
    });

    it('returned → the assignee', async () => {
      await taskStatus(1, 'completed');
      await pressAndSay(DEPUTY, 'kr:1', /что доработать\?/, 'Добавьте таблицу с оценками');
      const returned = await notice(h, TEACHER, /Поручение п1 возвращено на доработку: Добавьте таблицу с оценками/);
      expect(returned.buttons).toContain('ks:1');
      await rows.told('task_returned→TEACHER');
    });

    it('approved → the assignee, on time or late', async () => {
      await taskStatus(1, 'accepted');
      await pressAndSay(TEACHER, 'kc:1', /опишите, что сделано/, 'Таблица добавлена');
      await rows.told('task_completed→DEPUTY');
      await taskStatus(1, 'completed');
      const before = count(DEPUTY);
      await h.press(DEPUTY, 'kp:1');
      await h.expectText(DEPUTY, /Работа по поручению п1 принята\./, { after: before });
      await notice(h, TEACHER, /✅ Работа по поручению п1 «Сдать отчёт за четверть» принята: выполнено с опозданием\./);
      await rows.told('task_approved→TEACHER');
    });

    it('cancelled by the issuer → the assignee', async () => {
      const task = await issue(TECH, 'Проверить проекторы на этаже', 48);
      await rows.told('task_assigned→TECH', 'task_due_soon→TECH', 'task_due_soon→TECH');
      await taskStatus(task.number, 'assigned');
      await pressAndSay(DEPUTY, `kx:${task.number}`, /почему отменяете\?/, 'Проверит подрядчик');
      await notice(h, TECH, new RegExp(`Поручение п${task.number} «Проверить проекторы на этаже» отменено: Проверит подрядчик`));
      await rows.told('task_cancelled→TECH');
    });

    it('cancelled by an admin → the assignee and the issuer', async () => {
      const task = await issue(TEACHER, 'Подготовить кабинет к олимпиаде', 48);
      await rows.told('task_assigned→TEACHER', 'task_due_soon→TEACHER', 'task_due_soon→TEACHER');
      await taskStatus(task.number, 'assigned');
      await pressAndSay(ADMIN, `kx:${task.number}`, /почему отменяете\?/, 'Олимпиаду перенесли');
      const cancelled = new RegExp(`Поручение п${task.number} «Подготовить кабинет к олимпиаде» отменено: Олимпиаду перенесли`);
      await notice(h, TEACHER, cancelled);
      await notice(h, DEPUTY, cancelled);
      await rows.told('task_cancelled→TEACHER', 'task_cancelled→DEPUTY');
    });
  });

  it('reachable again → the person hears once what was held for them', async () => {
    // Telegram refuses the next notice to the technician (403): they are unreachable, and what follows is held.
    h.fake.failNext('sendMessage', { code: 403, match: (p) => String(p.chat_id) === TECH });
    await issue2(h, TECH, 'Починить принтер в учительской');
    await h.eventually(async () => (await h.read.staffById(TECH))?.reachable === false, 'the technician unreachable');
    await issue2(h, TECH, 'Проверить колонки в актовом зале');
    await h.eventually(async () => {
      const held = await h.sql.query<{ count: string }>(
        "SELECT count(*)::text AS count FROM notification_outbox WHERE recipient = $1 AND kind = 'task_assigned' AND held_at IS NOT NULL",
        [TECH],
      );
      return held.rows[0]?.count === '2' || undefined;
    }, 'both notices held');
    const before = count(TECH);
    await h.say(TECH, '/help');
    const summary = await notice(h, TECH, /^Пока вы были недоступны: 2 новых поручения\.$/m);
    expect(summary.buttons.length).toBeGreaterThan(0);
    await h.eventually(async () => (await h.read.staffById(TECH))?.reachable === true, 'the technician reachable');
    expect(h.fake.textsTo(TECH).slice(before).filter((t) => t.startsWith('Пока вы были недоступны'))).toHaveLength(1);
    expect((await noticeRows(h)).filter((r) => r.kind === 'reachable_again').map((r) => who(r.recipient))).toEqual(['TECH']);
  });
});

async function issue2(h: Harness, assigneeId: string, title: string) {
  const at = new Date(h.clock.now().getTime() + 72 * HOUR_MS);
  const result = await h.commands.assignTask(await h.as(DEPUTY), { assigneeId, title, deadline: at.toISOString() }, {});
  if (!result.ok) throw new Error(`task refused: ${result.refusal.code}`);
}

describe.each(STORE_KINDS)('the notification matrix with the technicians’ group on %s', (kind) => {
  const GROUP = -100777;
  let h: Harness;
  const rows = rowWatch(() => h);
  beforeAll(async () => {
    h = await startHarness({ kind, techChatId: GROUP, techChatTopics: 'it=11, other=5' });
    await approved(h, TEACHER, 'teacher');
    await approved(h, TECH, 'technician');
    await approved(h, DEPUTY, 'deputy');
    await rows.mark();
  });
  afterAll(() => h?.close());

  /** The group's message about ticket `number`, as it stands now (the fake keeps edits in place). */
  const groupCard = (number: number) =>
    [...(h.fake as unknown as { messages: Map<string, { text?: string; message_id: number }> }).messages.entries()]
      .filter(([key]) => key.startsWith(`${GROUP}:`))
      .map(([, message]) => message)
      .find((message) => new RegExp(`№${number}\\b`).test(message.text ?? ''));

  it('ticket opened → the group only, in its category’s topic, with Take', async () => {
    await h.say(TEACHER, '/new в 204 не работает проектор');
    await h.expectText(TEACHER, /Заявка №1 принята/);
    const card = await notice(h, String(GROUP), /Новая заявка №1: в 204 не работает проектор/);
    expect(card.buttons).toContain('tt:1');
    const [sent] = h.fake.successful('sendMessage', GROUP);
    expect(sent?.payload.message_thread_id).toBe(5);
    await rows.told('ticket_opened→tech-chat');
    expect(h.fake.textsTo(TECH).filter((t) => /Новая заявка/.test(t))).toEqual([]);
  });

  it('assigned by a manager → the assignee and the author, and the group card is edited to say who has it', async () => {
    await h.eventually(async () => (await h.read.ticketByNumber(1, h.clock.now()))?.status === 'open', 'ticket 1 open');
    await assignTicket(h, DEPUTY, 1, TECH);
    await notice(h, TECH, /Вам назначена заявка №1: в 204 не работает проектор/);
    await notice(h, TEACHER, /Заявка №1 «в 204 не работает проектор» взята в работу\. Исполнитель: Алексеев Иван Петрович\./);
    await h.eventually(async () => /Взята в работу: Алексеев И\.П\./.test(groupCard(1)?.text ?? '') || undefined, 'the group card edited');
    const [edit] = h.fake.successful('editMessageText', GROUP);
    expect(callbackDataOf(edit?.payload.reply_markup)).toEqual(['ts:1']);
    await rows.told('ticket_assigned→TECH', 'ticket_taken→TEACHER', 'tech_card_taken→tech-chat');
  });
});

function callbackDataOf(markup: unknown): string[] {
  return ((markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? [])
    .flat()
    .flatMap((b) => (b.callback_data ? [b.callback_data] : []));
}
