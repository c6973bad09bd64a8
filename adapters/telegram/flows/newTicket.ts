// /new: a guided ticket (category → place → description → optional photos → confirm) and the one-line
// shortcut `/new <text>` for people in a hurry. The draft lives in the conversation store.
import { cutToUnits, LOCATION_MAX, PHOTOS_MAX, shortenTo, TEXT_MAX } from '../../../domain/index.js';
import type { Photo } from '../../../domain/shared/values.js';
import { encodeCallback } from '../callbackData.js';
import { categoryName, texts } from '../texts.js';
import { button, type Draft, type Flow, type Turn } from '../turn.js';
import { isActive } from '../cards.js';
import { request, requireActive, succeeded, typedText } from './common.js';
import { deepLink, inGroup, resumeFromLink } from './groupHandoff.js';
import { OFFER_STEP, offerDuplicates } from './duplicates.js';

export const NEW_TICKET = 'newTicket';
/** A title cut from the description's first line: short enough for a list line. */
const TITLE_LENGTH = 80;
const CATEGORY_BUTTONS_PER_ROW = 2;

interface TicketDraft {
  category?: string;
  location?: string;
  description?: string;
  photos?: Photo[];
}

const titleOf = (description: string) => {
  const firstLine = description.split('\n')[0]!.trim();
  return shortenTo(firstLine, TITLE_LENGTH);
};

/** "каб. 204", "в 204", "кабинет 12а" → the room; otherwise the text says nothing about a place. */
export function locationFromText(text: string): string | undefined {
  const match = /(?:каб(?:инет(?:е)?)?\.?\s*|в\s+|№\s*)(\d{1,4}[а-я]?)(?=[\s,.!]|$)/i.exec(text);
  return match ? `каб. ${match[1]!}` : undefined;
}

const confirmKeyboard = () => [
  [button(texts.newTicket.send, encodeCallback('confirmDraft')), button(texts.newTicket.discard, encodeCallback('discardDraft'))],
];

function askConfirm(turn: Turn, data: TicketDraft): void {
  turn.reply(
    texts.newTicket.confirm(categoryName(data.category ?? 'other'), data.location ?? '', data.description ?? '', data.photos?.length ?? 0),
    confirmKeyboard(),
  );
}

/** Sends the ticket described by the draft (the confirm button of the guided flow). */
export async function submitTicket(turn: Turn, draft: Draft): Promise<void> {
  const data = draft.data as TicketDraft;
  if (!data.category || !data.location || !data.description) return turn.reply(texts.common.expired);
  const result = await turn.deps.school.openTicket(
    turn.person,
    {
      title: titleOf(data.description),
      description: data.description,
      category: data.category,
      location: data.location,
      photos: data.photos ?? [],
    },
    request(turn),
  );
  await turn.clearDraft();
  if (succeeded(turn, result)) turn.reply(texts.newTicket.created(result.number));
}

async function shortcut(turn: Turn, text: string): Promise<void> {
  if (text.length > TEXT_MAX) return turn.reply(texts.newTicket.tooLong(TEXT_MAX));
  const result = await turn.deps.school.openTicket(
    turn.person,
    {
      title: titleOf(text),
      description: text,
      category: 'other',
      location: locationFromText(text) ?? texts.newTicket.locationUnknown,
      photos: [],
    },
    request(turn),
  );
  if (succeeded(turn, result)) turn.reply(texts.newTicket.created(result.number));
}

/**
 * Starts the guided flow at the category; what `known` already says (a description typed before, a place read
 * from it) is not asked again.
 */
export async function startTicketWizard(turn: Turn, known: Pick<TicketDraft, 'description' | 'location'> = {}): Promise<void> {
  await turn.saveDraft({ flow: NEW_TICKET, step: 'category', data: { ...known } });
  const buttons = turn.deps.categories.map((slug) => button(categoryName(slug), encodeCallback('pickCategory', slug)));
  const keyboard = [];
  for (let i = 0; i < buttons.length; i += CATEGORY_BUTTONS_PER_ROW) keyboard.push(buttons.slice(i, i + CATEGORY_BUTTONS_PER_ROW));
  turn.reply(texts.newTicket.chooseCategory, keyboard);
}

