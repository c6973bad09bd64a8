// What the Docker image runs, checked without Docker: the TypeScript compiled by tsconfig.build.json
// (`npm run build`) imports nothing but Node's built-ins and production dependencies (the image installs
// `npm ci --omit=dev`), and `node <dist>/infra/main.js start` serves /healthz and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot, run, waitFor } from './support.js';

const packageName = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

describe('the compiled application (the image’s dist/)', () => {
  let outDir: string;

  beforeAll(async () => {
    // Inside the checkout, so the compiled files resolve node_modules as they do in the image.
    await mkdir(join(repoRoot, '.tmp'), { recursive: true });
    outDir = await mkdtemp(join(repoRoot, '.tmp', 'ops-dist-'));
    const build = await run('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', outDir], { timeoutMs: 300_000 });
    expect(build.stdout + build.stderr).not.toMatch(/error TS/);
    expect(build.code).toBe(0);
  }, 320_000);
  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('imports only Node built-ins and production dependencies', async () => {
    const manifest = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const allowed = new Set([...Object.keys(manifest.dependencies), ...builtinModules]);
    const files = (await readdir(outDir, { recursive: true })).filter((file) => file.endsWith('.js'));
    expect(files).toContain(join('infra', 'main.js'));
    const offenders: string[] = [];
    for (const file of files) {
      const source = await readFile(join(outDir, file), 'utf8');
      for (const match of source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
        const specifier = match[1]!;
        if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
        if (!allowed.has(packageName(specifier)))
          offenders.push(`${relative(outDir, join(outDir, file))}: ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('starts with plain node, answers /healthz, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const data = await mkdtemp(join(repoRoot, '.tmp', 'ops-data-'));
    const child = spawn(process.execPath, [join(outDir, 'infra', 'main.js'), 'start'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        HTTP_PORT: String(port),
        HTTP_HOST: '127.0.0.1',
        DATA_DIR: data,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await waitFor(
        () =>
          fetch(`http://127.0.0.1:${port}/healthz`).then(
            (r) => r.ok,
            () => false,
          ),
        90_000,
        `the compiled app to serve /healthz\n${output}`,
      );
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await rm(data, { recursive: true, force: true });
    }
  }, 120_000);
});
