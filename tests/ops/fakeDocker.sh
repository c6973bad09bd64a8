#!/usr/bin/env bash
# A stand-in for `docker` and `docker compose` in tests/ops: keeps containers as lines in files under
# $FAKE_DOCKER_STATE, logs every call to calls.log, and lets the test decide whether new containers
# become healthy (FAKE_NEW_HEALTH) and whether migrations pass (FAKE_MIGRATE_STATUS).
set -euo pipefail
state="${FAKE_DOCKER_STATE:?}"
echo "$*" >>"$state/calls.log"
touch "$state/bot.ids" "$state/worker.ids" "$state/health"

new_container() { # service → prints a new id and records its health
  local id
  id="$1-$(($(wc -l <"$state/health") + 1))"
  echo "$id ${FAKE_NEW_HEALTH:-healthy}" >>"$state/health"
  echo "$id"
}
remove_ids() { local id; for id in "$@"; do sed -i "/^$id\$/d" "$state/bot.ids" "$state/worker.ids"; done; }

if [ "${1:-}" = compose ]; then
  shift
  case "$1" in
    ps) cat "$state/${3}.ids" ;;
    up)
      service="${*: -1}"
      if [[ " $* " == *" --scale "* ]]; then
        wanted=$(sed -E 's/.*--scale [a-z]+=([0-9]+).*/\1/' <<<"$*")
        while [ "$(wc -l <"$state/$service.ids")" -lt "$wanted" ]; do new_container "$service" >>"$state/$service.ids"; done
        while [ "$(wc -l <"$state/$service.ids")" -gt "$wanted" ]; do sed -i '$d' "$state/$service.ids"; done
      elif [[ " $* " == *" --force-recreate "* ]]; then
        count=$(wc -l <"$state/$service.ids")
        [ "$count" -gt 0 ] || count=1
        : >"$state/$service.ids"
        for _ in $(seq 1 "$count"); do new_container "$service" >>"$state/$service.ids"; done
      fi
      ;;
    exec) ;; # nginx -t / nginx -s reload
    build) ;;
    run)
      if [[ " $* " == *" migrations --check "* ]]; then exit "${FAKE_SCHEMA_STATUS:-0}"; fi
      exit "${FAKE_MIGRATE_STATUS:-0}"
      ;;
    *) echo "fake compose: unsupported $*" >&2; exit 64 ;;
  esac
  exit 0
fi

case "$1" in
  inspect) awk -v id="${*: -1}" '$1 == id { print $2 }' "$state/health" ;;
  image) exit 0 ;; # image inspect: the running image exists
  tag) ;;
  stop) ;;
  exec) exit "${FAKE_READYZ_STATUS:-0}" ;; # a replica's /readyz probe
  rm) shift; [ "${1:-}" != -f ] || shift; remove_ids "$@" ;;
  *) echo "fake docker: unsupported $*" >&2; exit 64 ;;
esac
