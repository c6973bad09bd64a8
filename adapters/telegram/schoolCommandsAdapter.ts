// Binds the bot's small command port to the application's school command service. Every call carries the
// update-derived command id, so Telegram's redeliveries and our own retries append nothing new.
import type { SchoolCommands } from '../../application/commands/schoolCommands.js';
import type { CommandResult } from '../../application/commandHandler.js';
import type { StaffView } from '../../application/ports/readModels.js';
import type { BotCommands, Outcome } from './dependencies.js';

const outcome = (result: CommandResult): Outcome<{ number: number }> =>
  result.ok ? { ok: true, number: result.number ?? 0 } : { ok: false, refusal: result.refusal };

const request = (commandId: string) => ({ commandId, source: 'telegram' as const });

export function botCommandsFrom(school: SchoolCommands): BotCommands {
  return {
    async registerStaff(meta, data) {
      const result = await school.register(meta.actorId, data, request(meta.commandId));
      if (!result.ok) return result;
      return { ok: true, approved: result.events.some((event) => event.type === 'StaffApproved') };
    },
    approveStaff: async (meta, id, role) => outcome(await school.approveStaff(meta.actorId, id, { role }, request(meta.commandId))),
    changeStaffRole: async (meta, id, role) => outcome(await school.changeRole(meta.actorId, id, { role }, request(meta.commandId))),
    deactivateStaff: async (meta, id, reason) => outcome(await school.deactivate(meta.actorId, id, reason, request(meta.commandId))),
    markStaffUnreachable: async (id, reason) => outcome(await school.markUnreachable(id, reason)),

    openTicket: async (meta, data) => outcome(await school.openTicket(meta.actorId, data, request(meta.commandId))),
    takeTicket: async (meta, n) => outcome(await school.takeTicket(meta.actorId, n, request(meta.commandId))),
    commentTicket: async (meta, n, text, photo) =>
      outcome(await school.commentTicket(meta.actorId, n, { text, photo }, request(meta.commandId))),
    changeTicketPriority: async (meta, n, priority) =>
      outcome(await school.changeTicketPriority(meta.actorId, n, priority as 'low' | 'normal' | 'high' | 'urgent', request(meta.commandId))),
    resolveTicket: async (meta, n, resolution) => outcome(await school.resolveTicket(meta.actorId, n, resolution, request(meta.commandId))),
    confirmResolution: async (meta, n) => outcome(await school.confirmResolution(meta.actorId, n, request(meta.commandId))),
    reopenTicket: async (meta, n, reason) => outcome(await school.reopenTicket(meta.actorId, n, reason, request(meta.commandId))),
    cancelTicket: async (meta, n, reason) => outcome(await school.cancelTicket(meta.actorId, n, reason, request(meta.commandId))),

    assignTask: async (meta, data) => outcome(await school.assignTask(meta.actorId, data, request(meta.commandId))),
    acceptTask: async (meta, n) => outcome(await school.acceptTask(meta.actorId, n, request(meta.commandId))),
    completeTask: async (meta, n, report, photo) =>
      outcome(await school.completeTask(meta.actorId, n, { report, photo }, request(meta.commandId))),
    approveTask: async (meta, n) => outcome(await school.approveTask(meta.actorId, n, request(meta.commandId))),
    returnTask: async (meta, n, reason) => outcome(await school.returnTask(meta.actorId, n, reason, request(meta.commandId))),
    extendDeadline: async (meta, n, newDeadline, reason) =>
      outcome(await school.extendDeadline(meta.actorId, n, { newDeadline, reason }, request(meta.commandId))),
    cancelTask: async (meta, n, reason) => outcome(await school.cancelTask(meta.actorId, n, reason, request(meta.commandId))),
  };
}

/**
 * Who is speaking, straight from the Staff stream (not the read model), so a person approved a moment ago
 * is recognised at once; configured admins count as active admins before they ever register.
 */
export function personLookupFrom(school: SchoolCommands, adminIds: readonly string[]) {
  return async (telegramId: string): Promise<StaffView | undefined> => {
    const loaded = await school.loadStaff(telegramId);
    const state = loaded.state;
    const isConfiguredAdmin = adminIds.includes(telegramId);
    if (state.status === 'none') {
      if (!isConfiguredAdmin) return undefined;
      return { telegramId, fullName: telegramId, username: null, role: 'admin', categories: [], status: 'active', reachable: true, registeredAt: null, updatedAt: new Date(0) };
    }
    return {
      telegramId,
      fullName: state.fullName,
      username: null,
      role: isConfiguredAdmin ? 'admin' : state.role,
      categories: [...state.categories],
      status: isConfiguredAdmin ? 'active' : state.status,
      reachable: state.reachable,
      registeredAt: new Date(state.registeredAt),
      updatedAt: new Date(state.registeredAt),
    };
  };
}
