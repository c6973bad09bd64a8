// "Об этом уже сообщили" (issue 15, item 6). While a person opens a ticket (/new, the words offer, a room's QR
// code), once the problem is described the open tickets that are probably the same are offered first: joining
// one makes them its follower instead of the author of a duplicate; "Нет, у меня другое" goes on with their
// own ticket. With nothing likely the wizard goes on unchanged. A technician (or a manager) merges a duplicate
// into the ticket that stays: the card's "Объединить", or /merge 125 124.
import { DateTime } from 'luxon';
import type { DuplicateOffer } from '../../../application/ports/readModels.js';
import { encodeCallback } from '../callbackData.js';
import { isActive } from '../cards.js';
import { texts } from '../texts.js';
import { button, type Draft, type Flow, type Turn } from '../turn.js';
import { buttonNumber, parseNumber, refusalText, request, requireActive } from './common.js';
import { continuePrivately, inGroup } from './groupHandoff.js';

const d = texts.dupes;
/** The new-ticket wizard's draft (flows/newTicket.ts) and the step the offer waits at. */
const NEW_TICKET = 'newTicket';
export const OFFER_STEP = 'duplicates';
const MERGE = 'mergeTicket';

interface Described {
  category?: string;
  location?: string;
  description?: string;
  /** The tickets offered, so that only those buttons are honoured. */
  offered?: number[];
}

const askPhotoKeyboard = () => [[button(texts.newTicket.skipPhoto, encodeCallback('skipPhoto'))]];

/** "открыта вчера": whole days between the opening and now, in the school's time zone. */
function openedWhen(turn: Turn, openedAt: Date): string {
  const day = (at: Date) => DateTime.fromJSDate(at, { zone: turn.deps.zone }).startOf('day');
  return d.openedWhen(Math.round(day(turn.now).diff(day(openedAt), 'days').days));
}

/**
 * After the description: offers the likely duplicates and returns true, or returns false (nothing likely:
 * the caller goes on as before). Asks the read side once.
 */
export async function offerDuplicates(turn: Turn, draft: Draft, data: Described): Promise<boolean> {
  if (!data.description) return false;
  const place = data.location === texts.newTicket.locationUnknown ? '' : (data.location ?? '');
  const offers: DuplicateOffer[] = await turn.deps.read.likelyDuplicates(
    { text: data.description, place, category: data.category ?? null, excludeAuthor: turn.userId },
    turn.now,
  );
  if (offers.length === 0) return false;
  await turn.saveDraft({ ...draft, step: OFFER_STEP, data: { ...data, offered: offers.map((offer) => offer.number) } });
  const [first] = offers;
  const text =
    offers.length === 1 && first
      ? d.offerOne(first.number, first.title, openedWhen(turn, first.openedAt))
      : [d.offerMany, ...offers.map((offer) => d.offerLine(offer.number, offer.title, openedWhen(turn, offer.openedAt))), '', d.offerHint].join('\n');
  turn.reply(text, [
    ...offers.map((offer) => [button(d.joinButton(offer.number), encodeCallback('joinTicket', offer.number))]),
    [button(d.declineButton, encodeCallback('declineDuplicates'))],
  ]);
  return true;
}

/** The offer's draft, when `number` (if given) was one of the offered tickets; otherwise the stale reply. */
async function offerDraft(turn: Turn, number?: number): Promise<Draft | undefined> {
  const draft = await turn.draft();
  const offered = (draft?.data as Described | undefined)?.offered ?? [];
  if (!draft || draft.flow !== NEW_TICKET || draft.step !== OFFER_STEP || (number !== undefined && !offered.includes(number))) {
    turn.reply(d.staleOffer);
    return undefined;
  }
  return draft;
}

async function mergeInto(turn: Turn, number: number, into: number): Promise<void> {
  if (number === into) return turn.reply(d.mergeIntoItself);
  const result = await turn.deps.school.mergeTicket(turn.person, { number, into }, request(turn));
  if (result.ok) return turn.reply(d.merged(number, into));
  // A survivor that is no longer worked on has its own sentence; the rest are the usual refusals.
  const { refusal } = result;
  turn.reply(refusal.code === 'invalid_transition' && refusal.details.command === 'merge into' ? d.survivorNotLive(into) : refusalText(refusal));
}

export const duplicatesFlow: Flow = {
  commands: {
    /** `/merge 125 124`: ticket №125 is merged into №124. */
    merge: async (turn, args) => {
      if (!requireActive(turn)) return;
      const [number, into] = args.trim().split(/\s+/).map((part) => parseNumber(part));
      if (number === undefined || into === undefined) return turn.reply(d.mergeUsage);
      await mergeInto(turn, number, into);
    },
  },
  callbacks: {
    joinTicket: async (turn, args) => {
      const number = buttonNumber(turn, args);
      if (number === undefined || !requireActive(turn)) return;
      const draft = await offerDraft(turn, number);
      if (!draft) return;
      const result = await turn.deps.school.followTicket(turn.person, { number }, request(turn));
      if (!result.ok) {
        // The ticket closed meanwhile: the offer stays, so "Нет, у меня другое" still opens their own.
        const { refusal } = result;
        return turn.reply(refusal.code === 'invalid_transition' ? d.notLive(number) : refusal.code === 'no_change' ? d.alreadyAuthor(number) : refusalText(refusal));
      }
      await turn.clearDraft();
      turn.reply(d.joined(number));
    },
    declineDuplicates: async (turn) => {
      if (!requireActive(turn)) return;
      const draft = await offerDraft(turn);
      if (!draft) return;
      const { offered: _offered, ...data } = draft.data as Described;
      await turn.saveDraft({ ...draft, step: 'photo', data: { ...data } });
      turn.reply(`${d.declined}\n${texts.newTicket.askPhoto}`, askPhotoKeyboard());
    },
    mergeTicket: async (turn, args) => {
      const number = buttonNumber(turn, args);
      if (number === undefined || !requireActive(turn)) return;
      const role = turn.person.role;
      if (!isActive(turn.person) || !(role === 'technician' || role === 'deputy' || role === 'director' || role === 'admin')) {
        return turn.reply(texts.refusals.not_permitted);
      }
      const draft = { flow: MERGE, step: 'survivor', data: { number } };
      if (inGroup(turn)) return continuePrivately(turn, draft, number, d.askSurvivor(number));
      await turn.saveDraft(draft);
      turn.reply(d.askSurvivor(number));
    },
  },
  steps: {
    [MERGE]: async (turn, draft, input) => {
      const into = parseNumber(input.text);
      if (into === undefined) return turn.reply(d.notANumber);
      await turn.clearDraft();
      await mergeInto(turn, Number(draft.data.number), into);
    },
  },
};
