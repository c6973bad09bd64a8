// Writes tests/support/durations.json (seconds per test file, hooks included, for tests/support/sequencer.ts)
// from vitest's own record of the last run's durations. Run it right after a whole `npx vitest run`:
// `npx tsx tests/support/durations.ts`.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const cacheDir = join(root, 'node_modules/.vite/vitest');
const durations = new Map<string, number>();
for (const hash of readdirSync(cacheDir)) {
  const cache = JSON.parse(readFileSync(join(cacheDir, hash, 'results.json'), 'utf8')) as { results: [string, { duration?: number }][] };
  for (const [key, { duration }] of cache.results) {
    const file = key.slice(key.indexOf(':') + 1);
    if (duration !== undefined && existsSync(join(root, file))) durations.set(file, Math.round(duration / 100) / 10);
  }
}
const sorted = [...durations].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
writeFileSync(join(root, 'tests/support/durations.json'), `${JSON.stringify(Object.fromEntries(sorted), null, 2)}\n`);
console.log(`${sorted.length} files`);
