// A demo school: an empty school filled with staff, rooms, tickets in every state and tasks with deadlines
// around today, so the KPI, the lists and the history have something to show (`schoolbot demo`, the sandbox's
// button). Everything goes through the school's own commands, issued by the people who would issue them (the
// director gives tasks, teachers open tickets, technicians take and resolve them), each at its own moment of
// the last school days: a clock set back in time, moved forward step by step, so the log's times only grow.
// Same school, same `now` → the same school: every command id is derived from the step's name.
import type { Role, SchoolPolicy } from '../domain/index.js';
import { fromEpochMs, staffStreamName } from '../domain/index.js';
import { instantAt, dateAt, plusDays } from '../domain/calendar/dates.js';
import type { IsoDate } from '../domain/calendar/dates.js';
import { previousSchoolDay } from '../domain/calendar/schoolTime.js';
import type { SchoolCommands } from './commands/schoolCommands.js';
import { createSchoolCommands } from './commands/schoolCommands.js';
import { uuidV5 } from './eventIds.js';
import type { Person } from './people.js';
import { SCHEDULER } from './people.js';
import type { Clock } from './ports/clock.js';
import type { EventStore, Position } from './ports/eventStore.js';
import type { IdGenerator } from './ports/ids.js';

/** One person of the demo school (the Telegram ids are a fixed fake range, 7100000001 on). */
export interface DemoPerson {
  readonly telegramId: string;
  readonly fullName: string;
  readonly role: Role;
}

export interface DemoSchoolResult {
  readonly people: readonly DemoPerson[];
  readonly rooms: number;
  readonly tickets: number;
  readonly tasks: number;
}

export type DemoSchoolRefusalReason = 'has_data' | 'no_admin';

/** Why a school cannot be filled: it has data already, or there is no admin to fill it as. */
export class DemoSchoolRefusal extends Error {
  constructor(
    readonly reason: DemoSchoolRefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'DemoSchoolRefusal';
  }
}

/** A step of the scenario failed: the domain refused a command the scenario expected to pass (a bug here). */
export class DemoSchoolStepFailed extends Error {
  constructor(step: string, reason: string) {
    super(`demo school: step "${step}" was refused: ${reason}`);
    this.name = 'DemoSchoolStepFailed';
  }
}

export interface DemoSchoolDeps {
  readonly store: EventStore;
  /** The school's policy (its calendar names the zone and the school days the scenario happens on). */
  readonly policy: SchoolPolicy;
  /** ADMIN_TELEGRAM_IDS. */
  readonly adminIds: readonly string[];
  /** The real clock: the scenario ends at its `now`. */
  readonly clock: Clock;
}

/** The fake Telegram ids of the demo staff start here. */
export const DEMO_ID_BASE = 7_100_000_001;
const demoId = (index: number): string => String(DEMO_ID_BASE + index);

const ADMIN_NAME = 'Орлов Дмитрий Андреевич';

/** The school's staff after the admin, in id order. */
export const DEMO_STAFF: readonly (DemoPerson & { readonly categories?: readonly string[] })[] = [
  { telegramId: demoId(0), fullName: 'Морозова Елена Викторовна', role: 'director' },
  { telegramId: demoId(1), fullName: 'Кузнецов Андрей Павлович', role: 'deputy' },
  { telegramId: demoId(2), fullName: 'Лебедева Ирина Николаевна', role: 'deputy' },
  { telegramId: demoId(3), fullName: 'Васильев Сергей Петрович', role: 'technician', categories: ['it', 'equipment'] },
  { telegramId: demoId(4), fullName: 'Зайцев Николай Иванович', role: 'technician', categories: ['maintenance', 'safety'] },
  // Every category: whatever the school configured, somebody can take its tickets.
  { telegramId: demoId(5), fullName: 'Павлова Галина Михайловна', role: 'technician', categories: [] },
  { telegramId: demoId(6), fullName: 'Иванова Мария Петровна', role: 'teacher' },
  { telegramId: demoId(7), fullName: 'Смирнов Алексей Викторович', role: 'teacher' },
  { telegramId: demoId(8), fullName: 'Соколова Анна Сергеевна', role: 'teacher' },
  { telegramId: demoId(9), fullName: 'Попова Наталья Александровна', role: 'teacher' },
  { telegramId: demoId(10), fullName: 'Новиков Игорь Олегович', role: 'teacher' },
  { telegramId: demoId(11), fullName: 'Фёдорова Ольга Ивановна', role: 'teacher' },
  { telegramId: demoId(12), fullName: 'Белова Светлана Юрьевна', role: 'auditor' },
];

