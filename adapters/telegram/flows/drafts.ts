// The confirm and discard buttons under a wizard's summary: they act on whichever draft is active.
import { texts } from '../texts.js';
import type { Flow } from '../turn.js';
import { NEW_TICKET, submitTicket } from './newTicket.js';
import { NEW_TASK, submitTask } from './newTask.js';

export const draftsFlow: Flow = {
  callbacks: {
    confirmDraft: async (turn) => {
      const draft = await turn.draft();
      if (draft?.flow === NEW_TICKET && draft.step === 'confirm') return submitTicket(turn, draft);
      if (draft?.flow === NEW_TASK && draft.step === 'confirm') return submitTask(turn, draft);
      turn.reply(texts.common.expired);
    },
    discardDraft: async (turn) => {
      const draft = await turn.draft();
      if (!draft) return turn.reply(texts.common.expired);
      await turn.clearDraft();
      turn.reply(texts.newTicket.discarded);
    },
  },
};
