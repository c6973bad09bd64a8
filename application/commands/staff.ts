// Staff commands: registration by the person, management by admins, delivery status by the scheduler.
import type { CommandMetadata, RequestDecision, Role, StaffCommand, StaffEvent, TelegramProfile } from '../../domain/index.js';
import { requestDecision, staffStreamName } from '../../domain/index.js';
import { staffAggregate } from '../aggregates.js';
import type { CommandResult } from '../commandHandler.js';
import type { Person, Scheduler } from '../people.js';
import { resolvePerson } from '../people.js';
import { loadStream } from '../streamLoader.js';
import type { CommandContext, RequestMeta, Who } from './context.js';

/** Names the person a staff command acts on (their Staff stream is read by the command, as its target). */
export interface StaffRef {
  readonly telegramId: string;
}

type Result = Promise<CommandResult<StaffEvent>>;

export function staffCommands(ctx: CommandContext) {
  async function onStaff(
    who: Who,
    telegramId: string,
    request: RequestMeta,
    build: (metadata: CommandMetadata) => StaffCommand,
  ): Result {
    const prepared = ctx.acting(who, request);
    if (!prepared.ok) return prepared.result;
    return ctx.handle(staffAggregate, staffStreamName(telegramId), build(prepared.metadata));
  }

  return {
    /**
     * /start: a person asks to join. They are not staff yet, so this is the one command that does not refuse
     * an unauthorized issuer; ids in ADMIN_TELEGRAM_IDS are approved as admins at once. The domain also lets
     * an active admin register someone else (`telegramId`); no adapter offers that yet.
     */
    async register(
      who: Person,
      input: { fullName: string; username?: string | null; telegram?: TelegramProfile; telegramId?: string },
      request: RequestMeta,
    ): Result {
      const telegramId = input.telegramId ?? who.telegramId;
      const authorized = ctx.acting(who, request);
      const metadata = authorized.ok ? authorized.metadata : ctx.asGuest(who, request);
      const command: StaffCommand = {
        type: 'RegisterStaff',
        data: {
          telegramId,
          fullName: input.fullName,
          username: input.username ?? null,
          ...(input.telegram ? { telegram: input.telegram } : {}),
          bootstrapAdmin: ctx.adminIds.includes(telegramId),
        },
        metadata,
      };
      return ctx.handle(staffAggregate, staffStreamName(telegramId), command);
    },
    /**
     * How a person's request for access was decided and by whom, read from their Staff stream (the truth, so
     * a decision a moment ago is seen); undefined while it waits. A query: nothing is appended.
     */
    async requestDecision(telegramId: string): Promise<RequestDecision | undefined> {
      const { events } = await loadStream(ctx.store, staffStreamName(telegramId), staffAggregate);
      return requestDecision(events.map((loaded) => loaded.event));
    },
    /** `pendingOnly`: from a request's buttons (refused once anyone decided the request). */
    approveStaff: (
      who: Person,
      { telegramId, role, categories, pendingOnly }: StaffRef & { role: Role; categories?: readonly string[]; pendingOnly?: boolean },
      request: RequestMeta,
    ): Result =>
      onStaff(who, telegramId, request, (metadata) => ({
        type: 'ApproveStaff',
        data: { role, categories: categories ?? [], ...(pendingOnly ? { pendingOnly } : {}) },
        metadata,
      })),
    changeRole: (
      who: Person,
      { telegramId, role, categories }: StaffRef & { role: Role; categories?: readonly string[] },
      request: RequestMeta,
    ): Result =>
      onStaff(who, telegramId, request, (metadata) => ({
        type: 'ChangeStaffRole',
        data: { role, categories: categories ?? [] },
        metadata,
      })),
    /**
     * The ticket categories a technician works on (empty: all), keeping their role: a role change to the same
     * role with new categories (StaffRoleChanged records both), so routing and history need nothing new.
     */
    async changeCategories(who: Person, { telegramId, categories }: StaffRef & { categories: readonly string[] }, request: RequestMeta): Result {
      const target = await resolvePerson(ctx.store, telegramId, ctx.adminIds);
      if (target.status !== 'active' || target.role === null) {
        const prepared = ctx.acting(who, request);
        if (!prepared.ok) return prepared.result;
        return { ok: false, refusal: { code: 'invalid_transition', message: 'only an active person has categories', details: { status: target.status } } };
      }
      const role = target.role;
      return onStaff(who, telegramId, request, (metadata) => ({ type: 'ChangeStaffRole', data: { role, categories }, metadata }));
    },
    deactivate: (who: Person, { telegramId, reason }: StaffRef & { reason?: string }, request: RequestMeta): Result =>
      onStaff(who, telegramId, request, (metadata) => ({ type: 'DeactivateStaff', data: { reason: reason ?? '' }, metadata })),
    /** An admin turns a request for access down; refused (invalid_transition) once anyone decided it. */
    rejectRequest: (who: Person, { telegramId, reason }: StaffRef & { reason?: string }, request: RequestMeta): Result =>
      onStaff(who, telegramId, request, (metadata) => ({ type: 'DeactivateStaff', data: { reason: reason ?? '', pendingOnly: true }, metadata })),
    reactivate: (who: Person, { telegramId }: StaffRef, request: RequestMeta): Result =>
      onStaff(who, telegramId, request, (metadata) => ({ type: 'ReactivateStaff', data: {}, metadata })),
    /** Telegram answered 403 for this person: reminders stop. Repeating it appends nothing. */
    markUnreachable: (who: Scheduler, { telegramId, reason }: StaffRef & { reason: string }, request: RequestMeta): Result =>
      onStaff(who, telegramId, request, (metadata) => ({ type: 'MarkStaffUnreachable', data: { reason }, metadata })),
    /** They wrote to the bot again. Repeating it appends nothing. */
    markReachable: (who: Scheduler, { telegramId }: StaffRef, request: RequestMeta): Result =>
      onStaff(who, telegramId, request, (metadata) => ({ type: 'MarkStaffReachable', data: {}, metadata })),
    /** An admin sets the categories a person leads (the escalation ladder's first step; empty: none). */
    setLeads: (who: Person, { telegramId, categories }: StaffRef & { categories: readonly string[] }, request: RequestMeta): Result =>
      onStaff(who, telegramId, request, (metadata) => ({ type: 'SetStaffLeads', data: { categories }, metadata })),
  };
}

export type StaffCommands = ReturnType<typeof staffCommands>;
