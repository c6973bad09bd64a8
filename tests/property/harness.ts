// Runs a readable script of steps through a decider, keeping what each step saw, so properties can check
// every transition. Steps are plain records of named people and hours, so a shrunk counterexample reads
// like "tanya OpenTicket #1 at +0h, petr TakeTicket #1 at +2h".
import { isDeepStrictEqual } from 'node:util';
import { expect, it } from 'vitest';
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

/**
 * 1,000 runs per property (CI too); fast-check prints the seed and the shrunk counterexample on failure.
 * The mutation run (vitest.mutation.config.ts) asks for fewer through PROPERTY_RUNS: it runs them per mutant.
 */
export const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 1000), verbose: 1 } as const;

/**
 * What the generic invariants need to know about one decider's school: its scripts, how to play them, and
 * the rules written out again from DOMAIN.md, independently of the decider.
 */
export interface DeciderModel<Step extends { after: number }, State, Event> {
  readonly script: fc.Arbitrary<Step[]>;
  readonly play: (steps: readonly Step[]) => Run<Step, State, Event>;
  readonly initialState: State;
  readonly evolve: (state: State, event: Event) => State;
  /** The command a step gives, for the state machine table (`type`). */
  readonly commandOf: (step: Step) => string;
  /** The status of the ticket, task or person the step addresses. */
  readonly statusOf: (state: State, step: Step) => string;
  /** Every other ticket, task or person's state, to check that a step leaves them alone. */
  readonly othersOf: (state: State, step: Step) => unknown[];
  /** Per command, the transitions `from>to` it may make. */
  readonly machine: Readonly<Record<string, readonly string[]>>;
  /** Role and relation to the thing: may this person give this command at all? */
  readonly permitted: (step: Step, before: State) => boolean;
  /**
   * The rules: the events this step must append (its full payload), or undefined when it must be refused.
   * Written from DOMAIN.md, not from the decider, so a rule that stops accepting what it should fails here.
   */
  readonly expected: (step: Step, before: State, now: string) => Event[] | undefined;
}

/** The invariants every decider holds (DOMAIN.md, "Invariants"), as one `it` each in the calling describe. */
export function deciderInvariants<Step extends { after: number }, State, Event extends { type: string; data: unknown }>(
  model: DeciderModel<Step, State, Event>,
): void {
  const { script } = model;
  const label = (step: Step) => JSON.stringify(step);

  it('the state is exactly the fold of the accepted events; replaying gives the same state and the same decisions', () => {
    fc.assert(
      fc.property(script, (steps) => {
        const first = model.play(steps);
        expect(first.accepted.reduce(model.evolve, model.initialState)).toEqual(first.final);
        expect(model.play(steps)).toEqual(first);
        for (const event of first.accepted) expect(storable(event), event.type).toBe(true);
      }),
      RUNS,
    );
  });

  it('a refused command changes nothing and says why with a typed refusal', () => {
    fc.assert(
      fc.property(script, (steps) => {
        for (const { decision, before, after } of model.play(steps).records) {
          if (decision.ok) continue;
          expect(after).toBe(before);
          expect(KNOWN_REFUSALS.has(decision.refusal.code)).toBe(true);
          expect(decision.refusal.message.trim()).not.toBe('');
        }
      }),
      RUNS,
    );
  });

  it('transitions only follow the state machine, and a command changes only the thing it addresses', () => {
    fc.assert(
      fc.property(script, (steps) => {
        for (const { step, decision, before, after } of model.play(steps).records) {
          if (!decision.ok) continue;
          const transition = `${model.statusOf(before, step)}>${model.statusOf(after, step)}`;
          expect(model.machine[model.commandOf(step)], `${label(step)}: ${transition}`).toContain(transition);
          const others = model.othersOf(after, step);
          model.othersOf(before, step).forEach((other, i) => expect(others[i]).toBe(other));
        }
      }),
      RUNS,
    );
  });

  it('only permitted actors change anything (role and relation)', () => {
    fc.assert(
      fc.property(script, (steps) => {
        for (const { step, decision, before } of model.play(steps).records) {
          if (decision.ok) expect(model.permitted(step, before), label(step)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('conversely, what the rules permit is accepted, with exactly the expected events; the rest is refused', () => {
    fc.assert(
      fc.property(script, (steps) => {
        for (const { step, now, decision, before } of model.play(steps).records) {
          const expected = model.expected(step, before, now);
          if (expected === undefined) expect(decision.ok, `${label(step)} should be refused`).toBe(false);
          else expect(decision, label(step)).toEqual({ ok: true, events: expected });
        }
      }),
      RUNS,
    );
  });
}
