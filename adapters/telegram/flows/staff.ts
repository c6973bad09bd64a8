// /staff for admins: people waiting for approval (with role buttons), then everyone else with a count and
// pages: each with their role, status and (technicians) categories, and Change role, Deactivate and
// (technicians) Categories buttons; people the bot cannot reach (they blocked it) are marked.
//
// Requests for access (the admins' message: adapters/telegram/accessRequests.ts): Одобрить shows the role
// buttons, a role button approves (a technician through the category picker here), Отклонить turns the request
// down. Every admin has the buttons, so a press on a request another admin (or the same one) already decided is
// answered with who decided it and how, and issues nothing.
//
// The category picker is stateless: the button carries the chosen set as a bit mask over the configured
// categories, and a mode (a: approve as technician, c: change a technician's categories, l: the categories a
// person leads — the escalation ladder's first step; upper case opens a new picker, lower case redraws the one
// pressed).
import { CONFIG_ACTOR_ID, ROLES, telegramIdSchema, type Role } from '../../../domain/shared/values.js';
import type { StaffView } from '../../../application/ports/readModels.js';
import type { Refusal } from '../../../domain/shared/refusal.js';
import { encodeCallback } from '../callbackData.js';
import { hasRole, nameOf } from '../cards.js';
import { categoryName, texts } from '../texts.js';
import { button, type Flow, type Turn } from '../turn.js';
import type { InlineButton } from '../sendQueue.js';
import { pageButtons, pagedList, pageWindow } from '../paging.js';
import { refusalText, request, requireActive, succeeded } from './common.js';
import { offerRememberedRoom } from './roomLink.js';
import { rejectRow, roleButtons } from '../accessRequests.js';
import { groupsButton } from './staffGroups.js';

/** People read for /staff (a school's staff is well under this). */
const DIRECTORY_LIMIT = 1_000;
/** People on one page of /staff, each with a row of buttons. */
export const STAFF_PAGE_SIZE = 10;
const CATEGORY_BUTTONS_PER_ROW = 2;

const staffLine = (p: StaffView): string => {
  const line = texts.staff.line(p.fullName, texts.roles[p.role ?? ''] ?? '—', texts.staffStatuses[p.status] ?? p.status, p.reachable || p.status !== 'active');
  const withCategories = p.role === 'technician' ? `${line}; ${categoriesText(p.categories)}` : line;
  return (p.leads ?? []).length > 0 ? `${withCategories}; ${leadsText(p.leads ?? [])}` : withCategories;
};

/** "отвечает за: ИТ и компьютеры" (or "ни за что"). */
const leadsText = (categories: readonly string[]): string =>
  texts.sla.leadsLine(categories.length === 0 ? texts.sla.leadsNone : categories.map(categoryName).join(', '));

/** Who may lead a category: a deputy, the director, an admin, or a technician heading maintenance or IT. */
const MAY_LEAD: readonly (string | null)[] = ['deputy', 'director', 'admin', 'technician'];

/** "категории: ИТ и компьютеры, Уборка" or "категории: все категории". */
export const categoriesText = (categories: readonly string[]): string =>
  texts.staffCategories.line(categories.length === 0 ? texts.staffCategories.allShort : categories.map(categoryName).join(', '));

/** Replaces the message a button was pressed under (in a private chat), or answers with a new one. */
function redraw(turn: Turn, text: string, keyboard: InlineButton[][]): void {
  const message = turn.ctx.callbackQuery?.message;
  if (message && turn.ctx.chat?.type === 'private') turn.send({ editMessageId: message.message_id, text, keyboard });
  else turn.reply(text, keyboard);
}

/** /staff's list of everyone but the pending (who come first, with role buttons), ten a page. */
const showStaff = pagedList('st', async (turn, page) => {
  if (!requireAdmin(turn)) return undefined;
  const people = await turn.deps.read.staffDirectory({ limit: DIRECTORY_LIMIT });
  const others = people.filter((p) => p.status !== 'pending' && p.telegramId !== turn.userId);
  const window = pageWindow(page, others.length);
  const shown = others.slice(window.offset, window.offset + window.limit);
  const lines = shown.map(staffLine);
  // Only active people are marked: nobody writes to the others anyway.
  if (shown.some((p) => !p.reachable && p.status === 'active')) lines.push('', texts.staff.unreachableNote);
  const keyboard = shown
    .filter((p) => p.status === 'active')
    .map((p) => [
      button(`${p.fullName.split(' ')[0] ?? ''}: ${texts.staff.changeRole}`, encodeCallback('changeRole', p.telegramId)),
      button(texts.staff.deactivate, encodeCallback('deactivateStaff', p.telegramId)),
      ...(p.role === 'technician'
        ? [button(texts.staffCategories.button, encodeCallback('staffCategories', p.telegramId, `C${maskOf(turn, p.categories)}`))]
        : []),
      ...(MAY_LEAD.includes(p.role) ? [button(texts.sla.leadsButton, encodeCallback('staffCategories', p.telegramId, `L${maskOf(turn, p.leads ?? [])}`))] : []),
    ]);
  const title = texts.staffList.title(others.length, window.page, window.pages);
  return { text: [title, ...(lines.length > 0 ? lines : [texts.staff.none])].join('\n'), keyboard: [...keyboard, ...pageButtons('st', window), [groupsButton()]] };
});

