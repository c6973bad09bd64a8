// /start registration (full name → pending; admins get role buttons), /help by role, /cancel, and what a
// stranger's message gets.
import { ROLES, type Role } from '../../../domain/shared/values.js';
import { encodeCallback } from '../callbackData.js';
import { hasRole, isActive, isManager } from '../cards.js';
import { texts } from '../texts.js';
import { button, type Flow, type Turn } from '../turn.js';
import { meta, refusalText, requireActive, typedText } from './common.js';

const REGISTER = 'register';

function helpFor(turn: Turn): string {
  const h = texts.help;
  const person = turn.person;
  const lines = [...h.common];
  if (hasRole(person, 'technician', 'admin')) lines.push(...h.technician);
  if (isManager(person)) lines.push(...h.manager);
  if (hasRole(person, 'auditor')) lines.push(...h.auditor);
  if (hasRole(person, 'admin')) lines.push(...h.admin);
  return lines.join('\n');
}

export const roleButtons = (telegramId: string) =>
  ROLES.map((role) => [button(texts.roles[role] ?? role, encodeCallback('approveStaff', telegramId, role))]);

async function askAdmins(turn: Turn, fullName: string): Promise<void> {
  const admins = await turn.deps.read.staffByRole(['admin']);
  const ids = new Set([...turn.deps.adminIds, ...admins.filter((a) => a.status === 'active').map((a) => a.telegramId)]);
  for (const chatId of ids) {
    turn.send({ chatId, text: texts.registration.adminAsk(fullName, turn.username), keyboard: roleButtons(turn.userId) });
  }
}

export const startFlow: Flow = {
  commands: {
    start: async (turn) => {
      const person = turn.person;
      if (isActive(person)) return turn.reply(texts.registration.welcomeBack(person.fullName));
      if (person?.status === 'pending') return turn.reply(texts.registration.alreadyPending);
      if (person?.status === 'inactive') return turn.reply(texts.registration.deactivated);
      await turn.saveDraft({ flow: REGISTER, step: 'name', data: {} });
      turn.reply(texts.registration.askName);
    },
    help: (turn) => {
      if (!turn.person) return Promise.resolve(turn.reply(texts.common.notRegistered));
      turn.reply(helpFor(turn));
      return Promise.resolve();
    },
    cancel: async (turn) => {
      const draft = await turn.draft();
      if (!draft) return turn.reply(texts.common.nothingToCancel);
      await turn.clearDraft();
      turn.reply(texts.common.cancelled);
    },
  },
  steps: {
    [REGISTER]: async (turn, _draft, input) => {
      const fullName = typedText(turn, input.text)?.replace(/\s+/g, ' ');
      if (!fullName) return;
      if (fullName.split(' ').length < 2 || fullName.length < 5) return turn.reply(texts.registration.nameTooShort);
      const outcome = await turn.deps.commands.registerStaff(meta(turn), { fullName, username: turn.username });
      await turn.clearDraft();
      if (!outcome.ok) return turn.reply(refusalText(outcome.refusal));
      if (outcome.approved) return turn.reply(texts.registration.approved(texts.roles.admin ?? 'admin'));
      turn.reply(texts.registration.pending);
      await askAdmins(turn, fullName);
    },
  },
  callbacks: {
    approveStaff: async (turn, [telegramId, role]) => {
      if (!telegramId || !role || !(ROLES as readonly string[]).includes(role)) return turn.reply(texts.common.staleButton);
      const outcome = await turn.deps.commands.approveStaff(meta(turn), telegramId, role as Role);
      if (!outcome.ok) return turn.reply(refusalText(outcome.refusal));
      const person = await turn.deps.whoIs(telegramId);
      const roleName = texts.roles[role] ?? role;
      turn.reply(texts.registration.approvedForAdmin(person?.fullName ?? telegramId, roleName));
      turn.send({ chatId: telegramId, text: texts.registration.approved(roleName) });
    },
  },
  fallback: (turn) => {
    if (!turn.person) turn.reply(texts.common.notRegistered);
    else if (requireActive(turn)) turn.reply(texts.common.unknown);
    return Promise.resolve();
  },
};
