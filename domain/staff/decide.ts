// Staff decider: registration, approval and role changes. Admins manage people; nobody manages themselves,
// so an admin cannot lock the school out by demoting or deactivating their own account.
import { match } from 'ts-pattern';
import type { Actor } from '../shared/command.js';
import type { Decision, Refusal } from '../shared/refusal.js';
import { accept } from '../shared/refusal.js';
import {
  activeActor,
  inStatus,
  isAdmin,
  notFound,
  optionalText,
  permittedIf,
  refusal,
  rejected,
  text,
} from '../shared/guards.js';
import { cutToUnits } from '../shared/graphemes.js';
import { normalizeIso } from '../shared/time.js';
import { CONFIG_ACTOR_ID, NAME_MAX, TEXT_MAX, categorySchema, telegramIdSchema } from '../shared/values.js';
import type * as C from './commands.js';
import type { StaffEvent, TelegramProfile } from './events.js';
import type { StaffMember, StaffState } from './state.js';

type Result = Decision<StaffEvent>;

/** Telegram keeps a first or last name to 64 characters and a language tag (IETF) well under 35: generous caps. */
const PROFILE_TEXT_MAX = 256;
const LANGUAGE_CODE_MAX = 35;

const adminOnly = (actor: Actor) =>
  activeActor(actor) ?? permittedIf(isAdmin(actor), actor, 'only an admin manages staff');

/** An active admin managing someone other than themselves. */
const adminOfAnother = (actor: Actor, person: StaffMember) =>
  adminOnly(actor) ??
  (actor.id === person.telegramId
    ? refusal('not_permitted', 'an admin does not manage their own account', { actorId: actor.id })
    : undefined);

const validCategories = (categories: readonly string[]) =>
  categories.every((category) => categorySchema.safeParse(category).success)
    ? undefined
    : refusal('invalid_input', 'a category is not a slug', { field: 'categories' });

const missing = (gate?: Refusal): Result => notFound(gate, 'such person');

/** The Telegram profile as recorded: only what Telegram told, each text cut to its limit; nothing when it told nothing. */
function telegramOf(profile: C.RegisterStaff['data']['telegram']): { telegram?: TelegramProfile } {
  const told = (value: string | undefined, max: number) => {
    const trimmed = value?.trim();
    return trimmed ? cutToUnits(trimmed, max) : undefined;
  };
  const fields = {
    firstName: told(profile?.firstName, PROFILE_TEXT_MAX),
    lastName: told(profile?.lastName, PROFILE_TEXT_MAX),
    languageCode: told(profile?.languageCode, LANGUAGE_CODE_MAX),
    isPremium: profile?.isPremium === true ? true : undefined,
  };
  const telegram = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as TelegramProfile;
  return Object.keys(telegram).length > 0 ? { telegram } : {};
}

export function registerStaff(command: C.RegisterStaff, state: StaffState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  const why =
    permittedIf(actor.id === data.telegramId || (isAdmin(actor) && actor.active), actor, 'people register themselves') ??
    (telegramIdSchema.safeParse(data.telegramId).success
      ? undefined
      : refusal('invalid_input', 'bad telegram id', { field: 'telegramId' })) ??
    (state.status !== 'none' ? refusal('already_exists', 'already registered', { status: state.status }) : undefined) ??
    text(data.fullName, 'fullName', NAME_MAX);
  if (why) return rejected(why);
  const at = normalizeIso(now);
  const fullName = data.fullName.trim().replace(/\s+/g, ' ');
  const registered: StaffEvent = {
    type: 'StaffRegistered',
    data: { telegramId: data.telegramId, fullName, username: data.username, ...telegramOf(data.telegram), registeredAt: at },
  };
  if (!data.bootstrapAdmin) return accept(registered);
  return accept<StaffEvent>(registered, {
    type: 'StaffApproved',
    data: {
      telegramId: data.telegramId,
      fullName,
      role: 'admin',
      categories: [],
      approvedBy: CONFIG_ACTOR_ID,
      approvedAt: at,
    },
  });
}

export function approveStaff(command: C.ApproveStaff, state: StaffState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(adminOnly(actor));
  const why =
    adminOfAnother(actor, state) ??
    // Only someone never approved (pending, or turned down) is approved; a former member is reactivated.
    (state.role === null && (data.pendingOnly !== true || state.status === 'pending')
      ? undefined
      : refusal('invalid_transition', `approve is not possible while ${state.status}`, { status: state.status })) ??
    validCategories(data.categories);
  if (why) return rejected(why);
  return accept({
    type: 'StaffApproved',
    data: {
      telegramId: state.telegramId,
      fullName: state.fullName,
      role: data.role,
      categories: [...data.categories],
      approvedBy: actor.id,
      approvedAt: normalizeIso(now),
    },
  });
}

