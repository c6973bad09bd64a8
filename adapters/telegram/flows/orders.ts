// One order to many (issue 15, item 2). /task's «Нескольким» button: a staff group, everyone of a role, or
// people picked from searches; then the /task wizard goes on as for one person (what, the deadline, confirm)
// and sends one order (flows/orderSubmit.ts). The issuer's summary card: "Выполнили 12 из 30, просрочили 3",
// a line per task, Accept / Return for each report waiting, remind those not done, cancel for all. /orders
// lists the issuer's orders.
import type { OrderView, TaskView } from '../../../application/ports/readModels.js';
import type { OrderTarget, Role } from '../../../domain/index.js';
import { ROLES } from '../../../domain/index.js';
import { encodeCallback } from '../callbackData.js';
import { hasRole, isManager } from '../cards.js';
import { formatDeadline } from '../deadline.js';
import type { InlineButton } from '../sendQueue.js';
import { texts } from '../texts.js';
import { button, type Draft, type Flow, type Turn } from '../turn.js';
import { request, requireActive, succeeded, typedText } from './common.js';
import { NEW_TASK } from './newTask.js';
import type { OrderDraft } from './orderSubmit.js';

export const NEW_ORDER = 'newOrder';
const o = texts.orders;
/** People offered for a typed part of a name. */
const PEOPLE_MATCHES = 8;
/** Task lines on the card; the rest are counted. */
const CARD_LINES = 40;
/** Reports offered for Accept / Return on the card at once (the oldest first). */
const CARD_REVIEWS = 8;
/** Orders on /orders. */
const LIST_ORDERS = 10;
/** Roles an order may go to everyone of (an auditor is given no tasks). */
const ORDER_ROLES = ROLES.filter((role) => role !== 'auditor');

function requireManager(turn: Turn): boolean {
  if (!requireActive(turn)) return false;
  if (isManager(turn.person)) return true;
  turn.reply(o.notAllowed);
  return false;
}

/** Recipients chosen: the /task wizard asks what to do next, with the recipients in its draft. */
async function askWhat(turn: Turn, recipients: string[], target: OrderTarget, whom: string): Promise<void> {
  if (recipients.length === 0) return turn.reply(o.nobody);
  const data: OrderDraft = { recipients, target, assigneeName: whom };
  await turn.saveDraft({ flow: NEW_TASK, step: 'title', data: { ...data } });
  turn.reply(texts.task.askTitle(whom));
}

/** Active working staff among `ids` (a group may hold someone switched off since). */
async function activeAmong(turn: Turn, ids: readonly string[]): Promise<string[]> {
  const people = await Promise.all(ids.map((id) => turn.deps.read.staffById(id)));
  return people.filter((p) => p !== undefined && p.status === 'active' && p.role !== 'auditor').map((p) => p!.telegramId);
}

async function showPicked(turn: Turn, picked: readonly string[]): Promise<void> {
  turn.reply(o.picked(picked.length), picked.length > 0 ? [[button(o.done(picked.length), encodeCallback('orderPicked'))]] : undefined);
}

const pickedOf = (draft: Draft): string[] => (Array.isArray(draft.data.picked) ? (draft.data.picked as string[]) : []);

/** Open (assigned, accepted) before done; within each, overdue first. */
const STATUS_ORDER: Record<string, number> = { completed: 0, assigned: 1, accepted: 1, approved: 2, cancelled: 3 };
const byAttention = (a: TaskView, b: TaskView) =>
  (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) || Number(b.overdue) - Number(a.overdue) || a.number - b.number;

