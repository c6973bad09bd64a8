// One timed `schoolbot export` (the CLI's own runExport, compiled as production runs it), in its own process
// so its peak RSS is its own. Prints one JSON line: rows, bytes, seconds, the peak RSS (the kernel's maxRSS)
// and the time each 500 rows took to read and write.
// DATABASE_URL=… node exportOnce.mjs <compiled dir> <kind> <from> <to> <format> <out>
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, kind, from, to, format, out] = process.argv.slice(2);
const load = (path) => import(pathToFileURL(join(dir, path)).href);
const { runExport } = await load('infra/cli/export.js');
const { loadConfig } = await load('infra/config.js');
const config = loadConfig(process.env);
const batchMs = [];
let lastAt = performance.now();
let lastRows = 0;
const started = performance.now();
const result = await runExport(config, { kind, from, to, format, out }, process.stderr, (rows) => {
  if (rows === lastRows) return;
  const now = performance.now();
  batchMs.push(((now - lastAt) * 500) / (rows - lastRows));
  lastAt = now;
  lastRows = rows;
});
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({
    rows: result.rows,
    bytes: result.bytes,
    seconds,
    max_rss_mb: (process.resourceUsage().maxRSS * 1024) / 1_048_576,
    batch_ms: batchMs,
  })}\n`,
);
