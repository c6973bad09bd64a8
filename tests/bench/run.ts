// `npm run bench -- <name> [args]` runs tests/bench/<name>.bench.ts. Benchmarks are never part of `npm test`.
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [name, ...args] = process.argv.slice(2);
const available = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>   (one of: ${available.join(', ') || 'none yet'})`);
  process.exit(2);
}
const module = (await import(pathToFileURL(join(import.meta.dirname, `${name}.bench.ts`)).href)) as {
  default: (args: string[]) => Promise<void>;
};
await module.default(args);
