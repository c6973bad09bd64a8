// Order state and its fold. The tasks' own states live in their streams; the order knows who got which number.
import { match } from 'ts-pattern';
import type { OrderEvent, OrderTask } from './events.js';

export interface Order {
  readonly status: 'issued' | 'cancelled';
  readonly orderId: string;
  readonly issuerId: string;
  readonly title: string;
  readonly description: string;
  readonly deadline: string;
  readonly tasks: readonly OrderTask[];
}

export type OrderState = { readonly status: 'none' } | Order;

export const initialOrderState: OrderState = { status: 'none' };

export function evolveOrder(state: OrderState, event: OrderEvent): OrderState {
  if (event.type === 'OrderIssued') {
    const { data } = event;
    return {
      status: 'issued',
      orderId: data.orderId,
      issuerId: data.issuerId,
      title: data.title,
      description: data.description,
      deadline: data.deadline,
      tasks: data.tasks,
    };
  }
  if (state.status === 'none') return state;
  return match(event)
    .with({ type: 'OrderReminded' }, (): Order => state)
    .with({ type: 'OrderCancelled' }, (): Order => ({ ...state, status: 'cancelled' }))
    .exhaustive();
}

export const foldOrder = (events: readonly OrderEvent[]): OrderState => events.reduce(evolveOrder, initialOrderState);