/** The rooms: number, name, floor and the category a ticket from its poster gets. */
export const DEMO_ROOMS: readonly { number: string; name: string; floor: number | null; category: string }[] = [
  { number: '101', name: 'Кабинет начальных классов', floor: 1, category: 'maintenance' },
  { number: '102', name: 'Кабинет начальных классов', floor: 1, category: 'maintenance' },
  { number: '204', name: 'Кабинет физики', floor: 2, category: 'equipment' },
  { number: '205', name: 'Кабинет химии', floor: 2, category: 'safety' },
  { number: '305', name: 'Кабинет информатики', floor: 3, category: 'it' },
  { number: '306', name: 'Кабинет истории', floor: 3, category: 'equipment' },
  { number: 'sportzal', name: 'Спортзал', floor: 1, category: 'maintenance' },
  { number: 'aktovyj', name: 'Актовый зал', floor: 2, category: 'equipment' },
  { number: 'stolovaya', name: 'Столовая', floor: 1, category: 'cleaning' },
  { number: 'uchitelskaya', name: 'Учительская', floor: 2, category: 'it' },
];

/** When a step happens: `day` school days before today at a wall-clock time, or `minutesAgo` today. */
type When = { readonly day: number; readonly at: string } | { readonly minutesAgo: number };

interface Step {
  readonly name: string;
  readonly when: When;
  readonly run: () => Promise<void>;
}

/** Fails the fill when a command was refused (the scenario only issues commands the domain accepts). */
function expectOk(step: string, result: { ok: true } | { ok: false; refusal: { code: string; message: string } }): void {
  if (!result.ok) throw new DemoSchoolStepFailed(step, `${result.refusal.code}: ${result.refusal.message}`);
}

/**
 * True when the school has anything beyond its admin's own registration: any staff, room, ticket, task, group,
 * order or recurrence. Reads the log from its start until the first such event.
 */
export async function schoolHasData(store: EventStore, adminId: string | undefined): Promise<boolean> {
  const adminStream = adminId === undefined ? undefined : staffStreamName(adminId);
  let after: Position | undefined;
  for (;;) {
    const page = await store.readAll({ ...(after === undefined ? {} : { after }), maxCount: 200 });
    if (page.events.some((event) => event.streamName !== adminStream)) return true;
    if (page.isEnd || page.checkpoint === undefined || page.events.length === 0) return false;
    after = page.checkpoint;
  }
}

/** A clock the scenario moves: never backwards, never past the real now. */
class ScenarioClock implements Clock {
  private current: number;
  constructor(
    private readonly limit: number,
    start: number,
  ) {
    this.current = start;
  }
  now(): Date {
    return new Date(this.current);
  }
  /** Moves to `instant`, or a second after the previous step when that is later (the log's times only grow). */
  moveTo(instant: number): void {
    this.current = Math.min(this.limit, Math.max(instant, this.current + 1000));
  }
}

/** The school day before `date` when it is at most four days back, else the day before. */
function dayBefore(policy: SchoolPolicy, date: IsoDate): IsoDate {
  const plain = plusDays(date, -1);
  try {
    const school = previousSchoolDay(policy.calendar, date);
    return school >= plusDays(date, -4) ? school : plain;
  } catch {
    return plain; // a calendar with no school day at all
  }
}

const minuteOf = (hhmm: string): number => {
  const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
  return hour * 60 + minute;
};

/**
 * Fills an empty school as `adminId` (a configured admin). Refuses with DemoSchoolRefusal when the school has
 * data or `adminId` is not a configured admin; throws DemoSchoolStepFailed if a command is refused midway.
 */
