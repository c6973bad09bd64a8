// Serves the backup script's timestamps (its contract: docs/monitoring.md#backup-metric). The script writes
// one-metric-per-line files in Prometheus' text format: schoolbot_backup.prom (the local backup) and, beside
// it, schoolbot_backup_offsite.prom (the off-site copy, when it is on). Each instance that can see a file
// exports its values at scrape time, and exports nothing (rather than a misleading 0) when there is none.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Gauge, type Registry } from 'prom-client';

/** The timestamp `metric` has in the file, or undefined when the file is missing or holds no valid value. */
async function readTimestamp(file: string, metric: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const line = new RegExp(`^${metric}(?:\\{\\})?\\s+([0-9.eE+]+)(?:\\s+\\d+)?\\s*$`, 'm');
  const value = Number(line.exec(text)?.[1]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

class FileTimestampGauge extends Gauge {
  constructor(
    private readonly metric: string,
    help: string,
    private readonly file: string,
  ) {
    super({ name: metric, help, registers: [] });
  }

  override async get() {
    const [metric, timestamp] = await Promise.all([super.get(), readTimestamp(this.file, this.metric)]);
    return { ...metric, values: timestamp === undefined ? [] : [{ value: timestamp, labels: {} }] };
  }
}

export function registerBackupStatusGauge(registry: Registry, file: string): void {
  const offsite = join(dirname(file), 'schoolbot_backup_offsite.prom');
  for (const gauge of [
    new FileTimestampGauge('schoolbot_backup_last_success_timestamp_seconds', 'Unix time the last validated backup finished (from scripts/backup.sh).', file),
    new FileTimestampGauge('schoolbot_backup_offsite_last_attempt_timestamp_seconds', 'Unix time scripts/backup.sh last tried the off-site copy.', offsite),
    new FileTimestampGauge('schoolbot_backup_offsite_last_success_timestamp_seconds', 'Unix time every recent backup was last verified off-site (scripts/backup.sh).', offsite),
  ]) {
    registry.registerMetric(gauge);
  }
}
