#!/usr/bin/env bash
# Deploys the checked-out version: optional tests and backup, image build, migrations, a rolling
# replacement of the webhook replicas (new ones healthy before old ones go), then the worker, then a smoke
# test of the running stack; rolls back to the previous image when the new version does not become healthy
# or fails the smoke test. The test suite belongs to CI, not to the school's server (RUN_TESTS is off).
set -euo pipefail
SCRIPT_NAME=deploy
# shellcheck source=scripts/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=scripts/lib/eventstore.sh
. "$SCHOOLBOT_ROOT/scripts/lib/eventstore.sh"
# shellcheck source=scripts/lib/replicas.sh
. "$SCHOOLBOT_ROOT/scripts/lib/replicas.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/deploy.sh prod|staging [--webhook-only]

Run on the target host in the project's checkout after `git pull`. Reads .env.<target> when present,
else .env. Steps:
  1. RUN_TESTS=true            run the developer tests first (default off: they need Node, promtool, nginx
                               and a trust-auth PostgreSQL, and belong to CI; TEST_CMD, default `npm ci && npm test`)
  2. BACKUP_BEFORE_DEPLOY=true scripts/backup.sh
  3. build the image; the running one is kept as schoolbot:previous for rollback
  4. schoolbot migrate         in the migrate service, as the owner role (migrations must stay compatible
                               with the previous version)
  5. webhook mode: start as many new bot replicas as run now, wait until healthy, reload nginx, stop the
     old ones, reload nginx; polling mode: replace the single replica (a short pause in polling)
  6. recreate the worker and wait until healthy
  7. smoke test: the schema is current (`schoolbot migrations --check`), each bot replica's /readyz answers
     200, and through nginx (NGINX_PORT, 80) GET /healthz answers 200 and a webhook POST without the secret
     answers 401 (the route reaches a bot, which handles nothing)
  8. webhook mode: register TELEGRAM_WEBHOOK_URL with its secret (setWebhook); --webhook-only does just this
A new version that is not healthy within HEALTH_TIMEOUT (180 s), or fails the smoke test, is removed and the
previous image runs again; the script then exits 1. NOTIFY_TELEGRAM=true reports the result to TELEGRAM_CHAT_ID.

Settings: COMPOSE, DOCKER, HEALTH_TIMEOUT, TEST_CMD, SCHOOLBOT_IMAGE_TAG (latest).
Exit status: 0 deployed; 1 failed (rolled back when the new version was running); 2 usage.
USAGE
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  prod | staging) target="$1" ;;
  *) usage >&2; exit 2 ;;
esac
webhook_only=false
case "${2:-}" in
  '') ;;
  --webhook-only) webhook_only=true ;;
  *) usage >&2; exit 2 ;;
esac

if [ -z "${ENV_FILE:-}" ] && [ -f "$SCHOOLBOT_ROOT/.env.$target" ]; then ENV_FILE="$SCHOOLBOT_ROOT/.env.$target"; fi
load_env
if [ -n "${ENVIRONMENT:-}" ] && [ "$ENVIRONMENT" != "$target" ]; then
  die "ENVIRONMENT=$ENVIRONMENT in ${ENV_FILE:-.env}, but deploying to $target: wrong machine or wrong file?"
fi
image="schoolbot:${SCHOOLBOT_IMAGE_TAG:-latest}"
version="$(git -C "$SCHOOLBOT_ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
step="starting"
have_previous=false

on_exit() {
  local status=$?
  if [ "$status" -eq 0 ]; then
    notify_telegram "SchoolBot $version deployed to $target on $(hostname)."
  else
    log "deploy FAILED while $step"
    notify_telegram "SchoolBot deploy of $version to $target FAILED while $step on $(hostname)."
  fi
}
trap on_exit EXIT

# Puts the previous image back under the running tag.
restore_previous_image() {
  if $have_previous; then
    docker_cli tag schoolbot:previous "$image"
    log "rolled back: $image is the previous image again"
  fi
}

