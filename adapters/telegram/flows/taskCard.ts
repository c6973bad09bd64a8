// Task cards and their buttons: Accept, Complete (a report, optionally with a photo), Approve, Return (with a
// reason), Extend (a new deadline in Russian and a reason), Cancel (with a reason).
import { formatDeadline, parseDeadline } from '../deadline.js';
import { texts } from '../texts.js';
import type { Flow } from '../turn.js';
import { askForText, buttonNumber, meta, requireActive, showTask, succeeded, typedText } from './common.js';

const TASK_TEXT = 'taskText';
type TextStep = 'report' | 'return' | 'cancel' | 'extendDeadline' | 'extendReason';

const askFor = (step: TextStep, prompt: (n: number) => string) => askForText(TASK_TEXT, step, prompt);

export const taskCardFlow: Flow = {
  callbacks: {
    showTask: async (turn, args) => {
      const number = buttonNumber(turn, args);
      if (number !== undefined && requireActive(turn)) await showTask(turn, number);
    },
    acceptTask: async (turn, args) => {
      const number = buttonNumber(turn, args);
      if (number === undefined || !requireActive(turn)) return;
      if (succeeded(turn, await turn.deps.commands.acceptTask(meta(turn), number))) turn.reply(texts.task.accepted(number));
    },
    approveTask: async (turn, args) => {
      const number = buttonNumber(turn, args);
      if (number === undefined || !requireActive(turn)) return;
      if (succeeded(turn, await turn.deps.commands.approveTask(meta(turn), number))) turn.reply(texts.task.approved(number));
    },
    completeTask: askFor('report', texts.task.askReport),
    returnTask: askFor('return', texts.task.askReturnReason),
    cancelTask: askFor('cancel', texts.task.askCancelReason),
    extendTask: askFor('extendDeadline', texts.task.askNewDeadline),
  },
  steps: {
    [TASK_TEXT]: async (turn, draft, input) => {
      const number = Number(draft.data.number);
      const text = input.photo && !input.text ? texts.common.none : typedText(turn, input.text);
      if (!text) return;
      const { commands } = turn.deps;
      const m = meta(turn);
      switch (draft.step as TextStep) {
        case 'extendDeadline': {
          const deadline = parseDeadline(text, turn.now, turn.deps.zone);
          if (!deadline.ok) return turn.reply(texts.deadline[deadline.error]);
          await turn.saveDraft({ ...draft, step: 'extendReason', data: { number, deadline: deadline.iso } });
          return turn.reply(texts.task.askExtendReason(number, formatDeadline(deadline.at, turn.deps.zone)));
        }
        case 'extendReason': {
          const deadline = String(draft.data.deadline);
          await turn.clearDraft();
          if (succeeded(turn, await commands.extendDeadline(m, number, deadline, text))) {
            turn.reply(texts.task.extended(number, formatDeadline(deadline, turn.deps.zone)));
          }
          return;
        }
        case 'report':
          await turn.clearDraft();
          if (succeeded(turn, await commands.completeTask(m, number, text, input.photo ?? null))) turn.reply(texts.task.completed(number));
          return;
        case 'return':
          await turn.clearDraft();
          if (succeeded(turn, await commands.returnTask(m, number, text))) turn.reply(texts.task.returned(number));
          return;
        case 'cancel':
          await turn.clearDraft();
          if (succeeded(turn, await commands.cancelTask(m, number, text))) turn.reply(texts.task.cancelled(number));
          return;
        default:
          await turn.clearDraft();
          turn.reply(texts.common.expired);
      }
    },
  },
};
