// Rebuild progress for people: a cli-progress bar with events/s and ETA on a terminal, plain lines otherwise
// (logs, CI, `| tee`).
import cliProgress from 'cli-progress';
import type { RebuildProgress } from '../../projections/rebuild.js';

export interface ProgressReporter {
  update(progress: RebuildProgress): void;
  stop(): void;
}

/** Without a terminal, a line at most this often within one phase (a log, not a flood). */
const PLAIN_LINE_EVERY_MS = 2_000;

const rate = (p: RebuildProgress) => (p.elapsedMs > 0 ? Math.round((p.events / p.elapsedMs) * 1000) : 0);

export function rebuildProgressReporter(
  out: NodeJS.WriteStream = process.stdout,
  label = 'rebuild',
): ProgressReporter {
  if (out.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} events | {speed} events/s | ETA {eta_formatted} | {phase}`,
        stream: out,
        etaBuffer: 50,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const total = Math.max(p.total ?? p.events, p.events, 1);
        if (!started) {
          bar.start(total, 0, { speed: 0, phase: p.phase });
          started = true;
        }
        bar.setTotal(total);
        bar.update(p.events, { speed: rate(p), phase: p.phase });
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastAt = 0;
  let lastPhase = '';
  return {
    update(p) {
      const now = Date.now();
      if (now - lastAt < PLAIN_LINE_EVERY_MS && p.phase === lastPhase) return;
      lastAt = now;
      lastPhase = p.phase;
      const share = p.total ? ` of ${p.total} (${Math.floor((p.events / Math.max(p.total, 1)) * 100)}%)` : '';
      const speed = rate(p);
      const eta = p.total && speed > 0 ? `, ETA ${Math.ceil(Math.max(0, p.total - p.events) / speed)} s` : '';
      out.write(`${label}: ${p.phase}, ${p.events} events${share}, ${speed} events/s${eta}\n`);
    },
    stop() {},
  };
}
