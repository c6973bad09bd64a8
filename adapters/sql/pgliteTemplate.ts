// Ready-made PGlite data directories, so a new DATA_DIR is a directory copy instead of an initdb. initdb runs
// a second PostgreSQL and its own WebAssembly module: 3–10 s of CPU and over 400 MB, at every first start.
// A template is made once per PGlite version (and, for the migrated one, per set of migrations) and kept in
// node_modules/.cache/schoolbot/, where tools keep such caches: `npm ci` starts it afresh, a PGlite upgrade
// or a new migration names a new template, and a cache that cannot be written only means initdb as before.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { promisify } from 'node:util';

const pgliteEntry = () => createRequire(import.meta.url).resolve('@electric-sql/pglite');

/** The installed PGlite's version: a template made by another version is never used. */
export function pgliteVersion(): string {
  const packageJson = join(dirname(dirname(pgliteEntry())), 'package.json');
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

/** node_modules/.cache/schoolbot beside the installed PGlite (the checkout's or the image's). */
export function templateCacheDir(): string {
  const entry = pgliteEntry();
  const modules = entry.slice(0, entry.lastIndexOf(`${sep}node_modules${sep}`) + `${sep}node_modules`.length);
  return join(modules, '.cache', 'schoolbot');
}

/** Where the template called `name` lives (it may not exist yet). */
export function templatePath(name: string): string {
  return join(templateCacheDir(), `pglite-${pgliteVersion()}-${name}`);
}

/** A data directory is complete once initdb wrote PG_VERSION (templates are renamed into place whole). */
export const isDataDir = (dir: string) => existsSync(join(dir, 'PG_VERSION'));

/**
 * Makes the template `name` with `build(dir)` unless it exists: built beside its place and renamed into it, so
 * a reader never sees half a template and two processes building at once both end with a whole one. Returns
 * its path, or undefined when it could not be made (a read-only node_modules, a full disk).
 */
export async function ensureTemplate(name: string, build: (dir: string) => Promise<void>): Promise<string | undefined> {
  const path = templatePath(name);
  if (isDataDir(path)) return path;
  const building = `${path}.building-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    accessSync(dirname(path), constants.W_OK);
    rmSync(building, { recursive: true, force: true });
    await build(building);
    if (!isDataDir(building)) return undefined;
    try {
      renameSync(building, path);
    } catch (error) {
      // Another process put its template there first: use that one.
      if (!isDataDir(path)) throw error;
    }
    return path;
  } catch {
    return undefined;
  } finally {
    rmSync(building, { recursive: true, force: true });
    rmSync(`${building}.lock`, { force: true });
  }
}

/**
 * PGlite's initdb in a short-lived child process: in this process its memory (over 400 MB) would stay
 * resident for the process's life, since WebAssembly memory never shrinks and freed pages are rarely returned.
 */
export async function initialiseInChild(dataDir: string): Promise<void> {
  const script = `const { PGlite } = require(process.argv[1]);
PGlite.create(process.argv[2]).then((db) => db.close()).catch((error) => { console.error(error); process.exit(1); });`;
  await promisify(execFile)(process.execPath, ['-e', script, pgliteEntry(), dataDir], { timeout: 300_000 });
}

/** The freshly initialised cluster (initdb only), made in a child process the first time it is needed. */
export const initdbTemplate = () => ensureTemplate('initdb', initialiseInChild);

/**
 * Fills the new, empty `dataDir` from the first template that exists: copied beside it and renamed into place,
 * so a crash mid-copy leaves no directory that looks initialised. Returns false (nothing done) when there is no
 * template or `dataDir` already has files.
 */
export function copyTemplate(templates: readonly (string | undefined)[], dataDir: string): boolean {
  const template = templates.find((dir): dir is string => dir !== undefined && isDataDir(dir));
  if (!template) return false;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return false;
  const copying = `${dataDir}.copying`;
  rmSync(copying, { recursive: true, force: true });
  cpSync(template, copying, { recursive: true });
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(copying, dataDir);
  return true;
}
