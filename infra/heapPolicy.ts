// How the long-running process lets V8's heap grow. The bot's live JavaScript data is small (about 45 MB at
// 10,000 tickets, measured with heap snapshots, even in the middle of a catch-up from nothing), but a catch-up
// or a busy hour makes garbage fast, and V8's default lets the old generation grow up to four times what was
// live at the last full collection before collecting again — and keeps what it grew to. On 10,000 tickets that
// was 180 MB of heap in use (nearly all garbage) when the catch-up ended, 280 MB resident on PostgreSQL.
//
// `--heap-growing-percent=30` lets it grow by 30% between full collections instead: more, smaller collections
// (the catch-up took the same wall time). It is not a cap: a process whose live data grows (an /export of a
// large school builds its file in memory) still gets all the heap it needs, in smaller steps. It is read at
// every collection, so it can be set here, after start; the young generation's size cannot (the Dockerfile's
// NODE_OPTIONS sets `--max-semi-space-size`). A process started with its own choice keeps it.
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 30;

export function preferSmallHeap(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): void {
  if ([...execArgv, ...nodeOptions.split(/\s+/)].some((flag) => /^--heap[-_]growing[-_]percent/.test(flag))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
