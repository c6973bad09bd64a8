// Groups (the technicians' chat) read no plain text from the bot's point of view, so an action that needs words
// (a resolution, a comment, a reason) pressed there goes on in the person's private chat with the bot: the
// draft is kept under their private chat, the question is asked there, and the group is told in a line, with a
// deep link (`?start=tr_12`) that opens the private chat and asks again. The link is always in that line, since
// whether Telegram lets the bot write first (403 for someone who never started it) is known only later.
import { decodeCallback, VERBS } from '../callbackData.js';
import { nameOf, shortName } from '../cards.js';
import { texts } from '../texts.js';
import type { Draft, Turn } from '../turn.js';

/** What a words draft carries besides its number, to ask again when the deep link is opened. */
interface HandoffData {
  /** The deep-link payload that resumes this draft. */
  link?: unknown;
  prompt?: unknown;
}

/** `tr_12`: the pressed button's code and the item's number (deep-link payloads allow [A-Za-z0-9_-], ≤ 64). */
const RESUME_PAYLOAD = /^([a-z]{2})_(\d{1,9})$/;

export const inGroup = (turn: Turn): boolean => turn.ctx.chat !== undefined && turn.ctx.chat.type !== 'private';

/** A link that opens the private chat with the bot and sends it `/start <payload>`. */
export const deepLink = (turn: Turn, payload: string): string => `https://t.me/${turn.ctx.botInfo.username}?start=${payload}`;

/** The payload resuming the words action pressed in this update on item `number`. */
function resumePayloadOf(turn: Turn, number: number): string {
  const press = turn.ctx.callbackQuery;
  const action = press && 'data' in press ? decodeCallback(press.data) : undefined;
  return `${action ? VERBS[action.verb] : 'w'}_${number}`;
}

/**
 * A words action pressed in a group: the draft goes to the speaker's private chat, the question is asked
 * there, and the group (the same forum topic) hears where it went on.
 */
export async function continuePrivately(turn: Turn, draft: Draft, number: number, prompt: string): Promise<void> {
  const payload = resumePayloadOf(turn, number);
  await turn.savePrivateDraft({ ...draft, data: { ...draft.data, link: payload, prompt } });
  const link = deepLink(turn, payload);
  const name = shortName(nameOf(turn.person));
  // Someone who blocked the bot would not get the question (it would wait for their return): the link alone.
  if (!turn.person.reachable) return turn.reply(texts.groups.openPrivateChat(name, link));
  // Their own action's answer, though in another chat: the reply lane (sent at once, not after a notice window).
  turn.send({ chatId: turn.userId, text: texts.groups.continueHere(prompt), lane: 'reply' });
  turn.reply(texts.groups.continuedPrivately(name, link));
}

/**
 * `/start tr_12` in private (the group's deep link): asks again the question the draft kept for it. False when
 * the payload is not such a link.
 */
export async function resumeFromLink(turn: Turn, payload: string): Promise<boolean> {
  if (!RESUME_PAYLOAD.test(payload)) return false;
  const draft = await turn.draft();
  const data = (draft?.data ?? {}) as HandoffData;
  if (data.link !== payload || typeof data.prompt !== 'string') {
    turn.reply(texts.groups.linkExpired);
    return true;
  }
  turn.reply(texts.groups.continueHere(data.prompt));
  return true;
}
