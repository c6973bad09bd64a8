// /staff for admins: people waiting for approval (with role buttons), everyone else with Change role and
// Deactivate; people the bot cannot reach (they blocked it) are marked. Approval itself is the approveStaff
// button handled in start.ts.
import { ROLES, type Role } from '../../../domain/shared/values.js';
import { encodeCallback } from '../callbackData.js';
import { hasRole, nameOf } from '../cards.js';
import { texts } from '../texts.js';
import { button, type Flow } from '../turn.js';
import { request, requireActive, succeeded } from './common.js';
import { roleButtons } from './start.js';

/** People listed by /staff. */
const DIRECTORY_LIMIT = 100;
/** People with Change role / Deactivate buttons under the list. */
const MANAGED_BUTTONS_MAX = 30;

export const staffFlow: Flow = {
  commands: {
    staff: async (turn) => {
      if (!requireActive(turn)) return;
      if (!hasRole(turn.person, 'admin')) return turn.reply(texts.staff.notAllowed);
      const people = await turn.deps.read.staffDirectory({ limit: DIRECTORY_LIMIT });
      const pending = people.filter((p) => p.status === 'pending');
      for (const person of pending) {
        turn.reply(texts.registration.adminAsk(person.fullName, person.username), roleButtons(person.telegramId));
      }
      const others = people.filter((p) => p.status !== 'pending' && p.telegramId !== turn.userId);
      const lines = others.map((p) =>
        texts.staff.line(p.fullName, texts.roles[p.role ?? ''] ?? '—', texts.staffStatuses[p.status] ?? p.status, p.reachable || p.status !== 'active'),
      );
      // Only active people are marked: nobody writes to the others anyway.
      if (others.some((p) => !p.reachable && p.status === 'active')) lines.push('', texts.staff.unreachableNote);
      const keyboard = others
        .filter((p) => p.status === 'active')
        .slice(0, MANAGED_BUTTONS_MAX)
        .map((p) => [
          button(`${p.fullName.split(' ')[0] ?? ''}: ${texts.staff.changeRole}`, encodeCallback('changeRole', p.telegramId)),
          button(texts.staff.deactivate, encodeCallback('deactivateStaff', p.telegramId)),
        ]);
      turn.reply([texts.staff.title, ...(lines.length > 0 ? lines : [texts.staff.none])].join('\n'), keyboard.length > 0 ? keyboard : undefined);
    },
  },
  callbacks: {
    changeRole: async (turn, [telegramId, role]) => {
      if (!telegramId || !requireActive(turn)) return;
      const name = nameOf(await turn.deps.school.person(telegramId));
      if (!role) {
        const keyboard = ROLES.map((r) => [button(texts.roles[r] ?? r, encodeCallback('changeRole', telegramId, r))]);
        return turn.reply(texts.staff.chooseRole(name), keyboard);
      }
      if (!(ROLES as readonly string[]).includes(role)) return turn.reply(texts.common.staleButton);
      if (succeeded(turn, await turn.deps.school.changeRole(turn.person, { telegramId, role: role as Role }, request(turn)))) {
        turn.reply(texts.staff.roleChanged(name, texts.roles[role] ?? role));
      }
    },
    deactivateStaff: async (turn, [telegramId]) => {
      if (!telegramId || !requireActive(turn)) return;
      const name = nameOf(await turn.deps.school.person(telegramId));
      const result = await turn.deps.school.deactivate(turn.person, { telegramId, reason: texts.staff.deactivateReason }, request(turn));
      if (succeeded(turn, result)) {
        turn.reply(texts.staff.deactivated(name));
      }
    },
  },
};
