// The "Фото (N)" button of a ticket card: the photos the ticket was opened with, sent back as a reply (an
// album when there are several). Whoever may see the card may see its photos: the same check as the card's.
import { texts } from '../texts.js';
import type { Flow } from '../turn.js';
import { buttonNumber, requireActive } from './common.js';

export const ticketPhotosFlow: Flow = {
  callbacks: {
    ticketPhotos: async (turn, args) => {
      const number = buttonNumber(turn, args);
      if (number === undefined || !requireActive(turn)) return;
      const ticket = await turn.deps.read.ticketByNumber(number, turn.now);
      if (!ticket) return turn.reply(texts.ticketCard.notFound(number));
      const photos = (ticket.photoIds ?? []).map((fileId) => ({ fileId }));
      if (photos.length === 0) return turn.reply(texts.ticketPhotos.none(number));
      turn.send({ text: texts.ticketPhotos.caption(number), photos });
    },
  },
};

