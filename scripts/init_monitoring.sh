#!/usr/bin/env bash
# Renders the monitoring configuration from .env and validates it with the real tools. Safe to run again:
# it rewrites monitoring/rendered/ from the templates each time and changes nothing else.
set -euo pipefail
SCRIPT_NAME=init_monitoring
# shellcheck source=scripts/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/init_monitoring.sh [--quick] [--help]

Renders monitoring/alertmanager/alertmanager.yml.tmpl into monitoring/rendered/alertmanager.yml with
TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID from .env (ENV_FILE to use another file; variables already set in
the environment win), then validates:
  promtool check config   monitoring/prometheus/prometheus.yml (and its rules)
  promtool test rules     monitoring/prometheus/tests/*.yml
  amtool check-config     monitoring/rendered/alertmanager.yml
--quick skips the rule unit tests (the slow part). A tool that is not installed is skipped with a note (Debian: apt-get install prometheus
prometheus-alertmanager). docker-compose mounts the rendered file; restart alertmanager after a change.

Settings:
  TELEGRAM_BOT_TOKEN             bot token from @BotFather for alert messages (required)
  TELEGRAM_CHAT_ID               chat that receives alerts, an integer (group ids are negative) (required)
  ALERTMANAGER_TELEGRAM_API_URL  Bot API root (default https://api.telegram.org; tests use a local fake)
  MONITORING_RENDER_DIR          where to write (default monitoring/rendered)
Exit status: 0 when everything was rendered and every available check passed, 1 otherwise.
USAGE
}

quick=false
case "${1:-}" in
  -h | --help)
    usage
    exit 0
    ;;
  --quick) quick=true ;;
  '') ;;
  *)
    usage >&2
    exit 2
    ;;
esac

load_env
monitoring="$SCHOOLBOT_ROOT/monitoring"
render_dir="${MONITORING_RENDER_DIR:-$monitoring/rendered}"
export ALERTMANAGER_TELEGRAM_API_URL="${ALERTMANAGER_TELEGRAM_API_URL:-https://api.telegram.org}"

# Checked here so a typo gives one clear line instead of a YAML error from Alertmanager at start.
token="${TELEGRAM_BOT_TOKEN:-}"
chat_id="${TELEGRAM_CHAT_ID:-}"
[ -n "$token" ] || die "TELEGRAM_BOT_TOKEN is not set in .env: alerts need a bot to send them (create one with @BotFather)"
[[ "$token" =~ ^[0-9]+:[A-Za-z0-9_-]+$ ]] || die "TELEGRAM_BOT_TOKEN does not look like a BotFather token (digits, a colon, letters)"
[ -n "$chat_id" ] || die "TELEGRAM_CHAT_ID is not set in .env: the chat that receives alerts (an integer; groups are negative)"
[[ "$chat_id" =~ ^-?[0-9]+$ ]] || die "TELEGRAM_CHAT_ID must be an integer (got '$chat_id')"
[[ "$ALERTMANAGER_TELEGRAM_API_URL" =~ ^https?://[^\'[:space:]]+$ ]] ||
  die "ALERTMANAGER_TELEGRAM_API_URL must be an http(s) URL (got '$ALERTMANAGER_TELEGRAM_API_URL')"
command -v envsubst >/dev/null 2>&1 || die "envsubst is missing: apt-get install gettext-base"

# The rendered file holds the bot token: keep the folder private to this user. The file itself stays
# readable because Alertmanager's container reads the bind mount as an unprivileged user.
mkdir -p "$render_dir"
chmod 700 "$render_dir"
target="$render_dir/alertmanager.yml"
# Only these three variables are substituted; everything else (Go templates) is left as written.
# shellcheck disable=SC2016 # the list names variables for envsubst; the shell must not expand it
TELEGRAM_BOT_TOKEN="$token" TELEGRAM_CHAT_ID="$chat_id" \
  envsubst '${TELEGRAM_BOT_TOKEN} ${TELEGRAM_CHAT_ID} ${ALERTMANAGER_TELEGRAM_API_URL}' \
  <"$monitoring/alertmanager/alertmanager.yml.tmpl" >"$target.tmp"
chmod 644 "$target.tmp"
mv "$target.tmp" "$target"
log "rendered $target (Telegram chat $chat_id)"

failed=0
check() {
  local tool="$1" what="$2"
  shift 2
  if ! command -v "$tool" >/dev/null 2>&1; then
    log "skipped: $what ($tool is not installed)"
    return 0
  fi
  local output
  if output=$("$tool" "$@" 2>&1); then
    log "ok: $what"
  else
    printf '%s\n' "$output" >&2
    log "FAILED: $what"
    failed=1
  fi
}
check promtool "Prometheus config and rules" check config "$monitoring/prometheus/prometheus.yml"
if [ "$quick" = true ]; then
  log "skipped: alert rule unit tests (--quick)"
else
  check promtool "alert rule unit tests" test rules "$monitoring"/prometheus/tests/*.yml
fi
check amtool "Alertmanager config" check-config "$target"

if [ "$failed" -ne 0 ]; then die "a check failed (see above); fix the file it names and run this again"; fi
cat >&2 <<DONE
Monitoring is ready:
  Prometheus    monitoring/prometheus/prometheus.yml  (rules in monitoring/prometheus/rules/)  → :9090
  Alertmanager  $target  → :9093, alerts to Telegram chat $chat_id
  Grafana       monitoring/grafana/ ("SchoolBot Dashboard")  → :3000
Apply with: docker compose up -d prometheus alertmanager grafana   (restart alertmanager after re-rendering)
Runbooks: docs/monitoring.md
DONE
