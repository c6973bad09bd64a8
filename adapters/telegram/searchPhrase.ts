// What a person typed after /find (or `schoolbot find`), read into a search request: words, «№124», «124»,
// «каб. 204», statuses («открытые», «просроченные», «в работе»…), a kind («заявки», «поручения») and a period
// («за октябрь», «в октябре 2025», «с 1.10 по 31.10», «сегодня», «вчера»), in the school's time zone.
// Deliberately modest: a date that does not exist is refused rather than guessed. docs/search.md lists it all.
import { DateTime } from 'luxon';
import type { SearchStatus, SearchTerm } from '../../application/ports/readModels.js';

export interface SearchPhrase {
  terms: SearchTerm[];
  kind?: 'ticket' | 'task';
  statuses: SearchStatus[];
  from?: Date;
  to?: Date;
}

export type ParsedSearch = { ok: true; phrase: SearchPhrase } | { ok: false; reason: 'empty' | 'date' };

const MONTHS: readonly (readonly string[])[] = [
  ['январь', 'января', 'январе'],
  ['февраль', 'февраля', 'феврале'],
  ['март', 'марта', 'марте'],
  ['апрель', 'апреля', 'апреле'],
  ['май', 'мая', 'мае'],
  ['июнь', 'июня', 'июне'],
  ['июль', 'июля', 'июле'],
  ['август', 'августа', 'августе'],
  ['сентябрь', 'сентября', 'сентябре'],
  ['октябрь', 'октября', 'октябре'],
  ['ноябрь', 'ноября', 'ноябре'],
  ['декабрь', 'декабря', 'декабре'],
];
const monthOf = (word: string) => MONTHS.findIndex((forms) => forms.includes(word)) + 1;

/** Whole words that ask for a status (plural and singular adjective forms). */
const STATUS_WORDS: ReadonlyArray<[RegExp, SearchStatus]> = [
  [/^(новые|новая|новое|новый|новых)$/, 'new'],
  [/^(открытые|открытая|открытое|открытый|открытых|активные|активных)$/, 'open'],
  [/^(решённые|решенные|решённая|решенная|решённых|решенных)$/, 'resolved'],
  [/^(выполненные|выполненная|выполненное|выполненных|сделанные|сделанных)$/, 'done'],
  [/^(закрытые|закрытая|закрытое|закрытых)$/, 'closed'],
  [/^(отменённые|отмененные|отменённая|отмененная|отменённых|отмененных)$/, 'cancelled'],
  [/^(просроченные|просроченная|просроченное|просроченных)$/, 'overdue'],
];
const TICKET_WORDS = new Set(['заявка', 'заявки', 'заявок', 'заявку']);
const TASK_WORDS = new Set(['поручение', 'поручения', 'поручений']);

/** A date typed as 1.10, 01.10.2026 or 1.10.26: the most recent such day not after today when the year is left out. */
function dayOf(day: string, month: string, year: string | undefined, today: DateTime): DateTime | undefined {
  const fullYear = year === undefined ? today.year : year.length === 2 ? 2000 + Number(year) : Number(year);
  let date = DateTime.fromObject({ year: fullYear, month: Number(month), day: Number(day) }, { zone: today.zone });
  if (!date.isValid) return undefined;
  if (year === undefined && date > today.endOf('day')) date = date.minus({ years: 1 });
  return date.isValid ? date.startOf('day') : undefined;
}

/** "1.10", "01.10.2026", "1.10.26" → [day, month, year?] (split by hand: no regular expression to backtrack). */
function datePartsOf(token: string): [string, string, string | undefined] | null {
  const parts = token.split('.');
  if (parts.length < 2 || parts.length > 3 || !parts.every((part) => /^\d+$/.test(part))) return null;
  const [day, month, year] = parts as [string, string, string | undefined];
  if (day.length > 2 || month.length > 2 || (year !== undefined && year.length !== 2 && year.length !== 4)) return null;
  return [day, month, year];
}
const YEAR = /^(\d{4})$/;

const clean = (token: string) => token.toLowerCase().replace(/^[,;:!?«»"()]+|[,;:!?«»"()]+$/g, '');

