// Named people, a clock and the given/when/then of a decider. A spec reads as the school would say it:
// "given the ticket was opened by Tanya and taken by Ivan, when Tanya confirms, then it is closed".
import { expect } from 'vitest';
import type { Actor, CommandMetadata, Decision, Refusal, RefusalCode, RefusalDetails } from '../../../domain/index.js';
import { addMs, HOUR_MS, validateNewEvent } from '../../../domain/index.js';
import { people } from '../../support/cast.js';

export { people };

export const T0 = '2026-11-24T09:00:00.000Z';
/** T0 plus some hours. */
export const at = (hours: number): string => addMs(T0, hours * HOUR_MS);

let counter = 0;
export function meta(actor: Actor, now: string = T0): CommandMetadata {
  counter += 1;
  return { commandId: `cmd-${counter}`, actor, now, source: 'telegram', correlationId: `corr-${counter}` };
}

/** The snapshot of a person the application loads when a ticket or task is given to them. */
export const assignee = (actor: Actor) => ({
  id: actor.id,
  role: actor.role === 'system' ? ('guest' as const) : actor.role,
  active: actor.active,
});

export interface Decider<Command, State, Event> {
  readonly decide: (command: Command, state: State) => Decision<Event>;
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: State;
}

export interface Then<State, Event> {
  readonly decision: Decision<Event>;
  /** Accepted with exactly these events (every one storable); returns the state they lead to. */
  then(...events: Event[]): State;
  /** Accepted with no event at all (an idempotent repeat). */
  thenNothingHappens(): void;
  /** Accepted; returns the events for a partial check. */
  thenAccepted(): Event[];
  /** Refused with this code, saying why in words; with `details`, exactly these details. */
  thenRefused(code: RefusalCode, details?: RefusalDetails): Refusal;
}

/**
 * Given these events happened (folded from the initial state), when a command is decided, then these events
 * or this refusal. A spec names every fact it relies on, so it does not depend on other commands' rules.
 */
export function specOf<Command, State, Event extends { type: string; data: unknown }>(
  decider: Decider<Command, State, Event>,
) {
  return {
    given(...history: Event[]) {
      const state = history.reduce(decider.evolve, decider.initialState);
      return {
        state,
        when(command: Command): Then<State, Event> {
          const decision = decider.decide(command, state);
          const accepted = (): Event[] => {
            if (!decision.ok) throw new Error(`refused: ${JSON.stringify(decision.refusal)}`);
            for (const event of decision.events) expect(validateNewEvent(event), event.type).toMatchObject({ ok: true });
            return decision.events;
          };
          return {
            decision,
            then(...events) {
              expect(accepted()).toEqual(events);
              return events.reduce(decider.evolve, state);
            },
            thenNothingHappens() {
              expect(accepted()).toEqual([]);
            },
            thenAccepted: accepted,
            thenRefused(code, details) {
              if (decision.ok) throw new Error(`accepted: ${JSON.stringify(decision.events)}`);
              const { refusal } = decision;
              expect(refusal.code).toBe(code);
              expect(refusal.message.trim()).not.toBe('');
              if (details) expect(refusal.details).toEqual(details);
              return refusal;
            },
          };
        },
      };
    },
  };
}
