// The demo school's wiring: the configured school's policy and calendar, the real clock, and the scenario in
// application/demoSchool.ts, over the event store the caller has open (the CLI opens its own; the sandbox passes
// the running process's). Refusals carry a Russian message for the page and one English line for the CLI.
import { DemoSchoolRefusal, fillDemoSchoolAs } from '../application/demoSchool.js';
import type { DemoSchoolRefusalReason } from '../application/demoSchool.js';
import type { Clock } from '../application/ports/clock.js';
import { systemClock } from '../application/ports/clock.js';
import type { EventStore } from '../application/ports/eventStore.js';
import { texts } from '../adapters/telegram/texts.js';
import type { Config } from './config.js';
import { schoolPolicyOf } from './config.js';
import { loadConfiguredCalendar } from './schoolCalendar.js';

export interface DemoSchoolSummary {
  people: Array<{ telegramId: string; name: string; roleLabel: string }>;
  rooms: number;
  tickets: number;
  tasks: number;
}

export interface FillDemoSchoolOptions {
  /** Whom the school is filled as (its admin); default: the first of ADMIN_TELEGRAM_IDS. */
  adminTelegramId?: string;
  /** The moment the demo school's story ends (default: the system clock's now): tests fix it. */
  clock?: Clock;
}

const REFUSALS: Readonly<Record<DemoSchoolRefusalReason, { ru: string; cli: string }>> = {
  has_data: {
    ru: 'В школе уже есть данные (сотрудники, помещения, заявки или поручения). Демо-школу можно создать только в пустой школе.',
    cli: 'demo: refused, the school already has data (staff, rooms, tickets or tasks); the demo school fills only an empty one',
  },
  no_admin: {
    ru: 'Не указан администратор: задайте ADMIN_TELEGRAM_IDS, от имени администратора создаётся демо-школа.',
    cli: 'demo: refused, no admin to fill the school as. Fix: set ADMIN_TELEGRAM_IDS',
  },
};

/** The school was not filled: `message` is Russian (for the page), `cliLine` the CLI's one line. */
export class DemoSchoolRefused extends Error {
  override readonly name = 'DemoSchoolRefused';
  constructor(
    readonly reason: DemoSchoolRefusalReason,
    readonly cliLine: string,
    message: string,
  ) {
    super(message);
  }
}

/** A role's label as staff read it: «Директор», «Заместитель директора»… (the texts module's words, capitalised). */
export const roleLabel = (role: string): string => {
  const word = texts.roles[role] ?? role;
  return word.charAt(0).toLocaleUpperCase('ru') + word.slice(1);
};

/** Whom the demo school is filled as, or DemoSchoolRefused ('no_admin') without anyone: asks nothing of the store. */
export function demoAdminOf(config: Pick<Config, 'ADMIN_TELEGRAM_IDS'>, options: FillDemoSchoolOptions = {}): string {
  const adminId = options.adminTelegramId ?? config.ADMIN_TELEGRAM_IDS.map(String)[0];
  if (adminId === undefined) throw new DemoSchoolRefused('no_admin', REFUSALS.no_admin.cli, REFUSALS.no_admin.ru);
  return adminId;
}

/**
 * Fills an empty school with the demo school through the school's commands. Throws DemoSchoolRefused when the
 * school has data or there is no admin. The admin given in options acts as a configured admin for the fill.
 */
export async function fillDemoSchool(config: Config, store: EventStore, options: FillDemoSchoolOptions = {}): Promise<DemoSchoolSummary> {
  const configured = config.ADMIN_TELEGRAM_IDS.map(String);
  const adminId = demoAdminOf(config, options);
  const adminIds = configured.includes(adminId) ? configured : [...configured, adminId];
  const calendar = await loadConfiguredCalendar(config);
  try {
    const result = await fillDemoSchoolAs({ store, policy: schoolPolicyOf(config, calendar), adminIds, clock: options.clock ?? systemClock }, adminId);
    return {
      people: result.people.map((person) => ({ telegramId: person.telegramId, name: person.fullName, roleLabel: roleLabel(person.role) })),
      rooms: result.rooms,
      tickets: result.tickets,
      tasks: result.tasks,
    };
  } catch (error) {
    if (error instanceof DemoSchoolRefusal) {
      const { ru, cli } = REFUSALS[error.reason];
      throw new DemoSchoolRefused(error.reason, cli, ru);
    }
    throw error;
  }
}
