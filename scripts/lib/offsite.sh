# shellcheck shell=bash
# The off-site copy of backup.sh: after a validated backup, every validated backup in BACKUP_DIR from the last
# BACKUP_OFFSITE_KEEP_DAYS days that is not yet safely on BACKUP_OFFSITE_REMOTE is copied there with rclone,
# every off-site copy is read back (rclone hashsum sha256 --download) and compared with its sha256, and copies
# older than BACKUP_OFFSITE_KEEP_DAYS are deleted — never the newest copy of a kind that passed the check.
# The result goes to backups/schoolbot_backup_offsite.prom for the OffsiteBackupTooOld alert
# (docs/operations.md#off-site-copies). Sourced by backup.sh after common.sh; BACKUP_DIR must be set.
#
# Credentials stay in rclone's config file (RCLONE_CONFIG, mode 600) or in RCLONE_* environment variables:
# nothing secret is ever put on rclone's command line, where `ps` shows it to every user.

OFFSITE_NAME_PATTERN='^schoolbot-([a-z]+)-([0-9]{8}T[0-9]{6}Z)\.(dump|tar\.gz)$'

offsite_enabled() { [ -n "${BACKUP_OFFSITE_REMOTE:-}" ]; }

offsite_status_file() { printf '%s/schoolbot_backup_offsite.prom' "$BACKUP_DIR"; }

rclone_cli() {
  local -a command
  read -r -a command <<<"${RCLONE:-rclone}"
  "${command[@]}" "$@"
}

# The remote path of file $1 on BACKUP_OFFSITE_REMOTE ("remote:", "remote:dir", "remote:dir/" or a local path).
offsite_path() {
  case "$BACKUP_OFFSITE_REMOTE" in
    *: | */) printf '%s%s' "$BACKUP_OFFSITE_REMOTE" "$1" ;;
    *) printf '%s/%s' "$BACKUP_OFFSITE_REMOTE" "$1" ;;
  esac
}

# Unix time of the UTC stamp $1 (20260301T023000Z).
stamp_seconds() {
  local stamp="$1"
  date -u -d "${stamp:0:8} ${stamp:9:2}:${stamp:11:2}:${stamp:13:2} UTC" +%s
}

# The rclone config file in use: RCLONE_CONFIG, else rclone's default location.
rclone_config_file() {
  if [ -n "${RCLONE_CONFIG:-}" ]; then
    printf '%s' "$RCLONE_CONFIG"
  else
    rclone_cli config file 2>/dev/null | tail -n 1
  fi
}

