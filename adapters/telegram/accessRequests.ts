// The admins' message about requests for access (issue 18): for each request, the name the person typed and
// what Telegram said of the account when they asked (id, @username, the account's own names, language,
// Premium, a hint from the id that it is new), and a warning when the name is that of somebody on the staff —
// anyone can type the director's name. The requests waiting for one admin leave together as one message
// (a few per message; past a cap, "и ещё N"), each with Одобрить and Отклонить; a lone request with the role
// buttons at once. A request decided before its
// message leaves is dropped; one decided later answers its buttons with who decided it (flows/staff.ts).
import { DateTime } from 'luxon';
import type { PendingMessage } from '../../application/ports/outbox.js';
import type { StaffView } from '../../application/ports/readModels.js';
import { namesMatch } from '../../domain/index.js';
import { ROLES } from '../../domain/shared/values.js';
import { encodeCallback } from './callbackData.js';
import type { NoticeBatch, RenderContext } from './notificationTexts.js';
import type { InlineButton } from './sendQueue.js';
import { TEXT_LIMIT } from './splitText.js';
import { texts } from './texts.js';
import { button } from './turn.js';

export type AccessRequest = Extract<PendingMessage, { kind: 'staff_request' }>;
export const isAccessRequest = (message: PendingMessage): message is AccessRequest => message.kind === 'staff_request';

/** Requests in one message: each is a block of a few lines and a row of two buttons. */
export const REQUESTS_PER_MESSAGE = 5;
/** Messages one batch sends an admin at most; the requests past them are counted in the last one. */
export const REQUEST_MESSAGES_MAX = 2;
/**
 * Telegram gives no account creation date, but user ids grow over time; ids past this one were handed out
 * from about 2025 on. A rough hint, worded as one.
 */
export const RECENT_ACCOUNT_ID = 8_000_000_000;
/** A request with this name turned down within this long is mentioned. */
const REJECTED_RECENTLY_MS = 30 * 24 * 3_600_000;
/** People read for the name check (a school's staff is well under this). */
const DIRECTORY_LIMIT = 1_000;

const r = texts.registration;

/** A role button each (a technician is approved through the category picker: which tickets they get). */
export const roleButtons = (telegramId: string): InlineButton[][] =>
  ROLES.map((role) => [
    button(texts.roles[role] ?? role, role === 'technician' ? encodeCallback('staffCategories', telegramId, 'A0') : encodeCallback('approveStaff', telegramId, role)),
  ]);

/** Отклонить, under the role buttons of a lone request (and of /staff's pending people). */
export const rejectRow = (telegramId: string): InlineButton[] => [button(r.rejectButton(''), encodeCallback('rejectRequest', telegramId))];

/** The approve and reject buttons of one request in a list; `who` names it. */
export const requestButtons = (telegramId: string, who: string): InlineButton[] => [
  button(r.approveButton(who), encodeCallback('approveRequest', telegramId)),
  button(r.rejectButton(who), encodeCallback('rejectRequest', telegramId)),
];

/** The lines about the account: what Telegram told at the request, and the id's hint. */
function accountLines(p: AccessRequest['payload']): string[] {
  const lines = [r.requestAccount(p.telegramId, p.username)];
  const telegramName = [p.telegram?.firstName, p.telegram?.lastName].filter(Boolean).join(' ');
  const extras = [p.telegram?.languageCode ? r.requestLanguage(p.telegram.languageCode) : '', p.telegram?.isPremium ? r.requestPremium : ''].filter(Boolean);
  if (telegramName || extras.length > 0) lines.push([telegramName ? r.requestTelegramName(telegramName) : '', ...extras].filter(Boolean).join('; '));
  if (Number(p.telegramId) >= RECENT_ACCOUNT_ID) lines.push(r.requestRecentAccount);
  return lines;
}

