// Task cards and their buttons: Accept, Complete (a report, optionally with a photo), Approve, Return (with a
// reason), Extend (a new deadline in Russian and a reason), Cancel (with a reason).
import { encodeCallback } from '../callbackData.js';
import { taskWordsRefusal, type TaskWordsAction } from '../cards.js';
import { formatDeadline } from '../deadline.js';
import { DEADLINE_CHOICE, readTypedDeadline } from '../deadline/reply.js';
import { texts } from '../texts.js';
import { button, type Draft, type Flow, type Turn } from '../turn.js';
import { askForText, buttonNumber, request, requireActive, showTask, succeeded, typedText, type WordsCheck } from './common.js';

export const TASK_TEXT = 'taskText';
type TextStep = 'report' | 'return' | 'cancel' | 'extendDeadline' | 'extendReason' | typeof DEADLINE_CHOICE;

/** Refuses at once someone the task's card would not offer this to; a task not yet projected goes on. */
const checkFor =
  (action: TaskWordsAction): WordsCheck =>
  async (turn, number) => {
    const task = await turn.deps.read.taskByNumber(number, turn.now);
    return task ? taskWordsRefusal(action, task, turn.person) : undefined;
  };

const askFor = (step: TextStep, prompt: (n: number) => string, action: TaskWordsAction) =>
  askForText(TASK_TEXT, step, prompt, checkFor(action));

/** The settled new deadline of a task: ask why it moves. */
export async function askExtendReason(turn: Turn, draft: Draft, deadline: string): Promise<void> {
  const number = Number(draft.data.number);
  await turn.saveDraft({ ...draft, step: 'extendReason', data: { number, deadline } });
  turn.reply(texts.task.askExtendReason(number, formatDeadline(deadline, turn.deps.zone)));
}

export const taskCardFlow: Flow = {
  callbacks: {
    showTask: async (turn, args) => {
      const number = buttonNumber(turn, args);
      if (number !== undefined && requireActive(turn)) await showTask(turn, number);
    },
    acceptTask: async (turn, args) => {
      const number = buttonNumber(turn, args);
      if (number === undefined || !requireActive(turn)) return;
      if (succeeded(turn, await turn.deps.school.acceptTask(turn.person, { number }, request(turn)))) {
        turn.reply(texts.task.accepted(number), [[button(texts.task.buttons.complete, encodeCallback('completeTask', number))]]);
      }
    },
    approveTask: async (turn, args) => {
      const number = buttonNumber(turn, args);
      if (number === undefined || !requireActive(turn)) return;
      if (succeeded(turn, await turn.deps.school.approveTask(turn.person, { number }, request(turn)))) turn.reply(texts.task.approved(number));
    },
    completeTask: askFor('report', texts.task.askReport, 'complete'),
    returnTask: askFor('return', texts.task.askReturnReason, 'return'),
    cancelTask: askFor('cancel', texts.task.askCancelReason, 'cancel'),
    extendTask: askFor('extendDeadline', texts.task.askNewDeadline, 'extend'),
  },
  steps: {
    [TASK_TEXT]: async (turn, draft, input) => {
      const number = Number(draft.data.number);
      const text = input.photo && !input.text ? texts.common.none : typedText(turn, input.text);
      if (!text) return;
      const { school } = turn.deps;
      const { person } = turn;
      const req = request(turn);
      switch (draft.step as TextStep) {
        case 'extendDeadline':
        case DEADLINE_CHOICE: {
          const deadline = await readTypedDeadline(turn, draft, text);
          if (deadline !== undefined) await askExtendReason(turn, draft, deadline);
          return;
        }
        case 'extendReason': {
          const deadline = String(draft.data.deadline);
          await turn.clearDraft();
          if (succeeded(turn, await school.extendDeadline(person, { number, newDeadline: deadline, reason: text }, req))) {
            turn.reply(texts.task.extended(number, formatDeadline(deadline, turn.deps.zone, 'genitive')));
          }
          return;
        }
        case 'report': {
          await turn.clearDraft();
          const photo = input.photo ?? null;
          const report = { number, report: text, photo };
          let result = await school.completeTask(person, report, req);
          // Completing a task one never pressed Accept on (an older card offered it): doing it is accepting it,
          // so the assignee accepts and then completes, as the state machine wants.
          if (!result.ok && result.refusal.code === 'invalid_transition' && (await school.acceptTask(person, { number }, request(turn, 'accept'))).ok) {
            result = await school.completeTask(person, report, request(turn, 'complete'));
          }
          if (succeeded(turn, result)) turn.reply(texts.task.completed(number));
          return;
        }
        case 'return':
          await turn.clearDraft();
          if (succeeded(turn, await school.returnTask(person, { number, reason: text }, req))) turn.reply(texts.task.returned(number));
          return;
        case 'cancel':
          await turn.clearDraft();
          if (succeeded(turn, await school.cancelTask(person, { number, reason: text }, req))) turn.reply(texts.task.cancelled(number));
          return;
        default:
          await turn.clearDraft();
          turn.reply(texts.common.expired);
      }
    },
  },
};
