// find-100k (issue 15): 100,000 tickets with comments in the search read model, then a few hundred two-word
// /find queries (page 1, as /find asks them: the word and name lookup, then the ranked, visibility-filtered
// page with its total), half as an admin and half as a teacher. Target: p95 ≤ 50 ms on PostgreSQL. PGlite is
// measured too (`--pglite-only`, `--postgres-only` pick one) and reported as its own line.
//
// The rows go straight into rm_search through the projector's own multi-row upsert (saveRows), not through
// the event log: a bulk load is what a benchmark of the query needs, and the database computes the documents
// (generated columns) exactly as for projected rows.
import type { SearchViewer } from '../../../application/ports/readModels.js';
import type { SqlExecutor } from '../../../application/ports/sql.js';
import { migrations } from '../../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../../adapters/postgres/migrations/runner.js';
import { sqlSearchQueries } from '../../../adapters/postgres/readModels/searchQueries.js';
import { createPgExecutor } from '../../../adapters/sql/pgExecutor.js';
import { createPgliteExecutor } from '../../../adapters/sql/pgliteExecutor.js';
import { saveRows } from '../../../projections/projector.js';
import { searchProjector, type SearchRow } from '../../../projections/search.js';
import { staffProjector } from '../../../projections/staff.js';
import { createTestDatabase } from '../../support/postgres.js';
import { report, trackPeakRss } from '../report.js';

const TICKETS = 100_000;
const QUERIES = 300;
const WARMUP = 30;
const CHUNK = 2_000;
const STAFF = 300;

// A school's words: things, what is wrong with them, places, and what technicians write back.
export const THINGS = [
  'проектор', 'принтер', 'компьютер', 'ноутбук', 'интерактивная доска', 'кран', 'раковина', 'унитаз', 'батарея', 'окно',
  'дверь', 'замок', 'стул', 'парта', 'лампа', 'розетка', 'выключатель', 'колонки', 'микрофон', 'сканер',
  'роутер', 'интернет', 'телефон', 'жалюзи', 'шкаф', 'доска', 'потолок', 'линолеум', 'вентиляция', 'кондиционер',
  'камера', 'звонок', 'кулер', 'чайник', 'холодильник', 'турник', 'мяч', 'сетка', 'зеркало', 'плитка',
];
export const PROBLEMS = [
  'не включается', 'не работает', 'сломан', 'сломалась', 'течёт', 'шумит', 'мигает', 'не закрывается', 'не открывается', 'треснул',
  'искрит', 'пахнет гарью', 'нет изображения', 'нет звука', 'зависает', 'не печатает', 'разбито', 'капает', 'скрипит', 'отвалилась',
];
export const FILLER = [
  'после', 'перемены', 'утром', 'урока', 'вчера', 'сегодня', 'снова', 'опять', 'срочно', 'пожалуйста', 'посмотрите', 'ученики',
  'класс', 'кабинет', 'этаж', 'коридор', 'спортзал', 'столовая', 'актовый', 'зал', 'библиотека', 'учительская', 'медкабинет', 'лаборатория',
  'контрольная', 'экзамен', 'родительское', 'собрание', 'олимпиада', 'директор', 'завуч', 'завхоз', 'техник', 'охрана', 'уборщица', 'пульт',
  'кабель', 'провод', 'лампочка', 'картридж', 'бумага', 'драйвер', 'пароль', 'учётная', 'запись', 'сеть', 'сигнал', 'питание',
];
export const REPLIES = [
  'Посмотрю после уроков', 'Заменил кабель', 'Нужна новая лампа, заказал', 'Починил, проверьте', 'Заменил картридж',
  'Вызвал сантехника', 'Подтянул крепления', 'Нужна запчасть, жду поставку', 'Перезагрузил, работает', 'Смазал петли',
  'Прочистил слив', 'Заменил розетку', 'Обновил драйвер', 'Перенастроил сеть', 'Поменял батарейки в пульте',
];
const SURNAMES = ['Иванова', 'Петров', 'Смирнова', 'Кузнецов', 'Попова', 'Соколов', 'Лебедева', 'Козлов', 'Новикова', 'Морозов', 'Волкова', 'Зайцев'];
const NAMES = ['Анна', 'Олег', 'Мария', 'Пётр', 'Ирина', 'Денис', 'Светлана', 'Игорь', 'Нина', 'Сергей'];

/** A small deterministic generator: the same data every run. */
export function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

const STATUSES = ['open', 'in_progress', 'resolved', 'closed', 'closed', 'closed', 'cancelled'];

