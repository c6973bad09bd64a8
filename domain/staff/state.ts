// Staff state and its fold: one person, identified by their Telegram user id.
import { match } from 'ts-pattern';
import type { Role } from '../shared/values.js';
import type { StaffEvent } from './events.js';

export type StaffStatus = 'pending' | 'active' | 'inactive';

export interface StaffMember {
  readonly status: StaffStatus;
  readonly telegramId: string;
  readonly fullName: string;
  /** Null until approved (a registration turned down never gets one). */
  readonly role: Role | null;
  readonly categories: readonly string[];
  /** The categories they lead (StaffLeadsChanged); absent: none. */
  readonly leads?: readonly string[];
  /** False after Telegram refused delivery (blocked the bot): reminders stop. */
  readonly reachable: boolean;
  readonly registeredAt: string;
}

export type StaffState = { readonly status: 'none' } | StaffMember;

export const initialStaffState: StaffState = { status: 'none' };

export const staffExists = (state: StaffState): state is StaffMember => state.status !== 'none';

export function evolveStaff(state: StaffState, event: StaffEvent): StaffState {
  if (event.type === 'StaffRegistered') {
    const { data } = event;
    return {
      status: 'pending',
      telegramId: data.telegramId,
      fullName: data.fullName,
      role: null,
      categories: [],
      reachable: true,
      registeredAt: data.registeredAt,
    };
  }
  // Any other event before StaffRegistered cannot come from our deciders; the fold leaves the state alone.
  if (!staffExists(state)) return state;
  return match(event)
    .with({ type: 'StaffApproved' }, ({ data }): StaffMember => ({
      ...state,
      status: 'active',
      role: data.role,
      categories: data.categories,
      fullName: data.fullName,
    }))
    .with({ type: 'StaffRoleChanged' }, ({ data }): StaffMember => ({
      ...state,
      role: data.to,
      categories: data.categories,
    }))
    .with({ type: 'StaffDeactivated' }, (): StaffMember => ({ ...state, status: 'inactive' }))
    .with({ type: 'StaffReactivated' }, ({ data }): StaffMember => ({ ...state, status: 'active', role: data.role }))
    .with({ type: 'StaffUnreachable' }, (): StaffMember => ({ ...state, reachable: false }))
    .with({ type: 'StaffReachable' }, (): StaffMember => ({ ...state, reachable: true }))
    .with(
      // Stryker disable next-line ObjectLiteral: the last pattern of an exhaustive match; every other type matched above, so {} matches exactly the same
      { type: 'StaffLeadsChanged' },
      ({ data }): StaffMember => ({ ...state, leads: data.categories }),
    )
    .exhaustive();
}

export const foldStaff = (events: readonly StaffEvent[]): StaffState => events.reduce(evolveStaff, initialStaffState);
