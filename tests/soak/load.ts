// A school day's load through the webhook: 50 people (teachers, technicians, deputies), each doing one thing
// after another as a person would, waiting for the bot's answer before the next step. Teachers open tickets,
// comment on theirs and look at /my; technicians take tickets and resolve them with a written resolution;
// deputies give tasks through the whole wizard (search, pick, title, deadline, confirm). Every typed text
// carries a unique tag, so its effect can be found in the event log afterwards.
//
// Each update is delivered as Telegram does (deliveryRig's WebhookDeliverer): again and again, same
// update_id and body, until it gets a 200.
import { encodeCallback } from '../../adapters/telegram/callbackData.js';
import { texts } from '../../adapters/telegram/texts.js';
import { textUpdate, WebhookDeliverer } from '../e2e/support/deliveryRig.js';
import type { Random } from './random.js';
import type { SentLog, SentMessage } from './tap.js';

export type Role = 'teacher' | 'technician' | 'deputy';

export interface Person {
  id: string;
  role: Role;
}

/** What a tagged text should have become in the event log. */
export type EffectKind = 'ticket' | 'comment' | 'resolution' | 'task';

/** One update a person sent, and what they expected back. */
export interface SentUpdate {
  updateId: number;
  person: string;
  /** A typed answer to the bot's question (a conversation step), a command, or a button press. */
  kind: 'command' | 'press' | 'step';
  /** The text the reply must be, or a test of it. */
  expected: string | ((message: SentMessage) => boolean);
  /** Set when the step's words must end up in the log. */
  effect?: { kind: EffectKind; tag: string };
  firstAttemptAt: number;
  answeredAt?: number;
  /** Seen while the person waited: the expected reply, a "try again" (told), or nothing in time. */
  seen: 'expected' | 'told' | 'nothing';
}

