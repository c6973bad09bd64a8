// The time-of-day part of a deadline phrase: "в 15:00", "в 15.00", "к 15", "в 3 часа дня", "утром", "в обед",
// "к концу дня". Pure text work: it returns the candidate minutes of the day and the rest of the phrase.
//
// Rules (docs/calendar.md, "How deadlines are read"):
// - "ЧЧ:ММ" is a time; "ЧЧ.ММ" is a time when it cannot be a date (minutes 00 or 13–59: "15.00", "9.30"),
//   or when it follows "в/к/до" beside a day ("завтра в 10.10"); otherwise it is a date ("15.01", "10.10");
// - an hour without minutes needs "в/к/до" before it ("в 9", "к 15") and not a month after it ("до 15
//   января" is a date); 0 and 7–23 are that hour; 1–6 could be night or afternoon, so both are candidates
//   (the earlier one drops out once past, otherwise the person is asked); "утра/дня/вечера/ночи" decide;
// - parts of the day: утром/с утра 09:00, днём/в обед/к обеду/до обеда 13:00, вечером/к вечеру 18:00;
//   "к концу дня" is the end of the school day (the default time of a day).

/** What the time part says. `minutes` has one entry, or two when the hour alone cannot tell night from day. */
export interface TimeOfDay {
  readonly minutes?: readonly number[];
  /** "к концу дня": the default time of the day, said explicitly. */
  readonly endOfDay?: boolean;
}

export type TimeError = 'unreadable' | 'no_such_time';

/** The hours of the parts of the day, when no clock time is given. */
export const PART_OF_DAY_HOURS = { morning: 9, noon: 13, evening: 18 } as const;

type Part = 'morning' | 'afternoon' | 'evening' | 'night';

/** Hours a qualifier allows, and how a 12-hour figure maps into them. */
function qualify(hour: number, part: Part): number | undefined {
  switch (part) {
    case 'morning':
      return hour >= 4 && hour <= 11 ? hour : undefined;
    case 'afternoon':
      if (hour === 12 || (hour >= 13 && hour <= 17)) return hour;
      return hour >= 1 && hour <= 5 ? hour + 12 : undefined;
    case 'evening':
      if (hour >= 17 && hour <= 23) return hour;
      return hour >= 5 && hour <= 11 ? hour + 12 : undefined;
    case 'night':
      if (hour >= 0 && hour <= 4) return hour;
      return hour >= 21 && hour <= 23 ? hour : hour >= 9 && hour <= 11 ? hour + 12 : undefined;
  }
}

const QUALIFIER: Readonly<Record<string, Part>> = { утра: 'morning', дня: 'afternoon', вечера: 'evening', ночи: 'night' };
const ADVERBS: ReadonlyArray<readonly [RegExp, Part | 'noon' | 'endOfDay']> = [
  [/(?:^|\s)(?:с утра|утром)(?=\s|$)/, 'morning'],
  [/(?:^|\s)днем(?=\s|$)/, 'afternoon'],
  [/(?:^|\s)(?:в обед|к обеду|до обеда)(?=\s|$)/, 'noon'],
  [/(?:^|\s)(?:вечером|к вечеру)(?=\s|$)/, 'evening'],
  [/(?:^|\s)(?:в|к|до) конц[уае] (?:рабочего |учебного )?дня(?=\s|$)/, 'endOfDay'],
];
const MONTH_AHEAD = '(?:янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек|\\d)';

const cut = (text: string, index: number, length: number) =>
  (text.slice(0, index) + text.slice(index + length)).replace(/\s+/g, ' ').trim();

/**
 * Takes the time of day out of a normalized phrase. `isDay` tells whether a rest of the phrase names a day
 * (for "в 10.10", which is a time only beside one).
 */
