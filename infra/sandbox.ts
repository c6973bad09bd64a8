// The sandbox: with no TELEGRAM_TOKEN (and never with ENVIRONMENT=prod) the bot talks to a local Bot API in this
// process instead of Telegram, and /sandbox is a web chat where a person plays the school's staff. The bot is
// wired exactly as with a token (same adapter, queue, outbox, limits): only its token, API root and group
// settings come from here, so nothing in it knows it runs in a sandbox.
import type { FastifyInstance } from 'fastify';
import type { ReadModels } from '../application/ports/readModels.js';
import type { EventStore } from '../application/ports/eventStore.js';
import { registerSandboxPage, type Persona } from '../adapters/http/sandbox/routes.js';
import { LocalBotApi } from '../adapters/telegram/localBotApi/localBotApi.js';
import { counted, texts } from '../adapters/telegram/texts.js';
import { DEFAULT_CATEGORIES } from '../domain/shared/values.js';
import type { Config } from './config.js';
import { DemoSchoolRefused, fillDemoSchool, roleLabel } from './demo.js';

/** A well-formed token the local Bot API accepts; Telegram would not. */
export const SANDBOX_TOKEN = '1000000001:sandbox-local-bot-api-not-a-real-token';
/** The sandbox's own admin, added to ADMIN_TELEGRAM_IDS in the sandbox only. */
export const SANDBOX_ADMIN_ID = 1_000_001;
/** The technicians' group (a forum with a topic per category) when TECH_CHAT_ID is not set. */
export const SANDBOX_TECH_CHAT_ID = -1_001_000_000_001;
const FIRST_ADDED_ID = 900_000_001;
const PICKER_ORDER = ['admin', 'director', 'deputy', 'technician', 'teacher', 'auditor'].map(roleLabel);

/** Whether this start runs the sandbox: no token, not prod, and a bot in this process. */
export const sandboxWanted = (config: Pick<Config, 'TELEGRAM_TOKEN' | 'ENVIRONMENT' | 'BOT_ROLE'>): boolean =>
  !config.TELEGRAM_TOKEN && config.ENVIRONMENT !== 'prod' && config.BOT_ROLE !== 'worker';

export interface RunningSandbox {
  api: LocalBotApi;
  /** The configuration the rest of the process runs with: the local API's root and token, the group, the admin. */
  config: Config;
  stop(): Promise<void>;
}

/** Starts the local Bot API on loopback (Telegram's limits enforced) and returns the configuration pointing at it. */
export async function startSandbox(config: Config): Promise<RunningSandbox> {
  // Bounded: a sandbox left running keeps what a person can scroll back to, not every message since its start.
  const api = new LocalBotApi({ keep: { messagesPerChat: 200, calls: 1_000, files: 100 } });
  api.enforceRateLimits();
  const apiRoot = await api.start();
  const topics = config.TECH_CHAT_TOPICS ?? new Map(DEFAULT_CATEGORIES.map((category, index) => [category, index + 2] as const));
  return {
    api,
    config: {
      ...config,
      TELEGRAM_TOKEN: SANDBOX_TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_MODE: 'polling',
      // A try in the evening shows every notice at once (with quiet hours on they would wait for the morning).
      QUIET_HOURS: 'off',
      TECH_CHAT_ID: config.TECH_CHAT_ID ?? SANDBOX_TECH_CHAT_ID,
      TECH_CHAT_TOPICS: topics,
      ADMIN_TELEGRAM_IDS: [...new Set([...config.ADMIN_TELEGRAM_IDS, SANDBOX_ADMIN_ID])],
    },
    stop: () => api.stop(),
  };
}

export interface SandboxPageDeps {
  read: ReadModels;
  store: EventStore;
}

/** The demo school (infra/demo.ts) filled as the sandbox admin; its refusal's Russian message when refused. */
async function fillDemo(config: Config, store: EventStore): Promise<{ ok: true; summary: string } | { ok: false; message: string }> {
  try {
    const filled = await fillDemoSchool(config, store, { adminTelegramId: String(SANDBOX_ADMIN_ID) });
    const parts = [
      counted(filled.people.length, ['сотрудник', 'сотрудника', 'сотрудников']),
      counted(filled.rooms, ['помещение', 'помещения', 'помещений']),
      counted(filled.tickets, ['заявка', 'заявки', 'заявок']),
      counted(filled.tasks, ['поручение', 'поручения', 'поручений']),
    ];
    return { ok: true, summary: `Демо-школа готова: ${parts.join(', ')}. Выберите человека в окне.` };
  } catch (error) {
    if (error instanceof DemoSchoolRefused) return { ok: false, message: error.message };
    throw error;
  }
}

/** Registers /sandbox on the HTTP server (before it listens). */
export function registerSandbox(http: FastifyInstance, sandbox: RunningSandbox, deps: SandboxPageDeps): void {
  const config = sandbox.config;
  const added: Persona[] = [];
  const admin: Persona = { id: SANDBOX_ADMIN_ID, name: 'Администратор песочницы', roleLabel: roleLabel('admin') };
  const topics = [...(config.TECH_CHAT_TOPICS ?? new Map<string, number>())].map(([category, id]) => ({ id, name: texts.categories[category] ?? category }));
  registerSandboxPage(http, {
    chats: sandbox.api,
    loopbackOnly: !config.SANDBOX_PUBLIC,
    techChat: { id: config.TECH_CHAT_ID ?? SANDBOX_TECH_CHAT_ID, title: 'Техники', topics },
    async people() {
      const staff = await deps.read.staffDirectory({ limit: 200, statuses: ['active', 'pending', 'inactive'] });
      const known = new Set<number>([admin.id]);
      const people: Persona[] = [admin];
      for (const person of staff) {
        const id = Number(person.telegramId);
        if (known.has(id)) {
          if (id === admin.id && person.fullName) admin.name = person.fullName;
          continue;
        }
        known.add(id);
        const role = person.status === 'active' && person.role ? roleLabel(person.role) : (texts.staffStatuses[person.status] ?? person.status);
        people.push({ id, name: person.fullName, roleLabel: role });
      }
      // The school's order: admin, director, deputies, technicians, teachers, auditor; then the newcomers.
      const rank = (person: Persona) => PICKER_ORDER.indexOf(person.roleLabel) >>> 0;
      const [first, ...rest] = people;
      return [first!, ...rest.sort((a, b) => rank(a) - rank(b)), ...added.filter((person) => !known.has(person.id))];
    },
    addPerson(name) {
      const person = { id: FIRST_ADDED_ID + added.length, name, roleLabel: 'новый человек' };
      added.push(person);
      return person;
    },
    fillDemo: () => fillDemo(config, deps.store),
  });
}
