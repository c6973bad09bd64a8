// Orders to many: the issuer follows one summary instead of a notice per task (the notifications reaction
// leaves the issuer out for tasks that name an order). A task of an order completed or past its deadline →
// the issuer gets the order's progress (rendered from the read model when it leaves, merged per order); the
// issuer's «Напомнить» (OrderReminded) → each recipient not done. Each row's id derives from the event (and
// the recipient), so a replay records nothing twice; quiet hours apply as to other task notices.
import type { SchoolCalendar } from '../../domain/calendar/index.js';
import type { Notification } from '../notifications/kinds.js';
import { mayWait, plannedNotice } from '../notifications/quietHours.js';
import { domainEventOf } from '../recordedEvents.js';
import type { Reaction } from './reaction.js';

export const ORDERS_REACTION = 'orders';

const ORDER_NOTICE_EVENT_TYPES = ['TaskCompleted', 'TaskDeadlineMissed', 'OrderReminded'] as const;

export function ordersReaction(settings: { calendar?: SchoolCalendar } = {}): Reaction {
  return {
    name: ORDERS_REACTION,
    eventTypes: ORDER_NOTICE_EVENT_TYPES,
    async handle(recorded, { outbox, now }) {
      const event = domainEventOf(recorded, ORDER_NOTICE_EVENT_TYPES);
      if (!event) return;
      const notify = (id: string, recipient: string, notification: Notification) => {
        const planned = settings.calendar && mayWait(settings.calendar, notification.kind, now) ? plannedNotice(settings.calendar, notification.kind, now, false) : { at: now };
        return outbox.enqueue({
          id,
          source: ORDERS_REACTION,
          recipient,
          ...notification,
          notBefore: planned.at,
          ...(planned.quiet ? { quiet: planned.quiet } : {}),
        });
      };
      switch (event.type) {
        case 'TaskCompleted':
        case 'TaskDeadlineMissed': {
          const { orderId, issuerId } = event.data;
          if (!orderId) return;
          await notify(`order_progress:${recorded.id}`, issuerId, { kind: 'order_progress', payload: { orderId } });
          return;
        }
        case 'OrderReminded': {
          const { orderId, tasks } = event.data;
          for (const { number, assigneeId } of tasks) {
            await notify(`order_reminder:${recorded.id}:${assigneeId}`, assigneeId, { kind: 'order_reminder', payload: { orderId, number } });
          }
          return;
        }
        default: {
          const unhandled: never = event;
          return unhandled;
        }
      }
    },
  };
}
