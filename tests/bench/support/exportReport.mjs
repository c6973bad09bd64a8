// Preloaded (`node --import`) into one `schoolbot export` run by the export-100k bench: when the process exits
// it writes its peak RSS (the kernel's maxRSS) and CPU time as JSON to the file EXPORT_BENCH_REPORT names.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

const report = process.env.EXPORT_BENCH_REPORT;
if (report) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(report, JSON.stringify({ max_rss_mb: (usage.maxRSS * 1024) / 1_048_576, cpu_seconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 }));
  });
}
