// Benchmarks print one JSON object per line: {"bench", "ops_per_s", "p50_ms", "p95_ms", "rss_mb", ...extra}.

export interface BenchResult {
  bench: string;
  ops_per_s: number;
  p50_ms: number;
  p95_ms: number;
  rss_mb: number;
  [extra: string]: unknown;
}

export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  const index = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[index]!;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

/** Summarises per-operation latencies measured over `elapsedMs` of wall time and prints the JSON line. */
export function report(
  bench: string,
  latenciesMs: readonly number[],
  elapsedMs: number,
  extra: Record<string, unknown> = {},
  peakRssBytes = process.memoryUsage().rss,
): BenchResult {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const result: BenchResult = {
    bench,
    ops_per_s: round((latenciesMs.length / elapsedMs) * 1000, 1),
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    rss_mb: round(peakRssBytes / 1_048_576, 1),
    ...extra,
  };
  console.log(JSON.stringify(result));
  return result;
}

/** Tracks the peak resident set size while a benchmark runs (sampled every 50 ms). */
export function trackPeakRss(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}