rolling_replace_bots() {
  local old new count
  old=$(bot_container_ids)
  count=$(printf '%s\n' "$old" | sed '/^$/d' | wc -l)
  [ "$count" -ge 1 ] || count=1
  if [ "$(telegram_mode)" != webhook ]; then
    # One poller at a time: replace in place.
    compose up -d --no-deps --force-recreate bot
    mapfile -t new < <(bot_container_ids)
    if ! wait_healthy "${new[@]}"; then
      step="rolling back the bot"
      restore_previous_image
      compose up -d --no-deps --force-recreate bot
      die "the new bot was not healthy; the previous version runs again"
    fi
    reload_nginx
    return 0
  fi
  step="starting $count new bot replica(s)"
  compose up -d --no-deps --no-recreate --scale "bot=$((count * 2))" bot
  mapfile -t new < <(ids_not_in "$(bot_container_ids)" "$old")
  [ "${#new[@]}" -gt 0 ] || die "no new bot containers were started"
  if ! wait_healthy "${new[@]}"; then
    step="rolling back the bot"
    docker_cli rm -f "${new[@]}" >/dev/null
    restore_previous_image
    reload_nginx
    die "the new bot replicas were not healthy; removed them, the previous version keeps serving"
  fi
  reload_nginx # old and new serve together
  step="retiring the old bot replicas"
  if [ -n "$old" ]; then
    # shellcheck disable=SC2086 # one id per word
    docker_cli stop -t 30 $old >/dev/null
    # shellcheck disable=SC2086
    docker_cli rm $old >/dev/null
  fi
  reload_nginx # only the new ones
}

# The running stack answers as it should, without touching any school data.
smoke_test() {
  compose run --rm --no-deps -T bot schoolbot migrations --check >/dev/null || { log "smoke: the schema is not current"; return 1; }
  local id code base="http://127.0.0.1:${NGINX_PORT:-80}"
  for id in $(bot_container_ids); do
    docker_cli exec "$id" node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" ||
      { log "smoke: bot replica $id is not ready (/readyz)"; return 1; }
  done
  curl -fsS --max-time 10 -o /dev/null "$base/healthz" || { log "smoke: GET /healthz through nginx failed"; return 1; }
  code=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data '{"update_id":0}' "$base/telegram/webhook") || code=000
  [ "$code" = 401 ] || { log "smoke: a webhook POST without the secret got $code through nginx, not 401"; return 1; }
  log "smoke test passed"
}

if $webhook_only; then
  trap - EXIT
  [ "$(telegram_mode)" = webhook ] || die "TELEGRAM_MODE=$(telegram_mode): there is no webhook to set"
  set_telegram_webhook
  exit 0
fi

if is_true "${RUN_TESTS:-false}"; then
  step="running the tests"
  (cd "$SCHOOLBOT_ROOT" && sh -c "${TEST_CMD:-npm ci && npm test}")
fi
if is_true "${BACKUP_BEFORE_DEPLOY:-true}"; then
  step="backing up"
  "$SCHOOLBOT_ROOT/scripts/backup.sh"
fi

step="building the image"
if docker_cli image inspect "$image" >/dev/null 2>&1; then
  docker_cli tag "$image" schoolbot:previous
  have_previous=true
fi
compose build bot

step="migrating"
# As the owner role: the bot's role may not change the schema (docs/security.md).
if ! compose run --rm --no-deps -T migrate schoolbot migrate; then
  restore_previous_image
  die "migrations failed; nothing was restarted"
fi

step="replacing the bot replicas"
rolling_replace_bots

step="replacing the worker"
compose up -d --no-deps --force-recreate worker
mapfile -t workers < <(compose ps -q worker)
if ! wait_healthy "${workers[@]}"; then
  step="rolling back"
  restore_previous_image
  compose up -d --no-deps --force-recreate worker
  rolling_replace_bots
  die "the new worker was not healthy; the previous version runs again"
fi
step="smoke-testing the running version"
if ! smoke_test; then
  step="rolling back after the smoke test"
  restore_previous_image
  compose up -d --no-deps --force-recreate worker
  rolling_replace_bots
  die "the new version failed the smoke test; the previous version runs again"
fi
if [ "$(telegram_mode)" = webhook ]; then
  step="setting the Telegram webhook"
  set_telegram_webhook
fi
log "deployed $version to $target"
