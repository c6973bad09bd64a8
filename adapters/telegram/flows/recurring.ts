// /repeat for deputies, the director and admins: recurring orders. `/repeat` lists one's recurring orders, each
// with Pause / Resume / Change / Stop; `/repeat <part of a name>` makes a new one: the person, what to do, the
// schedule in words, the deadline of each occurrence, an echo (with the first occurrence and the day-off choice)
// and confirm. Each occurrence reaches the assignee as an ordinary task from the worker's scheduler.
import type { RecurrenceSchedule } from '../../../domain/index.js';
import { TITLE_MAX, deadlineAfterIssue, nextOccurrence } from '../../../domain/index.js';
import { dateAt } from '../../../domain/calendar/index.js';
import type { RecurrenceView } from '../../../application/ports/readModels.js';
import { encodeCallback } from '../callbackData.js';
import { hasRole, isManager } from '../cards.js';
import { formatDeadline } from '../deadline.js';
import { describeDayOff, describeDeadline, describeSchedule } from '../recurrence/describe.js';
import { parseOccurrenceDeadline, parseSchedulePhrase } from '../recurrence/phrase.js';
import { pluralForm, texts } from '../texts.js';
import { button, type Draft, type Flow, type Turn } from '../turn.js';
import { offerAssignees, pickedAssignee } from './assigneeSearch.js';
import { request, requireActive, succeeded, typedText } from './common.js';

export const RECURRENCE = 'recurrence';
const t = texts.recurrence;

interface RecurrenceDraft {
  /** Set when changing an existing recurrence. */
  recurrenceId?: string;
  lastNominal?: string | null;
  assigneeId?: string;
  assigneeName?: string;
  title?: string;
  schedule?: Partial<RecurrenceSchedule>;
}

const scheduleOf = (data: RecurrenceDraft): RecurrenceSchedule | undefined => {
  const s = data.schedule;
  return s?.rule && s.minute !== undefined && s.onDayOff && s.deadline ? (s as RecurrenceSchedule) : undefined;
};

const search = (turn: Turn, draft: Draft, text: string) => offerAssignees(turn, draft, text, 'recurrenceAssignee');

/** The echo of the whole recurrence, with the day-off choice (when the rule can fall on one) and Create. */
async function echo(turn: Turn, draft: Draft, data: RecurrenceDraft): Promise<void> {
  const schedule = scheduleOf(data);
  if (!schedule) return turn.reply(texts.common.expired);
  await turn.saveDraft({ ...draft, step: 'confirm', data: { ...data } });
  const first = nextOccurrence(schedule, turn.deps.calendar, data.lastNominal ?? null, turn.now.getTime());
  const text = t.confirm(
    data.assigneeName ?? '',
    data.title ?? '',
    describeSchedule(schedule),
    describeDayOff(schedule),
    describeDeadline(schedule.deadline),
    first ? formatDeadline(new Date(first.at), turn.deps.zone) : t.noFirst,
  );
  const dayOff = schedule.rule.kind === 'schoolDays'
    ? []
    : [[schedule.onDayOff === 'next' ? button(t.pickSkip, encodeCallback('recurrenceDayOff', 'skip')) : button(t.pickNext, encodeCallback('recurrenceDayOff', 'next'))]];
  turn.reply(text, [
    ...dayOff,
    [button(data.recurrenceId ? t.change : t.create, encodeCallback('recurrenceConfirm')), button(texts.newTicket.discard, encodeCallback('discardDraft'))],
  ]);
}

async function submit(turn: Turn, draft: Draft): Promise<void> {
  const data = draft.data as RecurrenceDraft;
  const schedule = scheduleOf(data);
  if (!schedule || !data.title || (!data.recurrenceId && !data.assigneeId)) return turn.reply(texts.common.expired);
  if (data.recurrenceId) {
    const result = await turn.deps.school.changeRecurrence(turn.person, { recurrenceId: data.recurrenceId, schedule }, request(turn));
    await turn.clearDraft();
    if (succeeded(turn, result)) turn.reply(t.changed);
    return;
  }
  const result = await turn.deps.school.createRecurrence(
    turn.person,
    { assigneeIds: [data.assigneeId!], title: data.title, schedule },
    request(turn),
  );
  await turn.clearDraft();
  if (succeeded(turn, result)) turn.reply(t.created(describeSchedule(schedule)));
}

/** "2026-12-07" → "7.12". */
const shortDate = (date: string): string => `${Number(date.slice(8, 10))}.${date.slice(5, 7)}`;

function card(view: RecurrenceView, names: Map<string, string>, zone: string) {
  const assignees = view.assigneeIds.map((id) => names.get(id) ?? id).join(', ');
  const next = view.nextAt ? formatDeadline(view.nextAt, zone) : t.noNext;
  const missedLines = (['deadline_passed', 'refused'] as const)
    .map((reason) => ({ reason, dates: (view.missed ?? []).filter((m) => m.reason === reason).map((m) => shortDate(m.date)) }))
    .filter(({ dates }) => dates.length > 0)
    .map(({ reason, dates }) => (reason === 'deadline_passed' ? t.missedDeadline : t.missedRefused)(dates.join(', ')));
  const text = [t.card(view.title, assignees, describeSchedule(view.schedule), t.statuses[view.status] ?? view.status, next, view.taskNumbers.length), ...missedLines].join('\n');
  const id = view.recurrenceId;
  const toggle = view.status === 'paused' ? button(t.buttons.resume, encodeCallback('recurrenceResume', id)) : button(t.buttons.pause, encodeCallback('recurrencePause', id));
  return { text, keyboard: [[toggle, button(t.buttons.change, encodeCallback('recurrenceChange', id)), button(t.buttons.stop, encodeCallback('recurrenceStop', id))]] };
}

