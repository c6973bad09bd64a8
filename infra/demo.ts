// The demo school's wiring: the configured school's policy and calendar, the real clock, and the scenario in
// application/demoSchool.ts, over the event store the caller has open (the CLI opens its own; the sandbox passes
// the running process's). Refusals carry a Russian message for the page and one English line for the CLI.
import { DEMO_STAFF, DemoSchoolRefusal, fillDemoSchoolAs } from '../application/demoSchool.js';
import type { DemoSchoolRefusalReason } from '../application/demoSchool.js';
import type { Clock } from '../application/ports/clock.js';
import { systemClock } from '../application/ports/clock.js';
import type { EventStore } from '../application/ports/eventStore.js';
import { texts } from '../adapters/telegram/texts.js';
import { telegramIdSchema } from '../domain/index.js';
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

/** Why the demo school was refused: the application's reasons, or an admin id that is no Telegram id. */
export type DemoSchoolRefusedReason = DemoSchoolRefusalReason | 'bad_admin';

const REFUSALS: Readonly<Record<DemoSchoolRefusedReason, { ru: string; cli: string }>> = {
  has_data: {
    ru: 'В школе уже есть данные (сотрудники, помещения, заявки или поручения). Демо-школу можно создать только в пустой школе.',
    cli: 'demo: refused, the school already has data (staff, rooms, tickets or tasks); the demo school fills only an empty one',
  },
  no_admin: {
    ru: 'Не указан администратор: задайте ADMIN_TELEGRAM_IDS, от имени администратора создаётся демо-школа.',
    cli: 'demo: refused, no admin to fill the school as. Fix: set ADMIN_TELEGRAM_IDS',
  },
  bad_admin: {
    ru: 'Администратор указан неверно: нужен числовой Telegram ID, не из номеров демо-школы (7100000001–7100000013).',
    cli: 'demo: refused, the admin must be a Telegram user id (digits) outside the demo school\'s own 7100000001–7100000013',
  },
};

/** The school was not filled: `message` is Russian (for the page), `cliLine` the CLI's one line. */
export class DemoSchoolRefused extends Error {
  override readonly name = 'DemoSchoolRefused';
  constructor(
    readonly reason: DemoSchoolRefusedReason,
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

/** Whom the demo school is filled as, or DemoSchoolRefused without anyone or with a bad id: asks nothing of the store. */
export function demoAdminOf(config: Pick<Config, 'ADMIN_TELEGRAM_IDS'>, options: FillDemoSchoolOptions = {}): string {
  const adminId = options.adminTelegramId ?? config.ADMIN_TELEGRAM_IDS.map(String)[0];
  const refuse = (reason: DemoSchoolRefusedReason) => new DemoSchoolRefused(reason, REFUSALS[reason].cli, REFUSALS[reason].ru);
  if (adminId === undefined) throw refuse('no_admin');
  if (!telegramIdSchema.safeParse(adminId).success || DEMO_STAFF.some((person) => person.telegramId === adminId)) throw refuse('bad_admin');
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
