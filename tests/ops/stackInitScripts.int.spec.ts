// The stack's one-shot scripts run for real on this machine: infra/eventstore-init/users.sh against a stand-in
// for KurrentDB's user API (plain HTTP; the real one is HTTPS with the stack's CA), and make-certs.sh with a
// stand-in es-gencert-cli. What they decide — create or update the user, keep or make certificates, modes and
// owners of the keys — is theirs; the KurrentDB server and the real certificate tool cannot run here.
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TOOL, requireTools, titled } from '../support/tools.js';
import { repoRoot, run } from './support.js';

const noCurl = requireTools(TOOL.curl);
const USERS = join(repoRoot, 'infra', 'eventstore-init', 'users.sh');
const MAKE_CERTS = join(repoRoot, 'infra', 'eventstore-init', 'make-certs.sh');

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

describe.skipIf(noCurl !== undefined)(titled('eventstore-users (infra/eventstore-init/users.sh)', noCurl), () => {
  let server: Server;
  let port: number;
  let dir: string;
  let seen: Seen[];
  /** Status per "METHOD path" for the next run. */
  let answers: Record<string, number>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schoolbot-users-'));
    // A curl that writes down its arguments, then runs the real one: no secret may be among them.
    await mkdir(join(dir, 'bin'));
    const realCurl = (await run('sh', ['-c', 'command -v curl'])).stdout.trim();
    await writeFile(join(dir, 'bin', 'curl'), `#!/bin/sh\nprintf '%s\\n' "$@" >> "${dir}/curl-args"\nexec ${realCurl} "$@"\n`);
    await chmod(join(dir, 'bin', 'curl'), 0o755);
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({
          method: request.method ?? '',
          url: request.url ?? '',
          authorization: request.headers.authorization,
          body: body === '' ? undefined : (JSON.parse(body) as unknown),
        });
        response.statusCode = answers[`${request.method} ${request.url}`] ?? 500;
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    seen = [];
    answers = {};
    await rm(join(dir, 'curl-args'), { force: true });
  });

  const users = (env: Record<string, string> = {}) =>
    run('sh', [USERS], {
      env: {
        PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
        TMPDIR: dir,
        KURRENTDB_URL: `http://127.0.0.1:${port}`,
        KURRENTDB_CA_FILE: '/dev/null',
        KURRENTDB_ADMIN_PASSWORD: 'admin0secret',
        KURRENTDB_APP_PASSWORD: 'app0secret',
        ...env,
      },
    });
  const basicAdmin = `Basic ${Buffer.from('admin:admin0secret').toString('base64')}`;
  const curlArguments = () => readFile(join(dir, 'curl-args'), 'utf8');

  it('creates the app user in $admins as the admin, with no secret on curl’s command line', async () => {
    answers = { 'POST /users/': 201 };
    const result = await users();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('created schoolbot');
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/users/',
        authorization: basicAdmin,
        body: { loginName: 'schoolbot', fullName: 'SchoolBot', groups: ['$admins'], password: 'app0secret' },
      },
    ]);
    const args = await curlArguments();
    expect(args).toContain('--config');
    expect(args).not.toMatch(/secret/);
  });

  it('gives an existing user the configured groups and password', async () => {
    answers = { 'POST /users/': 409, 'PUT /users/schoolbot': 200, 'POST /users/schoolbot/command/reset-password': 200 };
    const result = await users();
    expect(result.code).toBe(0);
    expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual([
      'POST /users/',
      'PUT /users/schoolbot',
      'POST /users/schoolbot/command/reset-password',
    ]);
    expect(seen[1]!.body).toEqual({ fullName: 'SchoolBot', groups: ['$admins'] });
    expect(seen[2]!.body).toEqual({ newPassword: 'app0secret' });
    expect(seen.every((request) => request.authorization === basicAdmin)).toBe(true);
    expect(await curlArguments()).not.toMatch(/secret/);
  });

  it('fails, saying why, when KurrentDB refuses the admin password', async () => {
    answers = { 'POST /users/': 401 };
    const result = await users();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refused the admin password/);
  });

  it('fails when the password could not be set', async () => {
    answers = { 'POST /users/': 409, 'PUT /users/schoolbot': 200, 'POST /users/schoolbot/command/reset-password': 500 };
    const result = await users();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/setting the password of schoolbot got HTTP 500/);
  });

  it('refuses a password that cannot go into a URL, before asking anything', async () => {
    const result = await users({ KURRENTDB_APP_PASSWORD: 'a/b@c' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/may hold only/);
    expect(seen).toEqual([]);
  });
});

// chown needs root: the drill runs where the tests run as root (this machine), and says so where they do not.
const notRoot =
  requireTools(['setpriv', 'util-linux']) ??
  (process.getuid?.() === 0 ? undefined : 'needs root (the script hands the keys to KurrentDB’s user with chown)');
