// Static checks of the operations kit with the real tools: shellcheck, docker-compose 1.29's parser,
// nginx -t, and the Dockerfile's key lines (hadolint is not packaged in Debian 12).
import { access, copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot, run } from './support.js';
import { TOOL, requireTools, titled } from '../support/tools.js';

/** Every secret docker-compose.yml requires (`${NAME:?…}`), with a recognisable value. */
const COMPOSE_SECRETS: Record<string, string> = {
  POSTGRES_PASSWORD: 'pg-superuser-secret',
  SCHOOLBOT_DB_OWNER_PASSWORD: 'pg-owner-secret',
  SCHOOLBOT_DB_PASSWORD: 'pg-app-secret',
  GLITCHTIP_DB_PASSWORD: 'glitchtip-db-secret',
  REDIS_PASSWORD: 'redis-secret',
  KURRENTDB_ADMIN_PASSWORD: 'kurrent-admin-secret',
  KURRENTDB_OPS_PASSWORD: 'kurrent-ops-secret',
  KURRENTDB_APP_PASSWORD: 'kurrent-app-secret',
  GRAFANA_ADMIN_PASSWORD: 'grafana-secret',
  GLITCHTIP_SECRET_KEY: 'glitchtip-secret',
};
const composeSecrets = Object.entries(COMPOSE_SECRETS).map(([name, value]) => `${name}=${value}\n`).join('');
const noShellcheck = requireTools(TOOL.shellcheck);
// docker-compose 1.29 (Debian) brings python3-yaml, which reads its output here.
const noCompose = requireTools(TOOL.dockerCompose);
const noNginx = requireTools(TOOL.nginx);
const withCompose = it.skipIf(noCompose !== undefined);

async function shellScripts(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.sh'))
    .map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)))
    .sort();
}

