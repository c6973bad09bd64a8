// One notion of a room's number for everything that names a room: the room aggregate's slug (`204`, `12a`,
// `sportzal`), whether it comes from the school's list, a poster's link, a ticket's place ("каб. 12А") or a
// technician typing it. The Cyrillic letter after a number is spelled in latin ("12а" → "12a"), as a room's number
// must be (it travels in links).
import { roomNumberSchema } from './events.js';

const LATIN: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'j', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'ch', ш: 'sh', щ: 'sch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** "204", "каб. 12А", "кабинет 204", "№ 12а" → the room's number ("204", "12a"); undefined when it cannot be one. */
export function normalizeRoomNumber(typed: string): string | undefined {
  const bare = typed
    .trim()
    .toLowerCase()
    .replace(/^(?:кабинет|каб\.?|№)\s*/u, '')
    .replace(/\s+/g, '');
  // Cyrillic only as the one letter after a number ("12а"): other words are no room ("у входа").
  if (/[а-яё]/u.test(bare) && !/^\d+[а-яё]$/u.test(bare)) return undefined;
  const latin = [...bare].map((letter) => LATIN[letter] ?? letter).join('');
  return roomNumberSchema.safeParse(latin).success ? latin : undefined;
}

/** The room a ticket's place names: its first number, with one letter after it ("каб. 12А" → "12a"); null when none. */
export function roomOfPlace(place: string): string | null {
  const found = /(?:^|[^\p{L}\p{N}])(\d{1,4}(?:\p{L}(?!\p{L}))?)/u.exec(place);
  return (found && normalizeRoomNumber(found[1]!)) ?? null;
}