export function extractTimeOfDay(
  text: string,
  isDay: (rest: string) => boolean,
): { rest: string; time?: TimeOfDay } | TimeError {
  // A part of the day ("утром") may stand alone or qualify an hour ("вечером в 7").
  let adverb: Part | 'noon' | 'endOfDay' | undefined;
  let rest = text;
  for (const [pattern, part] of ADVERBS) {
    const match = pattern.exec(rest);
    if (!match) continue;
    if (adverb !== undefined) return 'unreadable';
    adverb = part;
    rest = cut(rest, match.index, match[0].length);
  }

  const clock = readClock(rest, isDay);
  if (typeof clock === 'string') return clock;
  if (!clock) {
    if (adverb === undefined) return { rest };
    if (adverb === 'endOfDay') return { rest, time: { endOfDay: true } };
    if (adverb === 'night') return 'unreadable';
    const hour = adverb === 'morning' ? PART_OF_DAY_HOURS.morning : adverb === 'evening' ? PART_OF_DAY_HOURS.evening : PART_OF_DAY_HOURS.noon;
    return { rest, time: { minutes: [hour * 60] } };
  }
  const part = clock.qualifier ?? (adverb === 'noon' || adverb === 'endOfDay' ? undefined : adverb);
  if (adverb === 'noon' || adverb === 'endOfDay' || (clock.qualifier && adverb && clock.qualifier !== adverb)) return 'unreadable';
  if (part) {
    // "в 9:30 вечера": a qualified clock time in 12-hour form; a bare hour the same way.
    const hour = qualify(clock.hour, part);
    if (hour === undefined) return 'no_such_time';
    return { rest: clock.rest, time: { minutes: [hour * 60 + clock.minute] } };
  }
  if (clock.bareHour && clock.hour >= 1 && clock.hour <= 6) {
    return { rest: clock.rest, time: { minutes: [clock.hour * 60, (clock.hour + 12) * 60] } };
  }
  return { rest: clock.rest, time: { minutes: [clock.hour * 60 + clock.minute] } };
}

interface Clock {
  rest: string;
  hour: number;
  minute: number;
  bareHour: boolean;
  qualifier?: Part;
}

function readClock(text: string, isDay: (rest: string) => boolean): Clock | TimeError | undefined {
  const qualifier = '(?:\\s+(утра|дня|вечера|ночи))?';
  // "15:00", "в 9:30": as before, an impossible hour or minute is unreadable.
  const colon = new RegExp(`(?:^|\\s)(?:(?:в|к|до)\\s+)?(\\d{1,2}):(\\d{2})${qualifier}(?=\\s|$)`).exec(text);
  if (colon) {
    const hour = Number(colon[1]);
    const minute = Number(colon[2]);
    if (hour > 23 || minute > 59) return 'unreadable';
    return { rest: cut(text, colon.index, colon[0].length), hour, minute, bareHour: false, qualifier: colon[3] ? QUALIFIER[colon[3]] : undefined };
  }
  // "15.00", "в 9.30": a dot time that cannot be a date; "в 10.10" only beside a day.
  for (const dot of text.matchAll(new RegExp(`(?:^|\\s)((?:в|к|до)\\s+)?(\\d{1,2})\\.(\\d{2})${qualifier}(?=\\s|$)`, 'g'))) {
    const hour = Number(dot[2]);
    const minuteText = dot[3]!;
    const minute = Number(minuteText);
    const rest = cut(text, dot.index, dot[0].length);
    const notADate = minuteText === '00' || minute > 12;
    if (hour <= 23 && minute <= 59 && (notADate || (dot[1] !== undefined && rest !== '' && isDay(rest)))) {
      return { rest, hour, minute, bareHour: false, qualifier: dot[4] ? QUALIFIER[dot[4]] : undefined };
    }
  }
  // "в 9", "к 15", "в 3 часа дня", "к 9 утра" — but not "до 15 января".
  const bare = new RegExp(`(?:^|\\s)(?:в|к|до)\\s+(\\d{1,2})(?:\\s+(?:час|часа|часов))?${qualifier}(?=\\s*$|\\s+(?!${MONTH_AHEAD}))`).exec(text);
  if (bare) {
    const hour = Number(bare[1]);
    if (hour > 23) return 'no_such_time';
    return { rest: cut(text, bare.index, bare[0].length), hour, minute: 0, bareHour: true, qualifier: bare[2] ? QUALIFIER[bare[2]] : undefined };
  }
  return undefined;
}
