// Reads the school's calendar file (YAML) into the school calendar: vacations, the school's own days off and its
// make-up working days. Every problem is one line naming the file, the line and the place in the file, so
// `schoolbot calendar check` can list them all at once.
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { NamedDate, SchoolCalendar, SchoolHours, Vacation } from '../../domain/calendar/index.js';
import { isIsoDate, schoolCalendar } from '../../domain/calendar/index.js';
import type { CalendarFile } from '../ports/calendarFile.js';

/** What the school writes in its file. */
export interface SchoolDays {
  readonly vacations: readonly Vacation[];
  readonly daysOff: readonly NamedDate[];
  readonly workingDays: readonly NamedDate[];
}

/** The settings from the environment (SCHOOL_TIMEZONE, SCHOOL_WEEK, SCHOOL_HOURS). */
export interface CalendarSettings {
  readonly zone: string;
  readonly week: 5 | 6;
  readonly hours: SchoolHours;
}

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));

const date = z.unknown().transform((value, ctx): string => {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
  if (typeof text !== 'string' || !isIsoDate(text.trim())) {
    ctx.addIssue({ code: 'custom', message: `${shown(value)} is not a date (write YYYY-MM-DD, for example 2026-11-03)` });
    return z.NEVER;
  }
  return text.trim();
});
const name = z.unknown().transform((value, ctx): string => {
  const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  if (text === '') {
    ctx.addIssue({ code: 'custom', message: 'needs a name (for example "Осенние каникулы")' });
    return z.NEVER;
  }
  return text;
});
const namedDate = z.strictObject({ date, name });
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => value ?? [], z.array(item, { message: 'must be a list (each entry starting with "- ")' }));

const fileSchema = z
  .strictObject(
    {
      vacations: list(z.strictObject({ name, from: date, to: date })),
      days_off: list(namedDate),
      working_days: list(namedDate),
    },
    { message: 'must be a mapping with vacations, days_off and working_days' },
  );

interface Problem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

const entries = (raw: unknown, key: string): Record<string, unknown>[] => {
  const list = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
  return Array.isArray(list) ? list.map((entry) => (typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {})) : [];
};
const dateIn = (entry: Record<string, unknown>, key: string) => {
  const value = entry[key];
  return typeof value === 'string' && isIsoDate(value.trim()) ? value.trim() : undefined;
};

/** Problems between fields, found on the raw file so they are listed with the others, not after they are fixed. */
function crossProblems(raw: unknown): Problem[] {
  const problems: Problem[] = [];
  entries(raw, 'vacations').forEach((vacation, i) => {
    const from = dateIn(vacation, 'from');
    const to = dateIn(vacation, 'to');
    if (from && to && from > to) problems.push({ path: ['vacations', i], message: `starts (${from}) after it ends (${to})` });
  });
  const off = new Set(entries(raw, 'days_off').map((day) => dateIn(day, 'date')));
  entries(raw, 'working_days').forEach((day, i) => {
    const date = dateIn(day, 'date');
    if (date && off.has(date)) problems.push({ path: ['working_days', i, 'date'], message: `${date} is also in days_off` });
  });
  return problems;
}

/** `vacations[1].to` from a zod path. */
const placeOf = (path: readonly PropertyKey[]) =>
  path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');

const KNOWN_KEYS = 'vacations, days_off, working_days';

/** The school's days from the file's text, or one line per problem. */
export function parseCalendarFile(text: string, fileName: string): { ok: true; days: SchoolDays } | { ok: false; problems: string[] } {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => {
        const { line, col } = lines.linePos(error.pos[0]);
        return `${fileName}:${line}:${col}: not valid YAML: ${error.message.split('\n')[0]}`;
      }),
    };
  }
  /** The line of the value at a path, or of the nearest place above it that the file has. */
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    for (let depth = path.length; depth > 0; depth -= 1) {
      const node = document.getIn(path.slice(0, depth) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const raw: unknown = document.toJS() ?? {};
  const result = fileSchema.safeParse(raw);
  const problems: Problem[] = [
    ...(result.success ? [] : result.error.issues).flatMap((issue): Problem[] =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({
            path: [...issue.path, key],
            message: `unknown key${issue.path.length === 0 ? ` (known: ${KNOWN_KEYS})` : ''}`,
          }))
        : [{ path: issue.path, message: issue.message }],
    ),
    ...crossProblems(raw),
  ];
  if (problems.length > 0 || !result.success) {
    const located = problems.map((problem) => ({ line: lineOf(problem.path), problem }));
    // In the file's order, so the operator fixes them top to bottom.
    located.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
    return {
      ok: false,
      problems: located.map(({ line, problem }) =>
        `${fileName}${line === undefined ? '' : `:${line}`}: ${problem.path.length > 0 ? `${placeOf(problem.path)}: ` : ''}${problem.message}`,
      ),
    };
  }
  const file = result.data;
  return { ok: true, days: { vacations: file.vacations, daysOff: file.days_off, workingDays: file.working_days } };
}

export type LoadedCalendar =
  | { ok: true; calendar: SchoolCalendar; days: SchoolDays; fileFound: boolean }
  | { ok: false; problems: string[] };

/** The school calendar from the settings and the file (none: no vacations, no own days). */
export async function loadSchoolCalendar(file: CalendarFile, settings: CalendarSettings): Promise<LoadedCalendar> {
  const text = await file.read();
  const parsed = text === undefined ? { ok: true as const, days: { vacations: [], daysOff: [], workingDays: [] } } : parseCalendarFile(text, file.path);
  if (!parsed.ok) return parsed;
  const calendar = schoolCalendar({
    ...settings,
    vacations: parsed.days.vacations,
    extraDaysOff: parsed.days.daysOff,
    extraWorkingDays: parsed.days.workingDays,
  });
  return { ok: true, calendar, days: parsed.days, fileFound: text !== undefined };
}