export function changeStaffRole(command: C.ChangeStaffRole, state: StaffState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(adminOnly(actor));
  const sameCategories = [...data.categories].sort().join(',') === [...state.categories].sort().join(',');
  const why =
    adminOfAnother(actor, state) ??
    inStatus(state.status, ['active'], 'change role') ??
    validCategories(data.categories) ??
    (state.role === data.role && sameCategories ? refusal('no_change', `already ${data.role}`) : undefined);
  if (why) return rejected(why);
  // Approval gives a role, so an active person has one; the check tells the type checker.
  if (state.role === null) return rejected(refusal('invalid_transition', 'no role yet', { status: state.status }));
  return accept({
    type: 'StaffRoleChanged',
    data: {
      telegramId: state.telegramId,
      from: state.role,
      to: data.role,
      categories: [...data.categories],
      changedBy: actor.id,
      changedAt: normalizeIso(now),
    },
  });
}

export function deactivateStaff(command: C.DeactivateStaff, state: StaffState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(adminOnly(actor));
  const why =
    adminOfAnother(actor, state) ??
    inStatus(state.status, data.pendingOnly === true ? ['pending'] : ['pending', 'active'], data.pendingOnly === true ? 'reject the request' : 'deactivate') ??
    optionalText(data.reason, 'reason', TEXT_MAX);
  if (why) return rejected(why);
  return accept({
    type: 'StaffDeactivated',
    data: {
      telegramId: state.telegramId,
      deactivatedBy: actor.id,
      reason: data.reason.trim(),
      wasPending: state.status === 'pending',
      deactivatedAt: normalizeIso(now),
    },
  });
}

export function reactivateStaff(command: C.ReactivateStaff, state: StaffState): Result {
  const { actor, now } = command.metadata;
  if (state.status === 'none') return missing(adminOnly(actor));
  const why =
    adminOfAnother(actor, state) ??
    inStatus(state.status, ['inactive'], 'reactivate');
  if (why) return rejected(why);
  if (state.role === null) {
    return rejected(refusal('invalid_transition', 'never approved: approve instead', { status: state.status }));
  }
  return accept({
    type: 'StaffReactivated',
    data: { telegramId: state.telegramId, reactivatedBy: actor.id, role: state.role, reactivatedAt: normalizeIso(now) },
  });
}

/** Idempotent: marking an unreachable person unreachable again appends nothing and is not an error. */
export function markStaffUnreachable(command: C.MarkStaffUnreachable, state: StaffState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  const why = permittedIf(actor.role === 'system', actor, 'only the notifier marks delivery failures');
  if (why) return rejected(why);
  if (state.status === 'none') return missing();
  if (!state.reachable) return accept();
  return accept({
    type: 'StaffUnreachable',
    data: {
      telegramId: state.telegramId,
      reason: cutToUnits(data.reason.trim(), TEXT_MAX),
      detectedAt: normalizeIso(now),
    },
  });
}

/** Idempotent, like markStaffUnreachable. The person themselves (writing to the bot) or the system marks it. */
export function markStaffReachable(command: C.MarkStaffReachable, state: StaffState): Result {
  const { actor, now } = command.metadata;
  // Whether they may say so depends on who the person is, so an unknown person is simply not found.
  if (state.status === 'none') return missing();
  const why = permittedIf(actor.role === 'system' || actor.id === state.telegramId, actor, 'only they or the system');
  if (why) return rejected(why);
  if (state.reachable) return accept();
  return accept({ type: 'StaffReachable', data: { telegramId: state.telegramId, detectedAt: normalizeIso(now) } });
}

/** An admin sets the categories an active person leads (themselves included: leading is not a permission). */
export function setStaffLeads(command: C.SetStaffLeads, state: StaffState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  if (state.status === 'none') return missing(adminOnly(actor));
  const categories = [...new Set(data.categories)].sort();
  const why =
    adminOnly(actor) ??
    inStatus(state.status, ['active'], 'set leads') ??
    validCategories(categories) ??
    (categories.join(',') === [...(state.leads ?? [])].sort().join(',') ? refusal('no_change', 'already leads these') : undefined);
  if (why) return rejected(why);
  return accept({
    type: 'StaffLeadsChanged',
    data: { telegramId: state.telegramId, categories, changedBy: actor.id, changedAt: normalizeIso(now) },
  });
}

/** Dispatches a command to its function; a command type nobody handles fails the type check. */
export function decideStaff(command: C.StaffCommand, state: StaffState): Result {
  return match(command)
    .with({ type: 'RegisterStaff' }, (c) => registerStaff(c, state))
    .with({ type: 'ApproveStaff' }, (c) => approveStaff(c, state))
    .with({ type: 'ChangeStaffRole' }, (c) => changeStaffRole(c, state))
    .with({ type: 'DeactivateStaff' }, (c) => deactivateStaff(c, state))
    .with({ type: 'ReactivateStaff' }, (c) => reactivateStaff(c, state))
    .with({ type: 'MarkStaffUnreachable' }, (c) => markStaffUnreachable(c, state))
    .with({ type: 'MarkStaffReachable' }, (c) => markStaffReachable(c, state))
    .with(
      // Stryker disable next-line ObjectLiteral: the last pattern of an exhaustive match; every other type matched above, so {} matches exactly the same
      { type: 'SetStaffLeads' },
      (c) => setStaffLeads(c, state),
    )
    .exhaustive();
}
