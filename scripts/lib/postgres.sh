# shellcheck shell=bash
# PostgreSQL access for backup.sh and restore.sh, the same on both drivers:
#   compose — the tools inside the `postgres` container over its socket, archives through stdin/stdout:
#             pg_dump as the owner role (it owns every table), databases made and swapped by the superuser
#             (POSTGRES_SUPERUSER; an installation from before the roles keeps `schoolbot`, docs/security.md);
#   local   — this machine's pg_dump/pg_restore/psql against DATABASE_URL.

PG_DATABASE_NAME="${PG_DATABASE_NAME:-schoolbot}"
PG_SUPERUSER="${POSTGRES_SUPERUSER:-postgres}"
PG_OWNER_ROLE="${SCHOOLBOT_DB_OWNER:-schoolbot_owner}"
# The roles script (infra/postgres-init): where the postgres container mounts it; locally only when given.
PG_ROLES_SQL_IN_CONTAINER=/docker-entrypoint-initdb.d/10-schoolbot-roles.sql

# postgres://u:p@h:5432/db?x=y → same URL naming database $2.
pg_url_with_database() {
  local url="$1" database="$2" base query=""
  base="${url%%\?*}"
  [ "$base" = "$url" ] || query="?${url#*\?}"
  if [[ "$base" =~ ^(postgres(ql)?://[^/]*)(/.*)?$ ]]; then
    printf '%s/%s%s' "${BASH_REMATCH[1]}" "$database" "$query"
  else
    die "DATABASE_URL is not a postgres:// URL"
  fi
}

# The password in URL $1 (percent-decoded), or nothing.
pg_url_password() {
  local rest="${1#*://}" userinfo password
  [[ "$rest" == *@* ]] || return 0
  userinfo="${rest%%@*}"
  [[ "$userinfo" == *:* ]] || return 0
  password="${userinfo#*:}"
  printf '%b' "${password//%/\\x}"
}

# URL $1 without its password: what may appear on a command line (visible to every user in `ps`).
pg_url_without_password() {
  local url="$1" scheme rest userinfo
  scheme="${url%%://*}"
  rest="${url#*://}"
  if [[ "$rest" == *@* ]]; then
    userinfo="${rest%%@*}"
    rest="${userinfo%%:*}@${rest#*@}"
  fi
  printf '%s://%s' "$scheme" "$rest"
}

# Runs PostgreSQL tool $1 against database $2 with the rest of the arguments: the password reaches the tool
# through its own environment (PGPASSWORD), never its command line.
pg_local_tool() {
  local tool="$1" database="$2" url password
  shift 2
  url=$(pg_url_with_database "$DATABASE_URL" "$database")
  password=$(pg_url_password "$url")
  if [ -n "$password" ]; then
    PGPASSWORD="$password" "$tool" -d "$(pg_url_without_password "$url")" "$@"
  else
    "$tool" -d "$url" "$@"
  fi
}

# The live database's name.
pg_database() {
  if [ "$(driver)" = local ]; then
    local base="${DATABASE_URL%%\?*}"
    printf '%s' "${base##*/}"
  else
    printf '%s' "$PG_DATABASE_NAME"
  fi
}

require_local_database_url() {
  [ "$(driver)" != local ] || [ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set"
}

# pg_dump -Fc of database $1 into file $2.
pg_dump_to() {
  local database="$1" file="$2"
  if [ "$(driver)" = local ]; then
    pg_local_tool "${PG_DUMP:-pg_dump}" "$database" -Fc -f "$file"
  else
    compose exec -T postgres pg_dump -U "$PG_OWNER_ROLE" -Fc -d "$database" >"$file"
  fi
}

# Runs SQL ($1) in database $2 (default: the maintenance database `postgres`).
pg_sql() {
  local sql="$1" database="${2:-postgres}"
  if [ "$(driver)" = local ]; then
    pg_local_tool "${PSQL:-psql}" "$database" -X -q -v ON_ERROR_STOP=1 -At -c "$sql"
  else
    compose exec -T postgres psql -X -q -v ON_ERROR_STOP=1 -At -U "$PG_SUPERUSER" -d "$database" -c "$sql"
  fi
}

# pg_restore of archive $1 into the existing, empty database $2; stops at the first error.
pg_restore_into() {
  local file="$1" database="$2"
  if [ "$(driver)" = local ]; then
    pg_local_tool "${PG_RESTORE:-pg_restore}" "$database" --exit-on-error --no-owner "$file"
  else
    compose exec -T postgres pg_restore --exit-on-error --no-owner -U "$PG_SUPERUSER" -d "$database" <"$file"
  fi
}

# Gives database $1 SchoolBot's roles (infra/postgres-init/10-schoolbot-roles.sql): the owner role owns it and
# everything in it, the app role may read and write rows. A restored database needs this: pg_restore ran as
# the superuser, and a dump from before the roles carries no grants. Locally only when PG_ROLES_SQL names the
# script (the local DATABASE_URL is then a superuser's); the passwords come from SCHOOLBOT_DB_* if set.
pg_apply_roles() {
  local database="$1"
  if [ "$(driver)" = local ]; then
    [ -n "${PG_ROLES_SQL:-}" ] || return 0
    pg_local_tool "${PSQL:-psql}" "$database" -X -q -v ON_ERROR_STOP=1 -f "$PG_ROLES_SQL"
  else
    compose exec -T postgres psql -X -q -v ON_ERROR_STOP=1 -U "$PG_SUPERUSER" -d "$database" -f "$PG_ROLES_SQL_IN_CONTAINER"
  fi
}

# Reads the whole archive $1 without a database (catches truncation and corrupt data blocks).
pg_read_whole_archive() {
  local file="$1"
  if [ "$(driver)" = local ]; then
    "${PG_RESTORE:-pg_restore}" -f /dev/null "$file"
  else
    compose exec -T postgres pg_restore -f /dev/null <"$file"
  fi
}

# The strongest validation: restore archive $1 into a scratch database, then drop it.
pg_validate_by_scratch_restore() {
  local file="$1" scratch status=0
  scratch="schoolbot_backup_check_$(date -u +%Y%m%d%H%M%S)_$$"
  pg_sql "CREATE DATABASE $scratch" || return 1
  pg_restore_into "$file" "$scratch" || status=$?
  pg_sql "DROP DATABASE IF EXISTS $scratch WITH (FORCE)" || log "could not drop scratch database $scratch"
  return "$status"
}

# Disconnects everyone from database $1 (the bot and worker are stopped first; this catches stragglers).
pg_terminate_connections() {
  pg_sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$1' AND pid <> pg_backend_pid()" >/dev/null
}
