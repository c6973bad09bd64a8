// Runs a readable script of steps through a decider, keeping what each step saw, so properties can check
// every transition. Steps are plain records of named people and hours, so a shrunk counterexample reads
// like "tanya OpenTicket #1 at +0h, petr TakeTicket #1 at +2h".
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { Decision } from '../../domain/index.js';
import { HOUR_MS, REFUSAL_CODES, addMs, validateNewEvent } from '../../domain/index.js';
import { people } from '../support/cast.js';

export { people };
export type Name = keyof typeof people;
export const NAMES = Object.keys(people) as Name[];
export const nameOf = (id: string): Name => NAMES.find((name) => people[name].id === id) ?? 'guest';

export const T0 = '2026-11-24T09:00:00.000Z';
export const atHour = (hours: number): string => addMs(T0, Math.round(hours * HOUR_MS));

/** Who acts: anyone, so that most commands by most people must be refused. */
export const anyone = fc.constantFrom(...NAMES);
/** Mostly the people who plausibly do this (so runs get deep into the state machine), sometimes anyone. */
export const usually = (...likely: Name[]) =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...likely) }, { weight: 1, arbitrary: anyone });
/** Hours since the previous step: mostly small, sometimes days, sometimes back in time (clocks skew). */
export const hoursLater = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 6 }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 24 * 10 }) },
  { weight: 1, arbitrary: fc.integer({ min: -48, max: -1 }) },
);
/** Free text: usually sensible, sometimes blank (a missing reason or report). */
export const words = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('Projector dead', 'Still broken', 'Done') },
  { weight: 1, arbitrary: fc.constantFrom(' ', '') },
);
/** A script of up to `max` steps, of any length within that (not only short ones). */
export const scriptOf = <Step>(step: fc.Arbitrary<Step>, max = 40) => fc.array(step, { maxLength: max, size: 'max' });

export interface StepRecord<Step, State, Event> {
  readonly step: Step;
  readonly now: string;
  readonly before: State;
  readonly decision: Decision<Event>;
  readonly after: State;
}

export interface Run<Step, State, Event> {
  readonly records: StepRecord<Step, State, Event>[];
  readonly accepted: Event[];
  readonly final: State;
}

/**
 * Plays the steps: step i happens `after` hours past step i-1 (with `monotone`, time never goes back).
 * `toCommand` builds the real command from a step; the state after a step is evolve over its events.
 */
export function play<Step extends { after: number }, Command, State, Event>(
  steps: readonly Step[],
  decider: {
    decide: (c: Command, s: State) => Decision<Event>;
    evolve: (s: State, e: Event) => State;
    initialState: State;
  },
  toCommand: (step: Step, now: string, state: State, index: number) => Command,
  options: { monotone?: boolean } = {},
): Run<Step, State, Event> {
  let hours = 0;
  let state = decider.initialState;
  const records: StepRecord<Step, State, Event>[] = [];
  const accepted: Event[] = [];
  steps.forEach((step, index) => {
    hours += options.monotone ? Math.max(0, step.after) : step.after;
    const now = atHour(hours);
    const before = state;
    const decision = decider.decide(toCommand(step, now, state, index), state);
    if (decision.ok) {
      for (const event of decision.events) {
        state = decider.evolve(state, event);
        accepted.push(event);
      }
    }
    records.push({ step, now, before, decision, after: state });
  });
  return { records, accepted, final: state };
}

/** Every accepted event passes its zod schema and survives a JSON round trip unchanged. */
export function storable(event: { type: string; data: unknown }): boolean {
  const parsed = validateNewEvent(JSON.parse(JSON.stringify(event)) as { type: string; data: unknown });
  return parsed.ok && isDeepStrictEqual(parsed.event, event);
}

/** The refusal codes the domain declares (a typed refusal carries one of these, never a free string). */
export const KNOWN_REFUSALS: ReadonlySet<string> = new Set(REFUSAL_CODES);

/** 1,000 runs per property (CI too); fast-check prints the seed and the shrunk counterexample on failure. */
export const RUNS = { numRuns: 1000, verbose: 1 } as const;