describe.skipIf(notRoot !== undefined)(titled('eventstore-certs (infra/eventstore-init/make-certs.sh)', notRoot), () => {
  let dir: string;
  const certs = () => join(dir, 'certs');
  const publicCa = () => join(dir, 'ca-public');
  const calls = async () => (await readFile(join(dir, 'calls'), 'utf8').catch(() => '')).split('\n').filter(Boolean);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schoolbot-certs-'));
    await mkdir(join(dir, 'bin'));
    // es-gencert-cli's two commands, as far as the script uses them: files in -out, a serial to tell them apart.
    await writeFile(
      join(dir, 'bin', 'es-gencert-cli'),
      `#!/usr/bin/env bash
set -euo pipefail
echo "$1" >> "${dir}/calls"
out=""; kind="$1"; shift
while [ $# -gt 0 ]; do case "$1" in -out) out="$2"; shift 2 ;; *) shift ;; esac; done
mkdir -p "$out"
stamp="$(date +%s%N)"
if [ "$kind" = create-ca ]; then echo "ca $stamp" > "$out/ca.crt"; echo "ca key" > "$out/ca.key"; fi
if [ "$kind" = create-node ]; then echo "node $stamp" > "$out/node.crt"; echo "node key" > "$out/node.key"; fi
`,
    );
    await chmod(join(dir, 'bin', 'es-gencert-cli'), 0o755);
    return () => rm(dir, { recursive: true, force: true });
  });

  // As in docker-compose.yml: root with CHOWN as its only capability (cap_drop ALL, cap_add CHOWN).
  const makeCerts = (env: Record<string, string> = {}) =>
    run('setpriv', ['--bounding-set=-all,+chown', 'bash', MAKE_CERTS], {
      env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, CERTS_DIR: certs(), CA_PUBLIC_DIR: publicCa(), KURRENT_UID: '1000', ...env },
    });
  const modeAndOwner = async (path: string) => {
    const info = await stat(path);
    return { mode: (info.mode & 0o777).toString(8), uid: info.uid };
  };

  it('makes a CA and a node certificate once; the keys readable by their owner only, the node’s by KurrentDB', async () => {
    const first = await makeCerts();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(await calls()).toEqual(['create-ca', 'create-node']);
    expect(await modeAndOwner(join(certs(), 'ca-private', 'ca.key'))).toEqual({ mode: '600', uid: 0 });
    expect(await modeAndOwner(join(certs(), 'ca-private'))).toEqual({ mode: '700', uid: 0 });
    expect(await modeAndOwner(join(certs(), 'node', 'node.key'))).toEqual({ mode: '600', uid: 1000 });
    expect(await modeAndOwner(join(certs(), 'node', 'node.crt'))).toEqual({ mode: '644', uid: 1000 });
    expect(await modeAndOwner(join(certs(), 'ca', 'ca.crt'))).toEqual({ mode: '644', uid: 1000 });
    const ca = await readFile(join(certs(), 'ca-private', 'ca.crt'), 'utf8');
    expect(await readFile(join(certs(), 'ca', 'ca.crt'), 'utf8')).toBe(ca);
    expect(await readFile(join(publicCa(), 'ca.crt'), 'utf8')).toBe(ca);
    // Only the public certificate reaches the clients' volume.
    expect((await run('ls', [publicCa()])).stdout.trim()).toBe('ca.crt');

    // Every `docker compose up` runs it again: nothing new is made, nothing breaks.
    const node = await readFile(join(certs(), 'node', 'node.crt'), 'utf8');
    const again = await makeCerts();
    expect(again.code).toBe(0);
    expect(await calls()).toEqual(['create-ca', 'create-node']);
    expect(await readFile(join(certs(), 'node', 'node.crt'), 'utf8')).toBe(node);
    expect(await modeAndOwner(join(certs(), 'node', 'node.key'))).toEqual({ mode: '600', uid: 1000 });
  });

  it('renews only the node certificate when asked, from the same CA', async () => {
    expect((await makeCerts()).code).toBe(0);
    const ca = await readFile(join(certs(), 'ca-private', 'ca.crt'), 'utf8');
    const node = await readFile(join(certs(), 'node', 'node.crt'), 'utf8');
    const renewed = await makeCerts({ RENEW_NODE_CERT: 'true' });
    expect(renewed.code).toBe(0);
    expect(await calls()).toEqual(['create-ca', 'create-node', 'create-node']);
    expect(await readFile(join(certs(), 'ca-private', 'ca.crt'), 'utf8')).toBe(ca);
    expect(await readFile(join(certs(), 'node', 'node.crt'), 'utf8')).not.toBe(node);
  });
});
