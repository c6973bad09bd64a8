// A school's history made by the school's own commands, for the footprint benchmark: staff register and the
// admin approves them; teachers open tickets; technicians take them (or a manager assigns and reassigns), ask
// the author, comment and resolve; authors answer, confirm, cancel, reopen and rate; managers change priorities
// and give tasks, which assignees accept, complete late or on time and get returned; the admin cancels a few
// tickets in work; the scheduler closes
// tickets nobody confirmed and records missed deadlines. Every step is an application command (authorization,
// numbering, the deciders, the events' schemas), issued at its moment of school time on a clock that only moves
// forward, so the log comes out in time order. Steps planned after `end` do not happen: the newest tickets and
// tasks are still open, as in a school that is running.
//
// It runs on any EventStore. The benchmark runs it on the in-memory one (the commands' reads cost nothing
// there) and copies the log into the store under test with `copyLog`: in its order, consecutive events of one
// stream (a command's) in one append expecting the revision they had, many appends per transaction.
import type { EventStore, Position } from '../../../application/ports/eventStore.js';
import type { SqlExecutor, SqlQueryable } from '../../../application/ports/sql.js';
import type { Clock } from '../../../application/ports/clock.js';
import type { Person } from '../../../application/people.js';
import { SCHEDULER } from '../../../application/people.js';
import type { SchoolCommands } from '../../../application/commands/schoolCommands.js';
import { createSchoolCommands } from '../../../application/commands/schoolCommands.js';
import type { Priority, Role, SchoolPolicy } from '../../../domain/index.js';
import { addSchoolTime, nextSchoolMoment } from '../../../domain/calendar/schoolTime.js';
import { createSqlEventStore } from '../../../adapters/eventstore/sqlEventStore.js';
import { domainEventSchemas } from '../../../domain/events.js';
import { Agenda, mulberry32 } from '../../projections/support/schoolLog.js';

export interface CommandedSchoolOptions {
  seed: number;
  tickets: number;
  tasks: number;
  /** Staff members besides the admin (at least 10). */
  staff: number;
  /** The school's policy: the running process's own (categories, calendar, auto-close, SLA). */
  policy: SchoolPolicy;
  /** Epoch ms: the story ends here (the benchmark passes the real now). */
  end: number;
  /** Average school minutes between two openings (tickets and tasks together); default 4. */
  minutesBetweenOpenings?: number;
}

export interface CommandedSchool {
  /** Commands issued (every one accepted). */
  commands: number;
  ticketsOpened: number;
  tasksGiven: number;
  /** The first and last moment of the story (ISO 8601). */
  from: string;
  to: string;
}

type Outcome = { ok: true; number?: number } | { ok: false; refusal: { code: string; message: string } };

interface Step {
  at: number;
  name: string;
  run(): Promise<Outcome>;
}

/** A ticket's or a task's story: its steps in time order, the next one due at `at`. */
interface Story {
  at: number;
  steps: Step[];
  next: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SCHOOL_DAY = 8 * HOUR;
const PRIORITIES: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];

class ForwardClock implements Clock {
  current = 0;
  now(): Date {
    return new Date(this.current);
  }
}

/** A command of the story was refused: the planner asked for something the domain does not allow (a bug here). */
export class StoryStepRefused extends Error {
  constructor(step: string, code: string, message: string) {
    super(`commanded school: "${step}" was refused: ${code}: ${message}`);
    this.name = 'StoryStepRefused';
  }
}

/** The staff: an admin, a director, three deputies, technicians (a tenth) and teachers; ids from 900000000. */
function staffOf(count: number): { id: string; name: string; role: Role; categories: string[] }[] {
  const total = Math.max(10, count) + 1;
  const technicians = Math.max(2, Math.floor(total / 10));
  return Array.from({ length: total }, (_, i) => {
    const role: Role = i === 0 ? 'admin' : i === 1 ? 'director' : i < 5 ? 'deputy' : i < 5 + technicians ? 'technician' : 'teacher';
    return { id: String(900_000_000 + i), name: `Сотрудник${i} Иванов${i % 2 ? 'а' : ''} Петрович${i % 2 ? 'на' : ''}`, role, categories: [] };
  });
}