/** The chosen categories as a bit mask over the configured ones (base 36, so it stays short). */
function maskOf(turn: Turn, categories: readonly string[]): string {
  let mask = 0;
  turn.deps.categories.forEach((slug, index) => {
    if (categories.includes(slug)) mask |= 1 << index;
  });
  return mask.toString(36);
}

const categoriesOf = (turn: Turn, mask: number): string[] => turn.deps.categories.filter((_slug, index) => (mask & (1 << index)) !== 0);

type PickerMode = 'a' | 'c' | 'l';
/** A picker button's state: the mode, whether it opens a new picker, and the mask; undefined when garbled. */
function pickerState(turn: Turn, arg: string | undefined): { mode: PickerMode; opens: boolean; mask: number } | undefined {
  const match = /^([aclACL])([0-9a-z]{1,8})$/.exec(arg ?? '');
  if (!match) return undefined;
  const mask = parseInt(match[2]!, 36);
  if (!Number.isSafeInteger(mask) || mask >= 2 ** turn.deps.categories.length) return undefined;
  return { mode: match[1]!.toLowerCase() as PickerMode, opens: match[1] === match[1]!.toUpperCase(), mask };
}

function pickerKeyboard(turn: Turn, telegramId: string, mode: PickerMode, mask: number): InlineButton[][] {
  const mark = (on: boolean, label: string) => (on ? `✅ ${label}` : label);
  const toggles = turn.deps.categories.map((slug, index) =>
    button(mark((mask & (1 << index)) !== 0, categoryName(slug)), encodeCallback('staffCategories', telegramId, `${mode}${(mask ^ (1 << index)).toString(36)}`)),
  );
  const keyboard: InlineButton[][] = [];
  for (let i = 0; i < toggles.length; i += CATEGORY_BUTTONS_PER_ROW) keyboard.push(toggles.slice(i, i + CATEGORY_BUTTONS_PER_ROW));
  // No category ticked: a technician takes all of them; a lead leads none.
  const none = mode === 'l' ? texts.sla.leadsNone : texts.staffCategories.all;
  keyboard.push([button(mark(mask === 0, none), encodeCallback('staffCategories', telegramId, `${mode}0`))]);
  keyboard.push([button(texts.staffCategories.done, encodeCallback('staffCategoriesDone', telegramId, `${mode}${mask.toString(36)}`))]);
  return keyboard;
}

const r = texts.registration;

/**
 * True (and answered) when the request of `telegramId` is not waiting: decided already (by whom and how), or no
 * such request. Read from the person's Staff stream, so a decision a moment ago counts.
 */
async function notWaiting(turn: Turn, telegramId: string): Promise<boolean> {
  const person = await turn.deps.school.person(telegramId);
  if (person.status === 'pending') return false;
  const decision = person.status === 'none' ? undefined : await turn.deps.school.requestDecision(telegramId);
  if (!decision) {
    turn.reply(r.noRequest);
    return true;
  }
  const name = nameOf(person);
  const outcome = decision.outcome === 'approved' ? r.outcomeApproved(name, texts.roles[decision.role] ?? decision.role) : r.outcomeRejected(name);
  if (decision.by === turn.userId) turn.reply(r.decidedByYou(outcome));
  else {
    // A configured admin may never have written their name: their role names them then.
    const decider = decision.by === CONFIG_ACTOR_ID ? undefined : await turn.deps.school.person(decision.by);
    const by = decider?.fullName ?? texts.roles.admin ?? decision.by;
    turn.reply(r.decidedBy(by, outcome));
  }
  return true;
}

/** A refused approval or rejection: another admin decided the request in the same moment, or the refusal's own words. */
async function refusedOrDecided(turn: Turn, telegramId: string, refusal: Refusal): Promise<void> {
  if (refusal.code === 'invalid_transition' && hasRole(turn.person, 'admin') && (await notWaiting(turn, telegramId))) return;
  turn.reply(refusalText(refusal));
}

/** A request button's person: a Telegram id, else the button is garbled or forged (answered as stale). */
function requestTarget(turn: Turn, telegramId: string | undefined): string | undefined {
  if (telegramId && telegramIdSchema.safeParse(telegramId).success) return telegramId;
  turn.reply(texts.common.staleButton);
  return undefined;
}