function summaryCard(order: OrderView, tasks: readonly TaskView[], names: Map<string, string>, zone: string): { text: string; keyboard: InlineButton[][] } {
  const c = order.counts;
  const extras = [
    ...(c.awaitingApproval > 0 ? [o.awaiting(c.awaitingApproval)] : []),
    ...(c.cancelled > 0 ? [o.cancelledCount(c.cancelled)] : []),
    ...(c.missing > 0 ? [o.missing(c.missing)] : []),
  ];
  const sorted = [...tasks].sort(byAttention);
  const lines = sorted
    .slice(0, CARD_LINES)
    .map((t) => o.line(texts.notifications.taskRef(t.number), names.get(t.assigneeId) ?? t.assigneeId, `${texts.taskStatuses[t.status] ?? t.status}${t.overdue ? o.overdueMark : ''}`));
  if (sorted.length > CARD_LINES) lines.push(o.more(sorted.length - CARD_LINES));
  const text = [
    o.summaryTitle(order.title, formatDeadline(order.deadline, zone)),
    `${o.counts(c.done, c.total, c.overdue)}${extras.length > 0 ? `; ${extras.join('; ')}` : ''}.`,
    ...(order.status === 'cancelled' ? [o.cancelledMark] : []),
    '',
    ...lines,
  ].join('\n');
  const reviews = sorted.filter((t) => t.status === 'completed').slice(0, CARD_REVIEWS);
  const keyboard: InlineButton[][] = reviews.map((t) => {
    const ref = texts.notifications.taskRef(t.number);
    return [button(o.approve(ref), encodeCallback('approveTask', t.number)), button(o.return(ref), encodeCallback('returnTask', t.number))];
  });
  if (order.status !== 'cancelled') {
    if (c.open > 0) keyboard.push([button(o.remind, encodeCallback('orderRemind', order.orderId))]);
    keyboard.push([button(o.refresh, encodeCallback('orderShow', order.orderId)), button(o.cancel, encodeCallback('orderCancel', order.orderId))]);
  }
  return { text, keyboard };
}

/** The order when this person may see its summary: its issuer or an admin. */
async function ownOrder(turn: Turn, orderId: string | undefined) {
  if (!orderId || !requireActive(turn)) return undefined;
  const summary = await turn.deps.read.orderSummary(orderId, turn.now);
  if (!summary) {
    turn.reply(o.notFound);
    return undefined;
  }
  if (summary.order.issuerId !== turn.userId && !hasRole(turn.person, 'admin')) {
    turn.reply(o.notYours);
    return undefined;
  }
  return summary;
}

async function showOrder(turn: Turn, orderId: string | undefined): Promise<void> {
  let summary = await ownOrder(turn, orderId);
  if (!summary) return;
  // A fan-out a crash cut short: the issuer's look at the card assigns what is missing (idempotent).
  if (summary.order.counts.missing > 0 && summary.order.status !== 'cancelled' && summary.order.issuerId === turn.userId) {
    const resumed = await turn.deps.school.resumeOrder(turn.person, { orderId: summary.order.orderId }, request(turn, 'resume'));
    const { counts } = summary.order;
    // The tasks just assigned are not in the read model yet: counted as open rather than as missing.
    const missing = resumed.ok ? resumed.notAssigned.length : counts.missing;
    summary = { ...summary, order: { ...summary.order, counts: { ...counts, missing, open: counts.open + counts.missing - missing } } };
  }
  const names = await turn.deps.read.staffNames(summary.order.assigneeIds);
  const card = summaryCard(summary.order, summary.tasks, names, turn.deps.zone);
  turn.reply(card.text, card.keyboard.length > 0 ? card.keyboard : undefined);
}

