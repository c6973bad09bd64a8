// One zod schema over the environment. Bad configuration stops the start with one line per problem,
// naming the variable; values of secret variables never appear in messages.
import { z } from 'zod';
import type { SchoolPolicy } from '../domain/shared/policy.js';
import { policyFromDays } from '../domain/shared/policy.js';
import type { SchoolCalendar } from '../domain/calendar/index.js';
import { DEFAULT_CATEGORIES } from '../domain/shared/values.js';
import { cutToUnits } from '../domain/shared/graphemes.js';
import { parseEscalatePriorities, parseSchoolSpan, parseSlaTargets, slaTable } from './slaConfig.js';

/** A zod field over one of the SLA parsers (infra/slaConfig.ts): one issue per problem. */
const parsedBy = <T>(parse: (text: string | undefined) => { ok: true; value: T } | { ok: false; problems: string[] }) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .optional()
      .transform((text, ctx): T => {
        const parsed = parse(text);
        if (parsed.ok) return parsed.value;
        for (const message of parsed.problems) ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }),
  );

const SECRET_VARIABLES = new Set([
  'TELEGRAM_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'TELEGRAM_BOT_TOKEN',
  'GLITCHTIP_DSN',
  'AUDIT_API_TOKEN',
  'DATABASE_URL',
  'EVENTSTORE_URL',
  'REDIS_URL',
]);

const emptyAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ message: 'must be a whole number' })
      .int('must be a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(fallback),
  );
