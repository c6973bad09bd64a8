// The buttons of a deadline's echo: a reading of an ambiguous phrase ("сегодня или 11 декабря?"), or the
// school-time alternative / keeping the chosen deadline. The wizard that asked goes on with the deadline.
import { DEADLINE_CHOICE, pickedDeadline } from '../deadline/reply.js';
import { texts } from '../texts.js';
import type { Flow } from '../turn.js';
import { NEW_TASK, confirmTaskDeadline } from './newTask.js';
import { TASK_TEXT, askExtendReason } from './taskCard.js';

export const deadlineChoiceFlow: Flow = {
  callbacks: {
    pickDeadline: async (turn, [index]) => {
      const draft = await turn.draft();
      if (!draft || draft.step !== DEADLINE_CHOICE || (draft.flow !== NEW_TASK && draft.flow !== TASK_TEXT)) return turn.reply(texts.common.expired);
      const deadline = await pickedDeadline(turn, draft, index);
      if (deadline === undefined) return;
      if (draft.flow === NEW_TASK) return confirmTaskDeadline(turn, draft, deadline);
      return askExtendReason(turn, draft, deadline);
    },
  },
};