/** Texts that tell a person their message was not taken and to send it again. */
export const TOLD_TEXTS = new Set([texts.common.stateUnavailable, texts.common.failed, texts.common.expired]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const numberIn = (text: string, pattern: RegExp) => {
  const match = pattern.exec(text);
  return match ? Number(match[1]) : undefined;
};

export interface LoadOptions {
  webhook: () => string;
  log: SentLog;
  random: Random;
  /** How long one person waits for an answer before giving up on the flow. */
  replyWaitMs?: number;
  /** Pause between a person's actions (ms, uniform in the range). */
  thinkMs?: [number, number];
}

export function people(): Person[] {
  const range = (from: number, count: number, role: Role) => Array.from({ length: count }, (_, i) => ({ id: String(from + i), role }));
  return [...range(3000, 37, 'teacher'), ...range(4000, 8, 'technician'), ...range(5000, 5, 'deputy')];
}

export class SchoolDay {
  readonly deliverer: WebhookDeliverer;
  readonly updates: SentUpdate[] = [];
  /** Tickets as their authors were told (№ → author), and who took which. */
  readonly tickets = new Map<number, { author: string; takenBy?: string }>();
  private nextUpdateId = 700_000;
  private tagCounter = 0;
  private stopping = false;
  private readonly replyWaitMs: number;
  private readonly thinkMs: [number, number];

  constructor(
    readonly staff: readonly Person[],
    private readonly options: LoadOptions,
  ) {
    this.deliverer = new WebhookDeliverer(options.webhook);
    this.replyWaitMs = options.replyWaitMs ?? 90_000;
    this.thinkMs = options.thinkMs ?? [3_000, 15_000];
  }

  /** Runs everyone until `stopAt`; each finishes the flow they are in. */
  async run(stopAt: number): Promise<void> {
    const timer = setTimeout(() => (this.stopping = true), Math.max(0, stopAt - Date.now()));
    try {
      await Promise.all(
        this.staff.map(async (person, index) => {
          // Not everyone at the same moment: arrivals spread over the first seconds.
          await sleep((index * 137) % 5_000);
          while (!this.stopping) {
            await this.act(person);
            await sleep(this.options.random.between(this.thinkMs[0], this.thinkMs[1]));
          }
        }),
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private tag(person: Person): string {
    this.tagCounter += 1;
    return `[s${person.id}-${this.tagCounter}]`;
  }

  private async act(person: Person): Promise<void> {
    const roll = this.options.random.next();
    const own = [...this.tickets].filter(([, t]) => t.author === person.id).map(([n]) => n);
    if (person.role === 'teacher') {
      if (roll < 0.4 || own.length === 0) return this.openTicket(person);
      if (roll < 0.75) return this.comment(person, this.options.random.pick(own));
      return this.myList(person);
    }
    if (person.role === 'technician') {
      const free = [...this.tickets].filter(([, t]) => !t.takenBy).map(([n]) => n);
      if (roll < 0.55 && free.length > 0) return this.takeAndResolve(person, this.options.random.pick(free));
      // A technician may comment on the tickets they took (the domain refuses others' tickets).
      const mine = [...this.tickets].filter(([, t]) => t.takenBy === person.id).map(([n]) => n);
      if (roll < 0.75 && mine.length > 0) return this.comment(person, this.options.random.pick(mine));
      return this.myList(person);
    }
    if (roll < 0.65) return this.giveTask(person);
    return this.myList(person);
  }

  // --- the flows ---------------------------------------------------------------------------------------

  private async openTicket(person: Person): Promise<void> {
    const tag = this.tag(person);
    const room = 100 + this.options.random.int(400);
    const reply = await this.send(person, 'command', `/new каб. ${room} не работает проектор ${tag}`, (m) => m.text.includes('принята') && m.text.includes('№'), {
      kind: 'ticket',
      tag,
    });
    const number = reply && numberIn(reply.text, /№(\d+)/);
    if (number !== undefined) this.tickets.set(number, { author: person.id });
  }

  private async comment(person: Person, number: number): Promise<void> {
    const prompt = await this.press(person, encodeCallback('commentTicket', number), texts.ticketCard.askComment(number));
    if (!prompt) return;
    const tag = this.tag(person);
    await this.send(person, 'step', `Комментарий ${tag}`, texts.ticketCard.commented(number), { kind: 'comment', tag });
  }

  private async takeAndResolve(person: Person, number: number): Promise<void> {
    const ticket = this.tickets.get(number);
    if (ticket) ticket.takenBy = person.id;
    const taken = await this.press(person, encodeCallback('takeTicket', number), texts.ticketCard.taken(number));
    if (!taken) return;
    const prompt = await this.press(person, encodeCallback('resolveTicket', number), texts.ticketCard.askResolution(number));
    if (!prompt) return;
    const tag = this.tag(person);
    await this.send(person, 'step', `Заменил лампу ${tag}`, texts.ticketCard.resolved(number), { kind: 'resolution', tag });
  }

  private async giveTask(person: Person): Promise<void> {
    const assignee = this.options.random.pick(this.staff.filter((p) => p.role === 'teacher'));
    const pickVerb = encodeCallback('pickAssignee', assignee.id);
    const matches = await this.send(person, 'command', `/task ${assignee.id}`, (m) => m.buttons.includes(pickVerb));
    if (!matches) return;
    const titled = await this.press(person, pickVerb, (m) => m.text.startsWith('Поручение для:'));
    if (!titled) return;
    const tag = this.tag(person);
    const asked = await this.send(person, 'step', `Подготовить отчёт ${tag}`, (m) => m.text.startsWith('К какому сроку?'));
    if (!asked) return;
    const confirm = encodeCallback('confirmDraft');
    const choice = (m: SentMessage) => m.buttons.includes(confirm) || m.buttons.some((b) => b.startsWith(`${encodeCallback('pickDeadline')}:`));
    let echoed = await this.send(person, 'step', 'через неделю', choice);
    if (echoed && !echoed.buttons.includes(confirm)) {
      echoed = await this.press(person, echoed.buttons.find((b) => b.startsWith(`${encodeCallback('pickDeadline')}:`))!, (m) => m.buttons.includes(confirm));
    }
    if (!echoed) return;
    await this.press(person, confirm, (m) => m.text.startsWith('Поручение п'), { kind: 'task', tag });
  }

  private async myList(person: Person): Promise<void> {
    await this.send(person, 'command', '/my', () => true);
  }

  // --- delivery ------------------------------------------------------------------------------------------

  private send(person: Person, kind: SentUpdate['kind'], text: string, expected: SentUpdate['expected'], effect?: SentUpdate['effect']) {
    return this.deliver(person, kind, textUpdate(this.nextUpdateId++, person.id, text), expected, effect);
  }

  private press(person: Person, data: string, expected: SentUpdate['expected'], effect?: SentUpdate['effect']) {
    const updateId = this.nextUpdateId++;
    const chat = { id: Number(person.id), type: 'private' as const, first_name: `U${person.id}` };
    const update = {
      update_id: updateId,
      callback_query: {
        id: `soak-${updateId}`,
        from: { id: Number(person.id), is_bot: false, first_name: `U${person.id}` },
        chat_instance: `ci${person.id}`,
        data,
        message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat, from: { id: 424242, is_bot: true, first_name: 'SchoolBot' }, text: '…' },
      },
    };
    return this.deliver(person, 'press', update, expected, effect);
  }

  /** Delivers until 200, then waits for the expected reply in the person's chat (or a "try again"). */
  private async deliver(
    person: Person,
    kind: SentUpdate['kind'],
    update: { update_id: number },
    expected: SentUpdate['expected'],
    effect: SentUpdate['effect'],
  ): Promise<SentMessage | undefined> {
    const since = this.options.log.to(person.id).length;
    const record: SentUpdate = { updateId: update.update_id, person: person.id, kind, expected, firstAttemptAt: Date.now(), seen: 'nothing', ...(effect ? { effect } : {}) };
    this.updates.push(record);
    try {
      await this.deliverer.deliver(update, { deadlineMs: 15 * 60_000, attemptTimeoutMs: 40_000 });
    } catch {
      return undefined; // never answered 200: the checks count it
    }
    record.answeredAt = Date.now();
    const matches = typeof expected === 'string' ? (m: SentMessage) => m.text === expected : expected;
    const deadline = Date.now() + this.replyWaitMs;
    for (;;) {
      const fresh = this.options.log.to(person.id).slice(since);
      const found = fresh.find(matches);
      if (found) {
        record.seen = 'expected';
        return found;
      }
      // "Try again" after the 200 (the update was taken but its step could not be kept): the flow ends here.
      if (fresh.some((m) => m.at >= record.answeredAt! - 1_000 && TOLD_TEXTS.has(m.text) && m.text !== texts.common.failed)) {
        record.seen = 'told';
        return undefined;
      }
      if (Date.now() > deadline) return undefined;
      await sleep(200);
    }
  }

  get sentCount(): number {
    return this.updates.length;
  }
}
