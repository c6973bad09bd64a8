// The checks behind `schoolbot doctor`: one function per dependency, each answering what is wrong and how
// to fix it, within a few seconds, without ever throwing.
import { EventStoreDBClient, BACKWARDS, END } from '@eventstore/db-client';
import { Redis } from 'ioredis';
import { access, constants, mkdir } from 'node:fs/promises';
import { PgExecutor } from '../../adapters/sql/pgExecutor.js';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { migrationStatus } from '../../adapters/postgres/migrations/runner.js';
import type { Config } from '../config.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do about it; present when status is not ok. */
  fix?: string;
}

const TIMEOUT_MS = 5_000;

function withTimeout<T>(work: Promise<T>, what: string, ms = TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).trim();
export const ok = (name: string, detail: string): CheckResult => ({ name, status: 'ok', detail });
export const fail = (name: string, detail: string, fix: string): CheckResult => ({ name, status: 'fail', detail, fix });
const warn = (name: string, detail: string, fix: string): CheckResult => ({ name, status: 'warn', detail, fix });

async function telegramCall(
  config: Config,
  method: string,
): Promise<{ ok: boolean; result?: Record<string, unknown>; description?: string; status: number }> {
  const root = config.TELEGRAM_API_ROOT.replace(/\/$/, '');
  const response = await withTimeout(fetch(`${root}/bot${config.TELEGRAM_TOKEN}/${method}`), `Telegram ${method}`);
  const body = (await response.json().catch(() => ({}))) as {
    ok?: boolean;
    result?: Record<string, unknown>;
    description?: string;
  };
  return {
    ok: body.ok === true,
    status: response.status,
    ...(body.result ? { result: body.result } : {}),
    ...(body.description ? { description: body.description } : {}),
  };
}

export async function checkTelegram(config: Config): Promise<CheckResult[]> {
  if (!config.TELEGRAM_TOKEN) {
    const fix = 'create a bot with @BotFather (/newbot) and put its token in TELEGRAM_TOKEN';
    return [
      config.BOT_ROLE === 'worker'
        ? ok('telegram', 'not needed by a worker')
        : warn('telegram', 'TELEGRAM_TOKEN is not set: the bot is off', fix),
    ];
  }
  const host = new URL(config.TELEGRAM_API_ROOT).host;
  let me;
  try {
    me = await telegramCall(config, 'getMe');
  } catch (error) {
    return [
      fail(
        'telegram',
        `cannot reach ${host}: ${message(error)}`,
        `check DNS, the firewall (outgoing 443) and any proxy; curl -sS ${config.TELEGRAM_API_ROOT} from this machine`,
      ),
    ];
  }
  if (me.status === 401 || me.status === 404) {
    return [
      fail(
        'telegram',
        `${host} refuses the token (HTTP ${me.status})`,
        'the token is wrong or was revoked: copy it again from @BotFather (/token) into TELEGRAM_TOKEN',
      ),
    ];
  }
  if (!me.ok)
    return [
      fail(
        'telegram',
        `getMe failed: HTTP ${me.status} ${me.description ?? ''}`.trim(),
        'retry later; if it persists, check the token with @BotFather',
      ),
    ];
  const results = [ok('telegram', `token works: @${String(me.result?.username ?? '?')}`)];
  if (config.TELEGRAM_MODE === 'webhook') results.push(await checkWebhook(config));
  return results;
}

async function checkWebhook(config: Config): Promise<CheckResult> {
  if (!config.TELEGRAM_WEBHOOK_URL)
    return fail(
      'webhook',
      'TELEGRAM_MODE=webhook but TELEGRAM_WEBHOOK_URL is not set',
      'set TELEGRAM_WEBHOOK_URL to https://<your host>/telegram/webhook',
    );
  if (!config.TELEGRAM_WEBHOOK_URL.startsWith('https://')) {
    return fail(
      'webhook',
      'TELEGRAM_WEBHOOK_URL is not https://',
      'Telegram delivers webhooks over HTTPS only (ports 443, 80, 88 or 8443): put TLS in front of nginx',
    );
  }
  try {
    const info = await telegramCall(config, 'getWebhookInfo');
    const url = String(info.result?.url ?? '');
    const lastError = info.result?.last_error_message;
    if (url !== config.TELEGRAM_WEBHOOK_URL) {
      return warn(
        'webhook',
        `Telegram has "${url || 'no webhook'}" registered`,
        'deploy sets it; to set it alone: scripts/deploy.sh prod --webhook-only',
      );
    }
    if (typeof lastError === 'string' && lastError !== '') {
      return warn(
        'webhook',
        `registered; Telegram's last delivery error: ${lastError}`,
        'check nginx (docker compose logs nginx), TLS and that the bot replicas are healthy',
      );
    }
    return ok('webhook', `registered at ${url}, ${String(info.result?.pending_update_count ?? 0)} update(s) pending`);
  } catch (error) {
    return warn('webhook', `could not read the webhook state: ${message(error)}`, 'see the telegram row');
  }
}