export async function fillDemoSchoolAs(deps: DemoSchoolDeps, adminId: string | undefined): Promise<DemoSchoolResult> {
  if (adminId === undefined || !deps.adminIds.includes(adminId)) {
    throw new DemoSchoolRefusal('no_admin', 'no configured admin to fill the demo school as (ADMIN_TELEGRAM_IDS)');
  }
  if (await schoolHasData(deps.store, adminId)) {
    throw new DemoSchoolRefusal('has_data', 'the school already has data: the demo school fills only an empty one');
  }
  const { policy } = deps;
  const zone = policy.calendar.zone;
  const realNow = deps.clock.now().getTime();
  const today = dateAt(realNow, zone);
  // The last school days before today, most recent first (days[1] is the last school day before today); in a
  // vacation, plain days, so the story still ends in the last week.
  const days: IsoDate[] = [today];
  for (let i = 1; i <= 6; i += 1) days.push(dayBefore(policy, days[i - 1]!));
  const instantOf = (when: When): number =>
    'minutesAgo' in when ? realNow - when.minutesAgo * 60_000 : instantAt(days[when.day]!, minuteOf(when.at), zone);

  const clock = new ScenarioClock(realNow, instantOf({ day: 6, at: '07:00' }));
  const ids: IdGenerator = {
    uuid: () => {
      throw new Error('demo school: every command carries its own id');
    },
  };
  const school: SchoolCommands = createSchoolCommands({ eventStore: deps.store, clock, ids, policy, adminIds: deps.adminIds });
  const request = (step: string) => ({ commandId: uuidV5(`demo-school:${step}`) });

  // Deadlines, as the issuer would type them ("завтра к 18:00").
  const iso = (ms: number) => fromEpochMs(ms);
  const wall = (date: IsoDate, hhmm: string) => instantAt(date, minuteOf(hhmm), zone);
  // Due today: at 18:00, or two hours from now when that has passed (a fill late in the evening).
  const dueToday = iso(Math.max(wall(today, '18:00'), realNow + 2 * 3_600_000));
  const tomorrow = iso(Math.max(wall(plusDays(today, 1), '18:00'), realNow + 26 * 3_600_000));
  const nextWeek = iso(wall(plusDays(today, 7), '15:00'));

  // Categories as this school has them: a preferred one if configured, else the school's first.
  const categories = policy.categories;
  const category = (preferred: string): string => (categories.includes(preferred) ? preferred : categories[0]!);
  const staffCategories = (preferred: readonly string[] | undefined): string[] => {
    const kept = (preferred ?? []).filter((slug) => categories.includes(slug));
    return kept.length === (preferred ?? []).length ? kept : [];
  };
  const roomCategory = (preferred: string): string => category(preferred);

  const people = new Map<string, Person>();
  const who = (telegramId: string): Person => {
    const person = people.get(telegramId);
    if (!person) throw new Error(`demo school: ${telegramId} is not resolved yet`);
    return person;
  };
  const refresh = async (telegramId: string) => {
    people.set(telegramId, await school.person(telegramId));
  };
  const [director, deputyStudies, deputySupply, techIt, techBuilding, techAll, t1, t2, t3, t4, t5, t6] = DEMO_STAFF.map((p) => p.telegramId) as [
    string, string, string, string, string, string, string, string, string, string, string, string, string,
  ];
  const techFor = (slug: string): string => {
    for (const id of [techIt, techBuilding, techAll]) {
      const cats = staffCategories(DEMO_STAFF.find((p) => p.telegramId === id)?.categories);
      if (cats.length === 0 || cats.includes(slug)) return id;
    }
    return techAll;
  };

  const steps: Step[] = [];
  const step = (name: string, when: When, run: () => Promise<void>) => steps.push({ name, when, run });
  let ticketsOpened = 0;
  let tasksGiven = 0;

  // ---- The people: the admin registers; everyone else registers and the admin approves them.
  step('admin registers', { day: 6, at: '07:30' }, async () => {
    const admin = await school.person(adminId);
    if (admin.fullName === null) expectOk('admin registers', await school.register(admin, { fullName: ADMIN_NAME }, request('register:admin')));
    await refresh(adminId);
  });
  DEMO_STAFF.forEach((person, index) => {
    const minute = 8 * 60 + index * 3;
    const at = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
    step(`register ${person.telegramId}`, { day: 6, at }, async () => {
      const guest = await school.person(person.telegramId);
      expectOk(`register ${person.telegramId}`, await school.register(guest, { fullName: person.fullName }, request(`register:${person.telegramId}`)));
    });
    step(`approve ${person.telegramId}`, { day: 6, at: `09:${String(10 + index).padStart(2, '0')}` }, async () => {
      const result = await school.approveStaff(
        who(adminId),
        { telegramId: person.telegramId, role: person.role, categories: staffCategories(person.categories) },
        request(`approve:${person.telegramId}`),
      );
      expectOk(`approve ${person.telegramId}`, result);
      await refresh(person.telegramId);
    });
  });
  step('deputy leads maintenance', { day: 6, at: '09:40' }, async () => {
    const leads = ['maintenance', 'safety', 'cleaning'].filter((slug) => categories.includes(slug));
    if (leads.length === 0) return;
    expectOk('leads', await school.setLeads(who(adminId), { telegramId: deputySupply, categories: leads }, request('leads:supply')));
  });

  // ---- The rooms, by the admin.
  DEMO_ROOMS.forEach((room, index) => {
    step(`room ${room.number}`, { day: 6, at: `10:${String(index).padStart(2, '0')}` }, async () => {
      expectOk(
        `room ${room.number}`,
        await school.defineRoom(who(adminId), { ...room, category: roomCategory(room.category) }, request(`room:${room.number}`)),
      );
    });
  });

  // ---- A staff group, for the order to many.
  let groupId = '';
  const groupName = 'Классные руководители 5–7 классов';
  step('group', { day: 6, at: '10:30' }, async () => {
    const defined = await school.defineGroup(who(adminId), { name: groupName }, request('group:define'));
    expectOk('group', defined);
    if (defined.ok) groupId = defined.groupId;
    expectOk('group members', await school.changeGroupMembers(who(adminId), { groupId, add: [t1, t2, t3, t4] }, request('group:members')));
  });

  // ---- Tickets: one storyline each, numbered in the order they are opened.
  interface TicketStory {
    readonly key: string;
    readonly author: string;
    readonly title: string;
    readonly description: string;
    readonly category: string;
    readonly room?: string;
    readonly priority?: 'low' | 'normal' | 'high' | 'urgent';
    readonly opened: When;
    /** What happens to it after, in time order: each gets the ticket's number. */
    readonly then: readonly [string, When, (number: number) => Promise<{ ok: true } | { ok: false; refusal: { code: string; message: string } }>][];
  }
  // The place as a teacher would type it: «каб. 204», or the room's name.
  const placeOf = (room: string): string => (/^\d/.test(room) ? `каб. ${room}` : (DEMO_ROOMS.find((r) => r.number === room)?.name ?? room));
  const ticket = (story: TicketStory) => {
    let number = 0;
    step(`ticket ${story.key}: open`, story.opened, async () => {
      const opened = await school.openTicket(
        who(story.author),
        {
          title: story.title,
          description: story.description,
          category: category(story.category),
          priority: story.priority ?? 'normal',
          ...(story.room === undefined ? {} : { room: story.room, location: placeOf(story.room) }),
        },
        request(`ticket:${story.key}:open`),
      );
      expectOk(`ticket ${story.key}: open`, opened);
      if (opened.ok) number = opened.number;
      ticketsOpened += 1;
    });
    for (const [what, when, run] of story.then) {
      step(`ticket ${story.key}: ${what}`, when, async () => expectOk(`ticket ${story.key}: ${what}`, await run(number)));
    }
  };
  const take = (tech: string, key: string) => (number: number) => school.takeTicket(who(tech), { number }, request(`ticket:${key}:take`));
  const comment = (by: string, key: string, text: string, n = 1) => (number: number) =>
    school.commentTicket(who(by), { number, text }, request(`ticket:${key}:comment:${n}`));
  const resolve = (tech: string, key: string, resolution: string) => (number: number) =>
    school.resolveTicket(who(tech), { number, resolution }, request(`ticket:${key}:resolve`));
  const confirm = (author: string, key: string) => (number: number) => school.confirmResolution(who(author), { number }, request(`ticket:${key}:confirm`));
  const rate = (author: string, key: string, rating: number, text?: string) => (number: number) =>
    school.rateTicket(who(author), { number, rating, ...(text === undefined ? {} : { comment: text }) }, request(`ticket:${key}:rate`));

  ticket({
    key: 'projector',
    author: t1,
    title: 'Не включается проектор',
    description: 'Проектор в кабинете физики не включается, индикатор мигает красным. Урок в 8 «Б» на третьем уроке.',
    category: 'equipment',
    room: '204',
    opened: { day: 5, at: '08:20' },
    then: [
      ['take', { day: 5, at: '08:35' }, take(techFor(category('equipment')), 'projector')],
      ['comment', { day: 5, at: '08:50' }, comment(techFor(category('equipment')), 'projector', 'Перегрелась лампа, забился фильтр. Почищу и проверю.')],
      ['resolve', { day: 5, at: '09:40' }, resolve(techFor(category('equipment')), 'projector', 'Почистил фильтр, заменил лампу. Проектор работает.')],
      ['confirm', { day: 5, at: '10:15' }, confirm(t1, 'projector')],
      ['rate', { day: 5, at: '10:16' }, rate(t1, 'projector', 5, 'Спасибо, успели к уроку!')],
    ],
  });
  ticket({
    key: 'printer',
    author: t2,
    title: 'Принтер в учительской не печатает',
    description: 'Пишет «Замятие бумаги», хотя бумаги внутри нет.',
    category: 'it',
    room: 'uchitelskaya',
    opened: { day: 4, at: '08:45' },
    then: [
      ['take', { day: 4, at: '10:30' }, take(techFor(category('it')), 'printer')],
      ['resolve', { day: 4, at: '13:10' }, resolve(techFor(category('it')), 'printer', 'Достал обрывок бумаги из узла подачи, почистил ролики.')],
      ['confirm', { day: 3, at: '08:40' }, confirm(t2, 'printer')],
      ['rate', { day: 3, at: '08:41' }, rate(t2, 'printer', 4)],
    ],
  });
  ticket({
    key: 'tap',
    author: t3,
    title: 'Течёт кран в столовой',
    description: 'Кран у мойки для рук течёт, на полу лужа.',
    category: 'maintenance',
    room: 'stolovaya',
    priority: 'high',
    opened: { day: 4, at: '11:05' },
    then: [
      ['take', { day: 4, at: '11:20' }, take(techFor(category('maintenance')), 'tap')],
      ['resolve', { day: 4, at: '12:30' }, resolve(techFor(category('maintenance')), 'tap', 'Подтянул гайку, течь остановлена.')],
      ['reopen', { day: 3, at: '09:15' }, (number) => school.reopenTicket(who(t3), { number, reason: 'Снова капает, лужа после большой перемены.' }, request('ticket:tap:reopen'))],
      ['comment', { day: 3, at: '10:00' }, comment(techFor(category('maintenance')), 'tap', 'Нужна новая прокладка, заказали, привезут на этой неделе.')],
    ],
  });
  ticket({
    key: 'board',
    author: t4,
    title: 'Не работает интерактивная доска',
    description: 'Доска не реагирует на касания, изображение есть.',
    category: 'it',
    room: '305',
    opened: { day: 3, at: '11:00' },
    then: [
      ['take', { day: 3, at: '11:30' }, take(techFor(category('it')), 'board')],
      [
        'ask',
        { day: 3, at: '11:35' },
        (number) =>
          school.requestTicketInfo(who(techFor(category('it'))), { number, question: 'Какая надпись на экране при включении? Пришлите, пожалуйста, фото.' }, request('ticket:board:ask')),
      ],
    ],
  });
  ticket({
    key: 'computer',
    author: t5,
    title: 'Не включается компьютер учителя',
    description: 'Компьютер в кабинете истории не включается после выходных.',
    category: 'it',
    room: '306',
    opened: { day: 2, at: '08:30' },
    then: [
      ['take', { day: 2, at: '08:50' }, take(techFor(category('it')), 'computer')],
      [
        'ask',
        { day: 2, at: '08:55' },
        (number) => school.requestTicketInfo(who(techFor(category('it'))), { number, question: 'Горит ли лампочка на системном блоке?' }, request('ticket:computer:ask')),
      ],
      ['answer', { day: 2, at: '10:40' }, (number) => school.provideTicketInfo(who(t5), { number, answer: 'Нет, не горит ничего, вентилятор не шумит.' }, request('ticket:computer:answer'))],
      ['comment', { day: 2, at: '11:00' }, comment(techFor(category('it')), 'computer', 'Похоже на блок питания, заберу системный блок в мастерскую.')],
    ],
  });
  ticket({
    key: 'lamps',
    author: t6,
    title: 'Перегорели лампы в спортзале',
    description: 'Не горят четыре светильника у шведской стенки.',
    category: 'maintenance',
    room: 'sportzal',
    opened: { day: 1, at: '09:10' },
    then: [
      [
        'assign',
        { day: 1, at: '09:40' },
        (number) => school.assignTicket(who(deputySupply), { number, assigneeId: techFor(category('maintenance')) }, request('ticket:lamps:assign')),
      ],
      ['comment', { day: 1, at: '09:45' }, comment(deputySupply, 'lamps', 'Лампы есть на складе, ключ у завхоза.')],
      ['resolve', { minutesAgo: 50 }, resolve(techFor(category('maintenance')), 'lamps', 'Заменил четыре лампы, все светильники горят.')],
    ],
  });
  ticket({
    key: 'wifi',
    author: deputyStudies,
    title: 'Нет Wi-Fi в актовом зале',
    description: 'К пятнице нужен интернет для трансляции, ноутбук не видит сеть.',
    category: 'it',
    room: 'aktovyj',
    priority: 'high',
    opened: { day: 3, at: '13:30' },
    then: [
      ['assign', { day: 3, at: '13:45' }, (number) => school.assignTicket(who(director), { number, assigneeId: techFor(category('it')) }, request('ticket:wifi:assign'))],
      ['comment', { day: 2, at: '15:00' }, comment(techFor(category('it')), 'wifi', 'Точка доступа неисправна, заказал новую.')],
    ],
  });
  ticket({
    key: 'chalk',
    author: t3,
    title: 'Закончился мел',
    description: 'В кабинете 102 нет мела.',
    category: 'other',
    room: '102',
    priority: 'low',
    opened: { day: 3, at: '14:00' },
    then: [['cancel', { day: 3, at: '14:20' }, (number) => school.cancelTicket(who(t3), { number, reason: 'Нашла в подсобке, спасибо.' }, request('ticket:chalk:cancel'))]],
  });
  ticket({
    key: 'cleaning',
    author: t4,
    title: 'Уборка актового зала после концерта',
    description: 'После концерта остались конфетти и стулья не расставлены.',
    category: 'cleaning',
    room: 'aktovyj',
    opened: { day: 2, at: '14:10' },
    then: [
      ['take', { day: 2, at: '14:30' }, take(techFor(category('cleaning')), 'cleaning')],
      ['resolve', { day: 2, at: '16:00' }, resolve(techFor(category('cleaning')), 'cleaning', 'Убрали зал, стулья расставлены рядами.')],
      ['confirm', { day: 1, at: '08:15' }, confirm(t4, 'cleaning')],
      ['rate', { day: 1, at: '08:16' }, rate(t4, 'cleaning', 3, 'Стулья пришлось поправить самим.')],
    ],
  });
  ticket({
    key: 'lock',
    author: t1,
    title: 'Сломан замок шкафа',
    description: 'Не закрывается шкаф с учебными пособиями.',
    category: 'maintenance',
    room: '101',
    priority: 'low',
    opened: { day: 1, at: '14:00' },
    then: [['comment', { day: 1, at: '14:02' }, comment(t1, 'lock', 'Ключ проворачивается, язычок не выходит.')]],
  });
  ticket({
    key: 'window',
    author: t2,
    title: 'Разбито стекло в окне',
    description: 'Трещина во всё стекло, из окна дует. Детей пересадила.',
    category: 'safety',
    room: '205',
    priority: 'high',
    opened: { minutesAgo: 25 },
    then: [],
  });
  ticket({
    key: 'socket',
    author: t5,
    title: 'Искрит розетка',
    description: 'Розетка у доски искрит при включении.',
    category: 'safety',
    room: '306',
    priority: 'urgent',
    opened: { minutesAgo: 15 },
    then: [['take', { minutesAgo: 10 }, take(techFor(category('safety')), 'socket')]],
  });

  // ---- Tasks: one storyline each.
  interface TaskStory {
    readonly key: string;
    readonly issuer: string;
    readonly assignee: string;
    readonly title: string;
    readonly description?: string;
    readonly deadline: () => string;
    readonly given: When;
    readonly then: readonly [string, When, (number: number) => Promise<{ ok: true } | { ok: false; refusal: { code: string; message: string } }>][];
  }
  const task = (story: TaskStory) => {
    let number = 0;
    step(`task ${story.key}: assign`, story.given, async () => {
      const given = await school.assignTask(
        who(story.issuer),
        { assigneeId: story.assignee, title: story.title, description: story.description ?? '', deadline: story.deadline() },
        request(`task:${story.key}:assign`),
      );
      expectOk(`task ${story.key}: assign`, given);
      if (given.ok) number = given.number;
      tasksGiven += 1;
    });
    for (const [what, when, run] of story.then) {
      step(`task ${story.key}: ${what}`, when, async () => expectOk(`task ${story.key}: ${what}`, await run(number)));
    }
  };
  const accept = (assignee: string, key: string) => (number: number) => school.acceptTask(who(assignee), { number }, request(`task:${key}:accept`));
  const complete = (assignee: string, key: string, report: string, n = 1) => (number: number) =>
    school.completeTask(who(assignee), { number, report }, request(`task:${key}:complete:${n}`));
  const approve = (issuer: string, key: string) => (number: number) => school.approveTask(who(issuer), { number }, request(`task:${key}:approve`));
  // The deadline watcher's step, as it would record it a few minutes after the deadline.
  const missed = (key: string) => (number: number) => school.markDeadlineMissed(SCHEDULER, { number }, request(`task:${key}:missed`));
  const deadlineOn = (day: number, hhmm: string) => () => iso(wall(days[day]!, hhmm));

  task({
    key: 'duty',
    issuer: director,
    assignee: deputyStudies,
    title: 'Составить график дежурств на декабрь',
    deadline: deadlineOn(3, '17:00'),
    given: { day: 5, at: '10:00' },
    then: [
      ['accept', { day: 5, at: '10:30' }, accept(deputyStudies, 'duty')],
      ['complete', { day: 4, at: '15:00' }, complete(deputyStudies, 'duty', 'График готов, выложен в общей папке.')],
      ['approve', { day: 4, at: '16:00' }, approve(director, 'duty')],
    ],
  });
  task({
    key: 'notebooks',
    issuer: deputyStudies,
    assignee: t1,
    title: 'Сдать отчёт о проверке тетрадей',
    deadline: deadlineOn(4, '15:00'),
    given: { day: 5, at: '11:00' },
    then: [
      ['accept', { day: 5, at: '11:20' }, accept(t1, 'notebooks')],
      ['missed', { day: 4, at: '15:05' }, missed('notebooks')],
      ['complete', { day: 3, at: '10:00' }, complete(t1, 'notebooks', 'Отчёт сдан, извините за задержку.')],
      ['approve', { day: 3, at: '11:00' }, approve(deputyStudies, 'notebooks')],
    ],
  });
  task({
    key: 'grades',
    issuer: deputyStudies,
    assignee: t2,
    title: 'Подготовить отчёт по успеваемости 7 «Б»',
    description: 'Итоги за вторую четверть, с пропусками.',
    deadline: deadlineOn(1, '15:00'),
    given: { day: 4, at: '09:00' },
    then: [
      ['accept', { day: 4, at: '09:30' }, accept(t2, 'grades')],
      ['missed', { day: 1, at: '15:05' }, missed('grades')],
    ],
  });
  task({
    key: 'extinguishers',
    issuer: deputySupply,
    assignee: techBuilding,
    title: 'Проверить огнетушители на всех этажах',
    deadline: deadlineOn(1, '12:00'),
    given: { day: 3, at: '08:30' },
    then: [['missed', { day: 1, at: '12:05' }, missed('extinguishers')]],
  });
  task({
    key: 'journal',
    issuer: deputyStudies,
    assignee: t3,
    title: 'Заполнить электронный журнал за неделю',
    deadline: () => dueToday,
    given: { day: 3, at: '12:00' },
    then: [['accept', { day: 3, at: '12:30' }, accept(t3, 'journal')]],
  });
  task({
    key: 'olympiad',
    issuer: director,
    assignee: deputyStudies,
    title: 'Согласовать расписание школьной олимпиады',
    deadline: () => dueToday,
    given: { day: 2, at: '09:00' },
    then: [
      ['accept', { day: 2, at: '09:15' }, accept(deputyStudies, 'olympiad')],
      ['complete', { minutesAgo: 40 }, complete(deputyStudies, 'olympiad', 'Расписание согласовано с методобъединениями.')],
    ],
  });
  task({
    key: 'meeting',
    issuer: director,
    assignee: t4,
    title: 'Провести родительское собрание в 5 «А»',
    deadline: () => tomorrow,
    given: { day: 1, at: '10:00' },
    then: [],
  });
  task({
    key: 'council',
    issuer: deputyStudies,
    assignee: t5,
    title: 'Подготовить выступление к педсовету',
    description: 'Тема: адаптация пятиклассников, 10 минут.',
    deadline: () => nextWeek,
    given: { minutesAgo: 35 },
    then: [['accept', { minutesAgo: 30 }, accept(t5, 'council')]],
  });
  task({
    key: 'stand',
    issuer: deputyStudies,
    assignee: t6,
    title: 'Оформить стенд ко Дню Конституции',
    deadline: () => tomorrow,
    given: { day: 4, at: '13:00' },
    then: [
      ['accept', { day: 4, at: '13:10' }, accept(t6, 'stand')],
      ['complete', { day: 1, at: '11:00' }, complete(t6, 'stand', 'Стенд оформлен в холле второго этажа.')],
      ['return', { day: 1, at: '12:00' }, (number) => school.returnTask(who(deputyStudies), { number, reason: 'Добавьте, пожалуйста, фотографии с классного часа.' }, request('task:stand:return'))],
    ],
  });
  task({
    key: 'benches',
    issuer: deputySupply,
    assignee: techAll,
    title: 'Покрасить скамейки во дворе',
    deadline: () => nextWeek,
    given: { day: 3, at: '09:00' },
    then: [['cancel', { day: 2, at: '10:00' }, (number) => school.cancelTask(who(deputySupply), { number, reason: 'Перенесли на весну: холодно.' }, request('task:benches:cancel'))]],
  });
  task({
    key: 'antivirus',
    issuer: director,
    assignee: techIt,
    title: 'Обновить антивирус на компьютерах кабинета информатики',
    deadline: deadlineOn(1, '17:00'),
    given: { day: 4, at: '14:00' },
    then: [
      ['accept', { day: 4, at: '14:30' }, accept(techIt, 'antivirus')],
      [
        'extend',
        { day: 1, at: '10:00' },
        (number) => school.extendDeadline(who(director), { number, newDeadline: nextWeek, reason: 'Ждём новые лицензии.' }, request('task:antivirus:extend')),
      ],
    ],
  });

  // ---- An order to the group, due tomorrow: one already done, one at work, the others not yet.
  const orderTasks = { first: 0, second: 0 };
  step('order', { day: 1, at: '11:30' }, async () => {
    const issued = await school.issueOrder(
      who(director),
      {
        recipientIds: [t1, t2, t3, t4],
        title: 'Сдать списки учеников на экскурсию',
        description: 'ФИО, класс и телефон родителей.',
        deadline: tomorrow,
        target: { kind: 'group', ref: groupId, label: groupName },
      },
      request('order:excursion'),
    );
    expectOk('order', issued);
    if (!issued.ok) return;
    tasksGiven += issued.tasks.length;
    const byAssignee = new Map(issued.tasks.map((t) => [t.assigneeId, t.number]));
    orderTasks.first = byAssignee.get(t1) ?? 0;
    orderTasks.second = byAssignee.get(t2) ?? 0;
  });
  step('order: accept 1', { day: 1, at: '12:10' }, async () => expectOk('order: accept 1', await accept(t1, 'order-1')(orderTasks.first)));
  step('order: complete 1', { minutesAgo: 20 }, async () =>
    expectOk('order: complete 1', await complete(t1, 'order-1', 'Список 6 «В» отправила на почту.')(orderTasks.first)),
  );
  step('order: accept 2', { day: 1, at: '13:00' }, async () => expectOk('order: accept 2', await accept(t2, 'order-2')(orderTasks.second)));

  // ---- A recurring order: every Monday the technician checks the emergency lighting.
  step('recurrence', { day: 1, at: '15:30' }, async () => {
    const created = await school.createRecurrence(
      who(deputySupply),
      {
        assigneeIds: [techBuilding],
        title: 'Проверить аварийное освещение',
        schedule: { rule: { kind: 'weekly', weekdays: [1], everyWeeks: 1, anchor: today }, minute: 9 * 60, onDayOff: 'next', deadline: { days: 0, minute: 15 * 60 } },
      },
      request('recurrence:lighting'),
    );
    expectOk('recurrence', created);
  });

  // In time order (a stable sort keeps each storyline's own order for equal moments).
  const ordered = steps.map((s, index) => ({ ...s, index, at: instantOf(s.when) })).sort((a, b) => a.at - b.at || a.index - b.index);
  for (const s of ordered) {
    clock.moveTo(s.at);
    await s.run();
  }
  return {
    people: [{ telegramId: adminId, fullName: who(adminId).fullName ?? ADMIN_NAME, role: 'admin' }, ...DEMO_STAFF.map(({ telegramId, fullName, role }) => ({ telegramId, fullName, role }))],
    rooms: DEMO_ROOMS.length,
    tickets: ticketsOpened,
    tasks: tasksGiven,
  };
}
