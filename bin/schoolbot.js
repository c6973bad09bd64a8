#!/usr/bin/env node
// Runs the compiled CLI in the production image (dist/ without the sources), otherwise the TypeScript source
// through tsx (a development checkout), so `npx schoolbot …` works in both. A checkout with a dist/ older than
// its sources runs the sources: a stale build would silently run yesterday's code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'infra', 'main.js');
const source = join(root, 'infra', 'main.ts');
const SOURCE_DIRS = ['domain', 'application', 'adapters', 'projections', 'infra'];

/** The newest modification time of a .ts file under the source folders. */
function newestSourceMs() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) visit(join(root, dir));
  return newest;
}

const hasSource = existsSync(source);
const useCompiled = existsSync(compiled) && (!hasSource || statSync(compiled).mtimeMs >= newestSourceMs());
if (useCompiled) {
  await import(pathToFileURL(compiled).href);
} else {
  if (existsSync(compiled)) console.error('schoolbot: dist/ is older than the sources; running the sources (npm run build to refresh dist/)');
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
}
