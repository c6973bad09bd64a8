// /staff → «Группы» (admins only): named groups of staff for orders to many. The list, a new group (its
// name typed), a group's card with its members, adding people (a part of the name typed, then a press on
// each), dropping one, renaming, removing (asked once more).
import type { StaffGroupView } from '../../../application/ports/readModels.js';
import { NAME_MAX } from '../../../domain/index.js';
import { encodeCallback } from '../callbackData.js';
import { hasRole } from '../cards.js';
import type { InlineButton } from '../sendQueue.js';
import { texts } from '../texts.js';
import { button, type Draft, type Flow, type Turn } from '../turn.js';
import { refusalText, request, requireActive, succeeded, typedText } from './common.js';

export const STAFF_GROUP = 'staffGroup';
/** People offered for a typed part of a name. */
const MEMBER_MATCHES = 8;
const g = texts.staffGroups;

/** Admins only; anyone else is told so at once (the command service would refuse anyway). */
function requireAdmin(turn: Turn): boolean {
  if (!requireActive(turn)) return false;
  if (hasRole(turn.person, 'admin')) return true;
  turn.reply(texts.staff.notAllowed);
  return false;
}

/** The "Группы" button under /staff's list. */
export const groupsButton = (): InlineButton => button(g.button, encodeCallback('groupList'));

async function showGroups(turn: Turn): Promise<void> {
  const groups = await turn.deps.read.staffGroups();
  const lines = groups.map((group) => g.line(group.name, group.members.length));
  const keyboard = [...groups.map((group) => [button(group.name, encodeCallback('groupShow', group.groupId))]), [button(g.create, encodeCallback('groupCreate'))]];
  turn.reply([g.title(groups.length), ...(lines.length > 0 ? lines : [g.none])].join('\n'), keyboard);
}

/** A live group, or a reply saying there is none. */
async function liveGroup(turn: Turn, groupId: string | undefined): Promise<StaffGroupView | undefined> {
  const group = groupId ? await turn.deps.read.staffGroup(groupId) : undefined;
  if (!group || group.removed) {
    turn.reply(g.notFound);
    return undefined;
  }
  return group;
}

async function showGroup(turn: Turn, group: StaffGroupView): Promise<void> {
  const names = await turn.deps.read.staffNames(group.members);
  const members = group.members.map((id) => ({ id, name: names.get(id) ?? id }));
  const keyboard: InlineButton[][] = [
    [button(g.add, encodeCallback('groupAdd', group.groupId))],
    ...members.map((m) => [button(g.drop(m.name), encodeCallback('groupDrop', group.groupId, m.id))]),
    [button(g.rename, encodeCallback('groupRename', group.groupId)), button(g.remove, encodeCallback('groupRemove', group.groupId))],
    [button(g.back, encodeCallback('groupList'))],
  ];
  turn.reply(g.card(group.name, members.map((m) => m.name)), keyboard);
}

/** The group as the read model has it now, or as just changed (the read model may lag the command a moment). */
async function groupAfter(turn: Turn, groupId: string, change: (group: StaffGroupView) => StaffGroupView): Promise<StaffGroupView | undefined> {
  const group = await turn.deps.read.staffGroup(groupId);
  return group ? change(group) : undefined;
}

/**
 * The group a button or a step names, as the read model has it, or by the name the wizard remembers (a group
 * defined a moment ago may not be projected yet); undefined, with a reply, when it is gone.
 */
async function namedGroup(turn: Turn, groupId: string): Promise<{ groupId: string; name: string; members: readonly string[] } | undefined> {
  const group = await turn.deps.read.staffGroup(groupId);
  if (group && !group.removed) return group;
  const draft = await turn.draft();
  if (!group && draft?.flow === STAFF_GROUP && draft.data.groupId === groupId && typeof draft.data.name === 'string') {
    return { groupId, name: draft.data.name, members: [] };
  }
  turn.reply(g.notFound);
  return undefined;
}

async function searchMembers(turn: Turn, draft: Draft, text: string): Promise<void> {
  const group = await namedGroup(turn, String(draft.data.groupId ?? ''));
  if (!group) return turn.clearDraft();
  const matches = (await turn.deps.read.searchStaff(text, { activeOnly: true, limit: MEMBER_MATCHES })).filter((p) => p.role !== 'auditor');
  if (matches.length === 0) return turn.reply(g.noMatches);
  turn.reply(
    g.pickMembers(group.name),
    matches.map((p) => [button(`${group.members.includes(p.telegramId) ? '✅ ' : ''}${p.fullName}`, encodeCallback('groupPick', group.groupId, p.telegramId))]),
  );
}

