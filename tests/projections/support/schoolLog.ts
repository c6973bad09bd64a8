// A deterministic simulated school: staff, then tickets and tasks opened over time and each carried along
// a realistic path (assignments, reassignments, comments, priority changes, resolutions, reopenings,
// cancellations; tasks accepted, extended, missed, completed, returned, approved). Events come out in time
// order, lazily, so a million of them never sit in memory at once.
import type { EventContext, StreamEvent } from './events.js';
import { staffEvents, taskEvents, ticketEvents } from './events.js';

export interface SchoolLogOptions {
  seed: number;
  tickets: number;
  tasks: number;
  /** Staff members (at least 10). */
  staff?: number;
  /** The first instant (default 2026-09-01T05:00:00Z). */
  start?: string;
  /** Average minutes between two openings (tickets and tasks together). */
  minutesBetweenOpenings?: number;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

interface Planned {
  at: number;
  build(ctx: EventContext): StreamEvent;
  actorId: string;
}

interface Item {
  at: number;
  steps: Planned[];
  next: number;
}

/** A binary min-heap of items by the time of their next step (ties in no particular order). */
export class Agenda<T extends { at: number } = Item> {
  private readonly heap: T[] = [];
  get size() {
    return this.heap.length;
  }
  peek(): T | undefined {
    return this.heap[0];
  }
  push(item: T) {
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.at <= h[i]!.at) break;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }
  pop(): T | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.at < h[m]!.at) m = l;
        if (r < h.length && h[r]!.at < h[m]!.at) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}

export interface SchoolStaff {
  teachers: string[];
  technicians: string[];
  managers: string[];
}

export function staffOf(count: number): SchoolStaff & { all: { id: string; name: string; role: string }[] } {
  const all = Array.from({ length: Math.max(10, count) }, (_, i) => {
    const id = String(100_000 + i);
    const role = i === 0 ? 'admin' : i === 1 ? 'director' : i < 5 ? 'deputy' : i < 5 + Math.max(2, Math.floor(count / 10)) ? 'technician' : 'teacher';
    return { id, name: `Сотрудник ${i} Иванов${i % 2 ? 'а' : ''}`, role };
  });
  return {
    all,
    teachers: all.filter((s) => s.role === 'teacher').map((s) => s.id),
    technicians: all.filter((s) => s.role === 'technician').map((s) => s.id),
    managers: all.filter((s) => ['admin', 'director', 'deputy'].includes(s.role)).map((s) => s.id),
  };
}

