#!/usr/bin/env bash
# Scales the webhook replicas (the `bot` service) behind nginx and waits until they are healthy.
set -euo pipefail
SCRIPT_NAME=scale
# shellcheck source=scripts/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=scripts/lib/eventstore.sh
. "$SCHOOLBOT_ROOT/scripts/lib/eventstore.sh"
# shellcheck source=scripts/lib/replicas.sh
. "$SCHOOLBOT_ROOT/scripts/lib/replicas.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/scale.sh N

Runs N replicas of the bot service (1–20): starts or stops containers without touching the running ones,
waits until every replica reports healthy (HEALTH_TIMEOUT, 180 s), then reloads nginx so its upstream
holds exactly the current replicas. Refuses N > 1 when TELEGRAM_MODE=polling (Telegram allows one poller;
set TELEGRAM_MODE=webhook, TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET in .env first).
Workers are separate: `docker compose up -d --scale worker=2` adds a stand-by projector.

Settings: COMPOSE (the compose command), DOCKER (the docker command), HEALTH_TIMEOUT.
Exit status: 0 scaled and healthy; 1 failed; 2 usage.
USAGE
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  '') usage >&2; exit 2 ;;
esac
if [ "$#" -ne 1 ] || ! [[ "$1" =~ ^[1-9][0-9]?$ ]] || [ "$1" -gt 20 ]; then
  usage >&2
  exit 2
fi
replicas="$1"

load_env
if [ "$replicas" -gt 1 ] && [ "$(telegram_mode)" != webhook ]; then
  die "TELEGRAM_MODE=$(telegram_mode): only one replica may poll Telegram. Switch to webhook mode (docs/operations.md, Scaling) to run $replicas"
fi

before=$(bot_container_ids)
log "scaling bot from $(printf '%s\n' "$before" | sed '/^$/d' | wc -l) to $replicas replica(s)"
compose up -d --no-deps --no-recreate --scale "bot=$replicas" bot
mapfile -t current < <(bot_container_ids)
[ "${#current[@]}" -eq "$replicas" ] || die "expected $replicas bot containers, found ${#current[@]}"
wait_healthy "${current[@]}" || die "not every bot replica became healthy (docker compose ps bot; docker compose logs bot)"
reload_nginx
log "bot runs $replicas healthy replica(s) behind nginx"