/** Adds or removes one person (a button's group and person); the group and the person's name once done. */
async function changeMember(turn: Turn, groupId: string | undefined, telegramId: string | undefined, change: 'add' | 'remove') {
  if (!groupId || !telegramId) return void turn.reply(texts.common.staleButton);
  if (!requireAdmin(turn)) return undefined;
  const group = await namedGroup(turn, groupId);
  if (!group) return undefined;
  const name = (await turn.deps.read.staffNames([telegramId])).get(telegramId) ?? telegramId;
  const result = await turn.deps.school.changeGroupMembers(turn.person, { groupId, [change]: [telegramId] }, request(turn));
  return succeeded(turn, result) ? { group, name } : undefined;
}

export const staffGroupsFlow: Flow = {
  callbacks: {
    groupList: async (turn) => {
      if (!requireAdmin(turn)) return;
      await showGroups(turn);
    },
    groupCreate: async (turn) => {
      if (!requireAdmin(turn)) return;
      await turn.saveDraft({ flow: STAFF_GROUP, step: 'name', data: {} });
      turn.reply(g.askName);
    },
    groupShow: async (turn, [groupId]) => {
      if (!requireAdmin(turn)) return;
      const group = await liveGroup(turn, groupId);
      if (group) await showGroup(turn, group);
    },
    groupAdd: async (turn, [groupId]) => {
      if (!requireAdmin(turn)) return;
      const group = await liveGroup(turn, groupId);
      if (!group) return;
      await turn.saveDraft({ flow: STAFF_GROUP, step: 'member', data: { groupId: group.groupId, name: group.name } });
      turn.reply(g.askMember(group.name));
    },
    groupPick: async (turn, [groupId, telegramId]) => {
      const changed = await changeMember(turn, groupId, telegramId, 'add');
      if (changed) turn.reply(g.added(changed.name, changed.group.name));
    },
    groupDrop: async (turn, [groupId, telegramId]) => {
      const changed = await changeMember(turn, groupId, telegramId, 'remove');
      if (!changed) return;
      turn.reply(g.dropped(changed.name, changed.group.name));
      const after = await groupAfter(turn, changed.group.groupId, (current) => ({ ...current, members: current.members.filter((id) => id !== telegramId) }));
      if (after) await showGroup(turn, after);
    },
    groupRename: async (turn, [groupId]) => {
      if (!requireAdmin(turn)) return;
      const group = await liveGroup(turn, groupId);
      if (!group) return;
      await turn.saveDraft({ flow: STAFF_GROUP, step: 'rename', data: { groupId: group.groupId } });
      turn.reply(g.askNewName(group.name));
    },
    groupRemove: async (turn, [groupId]) => {
      if (!requireAdmin(turn)) return;
      const group = await liveGroup(turn, groupId);
      if (group) turn.reply(g.askRemove(group.name), [[button(g.confirmRemove, encodeCallback('groupRemoveYes', group.groupId)), button(g.back, encodeCallback('groupList'))]]);
    },
    groupRemoveYes: async (turn, [groupId]) => {
      if (!groupId) return turn.reply(texts.common.staleButton);
      if (!requireAdmin(turn)) return;
      const group = await turn.deps.read.staffGroup(groupId);
      const result = await turn.deps.school.removeGroup(turn.person, { groupId }, request(turn));
      if (succeeded(turn, result)) turn.reply(g.removed(group?.name ?? ''));
    },
  },
  steps: {
    [STAFF_GROUP]: async (turn, draft, input) => {
      const text = typedText(turn, input.text);
      if (!text) return;
      if (!requireAdmin(turn)) return;
      switch (draft.step) {
        case 'name': {
          if (text.length > NAME_MAX) return turn.reply(texts.newTicket.tooLong(NAME_MAX));
          const result = await turn.deps.school.defineGroup(turn.person, { name: text }, request(turn));
          if (!result.ok) return turn.reply(refusalText(result.refusal));
          await turn.saveDraft({ flow: STAFF_GROUP, step: 'member', data: { groupId: result.groupId, name: text.replace(/\s+/g, ' ') } });
          return turn.reply(`${g.created(text)}\n${g.askMember(text)}`);
        }
        case 'member':
          return searchMembers(turn, draft, text);
        case 'rename': {
          if (text.length > NAME_MAX) return turn.reply(texts.newTicket.tooLong(NAME_MAX));
          const groupId = String(draft.data.groupId ?? '');
          const result = await turn.deps.school.renameGroup(turn.person, { groupId, name: text }, request(turn));
          await turn.clearDraft();
          if (succeeded(turn, result)) turn.reply(g.renamed(text.trim().replace(/\s+/g, ' ')));
          return;
        }
        default:
          return turn.reply(texts.common.expired);
      }
    },
  },
};
