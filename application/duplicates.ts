// "Об этом уже сообщили" (issue 15, item 6): is an open ticket probably the problem a person is describing?
// The read side hands over the few open tickets that share a stemmed word with the description, or its room
// and category (one indexed query: adapters/postgres/readModels/duplicateQueries.ts); this scores each one.
// Measured on a labelled corpus: tests/bench/school/dupes.ts, docs/duplicates.md.
import { distance } from 'fastest-levenshtein';

/** What the person has told so far: their words and place (stemmed by the database), the category. */
export interface DuplicateProbe {
  /** The stemmed words of the description (PostgreSQL's `russian` configuration). */
  readonly lexemes: readonly string[];
  /** Null when the flow did not ask (the one-line /new). */
  readonly category: string | null;
  /** The stemmed words of the place ("каб. 204" → 204; "актовый зал" → актов, зал); empty when unknown. */
  readonly place: readonly string[];
}

export interface DuplicateCandidate {
  readonly number: number;
  readonly title: string;
  readonly openedAt: Date;
  /** The stemmed words of its title and description. */
  readonly lexemes: readonly string[];
  readonly room: string | null;
  readonly category: string;
  /** The stemmed words of its place. */
  readonly place: readonly string[];
}

/**
 * Words that say something is wrong, or where, but not what: they match between different problems
 * ("не работает" is in half the tickets), so they count for nothing.
 */
const GENERIC = new Set([
  'работа', 'слома', 'переста', 'кабинет', 'каб', 'класс', 'очен', 'срочн', 'пожалуйст', 'посмотр', 'помог', 'помощ', 'нужн',
  'сегодн', 'вчер', 'утр', 'ещ', 'все', 'ве', 'проблем', 'просьб', 'прош', 'случ', 'никак', 'эт', 'котор', 'этаж', 'школ',
  'урок', 'перем', 'врем', 'стал', 'снов',
]);

/** Words of a place that name no place by themselves. */
const PLACE_GENERIC = new Set(['каб', 'кабинет', 'этаж', 'указа']);

const placeOf = (lexemes: readonly string[]) => lexemes.filter((word) => !PLACE_GENERIC.has(word));

/**
 * Two stemmed words that are probably one word: the same, one a longer stem of the other ("спортза",
 * "спортзал"), or one slip apart ("праектор", two in a long word).
 */
export function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = a.length <= b.length ? a : b;
  const longer = shorter === a ? b : a;
  if (shorter.length >= 5 && longer.startsWith(shorter)) return true;
  if (shorter.length < 4 || longer.length - shorter.length > 2) return false;
  return distance(a, b) <= (shorter.length >= 7 ? 2 : 1);
}

const containsWord = (words: readonly string[], word: string) => words.some((other) => sameWord(other, word));

/** The words that may say what is wrong: not generic, not a number, not a word of either place. */
const meaningful = (lexemes: readonly string[], places: readonly string[]) => [
  ...new Set(lexemes.filter((word) => !GENERIC.has(word) && !ROOM.test(word) && !containsWord(places, word))),
];

const PLACE_WEIGHT = 0.3;
const CATEGORY_WEIGHT = 0.15;

/** Below this a ticket is not offered: on the corpus, more wrong offers than caught duplicates came from below. */
export const OFFER_THRESHOLD = 0.55;
/** At most this many tickets are offered at once. */
export const OFFER_MAX = 3;

/**
 * 0…~1.5: how probably `candidate` is the problem `probe` describes. A different room (both named) rules it
 * out: the projector in 204 is not the projector in 310. Shared meaningful words count most (overlap over the
 * shorter side); a typo is caught by the trigram similarity; the same room and the same category add to it.
 */
const ROOM = /^\d{1,4}\p{L}?$/u;

/** The room a place names ("каб. 204" → "204"), from its stemmed words; null when none. */
export const roomIn = (place: readonly string[]): string | null => place.find((word) => ROOM.test(word)) ?? null;

export function duplicateScore(probe: DuplicateProbe, candidate: DuplicateCandidate): number {
  const room = roomIn(probe.place);
  const sameRoom = room !== null && candidate.room !== null && room === candidate.room;
  if (room !== null && candidate.room !== null && !sameRoom) return 0;
  const mine = placeOf(probe.place);
  const theirs = placeOf(candidate.place);
  const samePlace = sameRoom || mine.some((word) => containsWord(theirs, word));
  // Both places told and nothing in common ("каб. 310" and "актовый зал"): another place, another problem.
  if (mine.length > 0 && theirs.length > 0 && !samePlace) return 0;
  const places = [...mine, ...theirs];
  const said = meaningful(probe.lexemes, places);
  const known = meaningful(candidate.lexemes, places);
  const shared = said.filter((word) => containsWord(known, word)).length;
  const words = shared / Math.max(1, Math.min(said.length, known.length));
  // Place and category alone (no word in common) are not enough: two problems in one room are common.
  if (words === 0) return 0;
  const sameCategory = probe.category !== null && probe.category === candidate.category;
  return words + (samePlace ? PLACE_WEIGHT : 0) + (sameCategory ? CATEGORY_WEIGHT : 0) - (probe.category !== null && !sameCategory ? CATEGORY_WEIGHT : 0);
}

/** The candidates worth offering, most probable first. */
export function likelyDuplicatesOf(probe: DuplicateProbe, candidates: readonly DuplicateCandidate[]): DuplicateCandidate[] {
  return candidates
    .map((candidate) => ({ candidate, score: duplicateScore(probe, candidate) }))
    .filter(({ score }) => score >= OFFER_THRESHOLD)
    .sort((a, b) => b.score - a.score || b.candidate.openedAt.getTime() - a.candidate.openedAt.getTime())
    .slice(0, OFFER_MAX)
    .map(({ candidate }) => candidate);
}
