// A full garbage collection now and then during a long export. The export's live data is small (two pages of
// rows and what the zip stream holds), but V8 grows its heap lazily under a steady stream of short-lived
// objects: 100,000 rows took `schoolbot export` past 250 MB of RSS, nearly all of it garbage. A collection
// every 10,000 rows costs under a second in all and keeps the peak near 180 MB. V8 exposes `gc` only behind
// a flag; it is set for this process on first use (where that fails, nothing is collected). Only a process
// that exists to export (`schoolbot export`) opts in: the bot's exports are capped far lower, and a full
// collection there would pause every other update.
import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | null | undefined;
let optedIn = false;

/** Lets exports in this process collect garbage as they go (the export command calls it). */
export function collectGarbageDuringExports(): void {
  optedIn = true;
}

export function collectGarbage(): void {
  if (!optedIn) return;
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}
