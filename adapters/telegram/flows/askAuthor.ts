// Waiting on the author (issue 14, item 5): on the card, the technician on the ticket (or a manager) presses
// "Нужна информация" and types the question (pressed in the technicians' group, it goes on in private: see
// groupHandoff.ts); the ticket then waits on its author, who gets the question with "Ответить". Their answer
// goes to the one who asked and puts the ticket back to work. "Продолжить без ответа" lets the technician (or
// a manager, or whoever asked) go on without it; the SLA clock resumes the same way.
import { isManager } from '../cards.js';
import { formatDeadline } from '../deadline.js';
import { texts } from '../texts.js';
import type { Flow, Turn } from '../turn.js';
import { askForText, buttonNumber, request, requireActive, succeeded, typedText, type WordsCheck } from './common.js';

const ASK_AUTHOR = 'askAuthor';
type Step = 'question' | 'answer';

/** Someone the card would not offer this to is told at once; a ticket not yet projected goes on (the domain decides). */
const mayAsk: WordsCheck = async (turn, number) => {
  const ticket = await turn.deps.read.ticketByNumber(number, turn.now);
  if (!ticket) return undefined;
  const mayBeOnIt = ticket.assigneeId === turn.userId || turn.person.role === 'technician' || isManager(turn.person);
  if (!mayBeOnIt) return texts.refusals.not_permitted;
  return ticket.status === 'open' || ticket.status === 'in_progress' ? undefined : texts.refusals.invalid_transition;
};

const mayAnswer: WordsCheck = async (turn, number) => {
  const ticket = await turn.deps.read.ticketByNumber(number, turn.now);
  if (!ticket) return undefined;
  if (ticket.authorId !== turn.userId) return texts.refusals.not_permitted;
  return ticket.status === 'waiting' ? undefined : texts.askAuthor.notWaiting(number);
};

async function resume(turn: Turn, args: string[]): Promise<void> {
  const number = buttonNumber(turn, args);
  if (number === undefined || !requireActive(turn)) return;
  const result = await turn.deps.school.resumeTicket(turn.person, { number }, request(turn));
  if (!succeeded(turn, result)) return;
  const provided = result.events.find((e) => e.type === 'TicketInfoProvided');
  const dueAt = provided && 'dueAt' in provided.data ? provided.data.dueAt : undefined;
  const due = dueAt ? formatDeadline(dueAt, turn.deps.zone) : texts.common.none;
  turn.reply(texts.askAuthor.resumed(number, due));
}

export const askAuthorFlow: Flow = {
  callbacks: {
    askAuthor: askForText(ASK_AUTHOR, 'question', texts.askAuthor.ask, mayAsk),
    answerAuthor: askForText(ASK_AUTHOR, 'answer', texts.askAuthor.askAnswer, mayAnswer),
    resumeTicket: resume,
  },
  steps: {
    [ASK_AUTHOR]: async (turn, draft, input) => {
      const number = Number(draft.data.number);
      const text = typedText(turn, input.text);
      if (!text) return;
      const { school } = turn.deps;
      await turn.clearDraft();
      switch (draft.step as Step) {
        case 'question':
          if (succeeded(turn, await school.requestTicketInfo(turn.person, { number, question: text }, request(turn)))) turn.reply(texts.askAuthor.asked(number));
          return;
        case 'answer':
          if (succeeded(turn, await school.provideTicketInfo(turn.person, { number, answer: text }, request(turn)))) turn.reply(texts.askAuthor.answered(number));
          return;
        default:
          turn.reply(texts.common.expired);
      }
    },
  },
};
