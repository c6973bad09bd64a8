// The tests that run `schoolbot …` (or another script) as a real process start node dozens of times a run.
// Under tsx each start transforms the TypeScript again, which costs about as much CPU as everything the
// process then does. So the global setup (tests/support/globalSetup.ts) compiles the sources ONCE per
// `vitest run`, file by file with esbuild (the same transform tsx applies, nothing bundled), into a fresh
// directory under .tmp/, and the tests spawn the compiled entry points. The process boundary is the same:
// the same program, its own process, environment, exit code and output. Outside a vitest run with the global
// setup (e.g. a bench) the helpers fall back to tsx on the source.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The compiled tree (same layout as the repository), or '' when the sources could not be compiled. */
    schoolbotCompiledDir: string;
  }
}

const root = resolve(import.meta.dirname, '../..');

/** The source folders of the program, and the test scripts that run as their own processes. */
const SOURCE_DIRS = ['domain', 'application', 'adapters', 'projections', 'infra'];
const EXTRA_ENTRIES = ['tests/projections/support/workerProcess.ts'];

/**
 * Compiles the program into a new directory under `<repo>/.tmp/` (inside the repository, so the compiled
 * files resolve node_modules as the sources do) and returns it. The directory gets a package.json with the
 * repository's name, version and module type, so `infra/observability.ts` reads the same version.
 */
export async function compileSources(): Promise<string> {
  const { build } = await import('esbuild');
  const parent = join(root, '.tmp');
  mkdirSync(parent, { recursive: true });
  // A run that was killed leaves its tree behind: remove those older than a day (a running one is younger).
  for (const name of readdirSync(parent).filter((entry) => entry.startsWith('compiled-'))) {
    const path = join(parent, name);
    if (Date.now() - statSync(path).mtimeMs > 86_400_000) rmSync(path, { recursive: true, force: true });
  }
  const outdir = mkdtempSync(join(parent, 'compiled-'));
  const entryPoints = [
    ...SOURCE_DIRS.flatMap((dir) =>
      readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.endsWith('.d.ts'))
        .map((file) => join(dir, file)),
    ),
    ...EXTRA_ENTRIES,
  ];
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    outbase: '.',
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    bundle: false,
    logLevel: 'error',
  });
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string; type: string };
  writeFileSync(join(outdir, 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version, type: pkg.type, private: true }));
  return outdir;
}

function compiledDir(): string {
  try {
    return inject('schoolbotCompiledDir') ?? '';
  } catch {
    return ''; // outside a vitest run with the global setup
  }
}

/**
 * node's arguments to run `script` (a .ts path relative to the repository, e.g. 'infra/main.ts'): its compiled
 * .js when the global setup compiled the sources, otherwise the source through tsx. Run with cwd = the repository.
 */
export function nodeArgsFor(script: string): string[] {
  const dir = compiledDir();
  return dir ? [join(dir, script.replace(/\.ts$/, '.js'))] : ['--import', 'tsx', script];
}

/** node's arguments for `schoolbot <args…>` (infra/main.ts). */
export const schoolbotArgs = (...args: string[]): string[] => [...nodeArgsFor('infra/main.ts'), ...args];