export const ordersFlow: Flow = {
  commands: {
    orders: async (turn) => {
      if (!requireManager(turn)) return;
      const orders = await turn.deps.read.ordersIssuedBy(turn.userId, turn.now, { limit: LIST_ORDERS });
      if (orders.length === 0) return turn.reply(o.listNone);
      const lines = orders.map((order) => o.listLine(order.title, o.counts(order.counts.done, order.counts.total, order.counts.overdue), order.status === 'cancelled'));
      turn.reply([o.listTitle, ...lines].join('\n'), orders.map((order) => [button(order.title.slice(0, 40), encodeCallback('orderShow', order.orderId))]));
    },
  },
  callbacks: {
    orderMany: async (turn) => {
      if (!requireManager(turn)) return;
      turn.reply(o.chooseKind, [
        [button(o.byGroup, encodeCallback('orderGroup'))],
        [button(o.byRole, encodeCallback('orderRole'))],
        [button(o.byPeople, encodeCallback('orderPeople'))],
      ]);
    },
    orderGroup: async (turn, [groupId]) => {
      if (!requireManager(turn)) return;
      if (!groupId) {
        const groups = await turn.deps.read.staffGroups();
        if (groups.length === 0) return turn.reply(o.noGroups);
        return turn.reply(o.chooseGroup, groups.map((g) => [button(texts.staffGroups.line(g.name, g.members.length).replace(/^• /, ''), encodeCallback('orderGroup', g.groupId))]));
      }
      const group = await turn.deps.read.staffGroup(groupId);
      if (!group || group.removed) return turn.reply(texts.staffGroups.notFound);
      const recipients = await activeAmong(turn, group.members);
      await askWhat(turn, recipients, { kind: 'group', ref: group.groupId, label: group.name }, o.whomGroup(group.name, recipients.length));
    },
    orderRole: async (turn, [role]) => {
      if (!requireManager(turn)) return;
      if (!role) return turn.reply(o.chooseRole, ORDER_ROLES.map((r) => [button(texts.roles[r] ?? r, encodeCallback('orderRole', r))]));
      if (!(ORDER_ROLES as readonly string[]).includes(role)) return turn.reply(texts.common.staleButton);
      const people = await turn.deps.read.staffByRole([role as Role]);
      const recipients = people.filter((p) => p.status === 'active' && p.telegramId !== turn.userId).map((p) => p.telegramId);
      const label = texts.roles[role] ?? role;
      await askWhat(turn, recipients, { kind: 'role', ref: role, label }, o.whomRole(label, recipients.length));
    },
    orderPeople: async (turn) => {
      if (!requireManager(turn)) return;
      await turn.saveDraft({ flow: NEW_ORDER, step: 'people', data: { picked: [] } });
      turn.reply(o.askPeople);
    },
    orderToggle: async (turn, [telegramId]) => {
      const draft = await turn.draft();
      if (!draft || draft.flow !== NEW_ORDER || !telegramId) return turn.reply(texts.common.expired);
      if (!requireManager(turn)) return;
      const picked = pickedOf(draft);
      const next = picked.includes(telegramId) ? picked.filter((id) => id !== telegramId) : [...picked, telegramId];
      await turn.saveDraft({ ...draft, data: { ...draft.data, picked: next } });
      await showPicked(turn, next);
    },
    orderPicked: async (turn) => {
      const draft = await turn.draft();
      if (!draft || draft.flow !== NEW_ORDER) return turn.reply(texts.common.expired);
      if (!requireManager(turn)) return;
      const recipients = await activeAmong(turn, pickedOf(draft));
      const names = await turn.deps.read.staffNames(recipients);
      await askWhat(turn, recipients, { kind: 'people', ref: '', label: '' }, o.whomPeople(recipients.map((id) => names.get(id) ?? id)));
    },
    orderShow: async (turn, [orderId]) => showOrder(turn, orderId),
    orderRemind: async (turn, [orderId]) => {
      const summary = await ownOrder(turn, orderId);
      if (!summary) return;
      const open = summary.tasks.filter((t) => t.status === 'assigned' || t.status === 'accepted');
      if (open.length === 0) return turn.reply(o.nobodyToRemind);
      const tasks = open.map((t) => ({ number: t.number, assigneeId: t.assigneeId }));
      const result = await turn.deps.school.remindOrder(turn.person, { orderId: summary.order.orderId, tasks }, request(turn));
      if (succeeded(turn, result)) turn.reply(o.reminded(open.length));
    },
    orderCancel: async (turn, [orderId]) => {
      const summary = await ownOrder(turn, orderId);
      if (!summary) return;
      turn.reply(o.askCancel(summary.order.title), [
        [button(o.confirmCancel, encodeCallback('orderCancelYes', summary.order.orderId)), button(o.keep, encodeCallback('orderShow', summary.order.orderId))],
      ]);
    },
    orderCancelYes: async (turn, [orderId]) => {
      const summary = await ownOrder(turn, orderId);
      if (!summary) return;
      const result = await turn.deps.school.cancelOrder(turn.person, { orderId: summary.order.orderId, reason: o.cancelReason }, request(turn));
      if (succeeded(turn, result)) turn.reply(o.cancelled(result.cancelledTasks.length));
    },
  },
  steps: {
    [NEW_ORDER]: async (turn, draft, input) => {
      const text = typedText(turn, input.text);
      if (!text) return;
      if (!requireManager(turn)) return;
      const picked = pickedOf(draft);
      const matches = (await turn.deps.read.searchStaff(text, { activeOnly: true, limit: PEOPLE_MATCHES })).filter((p) => p.role !== 'auditor');
      if (matches.length === 0) return turn.reply(o.noMatches);
      const keyboard = matches.map((p) => [button(`${picked.includes(p.telegramId) ? '✅ ' : ''}${p.fullName}`, encodeCallback('orderToggle', p.telegramId))]);
      if (picked.length > 0) keyboard.push([button(o.done(picked.length), encodeCallback('orderPicked'))]);
      turn.reply(o.pickFromMatches, keyboard);
    },
  },
};
