#!/bin/sh
# The eventstore-users one-shot (docker-compose.yml), run in the KurrentDB image once the node is healthy:
# creates SchoolBot's own user (KURRENTDB_APP_USER), or gives the existing one the password in .env, as the
# admin. Reading and subscribing to $all needs the $admins group in KurrentDB's ACL mode (docs/security.md).
# Secrets reach curl on its standard input (--config -), never its command line.
set -eu
: "${KURRENTDB_URL:=https://eventstore:2113}"
: "${KURRENTDB_CA_FILE:=/certs/eventstore/ca.crt}"
: "${KURRENTDB_APP_USER:=schoolbot}"
: "${KURRENTDB_ADMIN_PASSWORD:?the admin password is needed to manage users}"
: "${KURRENTDB_APP_PASSWORD:?set KURRENTDB_APP_PASSWORD}"

for value in "$KURRENTDB_APP_USER" "$KURRENTDB_APP_PASSWORD"; do
  case "$value" in
    *[!A-Za-z0-9_-]*) echo "eventstore-users: KURRENTDB_APP_USER and KURRENTDB_APP_PASSWORD may hold only A-Z a-z 0-9 _ - (they go into a URL)" >&2; exit 1 ;;
  esac
done

# One curl config line: option $1 with value $2, quoted as curl's config wants.
config_line() {
  escaped=$(printf '%s' "$2" | sed 's/\\/\\\\/g; s/"/\\"/g')
  printf '%s = "%s"\n' "$1" "$escaped"
}

answer="${TMPDIR:-/tmp}/kurrentdb-answer.$$"
trap 'rm -f "$answer"' EXIT

# POSTs (or $3: another method) JSON $2 to path $1 as the admin; prints the HTTP status.
admin_request() {
  {
    config_line user "admin:$KURRENTDB_ADMIN_PASSWORD"
    config_line data "$2"
  } | curl -sS --max-time 20 --cacert "$KURRENTDB_CA_FILE" -o "$answer" -w '%{http_code}' \
    -H 'Content-Type: application/json' -X "${3:-POST}" --config - "$KURRENTDB_URL$1"
}

# shellcheck disable=SC2016 # $admins is KurrentDB's group, not a shell variable
groups='["$admins"]'
status=$(admin_request /users/ "{\"loginName\":\"$KURRENTDB_APP_USER\",\"fullName\":\"SchoolBot\",\"groups\":$groups,\"password\":\"$KURRENTDB_APP_PASSWORD\"}")
case "$status" in
  201) echo "eventstore-users: created $KURRENTDB_APP_USER" ;;
  409)
    status=$(admin_request "/users/$KURRENTDB_APP_USER" "{\"fullName\":\"SchoolBot\",\"groups\":$groups}" PUT)
    [ "$status" = 200 ] || { echo "eventstore-users: updating $KURRENTDB_APP_USER got HTTP $status: $(cat "$answer")" >&2; exit 1; }
    status=$(admin_request "/users/$KURRENTDB_APP_USER/command/reset-password" "{\"newPassword\":\"$KURRENTDB_APP_PASSWORD\"}")
    [ "$status" = 200 ] || { echo "eventstore-users: setting the password of $KURRENTDB_APP_USER got HTTP $status: $(cat "$answer")" >&2; exit 1; }
    echo "eventstore-users: $KURRENTDB_APP_USER exists; its groups and password are as configured"
    ;;
  401) echo "eventstore-users: KurrentDB refused the admin password (KURRENTDB_ADMIN_PASSWORD applies only on the node's first start; after a change in the UI, put the new one in .env)" >&2; exit 1 ;;
  *) echo "eventstore-users: creating $KURRENTDB_APP_USER got HTTP $status: $(cat "$answer" 2>/dev/null)" >&2; exit 1 ;;
esac