/** The moment a story's whole school time `total` ends on when it starts at `start`, searched back from `end`. */
function startFor(policy: SchoolPolicy, end: number, total: number): number {
  let low = end - 5 * 365 * 24 * HOUR;
  let high = end;
  while (high - low > MINUTE) {
    const middle = Math.floor((low + high) / 2);
    if (addSchoolTime(policy.calendar, middle, total) > end) high = middle;
    else low = middle;
  }
  return nextSchoolMoment(policy.calendar, low);
}

export async function fillSchoolThroughCommands(store: EventStore, options: CommandedSchoolOptions): Promise<CommandedSchool> {
  const { policy } = options;
  const random = mulberry32(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min));
  const calendar = policy.calendar;
  const later = (from: number, min: number, max: number) => addSchoolTime(calendar, from, between(min, max));

  const people = staffOf(options.staff);
  const admin = people[0]!;
  const seedHex = (options.seed >>> 0).toString(16).padStart(8, '0');
  let sequence = 0;
  const clock = new ForwardClock();
  const school: SchoolCommands = createSchoolCommands({
    eventStore: store,
    clock,
    ids: { uuid: () => `${seedHex}-0000-4000-9000-${(sequence++).toString(16).padStart(12, '0')}` },
    policy,
    adminIds: [admin.id],
  });
  const byRole = (role: Role) => people.filter((person) => person.role === role).map((person) => person.id);
  const technicians = byRole('technician');
  const teachers = byRole('teacher');
  const managers = [...byRole('admin'), ...byRole('director'), ...byRole('deputy')];
  // Half of the technicians work on one category, the others (the first always) on every one.
  technicians.forEach((id, index) => {
    if (index > 0 && chance(0.5)) people.find((person) => person.id === id)!.categories = [pick(policy.categories)];
  });
  const worksOn = (category: string) =>
    technicians.filter((id) => {
      const categories = people.find((person) => person.id === id)!.categories;
      return categories.length === 0 || categories.includes(category);
    });

  const persons = new Map<string, Person>();
  const who = (telegramId: string): Person => persons.get(telegramId)!;
  const refresh = async (telegramId: string) => {
    persons.set(telegramId, await school.person(telegramId));
    return { ok: true } as const;
  };

  const gap = (options.minutesBetweenOpenings ?? 4) * MINUTE;
  const openings = options.tickets + options.tasks;
  const start = startFor(policy, options.end, openings * gap + SCHOOL_DAY);
  const agenda = new Agenda<Story>();
  const story = (steps: Step[]) => {
    const first = steps[0];
    if (first) agenda.push({ at: first.at, steps, next: 0 });
  };

  // ---- The staff: everyone registers, the admin approves them (the admin is approved by ADMIN_TELEGRAM_IDS).
  let t = start;
  for (const person of people) {
    const registeredAt = t;
    const approvedAt = (t = later(t, MINUTE, 5 * MINUTE));
    story([
      {
        at: registeredAt,
        name: `register ${person.id}`,
        run: async () => school.register(await school.person(person.id), { fullName: person.name }, {}),
      },
      ...(person === admin
        ? [{ at: approvedAt, name: 'admin', run: () => refresh(admin.id) }]
        : [
            {
              at: approvedAt,
              name: `approve ${person.id}`,
              run: async () => {
                const result = await school.approveStaff(
                  who(admin.id),
                  { telegramId: person.id, role: person.role, categories: person.categories },
                  {},
                );
                return result.ok ? refresh(person.id) : result;
              },
            },
          ]),
    ]);
  }

  // ---- A ticket's story, planned when it opens; its number is known once the opening step has run.
  const ticketStory = (openedAt: number): Step[] => {
    const ref = { number: 0 };
    const author = pick(teachers);
    const category = pick(policy.categories);
    const openedWith = pick(PRIORITIES);
    let priority = openedWith;
    const what = pick(['проектор', 'принтер', 'кран', 'свет', 'компьютер', 'замок']);
    const room = 200 + between(0, 50);
    const steps: Step[] = [];
    let now = openedAt;
    const step = (at: number, name: string, run: (number: number) => Promise<Outcome>) => {
      now = at;
      steps.push({ at, name, run: () => run(ref.number) });
    };
    steps.push({
      at: openedAt,
      name: 'open',
      run: async () => {
        const result = await school.openTicket(
          who(author),
          {
            title: `Не работает ${what} в кабинете ${room}`,
            description: 'Перестал работать после перемены, урок через полчаса.',
            category,
            location: `каб. ${room}`,
            priority: openedWith,
          },
          {},
        );
        if (result.ok) ref.number = result.number;
        return result;
      },
    });
    if (chance(0.05)) {
      step(later(now, MINUTE, 2 * HOUR), 'cancel', (number) => school.cancelTicket(who(author), { number, reason: 'Уже не нужно' }, {}));
      return steps;
    }
    const eligible = worksOn(category);
    const first = pick(eligible);
    let assignee = first;
    if (chance(0.7)) {
      step(later(now, MINUTE, 3 * HOUR), 'take', (number) => school.takeTicket(who(first), { number }, {}));
    } else {
      const manager = pick(managers);
      step(later(now, MINUTE, 3 * HOUR), 'assign', (number) => school.assignTicket(who(manager), { number, assigneeId: first }, {}));
    }
    if (chance(0.2) && eligible.length > 1) {
      const next = pick(eligible.filter((id) => id !== assignee));
      assignee = next;
      const manager = pick(managers);
      step(later(now, 10 * MINUTE, SCHOOL_DAY), 'reassign', (number) => school.assignTicket(who(manager), { number, assigneeId: next }, {}));
    }
    if (chance(0.08)) {
      const asker = assignee;
      step(later(now, 10 * MINUTE, 2 * HOUR), 'ask', (number) => school.requestTicketInfo(who(asker), { number, question: 'Какой именно кабинет?' }, {}));
      step(later(now, 10 * MINUTE, 4 * HOUR), 'answer', (number) => school.provideTicketInfo(who(author), { number, answer: 'Кабинет 204, второй этаж' }, {}));
    }
    for (let i = Math.floor(random() * 2.2); i > 0; i -= 1) {
      const by = chance(0.5) ? author : assignee;
      step(later(now, 5 * MINUTE, 4 * HOUR), 'comment', (number) => school.commentTicket(who(by), { number, text: 'Посмотрю после уроков' }, {}));
    }
    if (chance(0.12)) {
      const to = pick(PRIORITIES.filter((p) => p !== priority));
      priority = to;
      const manager = pick(managers);
      step(later(now, 5 * MINUTE, HOUR), 'priority', (number) => school.changeTicketPriority(who(manager), { number, priority: to }, {}));
    }
    if (chance(0.02)) {
      step(later(now, 10 * MINUTE, SCHOOL_DAY), 'cancel', (number) => school.cancelTicket(who(admin.id), { number, reason: 'Дубликат заявки' }, {}));
      return steps;
    }
    const resolver = assignee;
    const rounds = chance(0.15) ? 2 : 1;
    for (let round = 1; round <= rounds; round += 1) {
      step(later(now, 10 * MINUTE, 2 * SCHOOL_DAY), 'resolve', (number) => school.resolveTicket(who(resolver), { number, resolution: 'Заменил кабель, работает' }, {}));
      const resolvedAt = now;
      // The author answers within the auto-close window, or the scheduler closes it when that has passed.
      const autoCloseAt = resolvedAt + policy.autoCloseAfterMs + MINUTE;
      const answerAt = Math.min(later(now, 10 * MINUTE, 6 * HOUR), autoCloseAt - 2 * MINUTE);
      if (round < rounds) {
        step(answerAt, 'reopen', (number) => school.reopenTicket(who(author), { number, reason: 'Снова не работает' }, {}));
      } else if (chance(0.75)) {
        step(answerAt, 'confirm', (number) => school.confirmResolution(who(author), { number }, {}));
      } else {
        step(autoCloseAt, 'auto-close', (number) => school.autoCloseTicket(SCHEDULER, { number }, {}));
      }
    }
    if (chance(0.4)) {
      const rating = between(3, 6);
      step(later(now, MINUTE, 3 * HOUR), 'rate', (number) => school.rateTicket(who(author), { number, rating }, {}));
    }
    return steps;
  };

  // ---- A task's story: the scheduler records a deadline that passes while the task is still open.
  const taskStory = (assignedAt: number): Step[] => {
    const ref = { number: 0 };
    const issuer = pick(managers);
    const assignee = pick([...teachers, ...technicians]);
    let deadline = later(assignedAt, SCHOOL_DAY, 4 * SCHOOL_DAY);
    const firstDeadline = new Date(deadline).toISOString();
    const steps: Step[] = [];
    let now = assignedAt;
    let missedRecorded = false;
    const step = (at: number, name: string, run: (number: number) => Promise<Outcome>) => {
      now = at;
      steps.push({ at, name, run: () => run(ref.number) });
    };
    /**
     * The next step of a task still open, planned at `at` (never before the last one): when its deadline passes
     * first, the scheduler records the miss before it, as the deadline watcher would.
     */
    const openUntil = (at: number) => {
      let next = Math.max(at, now + MINUTE);
      if (!missedRecorded && next > deadline) {
        missedRecorded = true;
        const missedAt = Math.max(deadline + MINUTE, now + MINUTE);
        step(missedAt, 'missed', (number) => school.markDeadlineMissed(SCHEDULER, { number }, {}));
        next = Math.max(next, missedAt + MINUTE);
      }
      return next;
    };
    steps.push({
      at: assignedAt,
      name: 'give',
      run: async () => {
        const result = await school.assignTask(
          who(issuer),
          { assigneeId: assignee, title: 'Подготовить отчёт по успеваемости', description: 'В электронном виде', deadline: firstDeadline },
          {},
        );
        if (result.ok) ref.number = result.number;
        return result;
      },
    });
    if (chance(0.04)) {
      step(openUntil(later(now, 10 * MINUTE, 4 * HOUR)), 'cancel', (number) => school.cancelTask(who(issuer), { number, reason: 'Уже не актуально' }, {}));
      return steps;
    }
    step(openUntil(later(now, 5 * MINUTE, 4 * HOUR)), 'accept', (number) => school.acceptTask(who(assignee), { number }, {}));
    if (chance(0.15)) {
      const at = openUntil(later(now, 10 * MINUTE, 2 * HOUR));
      deadline = addSchoolTime(calendar, Math.max(deadline, at), 2 * SCHOOL_DAY);
      missedRecorded = false;
      const newDeadline = new Date(deadline).toISOString();
      step(at, 'extend', (number) => school.extendDeadline(who(issuer), { number, newDeadline, reason: 'Нужно больше времени' }, {}));
    }
    if (chance(0.03)) {
      step(openUntil(later(now, 10 * MINUTE, SCHOOL_DAY)), 'cancel', (number) => school.cancelTask(who(issuer), { number, reason: 'Отменено' }, {}));
      return steps;
    }
    // One in five is done after its deadline.
    const late = chance(0.2);
    const rounds = chance(0.15) ? 2 : 1;
    for (let round = 1; round <= rounds; round += 1) {
      const planned = late ? later(Math.max(now, deadline), HOUR, SCHOOL_DAY) : Math.min(later(now, 10 * MINUTE, SCHOOL_DAY), deadline - MINUTE);
      step(openUntil(planned), 'complete', (number) => school.completeTask(who(assignee), { number, report: 'Готово, отчёт в папке' }, {}));
      if (round < rounds) step(later(now, 10 * MINUTE, 3 * HOUR), 'return', (number) => school.returnTask(who(issuer), { number, reason: 'Не хватает данных' }, {}));
    }
    if (chance(0.95)) step(later(now, 10 * MINUTE, 4 * HOUR), 'approve', (number) => school.approveTask(who(issuer), { number }, {}));
    return steps;
  };

  // ---- Openings, one every `gap` of school time on average, tickets and tasks mixed; then the stories run.
  let openingAt = addSchoolTime(calendar, t, HOUR);
  let ticketsPlanned = 0;
  let tasksPlanned = 0;
  const openNext = () => {
    const remainingTickets = options.tickets - ticketsPlanned;
    const remainingTasks = options.tasks - tasksPlanned;
    if (random() * (remainingTickets + remainingTasks) < remainingTickets) {
      ticketsPlanned += 1;
      story(ticketStory(openingAt));
    } else {
      tasksPlanned += 1;
      story(taskStory(openingAt));
    }
    openingAt = addSchoolTime(calendar, openingAt, between(1, 2 * gap));
  };

  let commands = 0;
  let ticketsOpened = 0;
  let tasksGiven = 0;
  let last = start;
  while (ticketsPlanned + tasksPlanned < openings || agenda.size > 0) {
    while (ticketsPlanned + tasksPlanned < openings && (agenda.size === 0 || openingAt <= agenda.peek()!.at)) openNext();
    const item = agenda.pop()!;
    const current = item.steps[item.next]!;
    if (current.at > options.end) continue; // not yet: the story stops here
    clock.current = Math.max(clock.current, current.at);
    last = clock.current;
    const result = await current.run();
    if (!result.ok) throw new StoryStepRefused(current.name, result.refusal.code, result.refusal.message);
    commands += 1;
    if (current.name === 'open') ticketsOpened += 1;
    if (current.name === 'give') tasksGiven += 1;
    item.next += 1;
    const following = item.steps[item.next];
    if (following) {
      item.at = following.at;
      agenda.push(item);
    }
  }
  return { commands, ticketsOpened, tasksGiven, from: new Date(start).toISOString(), to: new Date(last).toISOString() };
}

