// Named people, a clock and command builders for the domain tests. Given/When/Then reads as the school
// would say it: "given Tanya opened a ticket and Ivan took it, when Tanya confirms, then it is closed".
import { expect } from 'vitest';
import type { Actor, CommandMetadata, Decision, RefusalCode } from '../../../domain/index.js';
import { addMs, HOUR_MS } from '../../../domain/index.js';
import { people } from '../../support/cast.js';

export { people };

export type PersonName = keyof typeof people;

export const T0 = '2026-11-24T09:00:00.000Z';
/** T0 plus some hours. */
export const at = (hours: number): string => addMs(T0, hours * HOUR_MS);

let counter = 0;
export function meta(actor: Actor, now: string = T0): CommandMetadata {
  counter += 1;
  return { commandId: `cmd-${counter}`, actor, now, source: 'telegram', correlationId: `corr-${counter}` };
}

export const assignee = (actor: Actor) => ({
  id: actor.id,
  role: actor.role === 'system' ? ('guest' as const) : actor.role,
  active: actor.active,
});

/** Folds commands into events, failing the test if any of them is refused (they are the "given"). */
export function history<Command, State, Event>(
  decider: {
    decide: (c: Command, s: State) => Decision<Event>;
    evolve: (s: State, e: Event) => State;
    initialState: State;
  },
  commands: readonly Command[],
): { state: State; events: Event[] } {
  let state = decider.initialState;
  const events: Event[] = [];
  for (const command of commands) {
    const decision = decider.decide(command, state);
    if (!decision.ok) throw new Error(`given step refused: ${JSON.stringify(decision.refusal)}`);
    for (const event of decision.events) {
      state = decider.evolve(state, event);
      events.push(event);
    }
  }
  return { state, events };
}

export function expectRefused<Event>(decision: Decision<Event>, code: RefusalCode): void {
  expect(decision.ok ? { accepted: decision.events } : decision.refusal.code).toBe(code);
}

export function expectAccepted<Event>(decision: Decision<Event>): Event[] {
  if (!decision.ok) throw new Error(`refused: ${JSON.stringify(decision.refusal)}`);
  return decision.events;
}
