// Each person's command menu follows their role: approved, reactivated or given another role → the menu of
// that role in their private chat; switched off → the short menu (/start, /help). The reaction records a
// `command_menu` row in the outbox, inside its checkpoint's transaction, under an id derived from the event:
// the Telegram sender sets the menu (setMyCommands for that chat), as it sends every message. A registration
// turned down (never approved) changes nothing: they only ever saw the default menu.
import type { Role } from '../../domain/index.js';
import { domainEventOf } from '../recordedEvents.js';
import type { Reaction } from './reaction.js';

export const COMMAND_MENU_REACTION = 'command-menu';
/** Rows of one batch share their due time, so the sender takes them in id order: revisions padded to sort. */
const REVISION_DIGITS = 10;

const MENU_EVENT_TYPES = ['StaffApproved', 'StaffRoleChanged', 'StaffReactivated', 'StaffDeactivated'] as const;

export function commandMenuReaction(): Reaction {
  return {
    name: COMMAND_MENU_REACTION,
    eventTypes: MENU_EVENT_TYPES,
    async handle(recorded, { outbox, now }) {
      const event = domainEventOf(recorded, MENU_EVENT_TYPES);
      if (!event) return;
      const menu = async (telegramId: string, role: Role | null) => {
        await outbox.enqueue({
          // By the person and their stream's revision: one row per event, and a later role sorts (and is set) later.
          id: `command_menu:${telegramId}:${recorded.revision.toString().padStart(REVISION_DIGITS, '0')}`,
          source: COMMAND_MENU_REACTION,
          recipient: telegramId,
          kind: 'command_menu',
          payload: { telegramId, role },
          notBefore: now,
        });
      };
      switch (event.type) {
        case 'StaffApproved':
        case 'StaffReactivated':
          return menu(event.data.telegramId, event.data.role);
        case 'StaffRoleChanged':
          return menu(event.data.telegramId, event.data.to);
        case 'StaffDeactivated':
          if (!event.data.wasPending) await menu(event.data.telegramId, null);
          return;
        default: {
          const unhandled: never = event;
          return unhandled;
        }
      }
    },
  };
}
