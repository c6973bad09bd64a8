// /task for deputies, the director and admins: find the person (search by part of the name), what to do,
// the deadline typed in Russian, an echo of the understood deadline, confirm.
import { TITLE_MAX } from '../../../domain/index.js';
import { encodeCallback } from '../callbackData.js';
import { isManager, nameOf } from '../cards.js';
import { formatDeadline } from '../deadline.js';
import { deadlineExamples } from '../deadline/echo.js';
import { DEADLINE_CHOICE, readTypedDeadline, withoutChoice } from '../deadline/reply.js';
import { texts } from '../texts.js';
import { button, type Draft, type Flow, type Turn } from '../turn.js';
import { request, requireActive, succeeded, typedText } from './common.js';
import { isOrderDraft, submitOrder } from './orderSubmit.js';

export const NEW_TASK = 'newTask';
/** People offered for a typed part of a name. */
const ASSIGNEE_MATCHES = 8;
/** Examples in the question for the deadline. */
const ASKED_EXAMPLES = 4;

interface TaskDraft {
  assigneeId?: string;
  assigneeName?: string;
  title?: string;
  deadline?: string;
}

async function search(turn: Turn, draft: Draft, text: string): Promise<void> {
  const matches = (await turn.deps.read.searchStaff(text, { activeOnly: true, limit: ASSIGNEE_MATCHES })).filter((p) => p.role !== 'auditor');
  if (matches.length === 0) return turn.reply(texts.task.noMatches);
  await turn.saveDraft({ ...draft, step: 'assignee' });
  turn.reply(
    texts.task.pickFromMatches,
    matches.map((p) => [button(`${p.fullName} (${texts.roles[p.role ?? ''] ?? ''})`, encodeCallback('pickAssignee', p.telegramId))]),
  );
}

export async function submitTask(turn: Turn, draft: Draft): Promise<void> {
  // Several recipients (a group, a role, a list): one order, a task for each (flows/orders.ts).
  if (isOrderDraft(draft.data)) return submitOrder(turn, draft);
  const data = draft.data as TaskDraft;
  if (!data.assigneeId || !data.title || !data.deadline) return turn.reply(texts.common.expired);
  const result = await turn.deps.school.assignTask(
    turn.person,
    { assigneeId: data.assigneeId, title: data.title, description: '', deadline: data.deadline },
    request(turn),
  );
  await turn.clearDraft();
  if (succeeded(turn, result)) turn.reply(texts.task.created(result.number, data.assigneeName ?? data.assigneeId));
}

/** The settled deadline of a new task: echo the whole task and ask to send it. */
export async function confirmTaskDeadline(turn: Turn, draft: Draft, deadline: string): Promise<void> {
  const data = withoutChoice(draft.data) as TaskDraft;
  await turn.saveDraft({ ...draft, step: 'confirm', data: { ...data, deadline } });
  turn.reply(texts.task.confirm(data.assigneeName ?? '', data.title ?? '', formatDeadline(deadline, turn.deps.zone)), [
    [button(texts.newTicket.send, encodeCallback('confirmDraft')), button(texts.newTicket.discard, encodeCallback('discardDraft'))],
  ]);
}

export const newTaskFlow: Flow = {
  commands: {
    task: async (turn, args) => {
      if (!requireActive(turn)) return;
      if (!isManager(turn.person)) return turn.reply(texts.task.notAllowed);
      const draft: Draft = { flow: NEW_TASK, step: 'search', data: {} };
      await turn.saveDraft(draft);
      if (args) return search(turn, draft, args);
      turn.reply(texts.task.chooseAssignee, [[button(texts.orders.manyButton, encodeCallback('orderMany'))]]);
    },
  },
  callbacks: {
    pickAssignee: async (turn, [telegramId]) => {
      const draft = await turn.draft();
      if (!draft || draft.flow !== NEW_TASK || !telegramId) return turn.reply(texts.common.expired);
      const assignee = await turn.deps.school.person(telegramId);
      if (assignee.status !== 'active') return turn.reply(texts.refusals.assignee_not_eligible);
      const assigneeName = nameOf(assignee);
      await turn.saveDraft({ ...draft, step: 'title', data: { assigneeId: telegramId, assigneeName } });
      turn.reply(texts.task.askTitle(assigneeName));
    },
  },
  steps: {
    [NEW_TASK]: async (turn, draft, input) => {
      const text = typedText(turn, input.text);
      if (!text) return;
      const data = draft.data as TaskDraft;
      switch (draft.step) {
        case 'search':
        case 'assignee':
          return search(turn, draft, text);
        case 'title':
          if (text.length > TITLE_MAX) return turn.reply(texts.newTicket.tooLong(TITLE_MAX));
          await turn.saveDraft({ ...draft, step: 'deadline', data: { ...data, title: text } });
          return turn.reply(texts.deadline.ask(deadlineExamples(turn.now, turn.deps.zone, turn.deps.calendar).slice(0, ASKED_EXAMPLES)));
        case 'deadline':
        case 'confirm':
        case DEADLINE_CHOICE: {
          const deadline = await readTypedDeadline(turn, draft, text);
          if (deadline !== undefined) await confirmTaskDeadline(turn, draft, deadline);
          return;
        }
        default:
          return turn.reply(texts.common.expired);
      }
    },
  },
};
