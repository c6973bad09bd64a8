// /start registration (full name → pending, with what Telegram says of the account; the admins hear of it
// through the outbox and decide in flows/staff.ts; an admin from ADMIN_TELEGRAM_IDS is asked their name too,
// so greetings and history show it), /help by role, /cancel, and what a message outside any step gets: a
// stranger is sent to /start, staff are offered a ticket with the words they wrote.
import { TEXT_MAX, type TelegramProfile } from '../../../domain/index.js';
import { encodeCallback } from '../callbackData.js';
import { hasRole, isActive, isManager, nameOf } from '../cards.js';
import { texts } from '../texts.js';
import { button, type Flow, type Turn } from '../turn.js';
import { refusalText, request, requireActive, typedText } from './common.js';
import { locationFromText, startFromLink, startTicketWizard } from './newTicket.js';
import { startFromRoomLink } from './roomLink.js';

const REGISTER = 'register';
/** The offer "open a ticket with this text?": the text waits in the draft (never in a button) until the press. */
const OFFER_TICKET = 'offerTicket';
/** A full name: at least a first name and a surname, and not initials alone. */
const NAME_WORDS_MIN = 2;
const NAME_LENGTH_MIN = 5;

function helpFor(turn: Turn): string {
  const h = texts.help;
  const person = turn.person;
  const lines = [...h.common];
  if (hasRole(person, 'technician', 'admin')) lines.push(...h.technician);
  if (isManager(person)) lines.push(...h.manager);
  if (hasRole(person, 'technician') || isManager(person)) lines.push(...h.merge);
  if (hasRole(person, 'auditor')) lines.push(...h.auditor);
  if (hasRole(person, 'admin')) lines.push(...h.admin);
  return lines.join('\n');
}

/** What Telegram says of the speaker's account, kept with their request for the admins to judge by. */
function telegramProfile(turn: Turn): TelegramProfile {
  const from = turn.ctx.from;
  return {
    ...(from?.first_name ? { firstName: from.first_name } : {}),
    ...(from?.last_name ? { lastName: from.last_name } : {}),
    ...(from?.language_code ? { languageCode: from.language_code } : {}),
    ...(from?.is_premium ? { isPremium: true } : {}),
  };
}

/** Words written outside any step: offer to open a ticket with them (a later message replaces the earlier). */
async function offerTicket(turn: Turn, typed: string | undefined): Promise<void> {
  const text = typed?.trim();
  if (!text) return turn.reply(texts.common.unknown);
  if (text.length > TEXT_MAX) return turn.reply(texts.newTicket.tooLong(TEXT_MAX));
  await turn.saveDraft({ flow: OFFER_TICKET, step: 'offer', data: { text } });
  turn.reply(texts.freeText.offer, [
    [button(texts.freeText.open, encodeCallback('offerTicket')), button(texts.freeText.no, encodeCallback('declineOffer'))],
  ]);
}

export const startFlow: Flow = {
  commands: {
    start: async (turn, payload) => {
      if (payload && (await startFromLink(turn, payload))) return; // deep links: `new`, and `tr_12` from a group
      if (await startFromRoomLink(turn)) return; // `room_204` from a door's QR poster
      const person = turn.person;
      // An admin by configuration acts before registering; the first /start asks their name all the same.
      if (isActive(person) && person.fullName === null && turn.deps.adminIds.includes(person.telegramId)) {
        await turn.saveDraft({ flow: REGISTER, step: 'name', data: {} });
        return turn.reply(texts.registration.askAdminName);
      }
      if (isActive(person)) return turn.reply(texts.registration.welcomeBack(nameOf(person)));
      if (person.status === 'pending') return turn.reply(texts.registration.alreadyPending);
      if (person.status === 'inactive') return turn.reply(texts.registration.deactivated);
      await turn.saveDraft({ flow: REGISTER, step: 'name', data: {} });
      turn.reply(texts.registration.askName);
    },
    help: (turn) => {
      if (turn.person.status === 'none') return Promise.resolve(turn.reply(texts.common.notRegistered));
      turn.reply(helpFor(turn));
      return Promise.resolve();
    },
    cancel: async (turn) => {
      const draft = await turn.draft();
      if (!draft) return turn.reply(texts.common.nothingToCancel);
      await turn.clearDraft();
      turn.reply(texts.common.cancelled);
    },
  },
  steps: {
    [REGISTER]: async (turn, _draft, input) => {
      const fullName = typedText(turn, input.text)?.replace(/\s+/g, ' ');
      if (!fullName) return;
      if (fullName.split(' ').length < NAME_WORDS_MIN || fullName.length < NAME_LENGTH_MIN) return turn.reply(texts.registration.nameTooShort);
      const result = await turn.deps.school.register(turn.person, { fullName, username: turn.username, telegram: telegramProfile(turn) }, request(turn));
      await turn.clearDraft();
      if (!result.ok) return turn.reply(refusalText(result.refusal));
      // A configured admin is approved by the same command.
      if (result.events.some((event) => event.type === 'StaffApproved')) return turn.reply(texts.registration.adminNamed(fullName));
      // The admins are asked by the notifications reaction (one message for the requests of a minute).
      turn.reply(texts.registration.pending);
    },
    [OFFER_TICKET]: (turn, _draft, input) => offerTicket(turn, input.text),
  },
  callbacks: {
    offerTicket: async (turn) => {
      const draft = await turn.draft();
      const text = draft?.flow === OFFER_TICKET && typeof draft.data.text === 'string' ? draft.data.text : undefined;
      if (!text) return turn.reply(texts.common.expired);
      if (!requireActive(turn)) return turn.clearDraft();
      const location = locationFromText(text);
      await startTicketWizard(turn, { description: text, ...(location ? { location } : {}) });
    },
    declineOffer: async (turn) => {
      const draft = await turn.draft();
      if (draft?.flow === OFFER_TICKET) await turn.clearDraft();
      turn.reply(texts.freeText.declined);
    },
  },
  fallback: async (turn, input) => {
    if (turn.person.status === 'none') return turn.reply(texts.common.notRegistered);
    if (requireActive(turn)) await offerTicket(turn, input.text);
  },
};