/** A transaction seen as an executor, so the event store's own append runs inside it. */
function inTransaction(tx: SqlQueryable): SqlExecutor {
  return {
    // No cross-process wake-ups from inside a transaction: nobody listens while the log is copied.
    dialect: 'pglite',
    query: (sql, params, options) => tx.query(sql, params, options),
    transaction: (work) => work(tx),
    listen: () => Promise.reject(new Error('no LISTEN inside a copy transaction')),
    close: async () => {},
  };
}

/**
 * Copies `from`'s whole log into the SQL event store on `to`, in order: the events of one stream that follow
 * each other in one append, expected at the revision they had, `perTransaction` events in each transaction.
 */
export async function copyLog(from: EventStore, to: SqlExecutor, perTransaction = 2_000): Promise<number> {
  let after: Position | undefined;
  let copied = 0;
  for (;;) {
    const page = await from.readAll({ ...(after === undefined ? {} : { after }), maxCount: perTransaction });
    if (page.events.length > 0) {
      await to.transaction(async (tx) => {
        const store = createSqlEventStore(inTransaction(tx), { schemas: domainEventSchemas });
        let index = 0;
        while (index < page.events.length) {
          const first = page.events[index]!;
          let end = index + 1;
          while (end < page.events.length && page.events[end]!.streamName === first.streamName) end += 1;
          const run = page.events.slice(index, end);
          await store.append(
            first.streamName,
            run.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })),
            first.revision === 0n ? 'no_stream' : first.revision - 1n,
          );
          index = end;
        }
      });
      copied += page.events.length;
    }
    if (page.isEnd || page.checkpoint === undefined) return copied;
    after = page.checkpoint;
  }
}