async function showList(turn: Turn): Promise<void> {
  const views = await turn.deps.read.recurrencesIssuedBy(hasRole(turn.person, 'admin') ? null : turn.person.telegramId);
  if (views.length === 0) return turn.reply(t.listEmpty);
  turn.reply(t.listTitle(views.length, pluralForm(views.length, t.listNouns)));
  const names = await turn.deps.read.staffNames([...new Set(views.flatMap((v) => v.assigneeIds))]);
  for (const view of views) {
    const shown = card(view, names, turn.deps.zone);
    turn.reply(shown.text, shown.keyboard);
  }
}

/** A recurrence's button: the command goes through the domain, which checks who may (issuer or admin). */
const onButton =
  (act: 'pauseRecurrence' | 'resumeRecurrence' | 'stopRecurrence', done: string) =>
  async (turn: Turn, [recurrenceId]: string[]): Promise<void> => {
    if (!requireActive(turn)) return;
    if (!recurrenceId) return turn.reply(texts.common.staleButton);
    const result = await turn.deps.school[act](turn.person, { recurrenceId }, request(turn));
    if (succeeded(turn, result)) turn.reply(done);
  };

export const recurringFlow: Flow = {
  commands: {
    repeat: async (turn, args) => {
      if (!requireActive(turn)) return;
      if (!isManager(turn.person)) return turn.reply(t.notAllowed);
      if (!args) return showList(turn);
      const draft: Draft = { flow: RECURRENCE, step: 'search', data: {} };
      await turn.saveDraft(draft);
      return search(turn, draft, args);
    },
  },
  callbacks: {
    recurrenceAssignee: async (turn, [telegramId]) => {
      const draft = await turn.draft();
      if (!draft || draft.flow !== RECURRENCE || !telegramId) return turn.reply(texts.common.expired);
      const assigneeName = await pickedAssignee(turn, telegramId);
      if (assigneeName === undefined) return;
      await turn.saveDraft({ ...draft, step: 'title', data: { assigneeId: telegramId, assigneeName } });
      turn.reply(t.askTitle(assigneeName));
    },
    recurrenceDayOff: async (turn, [choice]) => {
      const draft = await turn.draft();
      if (!draft || draft.flow !== RECURRENCE || draft.step !== 'confirm' || (choice !== 'next' && choice !== 'skip')) return turn.reply(texts.common.expired);
      const data = draft.data as RecurrenceDraft;
      await echo(turn, draft, { ...data, schedule: { ...data.schedule, onDayOff: choice } });
    },
    recurrenceConfirm: async (turn) => {
      const draft = await turn.draft();
      if (!draft || draft.flow !== RECURRENCE || draft.step !== 'confirm') return turn.reply(texts.common.expired);
      await submit(turn, draft);
    },
    recurrencePause: onButton('pauseRecurrence', t.paused),
    recurrenceResume: onButton('resumeRecurrence', t.resumed),
    recurrenceStop: onButton('stopRecurrence', t.stopped),
    recurrenceChange: async (turn, [recurrenceId]) => {
      if (!requireActive(turn)) return;
      const view = recurrenceId ? await turn.deps.read.recurrenceById(recurrenceId) : undefined;
      if (!view || view.status === 'stopped') return turn.reply(t.notFound);
      if (view.issuerId !== turn.person.telegramId && !hasRole(turn.person, 'admin')) return turn.reply(texts.refusals.not_permitted);
      const names = await turn.deps.read.staffNames(view.assigneeIds);
      const data: RecurrenceDraft = {
        recurrenceId: view.recurrenceId,
        lastNominal: view.lastNominal,
        title: view.title,
        assigneeName: view.assigneeIds.map((id) => names.get(id) ?? id).join(', '),
        schedule: { onDayOff: view.schedule.onDayOff },
      };
      await turn.saveDraft({ flow: RECURRENCE, step: 'schedule', data: { ...data } });
      turn.reply(t.askNewSchedule(view.title));
    },
  },
  steps: {
    [RECURRENCE]: async (turn, draft, input) => {
      const text = typedText(turn, input.text);
      if (!text) return;
      const data = draft.data as RecurrenceDraft;
      const { calendar, zone } = turn.deps;
      switch (draft.step) {
        case 'search':
        case 'assignee':
          return search(turn, draft, text);
        case 'title':
          if (text.length > TITLE_MAX) return turn.reply(texts.newTicket.tooLong(TITLE_MAX));
          await turn.saveDraft({ ...draft, step: 'schedule', data: { ...data, title: text } });
          return turn.reply(t.askSchedule);
        case 'schedule': {
          const parsed = parseSchedulePhrase(text, dateAt(turn.now.getTime(), zone), calendar.hours.open);
          if (!parsed.ok) return turn.reply(parsed.error === 'no_such_time' ? t.noSuchTime : t.unreadableSchedule);
          const schedule = { onDayOff: 'next' as const, ...data.schedule, rule: parsed.value.rule, minute: parsed.value.minute };
          await turn.saveDraft({ ...draft, step: 'deadline', data: { ...data, schedule } });
          return turn.reply(t.askDeadline);
        }
        case 'deadline':
        case 'confirm': {
          const parsed = parseOccurrenceDeadline(text, calendar.hours.close);
          if (!parsed.ok) return turn.reply(parsed.error === 'no_such_time' ? t.noSuchTime : t.unreadableDeadline);
          const schedule = { ...data.schedule, deadline: parsed.value } as RecurrenceSchedule;
          if (!deadlineAfterIssue(schedule)) return turn.reply(t.deadlineBeforeIssue(describeSchedule(schedule)));
          return echo(turn, draft, { ...data, schedule });
        }
        default:
          return turn.reply(texts.common.expired);
      }
    },
  },
};