/** Warnings: the name is an active staff member's, or a request with it was turned down lately. */
function warningLines(p: AccessRequest['payload'], people: readonly StaffView[], context: RenderContext): string[] {
  const others = people.filter((person) => person.telegramId !== p.telegramId && namesMatch(p.fullName, person.fullName));
  const taken = others.filter((person) => person.status === 'active').map((person) => r.requestNameTaken(person.fullName, texts.roles[person.role ?? ''] ?? '—'));
  const since = context.now.getTime() - REJECTED_RECENTLY_MS;
  const rejected = others
    .filter((person) => person.status === 'inactive' && person.role === null && person.updatedAt.getTime() >= since)
    .map((person) => r.requestNameRejected(person.fullName, DateTime.fromJSDate(person.updatedAt, { zone: context.zone }).setLocale('ru').toFormat('d MMMM'), person.telegramId));
  return [...taken, ...rejected];
}

const surnameOf = (fullName: string) => fullName.split(' ')[0] ?? fullName;

interface Block {
  request: AccessRequest;
  lines: string[];
}

/** One message of requests: the lone one as before, or a list numbered on from `from` (a later page goes on). */
function messageOf(blocks: readonly Block[], total: number, more: number, from = 0): NoticeBatch['send'][number]['message'] {
  const [only] = blocks;
  if (total === 1 && only) {
    const p = only.request.payload;
    // A lone request carries the role buttons at once, as it always did.
    return { text: [r.requestOne(p.fullName), ...only.lines, r.requestChooseRole].join('\n'), keyboard: [...roleButtons(p.telegramId), rejectRow(p.telegramId)] };
  }
  const text = [
    r.requestsTitle(total),
    ...blocks.map((block, i) => ['', r.requestItem(from + i + 1, block.request.payload.fullName), ...block.lines].join('\n')),
    ...(more > 0 ? ['', r.requestsMore(more)] : []),
    '',
    r.requestRoleLater,
  ].join('\n');
  // Each row names its request by number and surname (two Ивановы may ask at once).
  const keyboard = blocks.map((block, i) => requestButtons(block.request.payload.telegramId, `${from + i + 1}. ${surnameOf(block.request.payload.fullName)}`));
  return { text, keyboard };
}

/**
 * The requests waiting for one admin, as few messages as read well. Numbered across the messages of a batch;
 * the title counts them all.
 */
export async function renderAccessRequests(requests: readonly AccessRequest[], context: RenderContext): Promise<NoticeBatch> {
  const batch: NoticeBatch = { send: [], drop: [] };
  const [views, people] = await Promise.all([
    Promise.all(requests.map((request) => context.read.staffById(request.payload.telegramId))),
    context.read.staffDirectory({ limit: DIRECTORY_LIMIT, statuses: ['active', 'inactive'] }),
  ]);
  // One request per person (a redelivered row, or the same person asked twice), oldest first.
  const seen = new Set<string>();
  const waiting = [...requests].sort((a, b) => a.payload.registeredAt.localeCompare(b.payload.registeredAt)).filter((request) => {
    const view = views[requests.indexOf(request)];
    // Not projected yet is no reason to keep it from the admins; decided is.
    const decided = view !== undefined && view.status !== 'pending';
    if (decided || seen.has(request.payload.telegramId)) {
      batch.drop.push({ id: request.id, reason: decided ? `the request is ${view.status} now` : 'the same request is in this message' });
      return false;
    }
    seen.add(request.payload.telegramId);
    return true;
  });
  const blocks = waiting.map((request) => ({ request, lines: [...accountLines(request.payload), ...warningLines(request.payload, people, context)] }));
  const shown = blocks.slice(0, REQUESTS_PER_MESSAGE * REQUEST_MESSAGES_MAX);
  const more = blocks.length - shown.length;
  // Pages of at most REQUESTS_PER_MESSAGE, each within Telegram's text limit (a long block starts a new page).
  const pages: Block[][] = [];
  for (const block of shown) {
    const page = pages.at(-1);
    const candidate = page ? [...page, block] : [block];
    if (page && page.length < REQUESTS_PER_MESSAGE && messageOf(candidate, blocks.length, more).text.length <= TEXT_LIMIT) page.push(block);
    else pages.push([block]);
  }
  let from = 0;
  pages.forEach((page, index) => {
    const last = index === pages.length - 1;
    // The requests past the cap travel with the last message: counted there, marked sent with it.
    const ids = [...page.map((block) => block.request.id), ...(last ? blocks.slice(shown.length).map((block) => block.request.id) : [])];
    batch.send.push({ message: messageOf(page, blocks.length, last ? more : 0, from), ids });
    from += page.length;
  });
  return batch;
}
