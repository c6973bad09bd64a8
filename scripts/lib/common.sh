# shellcheck shell=bash
# Shared helpers for scripts/*.sh: logging, .env loading, the compose command, Telegram notices.
# Sourced, never run. Every command the scripts run is overridable through the environment, which is how
# the drills in tests/ops drive the real scripts on a machine without Docker.

SCHOOLBOT_ROOT="${SCHOOLBOT_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"

log() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${SCRIPT_NAME:-schoolbot}" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# Reads KEY=VALUE lines from .env (or ENV_FILE; compose's format) without executing it. Variables already
# set in the environment win, so `KEEP_DAYS=3 scripts/backup.sh` overrides the file.
load_env() {
  local file="${ENV_FILE:-$SCHOOLBOT_ROOT/.env}" line key value
  [ -f "$file" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line%$'\r'}"
    case "$line" in '' | '#'*) continue ;; esac
    key="${line%%=*}"
    key="${key#export }"
    [[ "$key" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
    value="${line#*=}"
    if [[ "$value" =~ ^\"(.*)\"$ ]] || [[ "$value" =~ ^\'(.*)\'$ ]]; then value="${BASH_REMATCH[1]}"; fi
    if [ -z "${!key+set}" ]; then export "$key=$value"; fi
  done <"$file"
}

# true/yes/1/on → success.
is_true() {
  case "${1:-}" in true | TRUE | True | yes | 1 | on) return 0 ;; *) return 1 ;; esac
}

# How the stack runs: `compose` (docker compose / docker-compose, the default) or `local` (processes and
# databases on this machine, reached through DATABASE_URL and SCHOOLBOT_CMD; what the drills use).
driver() { printf '%s' "${SCHOOLBOT_DRIVER:-compose}"; }

# The compose command: $COMPOSE if given (e.g. "docker-compose -f docker-compose.yml -f prod.yml"),
# else `docker compose` (v2 plugin) when present, else Debian's `docker-compose`.
compose() {
  local -a command
  if [ -n "${COMPOSE:-}" ]; then
    read -r -a command <<<"$COMPOSE"
  elif docker compose version >/dev/null 2>&1; then
    command=(docker compose)
  elif command -v docker-compose >/dev/null 2>&1; then
    command=(docker-compose)
  else
    die "neither 'docker compose' nor 'docker-compose' is installed"
  fi
  (cd "$SCHOOLBOT_ROOT" && "${command[@]}" "$@")
}

# Runs the schoolbot CLI: inside a one-off container of the `migrate` service (the owner role: migrations and
# rebuilds change the schema; docs/security.md), or $SCHOOLBOT_CMD locally.
schoolbot_cli() {
  if [ "$(driver)" = local ]; then
    local -a command
    read -r -a command <<<"${SCHOOLBOT_CMD:-node $SCHOOLBOT_ROOT/bin/schoolbot.js}"
    "${command[@]}" "$@"
  else
    compose run --rm --no-deps -T migrate schoolbot "$@"
  fi
}

# Which event store holds the truth, decided as the application decides it (infra/config.ts).
event_store_kind() {
  if [ -n "${EVENT_STORE:-}" ]; then
    printf '%s' "$EVENT_STORE"
  elif [ "$(driver)" = compose ]; then
    printf 'esdb' # docker-compose.yml's default for bot and worker when .env leaves EVENT_STORE empty
  elif [ -n "${EVENTSTORE_URL:-}" ]; then
    printf 'esdb'
  elif [ -n "${DATABASE_URL:-}" ]; then
    printf 'postgres'
  else
    printf 'embedded'
  fi
}

# One line of a curl config file (`curl --config -`): option $1 with value $2, quoted as curl's config wants.
curl_config() {
  local value="${2//\\/\\\\}"
  printf '%s = "%s"\n' "$1" "${value//\"/\\\"}"
}

# Sends a plain-text notice to the operators' chat when NOTIFY_TELEGRAM is on and the bot token and
# chat id are set. Never fails the caller: a notice is a courtesy, the exit code is the contract.
notify_telegram() {
  local text="$1"
  is_true "${NOTIFY_TELEGRAM:-false}" || return 0
  if [ -z "${TELEGRAM_BOT_TOKEN:-}" ] || [ -z "${TELEGRAM_CHAT_ID:-}" ]; then
    log "NOTIFY_TELEGRAM is on but TELEGRAM_BOT_TOKEN or TELEGRAM_CHAT_ID is unset: no notice sent"
    return 0
  fi
  local api="${TELEGRAM_API_ROOT:-https://api.telegram.org}"
  # The token is in the URL: curl reads it from its standard input (--config -), not its command line.
  if ! curl_config url "${api%/}/bot${TELEGRAM_BOT_TOKEN}/sendMessage" | curl -fsS --max-time 15 -o /dev/null --config - \
    --data-urlencode "chat_id=${TELEGRAM_CHAT_ID}" \
    --data-urlencode "text=[${ENVIRONMENT:-prod}] ${text}"; then
    log "could not send the Telegram notice"
  fi
  return 0
}

# Registers TELEGRAM_WEBHOOK_URL with Telegram, with the secret it must send back. Done at deploy time only:
# replicas never set or delete it themselves, so one shutting down cannot unhook the others.
set_telegram_webhook() {
  [ -n "${TELEGRAM_TOKEN:-}" ] || { log "TELEGRAM_TOKEN is unset: no webhook to set"; return 0; }
  [ -n "${TELEGRAM_WEBHOOK_URL:-}" ] || die "TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_URL (https://<host>/telegram/webhook)"
  [ -n "${TELEGRAM_WEBHOOK_SECRET:-}" ] || die "TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET"
  local api="${TELEGRAM_API_ROOT:-https://api.telegram.org}" answer
  # The token and the secret go to curl on its standard input (--config -), never on its command line.
  answer=$( {
    curl_config url "${api%/}/bot${TELEGRAM_TOKEN}/setWebhook"
    curl_config data-urlencode "secret_token=${TELEGRAM_WEBHOOK_SECRET}"
  } | curl -sS --max-time 20 --config - \
    --data-urlencode "url=${TELEGRAM_WEBHOOK_URL}" \
    --data-urlencode "max_connections=${TELEGRAM_WEBHOOK_MAX_CONNECTIONS:-40}") || die "cannot reach Telegram to set the webhook"
  grep -q '"ok":true' <<<"$answer" || die "Telegram refused the webhook: $answer"
  log "webhook set to $TELEGRAM_WEBHOOK_URL"
}

# Polls a command until it succeeds, at most $1 seconds.
wait_until() {
  local timeout="$1" started
  shift
  started=$(date +%s)
  until "$@" >/dev/null 2>&1; do
    if [ $(($(date +%s) - started)) -ge "$timeout" ]; then return 1; fi
    sleep "${WAIT_INTERVAL:-2}"
  done
}

sha256_write() { (cd "$(dirname "$1")" && sha256sum "$(basename "$1")" >"$(basename "$1").sha256"); }
sha256_verify() { (cd "$(dirname "$1")" && sha256sum --quiet --check "$(basename "$1").sha256"); }