const CATEGORIES = ['it', 'equipment', 'maintenance', 'cleaning', 'safety', 'other'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const DUE: Record<string, number> = { low: 7 * DAY, normal: 3 * DAY, high: DAY, urgent: 4 * HOUR };

export function* schoolLog(options: SchoolLogOptions): Generator<StreamEvent> {
  const random = mulberry32(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;
  const start = Date.parse(options.start ?? '2026-09-01T05:00:00.000Z');
  const gap = (options.minutesBetweenOpenings ?? 3) * 60_000;
  const staff = staffOf(options.staff ?? 120);
  const seedHex = (options.seed >>> 0).toString(16).padStart(8, '0');
  let sequence = 0;
  const emit = (planned: Planned): StreamEvent =>
    planned.build({ id: `${seedHex}-0000-4000-8000-${(sequence++).toString(16).padStart(12, '0')}`, at: iso(planned.at), actorId: planned.actorId });

  let t = start;
  for (const person of staff.all) {
    yield emit({ at: t, actorId: person.id, build: (c) => staffEvents.registered(c, person.id, person.name) });
    t += 1000;
    const categories = person.role === 'technician' && chance(0.5) ? [pick(CATEGORIES)] : [];
    yield emit({ at: t, actorId: 'system', build: (c) => staffEvents.approved(c, person.id, { fullName: person.name, role: person.role, categories }) });
    t += 1000;
  }

  const ticketPlan = (n: number, at: number): Planned[] => {
    const author = pick(staff.teachers);
    let priority = pick(PRIORITIES);
    const category = pick(CATEGORIES);
    const steps: Planned[] = [{ at, actorId: author, build: (c) => ticketEvents.opened(c, n, { authorId: author, category, priority, dueInMs: DUE[priority] }) }];
    let now = at;
    const later = (maxMs: number) => (now += 60_000 + Math.floor(random() * maxMs));
    if (chance(0.05)) {
      steps.push({ at: later(2 * HOUR), actorId: author, build: (c) => ticketEvents.cancelled(c, n, 'open') });
      return steps;
    }
    let assignee = pick(staff.technicians);
    const first = assignee;
    steps.push({ at: later(6 * HOUR), actorId: first, build: (c) => ticketEvents.assigned(c, n, { assigneeId: first }) });
    if (chance(0.2)) {
      const previous = assignee;
      assignee = pick(staff.technicians);
      const next = assignee;
      steps.push({ at: later(DAY), actorId: pick(staff.managers), build: (c) => ticketEvents.assigned(c, n, { assigneeId: next, previousAssigneeId: previous }) });
    }
    for (let i = Math.floor(random() * 2.2); i > 0; i -= 1) {
      const who = chance(0.5) ? author : assignee;
      steps.push({ at: later(12 * HOUR), actorId: who, build: (c) => ticketEvents.commented(c, n) });
    }
    if (chance(0.12)) {
      const from = priority;
      const to = pick(PRIORITIES.filter((p) => p !== from));
      priority = to;
      const manager = pick(staff.managers);
      steps.push({ at: later(HOUR), actorId: manager, build: (c) => ticketEvents.priorityChanged(c, n, { from, to, dueAt: iso(at + DUE[to]!) }) });
    }
    if (chance(0.03)) {
      steps.push({ at: later(DAY), actorId: author, build: (c) => ticketEvents.cancelled(c, n, 'in_progress') });
      return steps;
    }
    const resolver = assignee;
    const rounds = chance(0.15) ? 2 : 1;
    for (let round = 0; round < rounds; round += 1) {
      steps.push({ at: later(2 * DAY), actorId: resolver, build: (c) => ticketEvents.resolved(c, n, { authorId: author }) });
      if (round + 1 < rounds) {
        const from = chance(0.5) ? 'resolved' : 'closed';
        if (from === 'closed') steps.push({ at: later(DAY), actorId: author, build: (c) => ticketEvents.closed(c, n) });
        steps.push({ at: later(DAY), actorId: author, build: (c) => ticketEvents.reopened(c, n, { from, assigneeId: resolver, dueInMs: DUE[priority] }) });
      }
    }
    if (chance(0.93)) steps.push({ at: later(3 * DAY), actorId: author, build: (c) => ticketEvents.closed(c, n, chance(0.3)) });
    return steps;
  };

  const taskPlan = (n: number, at: number): Planned[] => {
    const issuer = pick(staff.managers);
    const assignee = pick([...staff.teachers, ...staff.technicians]);
    let deadline = at + DAY + Math.floor(random() * 6 * DAY);
    const firstDeadline = iso(deadline);
    const steps: Planned[] = [{ at, actorId: issuer, build: (c) => taskEvents.assigned(c, n, { assigneeId: assignee, deadline: firstDeadline }) }];
    let now = at;
    const later = (maxMs: number) => (now += 60_000 + Math.floor(random() * maxMs));
    if (chance(0.04)) {
      steps.push({ at: later(DAY), actorId: issuer, build: (c) => taskEvents.cancelled(c, n, { assigneeId: assignee, from: 'assigned' }) });
      return steps;
    }
    steps.push({ at: later(8 * HOUR), actorId: assignee, build: (c) => taskEvents.accepted(c, n) });
    let missedAny = false;
    const willMiss = chance(0.2);
    if (willMiss) {
      const missed = iso(deadline);
      now = Math.max(now, deadline) + 60_000;
      missedAny = true;
      steps.push({ at: now, actorId: 'system', build: (c) => taskEvents.deadlineMissed(c, n, { deadline: missed, assigneeId: assignee, issuerId: issuer }) });
    }
    if (chance(0.15)) {
      const previous = iso(deadline);
      const wasMissed = willMiss;
      later(HOUR);
      deadline = Math.max(deadline, now) + 2 * DAY;
      const next = iso(deadline);
      steps.push({ at: now, actorId: issuer, build: (c) => taskEvents.extended(c, n, { previousDeadline: previous, newDeadline: next, assigneeId: assignee, missed: wasMissed }) });
    }
    if (chance(0.03)) {
      steps.push({ at: later(DAY), actorId: issuer, build: (c) => taskEvents.cancelled(c, n, { assigneeId: assignee, from: 'accepted' }) });
      return steps;
    }
    const rounds = chance(0.15) ? 2 : 1;
    let completedAt = now;
    for (let round = 0; round < rounds; round += 1) {
      completedAt = later(2 * DAY);
      const late = missedAny || completedAt > deadline;
      const dl = iso(deadline);
      steps.push({ at: completedAt, actorId: assignee, build: (c) => taskEvents.completed(c, n, { issuerId: issuer, deadline: dl, late }) });
      if (round + 1 < rounds) steps.push({ at: later(DAY), actorId: issuer, build: (c) => taskEvents.returned(c, n, { assigneeId: assignee }) });
    }
    if (chance(0.95)) {
      const onTime = !missedAny && completedAt <= deadline;
      const done = iso(completedAt);
      const dl = iso(deadline);
      steps.push({ at: later(DAY), actorId: issuer, build: (c) => taskEvents.approved(c, n, { assigneeId: assignee, completedAt: done, deadline: dl, onTime }) });
    }
    return steps;
  };

  const agenda = new Agenda();
  let ticketNumber = 0;
  let taskNumber = 0;
  let openingAt = t + 60_000;
  const total = options.tickets + options.tasks;
  const openNext = () => {
    const remainingTickets = options.tickets - ticketNumber;
    const remainingTasks = options.tasks - taskNumber;
    const steps =
      random() * (remainingTickets + remainingTasks) < remainingTickets
        ? ticketPlan(++ticketNumber, openingAt)
        : taskPlan(++taskNumber, openingAt);
    agenda.push({ at: steps[0]!.at, steps, next: 0 });
    openingAt += Math.floor(random() * 2 * gap) + 1;
  };
  while (ticketNumber + taskNumber < total || agenda.size > 0) {
    while (ticketNumber + taskNumber < total && (agenda.size === 0 || openingAt <= agenda.peek()!.at)) openNext();
    const item = agenda.pop()!;
    yield emit(item.steps[item.next]!);
    item.next += 1;
    const following = item.steps[item.next];
    if (following) {
      // Steps of one item never go back in time, even when a later step was planned with a shorter delay.
      item.at = Math.max(following.at, item.at);
      following.at = item.at;
      agenda.push(item);
    }
  }
}