/** Reads the phrase (case kept for the words, which may be names). */
export function parseSearchPhrase(input: string, now: Date, zone: string): ParsedSearch {
  const today = DateTime.fromJSDate(now, { zone });
  const tokens = input.split(/\s+/).filter(Boolean);
  const phrase: SearchPhrase = { terms: [], statuses: [] };
  let from: DateTime | undefined;
  let to: DateTime | undefined;
  let toTyped: { date: DateTime; yearGiven: boolean } | undefined;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    const low = clean(token);
    const next = tokens[i + 1] === undefined ? undefined : clean(tokens[i + 1]!);
    if (low === '') continue;
    // Period: «с 1.10», «по 31.10», «за октябрь», «в октябре 2025 года», «сегодня», «за вчера».
    const date = next === undefined ? null : datePartsOf(next);
    if ((low === 'с' || low === 'по') && date) {
      const day = dayOf(date[0], date[1], date[2], today);
      if (!day) return { ok: false, reason: 'date' };
      if (low === 'с') from = day;
      else toTyped = { date: day, yearGiven: date[2] !== undefined };
      i += 1;
      continue;
    }
    if ((low === 'за' || low === 'в') && next !== undefined && monthOf(next) > 0) {
      const year = tokens[i + 2] === undefined ? null : YEAR.exec(clean(tokens[i + 2]!));
      let start = DateTime.fromObject({ year: year ? Number(year[1]) : today.year, month: monthOf(next), day: 1 }, { zone });
      if (!year && start > today) start = start.minus({ years: 1 });
      from = start;
      to = start.plus({ months: 1 });
      i += year ? 2 : 1;
      if (year && /^(года|год|г\.?)$/.test(clean(tokens[i + 1] ?? ''))) i += 1;
      continue;
    }
    const dayWord = low === 'за' && (next === 'сегодня' || next === 'вчера') ? next : low === 'сегодня' || low === 'вчера' ? low : undefined;
    if (dayWord) {
      from = dayWord === 'сегодня' ? today.startOf('day') : today.startOf('day').minus({ days: 1 });
      to = from.plus({ days: 1 });
      if (low === 'за') i += 1;
      continue;
    }
    if (low === 'в' && next === 'работе') {
      phrase.statuses.push('in_progress');
      i += 1;
      continue;
    }
    const status = STATUS_WORDS.find(([pattern]) => pattern.test(low));
    if (status) {
      phrase.statuses.push(status[1]);
      continue;
    }
    if (TICKET_WORDS.has(low)) {
      phrase.kind = 'ticket';
      continue;
    }
    if (TASK_WORDS.has(low)) {
      phrase.kind = 'task';
      continue;
    }
    if (low === '№' && next !== undefined && /^\d{1,9}$/.test(next)) {
      phrase.terms.push({ number: Number(next) });
      i += 1;
      continue;
    }
    const numbered = /^№\s*(\d{1,9})$/u.exec(low);
    if (numbered) {
      phrase.terms.push({ number: Number(numbered[1]) });
      continue;
    }
    const task = /^п(\d{1,9})$/u.exec(low);
    if (task) {
      phrase.terms.push({ number: Number(task[1]) });
      phrase.kind = 'task';
      continue;
    }
    if (/^(каб\.?|кабинет|кабинете|кабинета|ауд\.?|аудитория|аудитории)$/u.test(low) && next !== undefined && /^\d{1,4}\p{L}?$/u.test(next)) {
      phrase.terms.push({ room: next });
      i += 1;
      continue;
    }
    const bare = /^(\d{1,9})(\p{L}?)$/u.exec(low);
    if (bare) {
      phrase.terms.push(bare[2] === '' ? { number: Number(bare[1]), room: low, word: low } : { room: low, word: low });
      continue;
    }
    const word = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (word !== '') phrase.terms.push({ word, person: word });
  }
  if (toTyped) {
    // «с 20.12 по 10.01»: without a year, the end falls after the start.
    const end = from && !toTyped.yearGiven && toTyped.date < from ? toTyped.date.plus({ years: 1 }) : toTyped.date;
    to = end.plus({ days: 1 });
  }
  if (from) phrase.from = from.toJSDate();
  if (to) phrase.to = to.toJSDate();
  const empty = phrase.terms.length === 0 && phrase.statuses.length === 0 && !phrase.kind && !from && !to;
  return empty ? { ok: false, reason: 'empty' } : { ok: true, phrase };
}