const url = (protocols: readonly string[]) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`)
      .optional(),
  );
const telegramId = z.coerce.number().int().positive();

/**
 * `it=12,maintenance=34` (or `it:12`): the forum topic (message_thread_id) of each ticket category in the
 * technicians' group. Every entry must name a known category once and a topic id, so a typo stops the start
 * instead of sending that category's tickets to the group's general topic.
 */
const techChatTopics = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .optional()
    .transform((text, ctx): ReadonlyMap<string, number> | undefined => {
      if (text === undefined) return undefined;
      const topics = new Map<string, number>();
      const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
      for (const entry of text.split(',').map((part) => part.trim())) {
        if (entry === '') continue;
        const match = /^([^=:\s]+)\s*[=:]\s*(\d+)$/.exec(entry);
        const category = match?.[1];
        const topic = Number(match?.[2]);
        if (!category || !Number.isSafeInteger(topic) || topic < 1) {
          problem(`entry "${cutToUnits(entry, 40)}" is not category=topic (for example it=12)`);
        } else if (!(DEFAULT_CATEGORIES as readonly string[]).includes(category)) {
          problem(`entry "${cutToUnits(entry, 40)}": unknown category "${category}" (known: ${DEFAULT_CATEGORIES.join(', ')})`);
        } else if (topics.has(category)) {
          problem(`entry "${cutToUnits(entry, 40)}": category "${category}" is given twice`);
        } else {
          topics.set(category, topic);
        }
      }
      return topics;
    }),
);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const configSchema = z
  .object({
    ENVIRONMENT: z.preprocess(emptyAsUndefined, z.enum(['dev', 'test', 'staging', 'prod']).default('dev')),
    // INFO and info alike: operators' guides write levels in upper case.
    LOG_LEVEL: z.preprocess(
      (value) => (typeof value === 'string' ? emptyAsUndefined(value.trim().toLowerCase()) : value),
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    // pretty: one human-readable line per entry (pino-pretty); json: one JSON object per line, for log
    // collectors. Unset: pretty when standard output is a terminal, JSON otherwise.
    LOG_FORMAT: z.preprocess(
      (value) => (typeof value === 'string' ? emptyAsUndefined(value.trim().toLowerCase()) : value),
      z.enum(['pretty', 'json']).optional(),
    ),
    BOT_ROLE: z.preprocess(emptyAsUndefined, z.enum(['bot', 'worker', 'all']).default('all')),
    BOT_INSTANCE_ID: optionalString,
    HTTP_PORT: integer(0, 65535, 8080),
    HTTP_HOST: z.preprocess(emptyAsUndefined, z.string().default('0.0.0.0')),
    // The sandbox page (/sandbox, no token and not prod) answers loopback callers only unless this is on.
    SANDBOX_PUBLIC: z.preprocess(
      (value) => (typeof value === 'string' ? emptyAsUndefined(value.trim().toLowerCase()) : value),
      z.enum(['on', 'off', '1', '0']).default('off').transform((value) => value === 'on' || value === '1'),
    ),

    TELEGRAM_TOKEN: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(
          /^\d+:[A-Za-z0-9_-]{30,64}$/,
          "is not a BotFather token: the bot's numeric id, a colon, then 30 to 64 letters, digits, _ and - (BotFather gives 35)",
        )
        .optional(),
    ),
    TELEGRAM_MODE: z.preprocess(emptyAsUndefined, z.enum(['polling', 'webhook']).default('polling')),
    TELEGRAM_WEBHOOK_URL: url(['https:', 'http:']),
    TELEGRAM_WEBHOOK_SECRET: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1–256 characters of A-Z, a-z, 0-9, _ and -')
        .optional(),
    ),
    TELEGRAM_API_ROOT: z.preprocess(emptyAsUndefined, url(['https:', 'http:']).default('https://api.telegram.org')),
    ADMIN_TELEGRAM_IDS: z.preprocess(
      (value) =>
        typeof value === 'string'
          ? value
              .split(',')
              .map((part) => part.trim())
              .filter((part) => part !== '')
          : [],
      z.array(telegramId, { message: 'must be a comma-separated list of Telegram user ids' }),
    ),
    TECH_CHAT_ID: z.preprocess(emptyAsUndefined, z.coerce.number().int().optional()),
    TECH_CHAT_TOPICS: techChatTopics,

    EVENT_STORE: z.preprocess(emptyAsUndefined, z.enum(['esdb', 'postgres', 'embedded']).optional()),
    // A connection string, not one URL (a cluster lists its nodes: esdb+discover://a:2113,b:2113). KurrentDB's own
    // scheme is accepted and written as esdb://, the only one @eventstore/db-client parses.
    EVENTSTORE_URL: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^(esdb|kurrentdb|kurrent)(\+discover)?:\/\/\S+$/, 'must be a connection string starting with esdb:// or esdb+discover:// (kurrentdb:// is taken too)')
        .transform((value) => value.replace(/^kurrent(?:db)?(\+discover)?:/, 'esdb$1:'))
        .optional(),
    ),
    DATABASE_URL: url(['postgres:', 'postgresql:']),
    DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data')),
    // The embedded database's memory (PostgreSQL settings inside PGlite): its page cache and per-sort memory.
    EMBEDDED_SHARED_BUFFERS: z.preprocess(emptyAsUndefined, z.string().regex(/^\d+(kB|MB|GB)$/, 'must be a size such as 16MB').default('16MB')),
    EMBEDDED_WORK_MEM: z.preprocess(emptyAsUndefined, z.string().regex(/^\d+(kB|MB|GB)$/, 'must be a size such as 2MB').default('2MB')),
    REDIS_URL: url(['redis:', 'rediss:']),

    GLITCHTIP_DSN: url(['https:', 'http:']),
    BACKUP_STATUS_FILE: z.preprocess(emptyAsUndefined, z.string().default('./backups/schoolbot_backup.prom')),
    RELEASE: optionalString,
    TELEGRAM_BOT_TOKEN: optionalString,
    TELEGRAM_CHAT_ID: z.preprocess(emptyAsUndefined, z.coerce.number().int().optional()),
    AUDIT_API_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),

    SCHOOL_TIMEZONE: z.preprocess(
      emptyAsUndefined,
      z.string().refine(isTimeZone, 'is not an IANA time zone (for example Europe/Moscow)').default('Europe/Moscow'),
    ),
    DIGEST_TIME: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM')
        .default('08:00')
        .transform((time) => {
          const [hour, minute] = time.split(':').map(Number) as [number, number];
          return { hour, minute };
        }),
    ),
    // The school calendar (docs/calendar.md): the file with the school's vacations and own days (absent: none),
    // the school hours of a school day, and the working week (5: Monday–Friday, 6: Monday–Saturday).
    SCHOOL_CALENDAR_FILE: z.preprocess(emptyAsUndefined, z.string().default('./calendar.yaml')),
    SCHOOL_HOURS: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d\s*[-–]\s*(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be opening and closing times as HH:MM-HH:MM (for example 08:00-18:00)')
        .default('08:00-18:00')
        .transform((text, ctx) => {
          const [open, close] = text.split(/\s*[-–]\s*/).map((time) => {
            const [hour, minute] = time.split(':').map(Number) as [number, number];
            return hour * 60 + minute;
          }) as [number, number];
          if (open >= close) ctx.addIssue({ code: 'custom', message: 'must open before it closes (for example 08:00-18:00)' });
          return { open, close };
        }),
    ),
    SCHOOL_WEEK: z.preprocess(
      (value) => (typeof value === 'string' ? emptyAsUndefined(value.trim()) : value),
      z.enum(['5', '6'], { message: 'must be 5 (Monday–Friday) or 6 (Monday–Saturday)' }).default('5').transform((week) => (week === '6' ? 6 : 5) as 5 | 6),
    ),
    REOPEN_DAYS: integer(0, 365, 7),
    AUTO_CLOSE_DAYS: integer(0, 365, 3),
    KEEP_DAYS: integer(1, 3650, 14),
    // Quiet hours (docs/notifications.md): notices that are not urgent wait for school time. `off` for a school
    // that wants them at any hour (and for tests of real processes, which run on the wall clock).
    QUIET_HOURS: z.preprocess(
      (value) => (typeof value === 'string' ? emptyAsUndefined(value.trim()) : value),
      z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
    ),
    // Waiting on the author (issue 14, item 5): school days until the reminder, then until the ticket closes.
    WAITING_REMIND_DAYS: integer(1, 60, 3),
    WAITING_CLOSE_DAYS: integer(1, 60, 5),
    // SLA (docs/calendar.md): per priority first-response/resolution in school time, the priorities the
    // escalation ladder watches, and how long after a missed task deadline the director hears of it.
    SLA_TARGETS: parsedBy(parseSlaTargets),
    ESCALATE_PRIORITIES: parsedBy(parseEscalatePriorities),
    TASK_ESCALATE_AFTER: parsedBy((text) => {
      if (text === undefined) return { ok: true, value: { days: 1, ms: 0 } };
      const span = parseSchoolSpan(text);
      return span ? { ok: true, value: span } : { ok: false, problems: ['must be a span of school time (for example 1d, 4h, 1d4h)'] };
    }),
  })
  .superRefine((env, ctx) => {
    const problem = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
    const store = env.EVENT_STORE;
    if (store === 'esdb' && !env.EVENTSTORE_URL) problem('EVENTSTORE_URL', 'is required when EVENT_STORE=esdb');
    if (store === 'postgres' && !env.DATABASE_URL) problem('DATABASE_URL', 'is required when EVENT_STORE=postgres');
    if (env.ENVIRONMENT === 'prod' && !env.TELEGRAM_TOKEN) {
      problem('TELEGRAM_TOKEN', 'is required when ENVIRONMENT=prod (get one from @BotFather)');
    }
    if (env.TELEGRAM_MODE === 'webhook' && env.TELEGRAM_TOKEN && !env.TELEGRAM_WEBHOOK_SECRET) {
      problem('TELEGRAM_WEBHOOK_SECRET', 'is required when TELEGRAM_MODE=webhook');
    }
  });

type RawConfig = z.infer<typeof configSchema>;

export interface Config extends Omit<RawConfig, 'EVENT_STORE' | 'BOT_INSTANCE_ID'> {
  /** The event store in use: chosen explicitly, or the strongest one configured. */
  EVENT_STORE: 'esdb' | 'postgres' | 'embedded';
  BOT_INSTANCE_ID: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError whose lines each name one variable and its problem. */
export function loadConfig(env: NodeJS.ProcessEnv, hostname = 'schoolbot'): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      const raw = env[variable];
      const shown =
        raw === undefined || raw === '' || SECRET_VARIABLES.has(variable) ? '' : ` (got "${cutToUnits(raw, 60)}")`;
      return `config: ${variable} ${issue.message}${shown}`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
  const raw = result.data;
  const store = raw.EVENT_STORE ?? (raw.EVENTSTORE_URL ? 'esdb' : raw.DATABASE_URL ? 'postgres' : 'embedded');
  return { ...raw, EVENT_STORE: store, BOT_INSTANCE_ID: raw.BOT_INSTANCE_ID ?? hostname };
}

/**
 * The school's rules as configured (REOPEN_DAYS, AUTO_CLOSE_DAYS, waiting on the author, the SLA settings), for
 * every command service of the process. Settings left out (a partial config in tests) keep the defaults.
 */
export const schoolPolicyOf = (
  config: Pick<Config, 'REOPEN_DAYS' | 'AUTO_CLOSE_DAYS'> &
    Partial<Pick<Config, 'WAITING_REMIND_DAYS' | 'WAITING_CLOSE_DAYS' | 'SLA_TARGETS' | 'ESCALATE_PRIORITIES' | 'TASK_ESCALATE_AFTER'>>,
  calendar?: SchoolCalendar,
): SchoolPolicy =>
  policyFromDays({
    reopenDays: config.REOPEN_DAYS,
    autoCloseDays: config.AUTO_CLOSE_DAYS,
    ...(calendar ? { calendar } : {}),
    ...(config.WAITING_REMIND_DAYS === undefined ? {} : { waitingRemindDays: config.WAITING_REMIND_DAYS }),
    ...(config.WAITING_CLOSE_DAYS === undefined ? {} : { waitingCloseDays: config.WAITING_CLOSE_DAYS }),
    ...(config.SLA_TARGETS || config.ESCALATE_PRIORITIES
      ? { sla: slaTable(config.SLA_TARGETS ?? parseSlaDefaults(), config.ESCALATE_PRIORITIES ?? ['urgent', 'high', 'normal', 'low']) }
      : {}),
    ...(config.TASK_ESCALATE_AFTER ? { taskEscalateAfter: config.TASK_ESCALATE_AFTER } : {}),
  });

const parseSlaDefaults = () => {
  const parsed = parseSlaTargets(undefined);
  if (!parsed.ok) throw new Error('the SLA defaults do not parse');
  return parsed.value;
};

/** A view of the configuration safe to log: secrets replaced by whether they are set. */
export function redactedConfig(config: Config): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [
      key,
      SECRET_VARIABLES.has(key) ? (value === undefined ? 'unset' : 'set') : value instanceof Map ? Object.fromEntries(value) : value,
    ]),
  );
}
