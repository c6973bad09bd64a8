#!/usr/bin/env bash
# Restores the event store from a backup made by scripts/backup.sh, then rebuilds every read model from
# it. Nothing is overwritten until the file's sha256 and its whole content have been checked.
set -euo pipefail
SCRIPT_NAME=restore
# shellcheck source=scripts/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=scripts/lib/postgres.sh
. "$SCHOOLBOT_ROOT/scripts/lib/postgres.sh"
# shellcheck source=scripts/lib/eventstore.sh
. "$SCHOOLBOT_ROOT/scripts/lib/eventstore.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/restore.sh [--yes] [backup-file]

Without a file, lists the backups in backups/ (BACKUP_DIR), newest first, and asks which one.
Then: verifies the sha256 beside the file and reads the whole backup (nothing is touched if either fails),
asks for confirmation (skip with --yes), stops the bot and the worker, restores, runs
`schoolbot migrate` and `schoolbot projections rebuild`, starts them again and waits for /healthz.
A failure before the swap (pg_restore into the scratch database) changes nothing live: the scratch database
is dropped and the bot and the worker are started again on the old data.

  schoolbot-events-*.dump         PostgreSQL event store: restored into a new database that then takes
                                  the live one's name; the previous database is kept as
                                  <name>_pre_restore_<UTC> until you drop it.
  schoolbot-eventstore-*.tar.gz   KurrentDB files: unpacked onto the stopped node, chaser.chk copied over
                                  truncate.chk.

Settings: BACKUP_DIR, SCHOOLBOT_DRIVER (compose|local), COMPOSE, HEALTH_TIMEOUT (180 s).
  local driver: DATABASE_URL, ESDB_DATA_DIR, and commands STOP_CMD, START_CMD (run with sh -c),
  HEALTH_URL (default http://127.0.0.1:${HTTP_PORT:-8080}/healthz; empty skips), SCHOOLBOT_CMD,
  PG_ROLES_SQL (infra/postgres-init/10-schoolbot-roles.sql: give the restored database the owner and app roles;
  compose always does).
Exit status: 0 restored and healthy; 1 failed; 2 usage; 3 cancelled by the operator.
USAGE
}

assume_yes=false
file=""
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    -y | --yes) assume_yes=true ;;
    -*) usage >&2; exit 2 ;;
    *) [ -z "$file" ] || { usage >&2; exit 2; }; file="$1" ;;
  esac
  shift
done

load_env
BACKUP_DIR="${BACKUP_DIR:-$SCHOOLBOT_ROOT/backups}"

# Lets the operator pick one of the restorable backups, newest first.
choose_backup() {
  local -a candidates=()
  local candidate
  while IFS= read -r candidate; do candidates+=("$candidate"); done < <(
    find "$BACKUP_DIR" -maxdepth 1 -type f \( -name 'schoolbot-events-*.dump' -o -name 'schoolbot-eventstore-*.tar.gz' \) 2>/dev/null |
      sort -r
  )
  [ "${#candidates[@]}" -gt 0 ] || die "no backups in $BACKUP_DIR"
  echo "Backups in $BACKUP_DIR (newest first):" >&2
  PS3="Restore which one? (number, Ctrl-C to stop) "
  select candidate in "${candidates[@]}"; do
    if [ -n "${candidate:-}" ]; then
      printf '%s' "$candidate"
      return 0
    fi
    echo "type one of the numbers above" >&2
  done
  exit 3 # end of input
}

[ -n "$file" ] || file=$(choose_backup)
[ -f "$file" ] || die "no such file: $file"
file="$(cd "$(dirname "$file")" && pwd)/$(basename "$file")"

case "$(basename "$file")" in
  schoolbot-events-*.dump) kind=postgres ;;
  schoolbot-eventstore-*.tar.gz) kind=esdb ;;
  *) die "$(basename "$file") is not an event-store backup (schoolbot-events-*.dump or schoolbot-eventstore-*.tar.gz)" ;;
esac

# 1. Integrity first: nothing below runs unless the file is exactly what backup.sh wrote and reads whole.
[ -f "$file.sha256" ] || die "no $(basename "$file").sha256 beside the backup: refusing to restore an unverified file"
sha256_verify "$file" || die "$(basename "$file") does not match its sha256: the file is damaged; pick another backup"
if [ "$kind" = postgres ]; then
  require_local_database_url
  pg_read_whole_archive "$file" || die "$(basename "$file") cannot be read completely: pick another backup"