function ticketRow(number: number, random: ReturnType<typeof generator>): SearchRow {
  const room = String(100 + Math.floor(random.next() * 350));
  const title = `${random.pick(THINGS)} в ${room} ${random.pick(PROBLEMS)}`;
  const description = Array.from({ length: 4 + Math.floor(random.next() * 10) }, () => random.pick(FILLER)).join(' ');
  const comments = Array.from({ length: Math.floor(random.next() * 4) }, () => random.pick(REPLIES)).join('\n');
  const opened = Date.parse('2024-09-01T06:00:00Z') + Math.floor(random.next() * 800 * 86_400_000);
  const status = random.pick(STATUSES);
  const author = String(1_000 + Math.floor(random.next() * STAFF));
  const assignee = status === 'open' ? null : String(1_000 + Math.floor(random.next() * 20));
  return {
    id: `t:${number}`,
    kind: 'ticket',
    number,
    title,
    description,
    location: `каб. ${room}`,
    room,
    comments,
    reports: status === 'resolved' || status === 'closed' ? random.pick(REPLIES) : '',
    author_id: author,
    issuer_id: null,
    assignee_id: assignee,
    people: assignee ? [author, assignee] : [author],
    status,
    opened_at: new Date(opened).toISOString(),
    due_at: new Date(opened + 3 * 86_400_000).toISOString(),
    updated_at: new Date(opened + 86_400_000).toISOString(),
  };
}

export async function fill(sql: SqlExecutor, log: (line: string) => void): Promise<void> {
  const random = generator(20261203);
  const staff = Array.from({ length: STAFF }, (_, i) => ({
    telegram_id: String(1_000 + i),
    full_name: `${random.pick(SURNAMES)} ${random.pick(NAMES)}`,
    username: null,
    role: i < 20 ? 'technician' : 'teacher',
    categories: [],
    leads: [],
    status: 'active',
    reachable: true,
    registered_at: '2024-08-30T06:00:00Z',
    approved_at: '2024-08-30T06:00:00Z',
    updated_at: '2024-08-30T06:00:00Z',
  }));
  await sql.transaction((tx) => saveRows(tx, staffProjector, staffProjector.table, staff));
  const started = Date.now();
  for (let first = 1; first <= TICKETS; first += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, TICKETS - first + 1) }, (_, i) => ticketRow(first + i, random));
    await sql.transaction((tx) => saveRows(tx, searchProjector, searchProjector.table, rows));
  }
  await sql.query('ANALYZE rm_search');
  await sql.query('ANALYZE rm_staff');
  log(`filled ${TICKETS} tickets in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function measure(kind: 'postgres' | 'pglite', sql: SqlExecutor, log: (line: string) => void): Promise<void> {
  await fill(sql, log);
  const search = sqlSearchQueries(sql);
  const random = generator(7);
  const admin: SearchViewer = { telegramId: '1', role: 'admin', status: 'active' };
  const teacher: SearchViewer = { telegramId: '1100', role: 'teacher', status: 'active' };
  const now = new Date('2026-12-03T10:00:00Z');
  // Two words as people type them: a thing and what is wrong with it, a thing and a place, or a reply's words.
  const phrase = () => {
    const shape = random.next();
    const thing = random.pick(THINGS.filter((t) => !t.includes(' ')));
    if (shape < 0.5) return [thing, random.pick(PROBLEMS.filter((p) => !p.includes(' ')))];
    if (shape < 0.8) return [thing, random.pick(FILLER)];
    return random.pick(REPLIES).split(/[\s,]+/).slice(0, 2);
  };
  const latencies: number[] = [];
  let found = 0;
  const rss = trackPeakRss();
  let started = 0;
  for (let i = 0; i < WARMUP + QUERIES; i += 1) {
    if (i === WARMUP) started = performance.now();
    const words = phrase();
    const viewer = i % 2 === 0 ? admin : teacher;
    const begun = performance.now();
    const page = await search.search({ viewer, terms: words.map((word) => ({ word, person: word })), limit: 10, offset: 0 }, now);
    if (i >= WARMUP) {
      latencies.push(performance.now() - begun);
      found += page.total;
    }
  }
  const elapsed = performance.now() - started;
  report('find-100k', latencies, elapsed, { store: kind, tickets: TICKETS, queries: QUERIES, mean_found: Math.round(found / QUERIES), target_p95_ms: 50 }, rss.stop());
}

export default async function findBench(args: string[]): Promise<void> {
  const log = (line: string) => console.error(`find-100k: ${line}`);
  if (!args.includes('--pglite-only')) {
    const database = await createTestDatabase('sbbench_find');
    const sql = createPgExecutor({ connectionString: database.url, maxConnections: 4 });
    try {
      await runMigrations(sql, migrations);
      await measure('postgres', sql, log);
    } finally {
      await sql.close();
      await database.drop();
    }
  }
  if (!args.includes('--postgres-only')) {
    const sql = await createPgliteExecutor();
    try {
      await runMigrations(sql, migrations);
      await measure('pglite', sql, log);
    } finally {
      await sql.close();
    }
  }
}
