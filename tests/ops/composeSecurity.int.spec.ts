// The stack's least privilege, read from what Debian's docker-compose 1.29 renders (it validates and
// interpolates without a Docker engine): which secret reaches which container, which ports are published,
// the containers' hardening and its documented exceptions, the stores' authentication, and the app accepting
// the connection strings compose builds (with their secrets redacted from its logged configuration).
import { mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, redactedConfig } from '../../infra/config.js';
import { TOOL, requireTools, titled } from '../support/tools.js';
import { repoRoot, run } from './support.js';

const noCompose = requireTools(TOOL.dockerCompose);
const noShellcheck = requireTools(TOOL.shellcheck);

/** Every secret of .env, with a value that cannot occur by chance. */
const SECRETS = {
  POSTGRES_PASSWORD: 'sx-pg-superuser',
  SCHOOLBOT_DB_OWNER_PASSWORD: 'sx-pg-owner',
  SCHOOLBOT_DB_PASSWORD: 'sx-pg-app',
  GLITCHTIP_DB_PASSWORD: 'sx-glitchtip-db',
  REDIS_PASSWORD: 'sx-redis',
  KURRENTDB_ADMIN_PASSWORD: 'sx-kurrent-admin',
  KURRENTDB_OPS_PASSWORD: 'sx-kurrent-ops',
  KURRENTDB_APP_PASSWORD: 'sx-kurrent-app',
  GRAFANA_ADMIN_PASSWORD: 'sx-grafana',
  GLITCHTIP_SECRET_KEY: 'sx-glitchtip-key',
  TELEGRAM_TOKEN: '123456:sx-schoolbot-token-abcdefghijklmnopqrstuvw',
  TELEGRAM_WEBHOOK_SECRET: 'sx-webhook-secret',
  AUDIT_API_TOKEN: 'sx-audit-api-token-0123456789',
  TELEGRAM_BOT_TOKEN: '654321:sx-alert-bot-token-abcdefghijklmnopqrst',
  GLITCHTIP_DSN: 'https://sx-dsn-key@glitchtip.example/1',
} as const;
type Secret = keyof typeof SECRETS;

const APP: readonly Secret[] = [
  'REDIS_PASSWORD',
  'KURRENTDB_APP_PASSWORD',
  'TELEGRAM_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'AUDIT_API_TOKEN',
  'GLITCHTIP_DSN',
];
/** The secrets each service may see; every other one must not appear anywhere in its environment. */
const ALLOWED: Record<string, readonly Secret[]> = {
  bot: [...APP, 'SCHOOLBOT_DB_PASSWORD'],
  worker: [...APP, 'SCHOOLBOT_DB_OWNER_PASSWORD'],
  migrate: [...APP, 'SCHOOLBOT_DB_OWNER_PASSWORD'],
  postgres: ['POSTGRES_PASSWORD', 'SCHOOLBOT_DB_OWNER_PASSWORD', 'SCHOOLBOT_DB_PASSWORD'],
  redis: ['REDIS_PASSWORD'],
  eventstore: ['KURRENTDB_ADMIN_PASSWORD', 'KURRENTDB_OPS_PASSWORD'],
  'eventstore-users': ['KURRENTDB_ADMIN_PASSWORD', 'KURRENTDB_APP_PASSWORD'],
  'eventstore-certs': [],
  grafana: ['GRAFANA_ADMIN_PASSWORD'],
  'glitchtip-postgres': ['GLITCHTIP_DB_PASSWORD'],
  'glitchtip-migrate': ['GLITCHTIP_DB_PASSWORD', 'GLITCHTIP_SECRET_KEY'],
  'glitchtip-web': ['GLITCHTIP_DB_PASSWORD', 'GLITCHTIP_SECRET_KEY'],
  'glitchtip-worker': ['GLITCHTIP_DB_PASSWORD', 'GLITCHTIP_SECRET_KEY'],
  'glitchtip-valkey': [],
  nginx: [],
  prometheus: [],
  alertmanager: [],
};

