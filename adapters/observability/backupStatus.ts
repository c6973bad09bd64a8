// Serves the backup script's last-success time (its contract: docs/monitoring.md#backup-metric). The script
// writes a one-metric file in Prometheus' text format; each instance that can see the file exports the
// value at scrape time, and exports nothing (rather than a misleading 0) when there is no file.
import { readFile } from 'node:fs/promises';
import { Gauge, type Registry } from 'prom-client';

const BACKUP_METRIC = 'schoolbot_backup_last_success_timestamp_seconds';
const LINE = new RegExp(`^${BACKUP_METRIC}(?:\\{\\})?\\s+([0-9.eE+]+)(?:\\s+\\d+)?\\s*$`, 'm');

/** The timestamp in the file, or undefined when the file is missing or holds no valid value. */
async function readBackupTimestamp(file: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const value = Number(LINE.exec(text)?.[1]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

class BackupTimestampGauge extends Gauge {
  constructor(private readonly file: string) {
    super({ name: BACKUP_METRIC, help: 'Unix time the last validated backup finished (from scripts/backup.sh).', registers: [] });
  }

  override async get() {
    const [metric, timestamp] = await Promise.all([super.get(), readBackupTimestamp(this.file)]);
    return { ...metric, values: timestamp === undefined ? [] : [{ value: timestamp, labels: {} }] };
  }
}

export function registerBackupStatusGauge(registry: Registry, file: string): void {
  registry.registerMetric(new BackupTimestampGauge(file));
}
