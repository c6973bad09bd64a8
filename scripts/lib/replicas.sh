# shellcheck shell=bash
# Bot replicas under docker compose: their containers, their health, and nginx's view of them.
# nginx 1.22–1.27.2 resolves the `bot` name only at start and reload, so every change to the set of
# replicas ends with reload_nginx.

bot_container_ids() { compose ps -q bot | sort; }

container_health() { docker_cli inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$1"; }

# Succeeds when every container given is healthy.
all_healthy() {
  local id
  for id in "$@"; do
    [ "$(container_health "$id")" = healthy ] || return 1
  done
}

# Waits up to HEALTH_TIMEOUT seconds for the given containers to be healthy.
wait_healthy() {
  [ "$#" -gt 0 ] || return 0
  log "waiting for ${#} container(s) to report healthy (up to ${HEALTH_TIMEOUT:-180} s)"
  wait_until "${HEALTH_TIMEOUT:-180}" all_healthy "$@"
}

# Checks nginx's configuration, then reloads it so it resolves `bot` to the current replicas.
reload_nginx() {
  compose exec -T nginx nginx -t >/dev/null 2>&1 || die "nginx -t failed inside the nginx container (docker compose logs nginx)"
  compose exec -T nginx nginx -s reload
  log "nginx reloaded"
}

# The ids in $1 (newline-separated) that are not in $2.
ids_not_in() { comm -23 <(printf '%s\n' "$1" | sed '/^$/d' | sort) <(printf '%s\n' "$2" | sed '/^$/d' | sort); }

# Several replicas need webhook mode: Telegram answers a second long-polling process with 409 Conflict.
telegram_mode() { printf '%s' "${TELEGRAM_MODE:-webhook}"; }
