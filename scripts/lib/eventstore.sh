# shellcheck shell=bash
# EventStoreDB / KurrentDB file backups, by the documented procedure: copy the index checkpoints, then the
# rest of index/, then the database checkpoints (*.chk), then the chunk files — never during a scavenge.
# Restore goes onto a stopped node and then copies chaser.chk over truncate.chk.
#   compose — a helper container mounts the eventstore container's volume (`docker run --volumes-from`);
#   local   — ESDB_DATA_DIR on this machine (what tests/ops uses to check the order with real tar).

ESDB_CONTAINER_DATA="/var/lib/kurrentdb"
BACKUP_HELPER_IMAGE="${BACKUP_HELPER_IMAGE:-debian:bookworm-slim}"

# POSIX sh, run in the data directory's parent context: $1 data dir, $2 tar file. Each phase lists its files
# only when it starts, so a chunk created during the copy is either absent or complete.
# shellcheck disable=SC2016 # expanded by the sh that runs it
ESDB_ORDERED_TAR='set -eu
cd "$1"
[ -f chaser.chk ] && [ -f writer.chk ] || { echo "no chaser.chk/writer.chk in $1: not a KurrentDB data directory" >&2; exit 1; }
tar -cf "$2" -T /dev/null
if [ -d index ]; then
  find index -type f -name "*.chk" | sort | tar -rf "$2" --no-recursion -T -
  find index -type f ! -name "*.chk" | sort | tar -rf "$2" --no-recursion -T -
fi
find . -maxdepth 1 -type f -name "*.chk" | sed "s#^\./##" | sort | tar -rf "$2" --no-recursion -T -
find . -maxdepth 1 -type f -name "chunk-*" | sed "s#^\./##" | sort | tar -rf "$2" --no-recursion -T -'

# $1 data dir, $2 tar.gz: empties the data dir, unpacks, and makes truncate.chk equal chaser.chk.
# shellcheck disable=SC2016
ESDB_UNPACK='set -eu
find "$1" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
tar -xzf "$2" -C "$1"
cp "$1/chaser.chk" "$1/truncate.chk"'

# KurrentDB answers over TLS (its CA inside the container) and its admin endpoints want the admin: the
# credentials reach curl on its standard input (--config -), never a command line.
ESDB_CA_IN_CONTAINER=/etc/kurrentdb/certs/ca/ca.crt
esdb_admin_get() {
  curl_config user "admin:${KURRENTDB_ADMIN_PASSWORD:-}" |
    compose exec -T eventstore curl -fsS --max-time 10 --cacert "$ESDB_CA_IN_CONTAINER" --config - "https://localhost:2113$1"
}
esdb_live() { compose exec -T eventstore curl -fsS --max-time 10 --cacert "$ESDB_CA_IN_CONTAINER" https://localhost:2113/health/live; }

docker_cli() {
  local -a command
  read -r -a command <<<"${DOCKER:-docker}"
  "${command[@]}" "$@"
}

# Succeeds when no scavenge runs. KurrentDB answers GET /admin/scavenge/current with the running scavenge's
# id (or none); an answer we cannot read stops the backup rather than risking a copy during a scavenge.
esdb_ensure_no_scavenge() {
  [ "$(driver)" = local ] && return 0
  local answer
  if ! answer=$(esdb_admin_get /admin/scavenge/current 2>&1); then
    is_true "${ESDB_SKIP_SCAVENGE_CHECK:-false}" && return 0
    die "cannot ask EventStoreDB whether a scavenge runs ($answer); set ESDB_SKIP_SCAVENGE_CHECK=true only if you know none does"
  fi
  if printf '%s' "$answer" | grep -Eq '"scavengeId"[[:space:]]*:[[:space:]]*"[^"]+'; then
    die "a scavenge is running: wait for it to finish (or stop it in the admin UI), then back up again"
  fi
}

esdb_container() {
  local id
  id=$(compose ps -q eventstore)
  [ -n "$id" ] || die "the eventstore container does not exist (docker compose up -d eventstore)"
  printf '%s' "$id"
}

# Backs the node's files up into $1 (…tar.gz).
esdb_backup_to() {
  local archive="$1" tar_file="${1%.gz}"
  esdb_ensure_no_scavenge
  if [ "$(driver)" = local ]; then
    [ -n "${ESDB_DATA_DIR:-}" ] || die "ESDB_DATA_DIR is not set (SCHOOLBOT_DRIVER=local)"
    sh -c "$ESDB_ORDERED_TAR" sh "$ESDB_DATA_DIR" "$tar_file"
  else
    docker_cli run --rm --volumes-from "$(esdb_container):ro" -v "$(dirname "$archive"):/backup" \
      "$BACKUP_HELPER_IMAGE" sh -c "$ESDB_ORDERED_TAR" sh "$ESDB_CONTAINER_DATA" "/backup/$(basename "$tar_file")"
  fi
  gzip -f "$tar_file"
}

# Reads the whole archive (gzip CRC) and checks it holds a node: checkpoints and at least one chunk.
esdb_validate() {
  local archive="$1" members
  gzip -t "$archive" || return 1
  members=$(tar -tzf "$archive") || return 1
  grep -qx 'chaser.chk' <<<"$members" || { log "no chaser.chk in $archive"; return 1; }
  grep -qx 'writer.chk' <<<"$members" || { log "no writer.chk in $archive"; return 1; }
  grep -q '^chunk-' <<<"$members" || { log "no chunk files in $archive"; return 1; }
}

# Replaces the (stopped) node's files with archive $1.
esdb_restore_from() {
  local archive="$1"
  if [ "$(driver)" = local ]; then
    [ -n "${ESDB_DATA_DIR:-}" ] || die "ESDB_DATA_DIR is not set (SCHOOLBOT_DRIVER=local)"
    sh -c "$ESDB_UNPACK" sh "$ESDB_DATA_DIR" "$archive"
  else
    local container
    container=$(esdb_container)
    compose stop eventstore
    docker_cli run --rm --volumes-from "$container" -v "$(cd "$(dirname "$archive")" && pwd):/backup:ro" \
      "$BACKUP_HELPER_IMAGE" sh -c "$ESDB_UNPACK" sh "$ESDB_CONTAINER_DATA" "/backup/$(basename "$archive")"
    compose start eventstore
    wait_until "${HEALTH_TIMEOUT:-180}" esdb_live ||
      die "EventStoreDB did not come back healthy after the restore"
  fi
}
