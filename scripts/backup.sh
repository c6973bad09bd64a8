#!/usr/bin/env bash
# Backs up SchoolBot's source of truth (the event store), validates the backup by reading all of it,
# writes a sha256 beside each file and deletes backups older than KEEP_DAYS; with BACKUP_OFFSITE_REMOTE set,
# then copies them off-site with rclone and verifies the copies. Non-zero exit and a Telegram notice
# (NOTIFY_TELEGRAM) when anything fails. Run nightly from cron; see docs/operations.md.
set -euo pipefail
SCRIPT_NAME=backup
# shellcheck source=scripts/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=scripts/lib/postgres.sh
. "$SCHOOLBOT_ROOT/scripts/lib/postgres.sh"
# shellcheck source=scripts/lib/eventstore.sh
. "$SCHOOLBOT_ROOT/scripts/lib/eventstore.sh"
# shellcheck source=scripts/lib/offsite.sh
. "$SCHOOLBOT_ROOT/scripts/lib/offsite.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/backup.sh [--offsite-only] [--help]

Backs up the event store into backups/ (BACKUP_DIR):
  EVENT_STORE=esdb      KurrentDB files copied in the documented order → schoolbot-eventstore-<UTC>.tar.gz
                        (plus the read database when BACKUP_READ_DB=true → schoolbot-readdb-<UTC>.dump)
  EVENT_STORE=postgres  pg_dump -Fc of the database (events, read models, checkpoints in one snapshot)
                        → schoolbot-events-<UTC>.dump
Each file gets <file>.sha256. Validation reads the whole backup: a dump is restored into a scratch
database (BACKUP_VALIDATE=scratch, the default) or read through pg_restore (BACKUP_VALIDATE=read); a
KurrentDB archive is decompressed and checked for its checkpoints and chunks. Then backups older than
KEEP_DAYS days (by the time in their names) are deleted. Success is recorded for the BackupTooOld alert.

Off-site copy (only when BACKUP_OFFSITE_REMOTE is set): every validated backup of the last
BACKUP_OFFSITE_KEEP_DAYS days not yet safely on the remote is copied there with rclone (a copy that failed
last time is retried), every off-site copy is read back and compared with its sha256, and off-site copies
older than BACKUP_OFFSITE_KEEP_DAYS are deleted, never the newest verified copy of each kind. The result
goes to schoolbot_backup_offsite.prom for the OffsiteBackupTooOld alert. A failed off-site copy leaves the
local backups untouched, logs "off-site copy FAILED: <file and reason>", sends a Telegram notice and
keeps the exit status 0 (the backup itself is good); OffsiteBackupTooOld fires when no copy has been
verified for 26 hours (or none ever was), and the next run tries again.
  --offsite-only  skip the backup; copy, verify and prune off-site only (after fixing the remote);
                  exit status 1 when the off-site copy fails

Settings (from .env or the environment):
  KEEP_DAYS (14)  BACKUP_DIR (backups)  BACKUP_READ_DB (false)  BACKUP_VALIDATE (scratch|read)
  NOTIFY_TELEGRAM, TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID   failure notices
  SCHOOLBOT_DRIVER (compose|local)   local: DATABASE_URL / ESDB_DATA_DIR on this machine
  COMPOSE  the compose command (default: docker compose, else docker-compose)
  BACKUP_OFFSITE_REMOTE  rclone destination, e.g. offsite:schoolbot (a remote named in the rclone config)
  BACKUP_OFFSITE_KEEP_DAYS (KEEP_DAYS)  RCLONE_CONFIG  the rclone config file, mode 600 (it holds the
                          remote's credentials; rclone's default: ~/.config/rclone/rclone.conf)
  ESDB_SKIP_SCAVENGE_CHECK=true  copy even when KurrentDB cannot say whether a scavenge runs
  BACKUP_HELPER_IMAGE (debian:bookworm-slim)  the image that reads the KurrentDB volume
Exit status: 0 when the backup was written and validated (whatever the off-site copy did), 1 otherwise.
USAGE
}

offsite_only=false
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  --offsite-only) offsite_only=true ;;
  '') ;;
  *) usage >&2; exit 2 ;;
esac

load_env
BACKUP_DIR="${BACKUP_DIR:-$SCHOOLBOT_ROOT/backups}"
KEEP_DAYS="${KEEP_DAYS:-14}"
if ! [[ "$KEEP_DAYS" =~ ^[1-9][0-9]*$ ]]; then die "KEEP_DAYS must be a whole number of days ≥ 1 (got '$KEEP_DAYS')"; fi
# Dumps hold staff names and messages: readable by root only. The folder itself stays traversable so the
# worker container (user node) can read schoolbot_backup.prom, which is world-readable on purpose.
mkdir -p "$BACKUP_DIR"
umask 077
BACKUP_DIR="$(cd "$BACKUP_DIR" && pwd)"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
step="starting"
written=()

