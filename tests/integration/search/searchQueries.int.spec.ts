// The search read model and its query on PGlite and on PostgreSQL: Russian stemming, ranking, numbers, rooms,
// people, statuses, periods, paging, and the visibility rules of cards (docs/access.md) inside the query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchRequest, SearchTerm, SearchViewer } from '../../../application/ports/readModels.js';
import { RANK_LIMIT } from '../../../adapters/postgres/readModels/searchQueries.js';
import { applyBatch, saveRows } from '../../../projections/projector.js';
import { searchProjector } from '../../../projections/search.js';
import { staffProjector } from '../../../projections/staff.js';
import type { RecordedEvent } from '../../../application/ports/eventStore.js';
import { appendAll, eventually, openReadSide, READ_SIDE_KINDS, type ReadSide } from '../../projections/support/readSide.js';
import { staffEvents, taskEvents, ticketEvents, type EventContext, type StreamEvent } from '../../projections/support/events.js';

const ADMIN = '1';
const PETROVA = '10';
const SMIRNOV = '11';
const TECH = '20';
const DEPUTY = '30';
const AUDITOR = '40';

let sequence = 0;
const at = (day: number, hour = 9) => `2026-10-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const ctx = (actorId: string, when: string): EventContext => ({ id: `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`, at: when, actorId });
const NOW = new Date('2026-11-20T10:00:00Z');

function log(): StreamEvent[] {
  const staff = [
    [ADMIN, 'Администраторов Иван', 'admin'],
    [PETROVA, 'Петрова Анна Сергеевна', 'teacher'],
    [SMIRNOV, 'Смирнов Олег Ильич', 'teacher'],
    [TECH, 'Кузнецов Пётр', 'technician'],
    [DEPUTY, 'Орлова Мария', 'deputy'],
    [AUDITOR, 'Зайцева Нина', 'auditor'],
  ] as const;
  return [
    ...staff.flatMap(([id, name, role]) => [
      staffEvents.registered(ctx(id, at(1)), id, name),
      staffEvents.approved(ctx(ADMIN, at(1, 10)), id, { fullName: name, role }),
    ]),
    ticketEvents.opened(ctx(PETROVA, at(2)), 1, { authorId: PETROVA, title: 'Не включается проектор' }),
    ticketEvents.opened(ctx(SMIRNOV, at(3)), 2, { authorId: SMIRNOV, title: 'Течёт кран в туалете' }),
    ticketEvents.assigned(ctx(TECH, at(3, 10)), 2, { assigneeId: TECH }),
    ticketEvents.commented(ctx(TECH, at(3, 11)), 2, 'Проектора в кабинете нет, смотрю кран'),
    ticketEvents.opened(ctx(SMIRNOV, at(4)), 3, { authorId: SMIRNOV, title: 'Сломан стул', dueInMs: 3_600_000 }),
    taskEvents.assigned(ctx(DEPUTY, at(5)), 1, { assigneeId: PETROVA, deadline: '2026-10-30T12:00:00Z', title: 'Сдать отчёт по проектору' }),
    taskEvents.assigned(ctx(DEPUTY, at(6)), 2, { assigneeId: TECH, deadline: '2026-12-30T12:00:00Z', title: 'Проверить проекторы' }),
    ticketEvents.opened(ctx(PETROVA, at(7)), 4, { authorId: PETROVA, title: 'Проектор снова не включается и мигает проектор' }),
    ticketEvents.resolved(ctx(TECH, at(8)), 4, { authorId: PETROVA }),
  ];
}

/** Ticket 3's place and description, and ticket 1's place, differ from the factory's defaults. */
function adjust(events: StreamEvent[]): StreamEvent[] {
  return events.map((item) => {
    const data = item.event.data as Record<string, unknown>;
    if (item.event.type !== 'TicketOpened') return item;
    const place = { 1: 'каб. 204', 2: 'кабинет 12а', 3: 'каб. 2040', 4: 'каб. 204' }[data.number as number];
    const description = data.number === 3 ? 'Ещё шумит проектор' : data.description;
    return { ...item, event: { ...item.event, data: { ...data, location: place, description } } };
  });
}

const viewer = (telegramId: string, role: SearchViewer['role']): SearchViewer => ({ telegramId, role, status: 'active' });
const word = (text: string): SearchTerm => ({ word: text, person: text });

describe.each(READ_SIDE_KINDS)('search on %s', (kind) => {
  let side: ReadSide;
  const find = async (who: SearchViewer, terms: SearchTerm[], more: Partial<SearchRequest> = {}) => {
    const page = await side.readModels.search({ viewer: who, terms, limit: 50, ...more }, NOW);
    return { total: page.total, ids: page.items.map((hit) => `${hit.kind === 'ticket' ? 't' : 'k'}${hit.number}`) };
  };

  beforeAll(async () => {
    side = await openReadSide(kind);
    const appended = await appendAll(side.store, adjust(log()));
    // PostgreSQL's log shows an event once no older transaction (of any database on the server) may still commit
    // before it: wait until it shows them all.
    let events: RecordedEvent[] = [];
    await eventually(async () => (events = (await side.store.readAll({ maxCount: 10_000 })).events).length === appended, 60_000, 'the log');
    await side.sql.transaction(async (tx) => {
      await applyBatch(tx, staffProjector, staffProjector.table, events);
      await applyBatch(tx, searchProjector, searchProjector.table, events);
    });
  }, 60_000);
  afterAll(async () => side?.teardown());

  it('finds «проектор» by «проектора» and ranks a title above a description and a comment, then the newest', async () => {
    const found = await find(viewer(DEPUTY, 'deputy'), [word('проектора')]);
    // Titles (A): t4 mentions it twice, t1 once; then the task titles (A, newer first); the description (B); the comment (C).
    expect(found.ids).toEqual(['t4', 'k2', 'k1', 't1', 't3', 't2']);
    expect(found.total).toBe(6);
  });

  it('needs every word: «проектор кран» finds only the ticket whose comment has the projector', async () => {
    expect((await find(viewer(ADMIN, 'admin'), [word('проектор'), word('кран')])).ids).toEqual(['t2']);
  });

  it('shows a teacher tickets by their titles, a comment only on their own ticket, and only their own tasks', async () => {
    // Petrova: not a party of t2, so its comment does not find it; her task k1, not the technician's k2.
    expect((await find(viewer(PETROVA, 'teacher'), [word('проектора')])).ids.sort()).toEqual(['k1', 't1', 't3', 't4']);
    // Smirnov is t2's author: its comment finds it for him; no task is his.
    expect((await find(viewer(SMIRNOV, 'teacher'), [word('проектора')])).ids.sort()).toEqual(['t1', 't2', 't3', 't4']);
    // A task a teacher may not see is not found even by its number.
    expect((await find(viewer(SMIRNOV, 'teacher'), [{ number: 1 }], { kind: 'task' })).total).toBe(0);
    expect((await find(viewer(ADMIN, 'admin'), [{ number: 1 }], { kind: 'task' })).ids).toEqual(['k1']);
  });

  it('lets technicians and auditors find by comments; nobody inactive finds anything', async () => {
    expect((await find(viewer(TECH, 'technician'), [word('проектора')])).ids.sort()).toEqual(['k2', 't1', 't2', 't3', 't4']);
    expect((await find(viewer(AUDITOR, 'auditor'), [word('проектора')])).total).toBe(6);
    expect((await find({ telegramId: PETROVA, role: 'teacher', status: 'inactive' }, [word('проектор')])).total).toBe(0);
  });

  it('finds by number (the exact number first) and by room, «204» not finding «2040»', async () => {
    expect((await find(viewer(ADMIN, 'admin'), [{ number: 2 }])).ids.sort()).toEqual(['k2', 't2']);
    expect((await find(viewer(ADMIN, 'admin'), [{ room: '204' }])).ids).toEqual(['t4', 't1']);
    expect((await find(viewer(ADMIN, 'admin'), [{ room: '12' }])).ids).toEqual(['t2']);
    // A bare number: the item with that number first, then the room's tickets.
    expect((await find(viewer(ADMIN, 'admin'), [{ number: 204, room: '204', word: '204' }])).ids).toEqual(['t4', 't1']);
    expect((await find(viewer(ADMIN, 'admin'), [{ number: 3, room: '3', word: '3' }])).ids).toEqual(['t3']);
  });

  it('finds by a person named in any case (the author, the issuer or the assignee)', async () => {
    expect((await find(viewer(ADMIN, 'admin'), [word('Петровой')])).ids.sort()).toEqual(['k1', 't1', 't4']);
    expect((await find(viewer(ADMIN, 'admin'), [word('Кузнецов'), word('кран')])).ids).toEqual(['t2']);
  });

  it('filters by status and period and pages with the total', async () => {
    expect((await find(viewer(ADMIN, 'admin'), [], { statuses: ['overdue'] })).ids.sort()).toEqual(['k1', 't1', 't2', 't3']);
    expect((await find(viewer(ADMIN, 'admin'), [word('проектор')], { statuses: ['resolved'] })).ids).toEqual(['t4']);
    expect((await find(viewer(ADMIN, 'admin'), [word('проектор')], { kind: 'ticket', from: new Date(at(3)), to: new Date(at(7)) })).ids).toEqual(['t3', 't2']);
    const first = await side.readModels.search({ viewer: viewer(ADMIN, 'admin'), terms: [word('проектор')], limit: 4, offset: 4 }, NOW);
    expect(first.items.map((hit) => hit.number)).toEqual([3, 2]);
    expect(first.total).toBe(6);
    const past = await side.readModels.search({ viewer: viewer(ADMIN, 'admin'), terms: [word('проектор')], limit: 4, offset: 8 }, NOW);
    expect(past).toEqual({ items: [], total: 6, more: false });
  });

  it('asks nothing of stop words alone and keeps the projection in step with comments', async () => {
    expect((await find(viewer(ADMIN, 'admin'), [word('и'), word('не')])).total).toBe(0);
    const more = [ticketEvents.commented(ctx(TECH, at(9)), 3, 'Заменил ножку, стул починен')];
    await appendAll(side.store, more);
    let events: RecordedEvent[] = [];
    await eventually(async () => (events = (await side.store.readAll({ maxCount: 10_000 })).events).some((e) => e.id === more[0]!.event.id), 60_000, 'the comment');
    await side.sql.transaction((tx) => applyBatch(tx, searchProjector, searchProjector.table, events.slice(-1)));
    expect((await find(viewer(ADMIN, 'admin'), [word('ножки')])).ids).toEqual(['t3']);
  });

  it('lists a tier too large to rank newest first, counts it no further and says there is more', async () => {
    const rows = Array.from({ length: RANK_LIMIT + 10 }, (_, i) => ({
      id: `t:${1000 + i}`, kind: 'ticket', number: 1000 + i, title: 'Заявка', description: '', location: '', room: null,
      comments: 'Нужна новая лампа', reports: '', author_id: SMIRNOV, issuer_id: null, assignee_id: TECH, people: [SMIRNOV, TECH],
      status: 'open', opened_at: new Date(Date.parse(at(10)) + i * 60_000).toISOString(), due_at: at(20), updated_at: at(10),
    }));
    await side.sql.transaction((tx) => saveRows(tx, searchProjector, searchProjector.table, rows));
    const first = await side.readModels.search({ viewer: viewer(ADMIN, 'admin'), terms: [word('лампы')], limit: 3 }, NOW);
    expect(first).toMatchObject({ total: RANK_LIMIT, more: true });
    expect(first.items.map((hit) => hit.number)).toEqual([1000 + RANK_LIMIT + 9, 1000 + RANK_LIMIT + 8, 1000 + RANK_LIMIT + 7]);
    const second = await side.readModels.search({ viewer: viewer(ADMIN, 'admin'), terms: [word('лампы')], limit: 3, offset: 3 }, NOW);
    expect(second.items.map((hit) => hit.number)).toEqual([1000 + RANK_LIMIT + 6, 1000 + RANK_LIMIT + 5, 1000 + RANK_LIMIT + 4]);
    // Petrova has no part in them: their comments find nothing for her.
    expect((await find(viewer(PETROVA, 'teacher'), [word('лампы')])).total).toBe(0);
  });
});
