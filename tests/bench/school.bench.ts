// `npm run bench -- school [part…]`: the school-wide benchmarks of issue 15, one module per part in
// tests/bench/school/ (find-100k, export-100k, order-300). Without a part every one runs, each in turn.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const folder = join(import.meta.dirname, 'school');

export default async function school(args: string[]): Promise<void> {
  const available = readdirSync(folder)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
  const wanted = args.filter((arg) => !arg.startsWith('-'));
  const unknown = wanted.filter((part) => !available.includes(part));
  if (unknown.length > 0 || available.length === 0) {
    console.error(`usage: npm run bench -- school [part…]   (parts: ${available.join(', ') || 'none yet'})`);
    process.exitCode = 2;
    return;
  }
  for (const part of wanted.length > 0 ? wanted : available) {
    const module = (await import(pathToFileURL(join(folder, `${part}.ts`)).href)) as { default: (args: string[]) => Promise<void> };
    await module.default(args.filter((arg) => arg.startsWith('-')));
  }
}