# Refuses settings that would leak a secret or that rclone cannot use; says why on stderr.
offsite_check_settings() {
  local remote_name="${BACKUP_OFFSITE_REMOTE#:}" config mode
  remote_name="${remote_name%%:*}"
  if [[ "$BACKUP_OFFSITE_REMOTE" == *:* ]] && [[ "$remote_name" == *,* ]]; then
    log "BACKUP_OFFSITE_REMOTE is an rclone connection string with parameters: they would be visible in ps; put them in the rclone config file (RCLONE_CONFIG) and name the remote instead"
    return 1
  fi
  if ! [[ "$OFFSITE_KEEP_DAYS" =~ ^[1-9][0-9]*$ ]]; then
    log "BACKUP_OFFSITE_KEEP_DAYS must be a whole number of days ≥ 1 (got '$OFFSITE_KEEP_DAYS')"
    return 1
  fi
  if ! rclone_cli version >/dev/null 2>&1; then
    log "rclone is not installed (apt install rclone)"
    return 1
  fi
  config=$(rclone_config_file)
  if [ -n "${RCLONE_CONFIG:-}" ] && [ ! -f "$config" ]; then
    log "RCLONE_CONFIG names $config, which does not exist"
    return 1
  fi
  if [ -n "$config" ] && [ -f "$config" ]; then
    mode=$(stat -c %a "$config")
    if [ $((8#$mode & 8#077)) -ne 0 ]; then
      log "the rclone config $config holds credentials and is readable by others (mode $mode): chmod 600 $config"
      return 1
    fi
  fi
}

# rclone subcommand $1 on the remote's folder, rest as arguments; a folder that does not exist yet (exit 3)
# reads as empty.
offsite_list() {
  local status=0 output errors
  errors=$(mktemp)
  output=$(rclone_cli "$1" "${@:2}" "$BACKUP_OFFSITE_REMOTE" 2>"$errors") || status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
    log "rclone $1 on $BACKUP_OFFSITE_REMOTE failed: $(cat "$errors")"
    rm -f "$errors"
    return 1
  fi
  rm -f "$errors"
  [ "$status" -eq 3 ] || printf '%s\n' "$output" | grep -v '^$' || true
}

# "<sha256>  <name>" for each backup on the remote, read back whole (--download works on every backend,
# S3 included, and checks the bytes the remote actually stores). With names on stdin: only those.
offsite_hashes() {
  if [ "${1:-}" = --only-stdin ]; then
    offsite_list hashsum sha256 --download --files-from-raw -
  else
    offsite_list hashsum sha256 --download --max-depth 1 --include 'schoolbot-*.dump' --include 'schoolbot-*.tar.gz'
  fi
}

# Copies the validated backups off-site, verifies every off-site copy and applies the remote retention.
# Returns non-zero (having logged why) when a recent local backup is not safely off-site.
offsite_copy() {
  OFFSITE_KEEP_DAYS="${BACKUP_OFFSITE_KEEP_DAYS:-${KEEP_DAYS:-14}}"
  offsite_check_settings || return 1
  local cutoff file name hash kind stamp checksums remote_hashes failed=0
  local -A expected=() actual=() listed_checksum=() is_local=() newest_good=()
  local -a candidates=() uploads=() remote_backups=()
  cutoff=$(($(date -u +%s) - OFFSITE_KEEP_DAYS * 86400))

  # What should be off-site: each validated local backup (it has its .sha256) within the remote's window.
  for file in "$BACKUP_DIR"/schoolbot-*; do
    name=$(basename "$file")
    if ! [[ "$name" =~ $OFFSITE_NAME_PATTERN ]] || [ ! -f "$file.sha256" ]; then continue; fi
    [ "$(stamp_seconds "${BASH_REMATCH[2]}")" -ge "$cutoff" ] || continue
    read -r hash _ <"$file.sha256"
    expected[$name]="$hash"
    is_local[$name]=1
    candidates+=("$name")
  done

  # What is off-site, and what each copy's sha256 should be (the local file's, else the copy's own .sha256).
  checksums=$(offsite_list cat --max-depth 1 --include 'schoolbot-*.sha256') || return 1
  while read -r hash name; do
    [ -n "$name" ] || continue
    listed_checksum[$name]="$hash"
    [ -n "${is_local[$name]:-}" ] || expected[$name]="$hash"
  done <<<"$checksums"
  remote_hashes=$(offsite_hashes) || return 1
  while read -r hash name; do
    [[ "$name" =~ $OFFSITE_NAME_PATTERN ]] || continue
    actual[$name]="$hash"
    remote_backups+=("$name")
  done <<<"$remote_hashes"

  # Copy what is missing or damaged off-site (a failure last night is retried here), then read it back.
  for name in "${candidates[@]}"; do
    if [ "${actual[$name]:-}" = "${expected[$name]}" ] && [ "${listed_checksum[$name]:-}" = "${expected[$name]}" ]; then
      continue
    fi
    [ -z "${actual[$name]:-}" ] || log "off-site copy of $name does not match its sha256: copying it again"
    if rclone_cli copyto --ignore-times "$BACKUP_DIR/$name" "$(offsite_path "$name")" &&
      rclone_cli copyto --ignore-times "$BACKUP_DIR/$name.sha256" "$(offsite_path "$name.sha256")"; then
      uploads+=("$name")
    else
      log "off-site copy FAILED: rclone could not copy $name to $BACKUP_OFFSITE_REMOTE; it is copied again at the next backup"
      failed=1
    fi
  done
  if [ "${#uploads[@]}" -gt 0 ]; then
    remote_hashes=$(printf '%s\n' "${uploads[@]}" | offsite_hashes --only-stdin) || return 1
    for name in "${uploads[@]}"; do
      unset "actual[$name]"
      [[ " ${remote_backups[*]} " == *" $name "* ]] || remote_backups+=("$name")
    done
    while read -r hash name; do
      if [ -n "$name" ]; then actual[$name]="$hash"; fi
    done <<<"$remote_hashes"
    for name in "${uploads[@]}"; do
      if [ "${actual[$name]:-}" = "${expected[$name]}" ]; then
        log "copied $name to $BACKUP_OFFSITE_REMOTE, sha256 verified"
      elif [ -n "${actual[$name]:-}" ]; then
        log "off-site copy FAILED: $name on $BACKUP_OFFSITE_REMOTE does not match its sha256 after the copy (${actual[$name]}, expected ${expected[$name]}); it is copied again at the next backup"
        failed=1
      else
        log "off-site copy FAILED: $name is not on $BACKUP_OFFSITE_REMOTE after the copy; it is copied again at the next backup"
        failed=1
      fi
    done
  fi

  # The newest copy of each kind that passed the check is never deleted; without one, nothing of that kind is.
  for name in "${remote_backups[@]}"; do
    [[ "$name" =~ $OFFSITE_NAME_PATTERN ]] || continue
    kind="${BASH_REMATCH[1]}"
    stamp="${BASH_REMATCH[2]}"
    if [ -n "${expected[$name]:-}" ] && [ "${actual[$name]:-}" = "${expected[$name]}" ]; then
      [[ "$stamp" < "${newest_good[$kind]:-}" ]] || newest_good[$kind]="$stamp"
    elif [ -z "${is_local[$name]:-}" ]; then
      log "WARNING: off-site copy $name fails its sha256 check (or has no .sha256) and no local backup can replace it"
    fi
  done
  for name in "${remote_backups[@]}"; do
    [[ "$name" =~ $OFFSITE_NAME_PATTERN ]] || continue
    kind="${BASH_REMATCH[1]}"
    stamp="${BASH_REMATCH[2]}"
    if [ -z "${newest_good[$kind]:-}" ] || [ "$stamp" = "${newest_good[$kind]}" ]; then continue; fi
    [ "$(stamp_seconds "$stamp")" -lt "$cutoff" ] || continue
    if rclone_cli deletefile "$(offsite_path "$name")" &&
      { [ -z "${listed_checksum[$name]:-}" ] || rclone_cli deletefile "$(offsite_path "$name.sha256")"; }; then
      log "deleted $name from $BACKUP_OFFSITE_REMOTE (older than $OFFSITE_KEEP_DAYS days)"
    else
      log "could not delete $name from $BACKUP_OFFSITE_REMOTE (tried again at the next backup)"
    fi
  done
  return "$failed"
}

# The freshness contract with OffsiteBackupTooOld: the last attempt always, the last success when there was one.
offsite_record() {
  local outcome="$1" file now success=""
  file=$(offsite_status_file)
  now=$(date -u +%s)
  if [ "$outcome" = success ]; then
    success="$now"
  elif [ -f "$file" ]; then
    success=$(sed -n 's/^schoolbot_backup_offsite_last_success_timestamp_seconds \([0-9][0-9]*\)$/\1/p' "$file")
  fi
  {
    echo '# HELP schoolbot_backup_offsite_last_attempt_timestamp_seconds When backup.sh last tried the off-site copy (Unix time).'
    echo '# TYPE schoolbot_backup_offsite_last_attempt_timestamp_seconds gauge'
    echo "schoolbot_backup_offsite_last_attempt_timestamp_seconds $now"
    if [ -n "$success" ]; then
      echo '# HELP schoolbot_backup_offsite_last_success_timestamp_seconds When every recent backup was last verified off-site (Unix time).'
      echo '# TYPE schoolbot_backup_offsite_last_success_timestamp_seconds gauge'
      echo "schoolbot_backup_offsite_last_success_timestamp_seconds $success"
    fi
  } >"$file.tmp"
  chmod 644 "$file.tmp"
  mv "$file.tmp" "$file"
}

# backup.sh's off-site step: nothing when BACKUP_OFFSITE_REMOTE is unset. A failure never touches the local
# backups; it is logged ("off-site copy FAILED"), recorded for the alert, told to Telegram, and returned.
offsite_step() {
  offsite_enabled || return 0
  log "copying the backups off-site to $BACKUP_OFFSITE_REMOTE"
  if offsite_copy; then
    offsite_record success
    log "off-site copy done"
  else
    offsite_record failure
    log "off-site copy FAILED: the local backups are intact; the copy is retried at the next backup"
    notify_telegram "SchoolBot off-site backup copy FAILED on $(hostname) (the local backup is fine). Check: scripts/backup.sh --offsite-only"
    return 1
  fi
}
