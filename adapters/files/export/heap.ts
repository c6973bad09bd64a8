// A full garbage collection now and then during a long export. The export's live data is small (two pages of
// rows and what the zip stream holds), but V8 grows its heap lazily under a steady stream of short-lived
// objects: 100,000 rows took `schoolbot export` past 250 MB of RSS, nearly all of it garbage. A collection
// every 10,000 rows costs under a second in all and keeps the peak near 180 MB. V8 exposes `gc` only behind
// a flag; it is set for this process on first use (where that fails, nothing is collected).
import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | null | undefined;

export function collectGarbage(): void {
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
