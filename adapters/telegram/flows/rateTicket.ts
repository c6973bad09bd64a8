// The author's rating of a resolution (issue 14, item 6): "Оцените решение" comes with 1–5 once the author
// confirmed it or it closed itself (authorNotices.ts). A press rates; the bot then offers an optional comment
// ("Пропустить" ends it). The comment is the same rating again, with words: a second rating within a day
// replaces the first (the domain's rule). A button names the resolution it rates, so one left from before a
// reopening is refused politely rather than rating the new resolution; a forged one is refused by the domain.
import { resolutionKey } from '../authorNotices.js';
import { encodeCallback } from '../callbackData.js';
import { texts } from '../texts.js';
import { button, type Flow } from '../turn.js';
import { buttonNumber, request, requireActive, succeeded, typedText } from './common.js';

const RATING_COMMENT = 'rateComment';
/** `4-lq2k8x`: the rating and the resolution's key. */
const RATING_ARG = /^([1-5])-([0-9a-z]{1,12})$/;

export const rateTicketFlow: Flow = {
  callbacks: {
    rateTicket: async (turn, args) => {
      const number = buttonNumber(turn, args);
      if (number === undefined || !requireActive(turn)) return;
      const parsed = RATING_ARG.exec(args[1] ?? '');
      if (!parsed) return turn.reply(texts.common.staleButton);
      const rating = Number(parsed[1]);
      const ticket = await turn.deps.read.ticketByNumber(number, turn.now);
      if (ticket && ticket.authorId !== turn.userId) return turn.reply(texts.rating.notYours);
      // A ticket still shown resolved may be the read model lagging the close a moment: the domain decides then.
      const past = ticket && (!ticket.resolvedAt || resolutionKey(ticket.resolvedAt) !== parsed[2] || !['closed', 'resolved'].includes(ticket.status));
      if (past) {
        return turn.reply(texts.rating.stale);
      }
      const result = await turn.deps.school.rateTicket(turn.person, { number, rating }, request(turn));
      if (!succeeded(turn, result)) return;
      await turn.saveDraft({ flow: RATING_COMMENT, step: 'comment', data: { number, rating } });
      turn.reply(texts.rating.thanks(rating), [[button(texts.rating.skip, encodeCallback('skipRatingComment', number))]]);
    },
    skipRatingComment: async (turn, args) => {
      const number = buttonNumber(turn, args);
      if (number === undefined || !requireActive(turn)) return;
      const draft = await turn.draft();
      if (draft?.flow === RATING_COMMENT && Number(draft.data.number) === number) await turn.clearDraft();
      turn.reply(texts.rating.skipped);
    },
  },
  steps: {
    [RATING_COMMENT]: async (turn, draft, input) => {
      const number = Number(draft.data.number);
      const rating = Number(draft.data.rating);
      const comment = typedText(turn, input.text);
      if (!comment) return;
      await turn.clearDraft();
      if (succeeded(turn, await turn.deps.school.rateTicket(turn.person, { number, rating, comment }, request(turn)))) turn.reply(texts.rating.commented);
    },
  },
};