describe('shell scripts', () => {
  it.skipIf(noShellcheck !== undefined)(titled('pass shellcheck, every one of them', noShellcheck), async () => {
    const scripts = await shellScripts(join(repoRoot, 'scripts'));
    expect(scripts).toEqual(
      expect.arrayContaining(['scripts/backup.sh', 'scripts/restore.sh', 'scripts/scale.sh', 'scripts/deploy.sh']),
    );
    const result = await run('shellcheck', ['-x', ...scripts]);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
    // shellcheck takes 15 s alone on two cores, and twice that on a loaded machine.
  }, 120_000);

  it.each(['backup', 'restore', 'scale', 'deploy'])('%s.sh is strict and answers --help', async (name) => {
    const source = await readFile(join(repoRoot, 'scripts', `${name}.sh`), 'utf8');
    expect(source).toMatch(/^#!\/usr\/bin\/env bash\n/);
    expect(source).toContain('set -euo pipefail');
    const result = await run(join(repoRoot, 'scripts', `${name}.sh`), ['--help'], { env: { PATH: process.env.PATH } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: scripts/${name}\\.sh`));
  });
});

describe('docker-compose.yml', () => {
  let dir: string;
  const secrets = composeSecrets;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schoolbot-compose-'));
    await copyFile(join(repoRoot, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
    await copyFile(join(repoRoot, 'docker-compose.override.yml.example'), join(dir, 'override.yml'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  async function config(env: string, files = ['docker-compose.yml']) {
    await writeFile(join(dir, '.env'), env);
    const args = [...files.flatMap((file) => ['-f', file]), 'config'];
    return run('docker-compose', args, { cwd: dir, env: { PATH: process.env.PATH } });
  }

  async function parsed(env: string, files?: string[]): Promise<ComposeModel> {
    const result = await config(env, files);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = await run('python3', ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], {
      input: result.stdout,
    });
    return JSON.parse(json.stdout) as ComposeModel;
  }

  withCompose(titled('is accepted by Debian docker-compose 1.29 with the required secrets set', noCompose), async () => {
    const model = await parsed(secrets);
    expect(Object.keys(model.services).sort()).toEqual(
      [
        'alertmanager',
        'bot',
        'eventstore',
        'eventstore-certs',
        'eventstore-users',
        'migrate',
        'glitchtip-migrate',
        'glitchtip-postgres',
        'glitchtip-valkey',
        'glitchtip-web',
        'glitchtip-worker',
        'grafana',
        'nginx',
        'postgres',
        'prometheus',
        'redis',
        'worker',
      ].sort(),
    );
    expect(await readFile(join(repoRoot, 'docker-compose.yml'), 'utf8')).not.toMatch(/^name:/m);
  });

  withCompose.each(Object.keys(COMPOSE_SECRETS))(
    titled('refuses to start without %s', noCompose),
    async (name) => {
      const env = secrets
        .split('\n')
        .filter((line) => !line.startsWith(`${name}=`))
        .join('\n');
      const result = await config(env);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(name);
    },
  );

  withCompose(titled('publishes only nginx to the world; the bot scales without host ports', noCompose), async () => {
    const model = await parsed(secrets);
    const bot = model.services.bot!;
    expect(bot.ports).toBeUndefined();
    expect(bot.expose).toEqual(['8080']);
    expect(bot.environment?.BOT_ROLE).toBe('bot');
    expect(model.services.worker?.environment?.BOT_ROLE).toBe('worker');
    for (const [name, service] of Object.entries(model.services)) {
      for (const port of (service.ports ?? []).map(parsePort)) {
        if (name === 'nginx') expect(port).toEqual({ hostIp: undefined, published: 80, target: 80 });
        else expect(port.hostIp, `${name} publishes ${port.target} beyond loopback`).toBe('127.0.0.1');
      }
    }
    const published = Object.fromEntries(
      Object.entries(model.services).flatMap(([name, service]) =>
        (service.ports ?? []).map((port) => [name, parsePort(port).published]),
      ),
    );
    // The stores publish nothing (the override example does, for debugging).
    expect(published).toEqual({
      nginx: 80,
      prometheus: 9090,
      grafana: 3000,
      alertmanager: 9093,
      'glitchtip-web': 9000,
    });
  });

  withCompose(titled('pins images, keeps secrets in the environment and gives the stateful services volumes and health checks', noCompose), async () => {
    const model = await parsed(secrets);
    for (const [name, service] of Object.entries(model.services)) {
      // Third-party images are pinned; our own (built here) is tagged by deploy.sh.
      if (service.image && !service.build) expect(service.image, name).not.toMatch(/:latest$|^[^:]+$/);
    }
    expect(model.services.alertmanager?.image).toBe('prom/alertmanager:v0.25.0');
    expect(model.services.eventstore?.image).toMatch(/^kurrentplatform\/kurrentdb:\d+\.\d+\.\d+$/);
    expect(model.services.grafana?.environment?.GF_SECURITY_ADMIN_PASSWORD).toBe('grafana-secret');
    expect(model.services.redis?.command?.join(' ')).toMatch(/--appendonly yes/);
    for (const name of ['eventstore', 'postgres', 'redis', 'bot', 'worker']) {
      const service = model.services[name]!;
      if (name === 'bot' || name === 'worker') {
        expect(service.depends_on).toMatchObject({ eventstore: { condition: 'service_healthy' } });
      } else {
        expect(service.healthcheck?.test, name).toBeDefined();
        expect(service.volumes?.length, name).toBeGreaterThan(0);
      }
    }
    expect(JSON.stringify(model.services.eventstore?.healthcheck?.test)).toContain('/health/live');
  });

  it('interpolates only variables that env.example documents', async () => {
    const compose = await readFile(join(repoRoot, 'docker-compose.yml'), 'utf8');
    const documented = new Set(
      (await readFile(join(repoRoot, 'env.example'), 'utf8'))
        .split('\n')
        .flatMap((line) => /^([A-Z_0-9]+)=/.exec(line)?.[1] ?? []),
    );
    const used = [...new Set([...compose.matchAll(/\$\{([A-Z_0-9]+)/g)].map((match) => match[1]!))];
    expect(used.length).toBeGreaterThan(5);
    expect(used.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('mounts only files that exist in the checkout, or that a script creates', async () => {
    const compose = await readFile(join(repoRoot, 'docker-compose.yml'), 'utf8');
    const sources = [...new Set([...compose.matchAll(/^\s+- \.\/([^:]+):/gm)].map((match) => match[1]!))];
    expect(sources).toEqual(expect.arrayContaining(['nginx/nginx.conf', 'monitoring/prometheus', 'backups']));
    const created: Record<string, string> = {
      'monitoring/rendered/alertmanager.yml': 'scripts/init_monitoring.sh',
      backups: 'scripts/backup.sh',
    };
    for (const source of sources) {
      const creator = created[source];
      if (creator)
        expect(await readFile(join(repoRoot, creator), 'utf8'), `${creator} creates ${source}`).toMatch(
          /rendered|BACKUP_DIR/,
        );
      else await expect(access(join(repoRoot, source)), source).resolves.toBeUndefined();
    }
  });

  withCompose(titled('accepts the override example: replicas, limits, restart policies, stores on loopback', noCompose), async () => {
    const model = await parsed(secrets, ['docker-compose.yml', 'override.yml']);
    expect(model.services.bot?.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(model.services.bot?.mem_limit).toBeDefined();
    expect(model.services.bot?.restart).toBe('always');
    for (const [name, target] of [['postgres', 5432], ['redis', 6379], ['eventstore', 2113]] as const) {
      expect((model.services[name]?.ports ?? []).map(parsePort), name).toEqual([{ hostIp: '127.0.0.1', published: target, target }]);
    }
  });
});

describe.skipIf(noNginx !== undefined)(titled('nginx configuration', noNginx), () => {
  it('passes nginx -t (with the upstream pointed at loopback, since `bot` resolves only inside compose)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'schoolbot-nginx-'));
    try {
      const conf = await readFile(join(repoRoot, 'nginx', 'nginx.conf'), 'utf8');
      expect(conf).toMatch(/least_conn;/);
      expect(conf).toMatch(/server bot:8080/);
      await writeFile(join(dir, 'nginx.conf'), conf.replace('server bot:8080', 'server 127.0.0.1:8080'));
      await copyFile(join(repoRoot, 'nginx', 'webhook.conf'), join(dir, 'webhook.conf'));
      const result = await run('nginx', ['-t', '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')]);
      expect(result.stderr).toContain('test is successful');
      expect(result.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('Dockerfile', () => {
  let dockerfile: string;
  let runtime: string;
  beforeAll(async () => {
    dockerfile = await readFile(join(repoRoot, 'Dockerfile'), 'utf8');
    runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  });

  it('builds in stages on a pinned Node LTS slim image and ships only production dependencies', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:(22|24)-[a-z]+-slim$/m);
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(runtime).toMatch(/COPY --from=prod-deps \/app\/node_modules/);
    expect(runtime).not.toMatch(/tsx|typescript/);
  });

  it('runs compiled JavaScript as a non-root user under tini', () => {
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime.indexOf('USER node')).toBeLessThan(runtime.indexOf('CMD ['));
    expect(runtime).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(runtime).toMatch(/^CMD \["node", "dist\/infra\/main\.js", "start"\]$/m);
  });

  it('keeps secrets and local state out of the build context', async () => {
    const ignored = (await readFile(join(repoRoot, '.dockerignore'), 'utf8')).split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'node_modules', 'data', 'backups', '.git']));
  });

  describe('HEALTHCHECK command (run as written)', () => {
    let server: Server;
    let status = 200;
    let port: number;
    let command: string[];
    beforeAll(async () => {
      const line = /^HEALTHCHECK .*\\\n\s+CMD (\[.*\])$/m.exec(dockerfile);
      expect(line).not.toBeNull();
      command = JSON.parse(line![1]!) as string[];
      expect(command.join(' ')).toContain('/healthz');
      port = await freePort();
      server = createServer((request, response) => {
        response.statusCode = request.url === '/healthz' ? status : 404;
        response.end('{}');
      });
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const probe = (httpPort: number) =>
      run(command[0]!, command.slice(1), { env: { PATH: process.env.PATH, HTTP_PORT: String(httpPort) } });

    it('succeeds when /healthz answers 200', async () => {
      status = 200;
      expect((await probe(port)).code).toBe(0);
    });
    it('fails when /healthz answers 503 or nothing listens', async () => {
      status = 503;
      expect((await probe(port)).code).toBe(1);
      expect((await probe(await freePort())).code).toBe(1);
    });
  });
});

/** docker-compose 1.29 prints ports as [host_ip:]published:target/protocol, or as an object when no IP is bound. */
function parsePort(spec: ComposePort): { hostIp: string | undefined; published: number; target: number } {
  if (typeof spec === 'object') return { hostIp: spec.host_ip, published: spec.published, target: spec.target };
  const match = /^(?:(.+):)?(\d+):(\d+)(?:\/\w+)?$/.exec(spec);
  if (!match) throw new Error(`unexpected port syntax: ${spec}`);
  return { hostIp: match[1], published: Number(match[2]), target: Number(match[3]) };
}

type ComposePort = string | { published: number; target: number; host_ip?: string };
interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  ports?: ComposePort[];
  expose?: string[];
  environment?: Record<string, string>;
  volumes?: unknown[];
  healthcheck?: { test?: unknown };
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  mem_limit?: string;
  deploy?: { replicas?: number; resources?: { limits?: { memory?: string } } };
}
interface ComposeModel {
  services: Record<string, ComposeService>;
}