else
  esdb_validate "$file" || die "$(basename "$file") is not a complete KurrentDB backup: pick another backup"
fi
log "verified $(basename "$file") (sha256 and full read)"

# 2. The operator's word.
if ! $assume_yes; then
  printf 'This REPLACES the %s event store with %s and rebuilds every read model.\nType "yes" to go on: ' \
    "$kind" "$(basename "$file")" >&2
  read -r answer || answer=""
  [ "$answer" = yes ] || { log "cancelled; nothing changed"; exit 3; }
fi

step="stopping the bot and the worker"
# Until the swap nothing live has changed: a failure before it (pg_restore failing on a full disk or a version
# mismatch) drops the scratch database and starts the app again, so the school keeps its bot.
app_stopped=false
live_changed=false
staging=""
on_exit() {
  local status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
    log "restore FAILED while $step"
    if ! $live_changed; then
      local undone="nothing live changed"
      if [ -n "$staging" ]; then
        if pg_sql "DROP DATABASE IF EXISTS $staging WITH (FORCE)" >/dev/null; then
          undone="$undone; the scratch database $staging is dropped"
        else
          undone="$undone; could not drop the scratch database $staging (drop it by hand)"
        fi
      fi
      if $app_stopped; then
        if start_app && wait_until "${HEALTH_TIMEOUT:-180}" app_healthy; then
          undone="$undone; the bot and the worker run again on the old data"
        else
          undone="$undone; the bot and the worker did NOT start again (docker compose up -d bot worker)"
        fi
      fi
      log "$undone"
      notify_telegram "SchoolBot restore FAILED while $step on $(hostname); $undone."
    else
      notify_telegram "SchoolBot restore FAILED while $step on $(hostname)."
    fi
  fi
}
trap on_exit EXIT

stop_app() {
  if [ "$(driver)" = local ]; then
    if [ -n "${STOP_CMD:-}" ]; then sh -c "$STOP_CMD"; fi
  else
    compose stop bot worker
  fi
}
start_app() {
  if [ "$(driver)" = local ]; then
    if [ -n "${START_CMD:-}" ]; then sh -c "$START_CMD"; fi
  else
    compose up -d --no-deps bot worker
  fi
}
app_healthy() {
  if [ "$(driver)" = local ]; then
    local url="${HEALTH_URL-http://127.0.0.1:${HTTP_PORT:-8080}/healthz}"
    [ -z "$url" ] || curl -fsS --max-time 5 -o /dev/null "$url"
  else
    local id
    for id in $(compose ps -q bot); do
      [ "$(docker_cli inspect -f '{{.State.Health.Status}}' "$id")" = healthy ] || return 1
    done
  fi
}

restore_postgres() {
  local live kept
  live=$(pg_database)
  staging="${live}_restoring"
  kept="${live}_pre_restore_$(date -u +%Y%m%dT%H%M%SZ | tr 'TZ' 'tz')"
  step="restoring into a new database $staging"
  pg_sql "DROP DATABASE IF EXISTS $staging WITH (FORCE)"
  pg_sql "CREATE DATABASE $staging"
  pg_restore_into "$file" "$staging"
  pg_apply_roles "$staging"
  step="swapping $staging in as $live"
  live_changed=true
  if [ "$(pg_sql "SELECT count(*) FROM pg_database WHERE datname = '$live'")" = 1 ]; then
    pg_terminate_connections "$live"
    pg_sql "ALTER DATABASE $live RENAME TO $kept"
    log "the previous database is kept as $kept (DROP DATABASE $kept; when satisfied)"
  fi
  pg_sql "ALTER DATABASE $staging RENAME TO $live"
  staging=""
  log "restored into $live"
}

app_stopped=true
stop_app
case "$kind" in
  postgres) restore_postgres ;;
  esdb)
    step="restoring the KurrentDB files"
    live_changed=true
    esdb_restore_from "$file"
    ;;
esac

step="applying migrations"
schoolbot_cli migrate
step="rebuilding the read models"
schoolbot_cli projections rebuild
step="starting the bot and the worker"
start_app
step="waiting for health"
wait_until "${HEALTH_TIMEOUT:-180}" app_healthy || die "SchoolBot is not healthy after the restore (docker compose logs bot worker)"
log "restore of $(basename "$file") done; read models rebuilt"
notify_telegram "SchoolBot restored from $(basename "$file") on $(hostname)."