/** Admins only; anyone else is told so at once (the command service would refuse the outcome anyway). */
function requireAdmin(turn: Turn): boolean {
  if (!requireActive(turn)) return false;
  if (hasRole(turn.person, 'admin')) return true;
  turn.reply(texts.staff.notAllowed);
  return false;
}

export const staffFlow: Flow = {
  commands: {
    staff: async (turn) => {
      if (!requireAdmin(turn)) return;
      const pending = await turn.deps.read.staffDirectory({ limit: DIRECTORY_LIMIT, statuses: ['pending'] });
      for (const person of pending) {
        turn.reply(texts.registration.adminAsk(person.fullName, person.username), [...roleButtons(person.telegramId), rejectRow(person.telegramId)]);
      }
      await showStaff(turn);
    },
  },
  callbacks: {
    staffCategories: async (turn, [telegramId, arg]) => {
      const state = pickerState(turn, arg);
      if (!telegramId || !state) return turn.reply(texts.common.staleButton);
      if (!requireAdmin(turn)) return;
      if (state.mode === 'a' && (await notWaiting(turn, telegramId))) return;
      const name = nameOf(await turn.deps.school.person(telegramId));
      const text = state.mode === 'l' ? texts.sla.leadsChoose(name) : texts.staffCategories.choose(name);
      const keyboard = pickerKeyboard(turn, telegramId, state.mode, state.mask);
      if (state.opens) turn.reply(text, keyboard);
      else redraw(turn, text, keyboard);
    },
    staffCategoriesDone: async (turn, [telegramId, arg]) => {
      const state = pickerState(turn, arg);
      if (!telegramId || !state || state.opens) return turn.reply(texts.common.staleButton);
      if (!requireAdmin(turn)) return;
      const categories = categoriesOf(turn, state.mask);
      const { school } = turn.deps;
      if (state.mode === 'l') {
        const result = await school.setLeads(turn.person, { telegramId, categories }, request(turn));
        if (succeeded(turn, result)) turn.reply(texts.sla.leadsChanged(nameOf(await school.person(telegramId)), categories.map(categoryName).join(', ')));
        return;
      }
      if (state.mode === 'a') {
        if (await notWaiting(turn, telegramId)) return;
        const result = await school.approveStaff(turn.person, { telegramId, role: 'technician', categories, pendingOnly: true }, request(turn));
        if (!result.ok) return refusedOrDecided(turn, telegramId, result.refusal);
        const approved = await school.person(telegramId);
        turn.reply(texts.staffCategories.approved(nameOf(approved), categoriesText(categories)));
        turn.send({ chatId: telegramId, text: texts.registration.approved(texts.roles.technician ?? 'technician') });
        return;
      }
      const result = await school.changeCategories(turn.person, { telegramId, categories }, request(turn));
      if (succeeded(turn, result)) turn.reply(texts.staffCategories.changed(nameOf(await school.person(telegramId)), categoriesText(categories)));
    },
    approveStaff: async (turn, [telegramId, role]) => {
      if (!telegramId || !role || !(ROLES as readonly string[]).includes(role)) return turn.reply(texts.common.staleButton);
      // Anyone else is refused by the command service, as before (nothing about the request is said).
      if (hasRole(turn.person, 'admin') && (await notWaiting(turn, telegramId))) return;
      const result = await turn.deps.school.approveStaff(turn.person, { telegramId, role: role as Role, pendingOnly: true }, request(turn));
      if (!result.ok) return refusedOrDecided(turn, telegramId, result.refusal);
      const approved = await turn.deps.school.person(telegramId);
      const roleName = texts.roles[role] ?? role;
      turn.reply(r.approvedForAdmin(nameOf(approved), roleName));
      turn.send({ chatId: telegramId, text: r.approved(roleName) });
      await offerRememberedRoom(turn, telegramId);
    },
    approveRequest: async (turn, [arg]) => {
      const telegramId = requestTarget(turn, arg);
      if (!telegramId || !requireAdmin(turn) || (await notWaiting(turn, telegramId))) return;
      const name = nameOf(await turn.deps.school.person(telegramId));
      turn.reply(r.chooseRole(name), [...roleButtons(telegramId), rejectRow(telegramId)]);
    },
    rejectRequest: async (turn, [arg]) => {
      const telegramId = requestTarget(turn, arg);
      if (!telegramId || !requireAdmin(turn) || (await notWaiting(turn, telegramId))) return;
      const name = nameOf(await turn.deps.school.person(telegramId));
      const result = await turn.deps.school.rejectRequest(turn.person, { telegramId, reason: r.rejectReason }, request(turn));
      if (!result.ok) return refusedOrDecided(turn, telegramId, result.refusal);
      turn.reply(r.rejectedForAdmin(name));
      turn.send({ chatId: telegramId, text: r.rejected });
    },
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