on_exit() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    # A backup that failed validation must not look like a backup.
    local file
    for file in "${written[@]}"; do rm -f "$file" "$file.sha256"; done
    log "backup FAILED while $step"
    notify_telegram "SchoolBot backup FAILED while $step on $(hostname). Check: scripts/backup.sh"
  fi
}
trap on_exit EXIT

validate_dump() {
  local file="$1"
  case "${BACKUP_VALIDATE:-scratch}" in
    scratch) pg_validate_by_scratch_restore "$file" ;;
    read) pg_read_whole_archive "$file" ;;
    *) die "BACKUP_VALIDATE must be scratch or read" ;;
  esac
}

backup_postgres_database() {
  local kind="$1" file="$BACKUP_DIR/schoolbot-$1-$STAMP.dump"
  require_local_database_url
  [ ! -e "$file" ] || die "$file exists already (two backups within one second?)"
  step="dumping the $kind database"
  written+=("$file")
  pg_dump_to "$(pg_database)" "$file"
  step="validating $(basename "$file")"
  validate_dump "$file" || die "$(basename "$file") failed validation"
  sha256_write "$file"
  log "wrote $file ($(du -h "$file" | cut -f1))"
}

backup_eventstore() {
  local file="$BACKUP_DIR/schoolbot-eventstore-$STAMP.tar.gz"
  [ ! -e "$file" ] || die "$file exists already (two backups within one second?)"
  step="copying the EventStoreDB files"
  written+=("$file" "${file%.gz}")
  esdb_backup_to "$file"
  step="validating $(basename "$file")"
  esdb_validate "$file" || die "$(basename "$file") failed validation"
  sha256_write "$file"
  log "wrote $file ($(du -h "$file" | cut -f1))"
}

# Deletes our backup files (and their checksums) whose name says they are older than KEEP_DAYS.
apply_retention() {
  local cutoff file stamp taken
  cutoff=$(($(date -u +%s) - KEEP_DAYS * 86400))
  for file in "$BACKUP_DIR"/schoolbot-*; do
    [ -f "$file" ] || continue
    case "$file" in *.sha256) continue ;; esac
    [[ "$(basename "$file")" =~ -([0-9]{8})T([0-9]{6})Z\. ]] || continue
    stamp="${BASH_REMATCH[1]} ${BASH_REMATCH[2]:0:2}:${BASH_REMATCH[2]:2:2}:${BASH_REMATCH[2]:4:2}"
    taken=$(date -u -d "$stamp UTC" +%s) || continue
    if [ "$taken" -lt "$cutoff" ]; then
      rm -f "$file" "$file.sha256"
      log "deleted $(basename "$file") (older than $KEEP_DAYS days)"
    fi
  done
}

# The freshness contract with monitoring (docs/monitoring.md, BackupTooOld).
record_success() {
  local now
  now=$(date -u +%s)
  cat >"$BACKUP_DIR/schoolbot_backup.prom.tmp" <<METRICS
# HELP schoolbot_backup_last_success_timestamp_seconds When the last validated backup finished (Unix time).
# TYPE schoolbot_backup_last_success_timestamp_seconds gauge
schoolbot_backup_last_success_timestamp_seconds $now
METRICS
  chmod 644 "$BACKUP_DIR/schoolbot_backup.prom.tmp"
  mv "$BACKUP_DIR/schoolbot_backup.prom.tmp" "$BACKUP_DIR/schoolbot_backup.prom"
}

if [ "$offsite_only" = true ]; then
  trap - EXIT # no local backup is made; offsite_step reports its own failure
  offsite_enabled || die "BACKUP_OFFSITE_REMOTE is not set: there is no off-site copy to make"
  offsite_step || exit 1
  exit 0
fi

store="$(event_store_kind)"
log "backing up the $store event store into $BACKUP_DIR"
case "$store" in
  postgres) backup_postgres_database events ;;
  esdb)
    backup_eventstore
    if is_true "${BACKUP_READ_DB:-false}"; then backup_postgres_database readdb; fi
    ;;
  embedded)
    die "the embedded store keeps its files in DATA_DIR: stop schoolbot and copy that directory, or move to PostgreSQL/EventStoreDB for online backups"
    ;;
  *) die "unknown EVENT_STORE '$store'" ;;
esac

step="applying retention"
apply_retention
step="recording success"
record_success
written=()
log "backup done"
# After the local backup is done and recorded. A failure is reported on its own (log line, Telegram notice,
# OffsiteBackupTooOld) and changes nothing local; the exit status stays 0 so that deploy.sh is not blocked
# by an unreachable remote.
offsite_step || true
