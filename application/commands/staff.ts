// Staff commands: registration by the person, management by admins, delivery status by the notifier.
import type { CommandMetadata, Role, StaffCommand, StaffEvent } from '../../domain/index.js';
import { staffStreamName } from '../../domain/index.js';
import { staffAggregate } from '../aggregates.js';
import type { CommandResult } from '../commandHandler.js';
import type { ActingAs, CommandContext, RequestMeta } from './context.js';
import { AS_SCHEDULER } from './context.js';

type Result = Promise<CommandResult<StaffEvent>>;

export function staffCommands(ctx: CommandContext) {
  async function onStaff(
    actorId: ActingAs,
    telegramId: string,
    meta: RequestMeta | undefined,
    build: (metadata: CommandMetadata) => StaffCommand,
  ): Result {
    const prepared = await ctx.acting(actorId, meta);
    if (!prepared.ok) return prepared.result;
    return ctx.handle(staffAggregate, staffStreamName(telegramId), build(prepared.metadata));
  }

  return {
    /**
     * /start: a person asks to join. They are not staff yet, so this is the one command that does not
     * authorize its actor; ids in ADMIN_TELEGRAM_IDS are approved as admins at once. An admin may register
     * someone else (the CLI's `staff add`) by passing `telegramId`.
     */
    async register(
      actorId: string,
      input: { fullName: string; username?: string | null; telegramId?: string },
      meta?: RequestMeta,
    ): Result {
      const telegramId = input.telegramId ?? actorId;
      const authorized = await ctx.asPerson(actorId, meta);
      const metadata = authorized.ok ? authorized.metadata : ctx.asGuest(actorId, meta);
      const command: StaffCommand = {
        type: 'RegisterStaff',
        data: {
          telegramId,
          fullName: input.fullName,
          username: input.username ?? null,
          bootstrapAdmin: ctx.adminIds.includes(telegramId),
        },
        metadata,
      };
      return ctx.handle(staffAggregate, staffStreamName(telegramId), command);
    },
    approveStaff: (
      actorId: string,
      telegramId: string,
      input: { role: Role; categories?: readonly string[] },
      meta?: RequestMeta,
    ): Result =>
      onStaff(actorId, telegramId, meta, (metadata) => ({
        type: 'ApproveStaff',
        data: { role: input.role, categories: input.categories ?? [] },
        metadata,
      })),
    changeRole: (
      actorId: string,
      telegramId: string,
      input: { role: Role; categories?: readonly string[] },
      meta?: RequestMeta,
    ): Result =>
      onStaff(actorId, telegramId, meta, (metadata) => ({
        type: 'ChangeStaffRole',
        data: { role: input.role, categories: input.categories ?? [] },
        metadata,
      })),
    deactivate: (actorId: string, telegramId: string, reason = '', meta?: RequestMeta): Result =>
      onStaff(actorId, telegramId, meta, (metadata) => ({ type: 'DeactivateStaff', data: { reason }, metadata })),
    reactivate: (actorId: string, telegramId: string, meta?: RequestMeta): Result =>
      onStaff(actorId, telegramId, meta, (metadata) => ({ type: 'ReactivateStaff', data: {}, metadata })),
    /** Telegram answered 403 for this person: reminders stop. Repeating it appends nothing. */
    markUnreachable: (telegramId: string, reason: string, meta?: RequestMeta): Result =>
      onStaff(AS_SCHEDULER, telegramId, meta, (metadata) => ({
        type: 'MarkStaffUnreachable',
        data: { reason },
        metadata,
      })),
    /** They wrote to the bot again. Repeating it appends nothing. */
    markReachable: (telegramId: string, meta?: RequestMeta): Result =>
      onStaff(AS_SCHEDULER, telegramId, meta, (metadata) => ({ type: 'MarkStaffReachable', data: {}, metadata })),
  };
}

export type StaffCommands = ReturnType<typeof staffCommands>;