/** Services that keep capabilities or a writable root, each named in docs/security.md's exceptions. */
const CAPABILITY_EXCEPTIONS = ['glitchtip-migrate', 'glitchtip-web', 'glitchtip-worker'];
const READ_ONLY_EXCEPTIONS = ['eventstore', 'glitchtip-migrate', 'glitchtip-web', 'glitchtip-worker'];
const ONE_SHOTS = ['eventstore-certs', 'eventstore-users', 'migrate', 'glitchtip-migrate'];

interface Service {
  image?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  ports?: unknown[];
  cap_drop?: string[];
  cap_add?: string[];
  security_opt?: string[];
  read_only?: boolean;
  mem_limit?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[] };
  volumes?: string[];
}

describe.skipIf(noCompose !== undefined)(titled('docker-compose.yml least privilege (docker-compose config)', noCompose), () => {
  let services: Record<string, Service>;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schoolbot-compose-security-'));
    await copyFile(join(repoRoot, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
    const env = Object.entries(SECRETS).map(([name, value]) => `${name}=${value}\n`).join('');
    await writeFile(join(dir, '.env'), `${env}TELEGRAM_CHAT_ID=-100123\n`);
    const rendered = await run('docker-compose', ['config'], { cwd: dir, env: { PATH: process.env.PATH } });
    expect(rendered.stderr).toBe('');
    expect(rendered.code).toBe(0);
    const json = await run('python3', ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: rendered.stdout });
    services = (JSON.parse(json.stdout) as { services: Record<string, Service> }).services;
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('gives each service only the secrets it uses', () => {
    expect(Object.keys(services).sort()).toEqual(Object.keys(ALLOWED).sort());
    for (const [name, service] of Object.entries(services)) {
      const environment = JSON.stringify(service.environment ?? {});
      const seen = (Object.keys(SECRETS) as Secret[]).filter((secret) => environment.includes(SECRETS[secret]));
      expect(seen.filter((secret) => !ALLOWED[name]!.includes(secret)), `${name} sees`).toEqual([]);
    }
    // The ones the bot and the worker must never see, spelled out.
    for (const name of ['bot', 'worker']) {
      const environment = JSON.stringify(services[name]!.environment);
      for (const foreign of ['GRAFANA_ADMIN_PASSWORD', 'GLITCHTIP_SECRET_KEY', 'TELEGRAM_BOT_TOKEN', 'POSTGRES_PASSWORD', 'KURRENTDB_ADMIN_PASSWORD'] as const) {
        expect(environment, `${name} and ${foreign}`).not.toContain(SECRETS[foreign]);
      }
    }
    expect(JSON.stringify(services.bot!.environment)).not.toContain(SECRETS.SCHOOLBOT_DB_OWNER_PASSWORD);
  });

  it('connects the bot as the app role and migrates as the owner, before the bot and the worker start', () => {
    expect(services.bot!.environment!.DATABASE_URL).toMatch(/^postgres:\/\/schoolbot_app:sx-pg-app@postgres:5432\/schoolbot$/);
    expect(services.migrate!.environment!.DATABASE_URL).toMatch(/^postgres:\/\/schoolbot_owner:sx-pg-owner@postgres:5432\/schoolbot$/);
    expect(services.migrate!.command).toEqual(['schoolbot', 'migrate']);
    for (const name of ['bot', 'worker']) {
      expect(services[name]!.depends_on, name).toMatchObject({
        migrate: { condition: 'service_completed_successfully' },
        'eventstore-users': { condition: 'service_completed_successfully' },
      });
    }
    // The postgres image runs the roles script on its first start.
    expect(services.postgres!.volumes).toContain(`${dir}/infra/postgres-init:/docker-entrypoint-initdb.d:ro`);
  });

  it('publishes no store port', () => {
    for (const name of ['postgres', 'redis', 'eventstore', 'glitchtip-postgres', 'glitchtip-valkey']) {
      expect(services[name]!.ports, name).toBeUndefined();
    }
  });

  it('drops every capability and forbids privilege gain, except where docs/security.md says why', async () => {
    const security = await readFile(join(repoRoot, 'docs', 'security.md'), 'utf8');
    const exceptions = security.slice(security.indexOf('## Exceptions'));
    expect(exceptions.length).toBeGreaterThan(100);
    for (const [name, service] of Object.entries(services)) {
      expect(service.security_opt, name).toContain('no-new-privileges:true');
      if (CAPABILITY_EXCEPTIONS.includes(name)) expect(exceptions, name).toContain(`\`${name}\``);
      else expect(service.cap_drop, name).toEqual(['ALL']);
      if (READ_ONLY_EXCEPTIONS.includes(name)) expect(exceptions, name).toContain(`\`${name}\``);
      else expect(service.read_only, name).toBe(true);
      if (!ONE_SHOTS.includes(name)) expect(service.mem_limit, `${name} has a memory limit`).toBeDefined();
    }
    // Only nginx's master and the certificate one-shot need any capability back.
    const added = Object.fromEntries(Object.entries(services).flatMap(([name, s]) => (s.cap_add ? [[name, [...s.cap_add].sort()]] : [])));
    expect(added).toEqual({ nginx: ['CHOWN', 'NET_BIND_SERVICE', 'SETGID', 'SETUID'], 'eventstore-certs': ['CHOWN'] });
  });

  it('runs Redis with a password that never appears on its command line', () => {
    const command = services.redis!.command!.join(' ');
    expect(command).toContain('requirepass');
    expect(command).toContain('$$REDIS_PASSWORD');
    expect(command).not.toContain(SECRETS.REDIS_PASSWORD);
    expect(services.redis!.healthcheck!.test!.join(' ')).toContain('REDISCLI_AUTH');
  });

  it('runs KurrentDB with TLS and authentication, never --insecure', () => {
    const eventstore = services.eventstore!;
    expect(JSON.stringify(eventstore).toLowerCase()).not.toContain('insecure');
    expect(eventstore.environment).toMatchObject({
      KURRENTDB_CERTIFICATE_FILE: expect.stringMatching(/node\.crt$/),
      KURRENTDB_CERTIFICATE_PRIVATE_KEY_FILE: expect.stringMatching(/node\.key$/),
      KURRENTDB_TRUSTED_ROOT_CERTIFICATES_PATH: expect.any(String),
      KURRENTDB_DEFAULT_ADMIN_PASSWORD: SECRETS.KURRENTDB_ADMIN_PASSWORD,
      KURRENTDB_DEFAULT_OPS_PASSWORD: SECRETS.KURRENTDB_OPS_PASSWORD,
    });
    expect(eventstore.depends_on).toMatchObject({ 'eventstore-certs': { condition: 'service_completed_successfully' } });
    expect(eventstore.healthcheck!.test!.join(' ')).toMatch(/--cacert \S+ https:\/\/localhost:2113\/health\/live/);
    expect(services.bot!.environment!.EVENTSTORE_URL).toBe(
      'esdb://schoolbot:sx-kurrent-app@eventstore:2113?tls=true&tlsCAFile=/certs/eventstore/ca.crt',
    );
  });

  it('keeps Prometheus’ lifecycle API closed', () => {
    expect(services.prometheus!.command!.join(' ')).not.toContain('enable-lifecycle');
  });

  it('builds connection strings the app accepts, and its logged configuration shows none of the secrets', () => {
    for (const name of ['bot', 'worker', 'migrate']) {
      const config = loadConfig(services[name]!.environment!);
      expect(config.EVENT_STORE).toBe('esdb');
      expect(config.REDIS_URL).toBe('redis://:sx-redis@redis:6379');
      const logged = JSON.stringify(redactedConfig(config));
      for (const value of Object.values(SECRETS)) expect(logged, name).not.toContain(value);
      expect(logged).not.toContain('sx-');
    }
  });
});

describe.skipIf(noShellcheck !== undefined)(titled('the stack’s init scripts', noShellcheck), () => {
  it('pass shellcheck', async () => {
    const scripts = ['infra/eventstore-init/make-certs.sh', 'infra/eventstore-init/users.sh'];
    const result = await run('shellcheck', ['-x', ...scripts]);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);
});