export async function checkPostgres(name: string, url: string, withMigrations: boolean): Promise<CheckResult> {
  const sql = new PgExecutor({ connectionString: url, maxConnections: 1, applicationName: 'schoolbot-doctor' });
  const where = (() => {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  })();
  try {
    const version = await withTimeout(
      sql.query<{ server_version: string }>('SHOW server_version'),
      `PostgreSQL at ${where}`,
    );
    if (!withMigrations) return ok(name, `PostgreSQL ${version.rows[0]?.server_version ?? '?'} at ${where}`);
    const statuses = await withTimeout(migrationStatus(sql, migrations), 'migration status');
    const pending = statuses.filter((status) => status.state === 'pending').map((status) => status.id);
    const changed = statuses.filter((status) => status.state === 'changed').map((status) => status.id);
    if (changed.length > 0)
      return fail(
        name,
        `applied migrations differ from this build: ${changed.join(', ')}`,
        'this build does not match the database: deploy the version that created it, or restore a backup',
      );
    if (pending.length > 0)
      return fail(name, `${pending.length} migration(s) not applied: ${pending.join(', ')}`, 'run: schoolbot migrate');
    return ok(name, `PostgreSQL ${version.rows[0]?.server_version ?? '?'} at ${where}, schema current`);
  } catch (error) {
    return fail(
      name,
      `cannot use ${where}: ${message(error)}`,
      'is PostgreSQL running (docker compose ps postgres)? check host, port, user, password and database in DATABASE_URL',
    );
  } finally {
    await sql.close().catch(() => undefined);
  }
}

export async function checkEventStore(config: Config): Promise<CheckResult> {
  if (config.EVENT_STORE === 'postgres') return checkPostgres('event store', config.DATABASE_URL ?? '', true);
  if (config.EVENT_STORE === 'embedded') {
    try {
      await mkdir(config.DATA_DIR, { recursive: true });
      await access(config.DATA_DIR, constants.W_OK);
      return ok('event store', `embedded (PGlite) in ${config.DATA_DIR}; one process only`);
    } catch (error) {
      return fail(
        'event store',
        `DATA_DIR ${config.DATA_DIR} is not writable: ${message(error)}`,
        'create the directory or fix its owner (the image runs as user node)',
      );
    }
  }
  const url = config.EVENTSTORE_URL ?? '';
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(url);
  } catch (error) {
    return fail('event store', `EVENTSTORE_URL cannot be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`, 'write it as esdb://host:2113?tls=false');
  }
  try {
    const events = client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, resolveLinkTos: false });
    let last: string | undefined;
    await withTimeout(
      (async () => {
        for await (const resolved of events) last = resolved.event?.type;
      })(),
      'EventStoreDB',
    );
    return ok('event store', `EventStoreDB answers${last ? ` (last event: ${last})` : ' (empty)'}`);
  } catch (error) {
    return fail(
      'event store',
      `EventStoreDB at ${new URL(url).host} fails: ${message(error)}`,
      'is it running and healthy (docker compose ps eventstore; curl localhost:2113/health/live)? with an insecure node the URL needs ?tls=false',
    );
  } finally {
    await client.dispose().catch(() => undefined);
  }
}

export async function checkRedis(config: Config): Promise<CheckResult> {
  if (!config.REDIS_URL)
    return warn(
      'redis',
      'REDIS_URL is not set: conversation state lives in the process',
      'fine for one instance; set REDIS_URL before running several bot replicas',
    );
  const redis = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await withTimeout(redis.connect(), 'Redis');
    const pong = await withTimeout(redis.ping(), 'Redis PING');
    return ok('redis', `${new URL(config.REDIS_URL).host} answers ${pong}`);
  } catch (error) {
    return fail(
      'redis',
      `cannot use ${new URL(config.REDIS_URL).host}: ${message(error)}`,
      'is Redis running (docker compose ps redis)? check REDIS_URL',
    );
  } finally {
    redis.disconnect();
  }
}

export async function checkGlitchTip(config: Config): Promise<CheckResult> {
  if (!config.GLITCHTIP_DSN)
    return warn(
      'glitchtip',
      'GLITCHTIP_DSN is not set: errors are only logged',
      'create a project in GlitchTip and copy its DSN into GLITCHTIP_DSN',
    );
  const dsn = new URL(config.GLITCHTIP_DSN);
  if (!dsn.username || !/^\/\d+$/.test(dsn.pathname)) {
    return fail(
      'glitchtip',
      'GLITCHTIP_DSN does not look like http(s)://<key>@<host>/<project id>',
      "copy the DSN from the GlitchTip project's settings",
    );
  }
  try {
    const response = await withTimeout(fetch(`${dsn.origin}/_health/`), 'GlitchTip');
    if (!response.ok)
      return fail(
        'glitchtip',
        `${dsn.host}/_health/ answers HTTP ${response.status}`,
        'GlitchTip is up but unwell: docker compose logs glitchtip-web glitchtip-worker',
      );
    return ok('glitchtip', `${dsn.host} is healthy`);
  } catch (error) {
    return fail(
      'glitchtip',
      `cannot reach ${dsn.host}: ${message(error)}`,
      'is GlitchTip running (docker compose ps glitchtip-web)? check the host in GLITCHTIP_DSN',
    );
  }
}
