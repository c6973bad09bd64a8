#!/usr/bin/env node
// Runs the compiled CLI when it was built (production image), otherwise the TypeScript source through tsx
// (a development checkout), so `npx schoolbot …` works in both.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'infra', 'main.js');
if (existsSync(compiled)) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'infra', 'main.ts')).href);
}