/** The deep link's payload that opens the private chat at the new-ticket wizard (`/new` in a group gives it). */
export const NEW_TICKET_LINK = 'new';

/**
 * `/start <payload>` from a deep link, for an active person in private: `new` starts the wizard, `tr_12` (from
 * a group) asks again for the words a button there needs. False when the payload is none of ours (or the
 * person is not active yet: /start registers them first).
 */
export async function startFromLink(turn: Turn, payload: string): Promise<boolean> {
  if (!isActive(turn.person) || inGroup(turn)) return false;
  if (payload === NEW_TICKET_LINK) {
    await startTicketWizard(turn);
    return true;
  }
  return resumeFromLink(turn, payload);
}

/** After the category or the place: the next thing not yet known. */
async function askNext(turn: Turn, draft: Draft, data: TicketDraft): Promise<void> {
  const step = !data.location ? 'location' : !data.description ? 'description' : 'photo';
  // Described already (the words offer): the likely duplicates come first, as after a typed description.
  if (step === 'photo' && (await offerDuplicates(turn, draft, data))) return;
  await turn.saveDraft({ ...draft, step, data: { ...data } });
  if (step === 'location') return turn.reply(texts.newTicket.askLocation);
  if (step === 'description') return turn.reply(texts.newTicket.askDescription);
  turn.reply(texts.newTicket.askPhoto, [[button(texts.newTicket.skipPhoto, encodeCallback('skipPhoto'))]]);
}

export const newTicketFlow: Flow = {
  commands: {
    new: async (turn, args) => {
      // A group reads no wizard's answers: the link opens the private chat at the wizard.
      if (inGroup(turn)) return turn.reply(texts.groups.newInPrivate(deepLink(turn, NEW_TICKET_LINK)));
      if (!requireActive(turn)) return;
      if (args) return shortcut(turn, args);
      await startTicketWizard(turn);
    },
  },
  callbacks: {
    pickCategory: async (turn, [slug]) => {
      const draft = await turn.draft();
      if (!draft || draft.flow !== NEW_TICKET || !slug || !turn.deps.categories.includes(slug)) {
        return turn.reply(texts.common.expired);
      }
      await askNext(turn, draft, { ...(draft.data as TicketDraft), category: slug });
    },
    skipPhoto: async (turn) => {
      const draft = await turn.draft();
      if (!draft || draft.flow !== NEW_TICKET || draft.step !== 'photo') return turn.reply(texts.common.expired);
      await turn.saveDraft({ ...draft, step: 'confirm' });
      askConfirm(turn, draft.data as TicketDraft);
    },
  },
  steps: {
    [NEW_TICKET]: async (turn, draft, input) => {
      const data = draft.data as TicketDraft;
      if (draft.step === 'photo' || (draft.step === 'confirm' && input.photo)) {
        if (!input.photo) return turn.reply(texts.newTicket.askPhoto, [[button(texts.newTicket.skipPhoto, encodeCallback('skipPhoto'))]]);
        const photos = [...(data.photos ?? []), input.photo].slice(0, PHOTOS_MAX);
        await turn.saveDraft({ ...draft, step: 'confirm', data: { ...data, photos } });
        return askConfirm(turn, { ...data, photos });
      }
      if (draft.step === OFFER_STEP) return turn.reply(texts.dupes.offerHint);
      if (draft.step === 'category' || draft.step === 'confirm') {
        return turn.reply(draft.step === 'category' ? texts.newTicket.chooseCategory : texts.newTicket.confirmHint);
      }
      const text = typedText(turn, input.text);
      if (!text) return;
      if (draft.step === 'location') {
        return askNext(turn, draft, { ...data, location: cutToUnits(text, LOCATION_MAX) });
      }
      if (text.length > TEXT_MAX) return turn.reply(texts.newTicket.tooLong(TEXT_MAX));
      // Before the photo: "Об этом уже сообщили" when an open ticket is probably the same problem.
      if (await offerDuplicates(turn, draft, { ...data, description: text })) return;
      await turn.saveDraft({ ...draft, step: 'photo', data: { ...data, description: text } });
      turn.reply(texts.newTicket.askPhoto, [[button(texts.newTicket.skipPhoto, encodeCallback('skipPhoto'))]]);
    },
  },
};
