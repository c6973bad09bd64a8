// A typed deadline in a wizard (a new task, a task's new deadline): the refusal, the question for a phrase
// with two readings, or the warning for a moment outside school time — the offered options wait in the draft
// (step DEADLINE_CHOICE) until a button picks one. What comes back is the deadline the person settled on.
import { encodeCallback } from '../callbackData.js';
import { parseDeadline, type DeadlineMoment } from '../deadline.js';
import { button, type Draft, type Turn } from '../turn.js';
import { texts } from '../texts.js';
import { ambiguityMessage, deadlineAdvice, refusalText, warningMessage } from './echo.js';

/** The wizard step while the offered deadlines wait for a button. */
export const DEADLINE_CHOICE = 'deadlineChoice';

interface ChoiceData {
  /** ISO instants offered, in the order of the buttons. */
  deadlineOptions?: string[];
  /** The options came from the warning: each is final (the alternative is school time, the other the person's own). */
  deadlineWarned?: boolean;
}

/** The draft's data without the offered options. */
export function withoutChoice(data: Record<string, unknown>): Record<string, unknown> {
  const { deadlineOptions: _options, deadlineWarned: _warned, ...rest } = data;
  return rest;
}

async function offer(turn: Turn, draft: Draft, options: readonly DeadlineMoment[], warned: boolean, text: string, labels: readonly string[]) {
  const data: ChoiceData = { deadlineOptions: options.map((o) => o.iso), deadlineWarned: warned };
  await turn.saveDraft({ ...draft, step: DEADLINE_CHOICE, data: { ...withoutChoice(draft.data), ...data } });
  turn.reply(text, labels.map((label, index) => [button(label, encodeCallback('pickDeadline', index))]));
}

/** A settled deadline, or undefined after warning about it when it is not school time. */
async function settle(turn: Turn, draft: Draft, chosen: DeadlineMoment): Promise<string | undefined> {
  const { calendar, zone } = turn.deps;
  const advice = deadlineAdvice(chosen.at, turn.now, calendar);
  if (!advice) return chosen.iso;
  const message = warningMessage(advice, chosen.at, zone);
  const alternative = { at: advice.alternative, iso: advice.alternative.toISOString() };
  await offer(turn, draft, [alternative, chosen], true, message.text, [message.move, message.keep]);
  return undefined;
}

/** Reads a typed deadline; answers itself unless it returns the settled ISO instant. */
export async function readTypedDeadline(turn: Turn, draft: Draft, text: string): Promise<string | undefined> {
  const { calendar, zone } = turn.deps;
  const result = parseDeadline(text, turn.now, zone, { calendar });
  if (result.ok) return settle(turn, draft, result);
  if (result.error === 'ambiguous') {
    const message = ambiguityMessage(text, result.candidates, turn.now, zone);
    await offer(turn, draft, result.candidates, false, message.text, message.labels);
    return undefined;
  }
  turn.reply(refusalText(result.error, turn.now, zone, calendar));
  return undefined;
}

/** The option a button picked; answers itself unless it returns the settled ISO instant. */
export async function pickedDeadline(turn: Turn, draft: Draft, index: string | undefined): Promise<string | undefined> {
  const data = draft.data as ChoiceData;
  const iso = index !== undefined && /^\d$/.test(index) ? data.deadlineOptions?.[Number(index)] : undefined;
  if (draft.step !== DEADLINE_CHOICE || iso === undefined) {
    turn.reply(texts.common.expired);
    return undefined;
  }
  const at = new Date(iso);
  if (!(at.getTime() > turn.now.getTime())) {
    turn.reply(refusalText('in_past', turn.now, turn.deps.zone, turn.deps.calendar));
    return undefined;
  }
  // A warned deadline is the person's choice either way; a picked reading is checked against the calendar.
  return data.deadlineWarned ? iso : settle(turn, draft, { at, iso });
}
