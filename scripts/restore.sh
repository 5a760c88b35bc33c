#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into a NEW database on the same server as
# DATABASE_URL:
#
#   scripts/restore.sh FILE NEWDB
#
# It creates NEWDB (from template0) and runs pg_restore into it in one transaction. It refuses to
# touch a database that exists already, so it can never overwrite live data; to switch over, stop
# the servers, point DATABASE_URL at NEWDB (or rename the databases) and start them again. If the
# restore fails, the half-made NEWDB is dropped again.
#
#   DATABASE_URL  any database on the server to restore to (its credentials are used); when
#                 unset, the one scripts/run.sh uses
set -euo pipefail

# shellcheck source=scripts/lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"

[[ $# -eq 2 ]] || za_die "usage: scripts/restore.sh FILE NEWDB"
file=$1
newdb=$2
[[ -f "$file" && -r "$file" ]] || za_die "$file: no such readable file"
# a plain identifier: it goes into SQL and a URL
[[ "$newdb" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || za_die "NEWDB=$newdb: use lower-case letters, digits and _ (at most 63), starting with a letter or _"

if [[ -n "${DATABASE_URL:-}" ]]; then
  pg_reachable "$DATABASE_URL" || za_die "no PostgreSQL server answers at DATABASE_URL=$(pg_url_redacted "$DATABASE_URL")"
else
  ensure_postgres
fi
pg_restore=$(pg_find_tool pg_restore) || za_die "pg_restore not found on PATH nor in ${ZA_PG_LIB_DIR:-/usr/lib/postgresql}/*/bin (apt-get install postgresql-client)"
pg_find_tool psql >/dev/null || za_die "psql not found on PATH nor in ${ZA_PG_LIB_DIR:-/usr/lib/postgresql}/*/bin (apt-get install postgresql-client)"

"$pg_restore" --list "$file" >/dev/null || za_die "$file is not a backup pg_restore can read (made by scripts/backup.sh?)"

admin_url=$(pg_url_with_db "$DATABASE_URL" postgres)
target_url=$(pg_url_with_db "$DATABASE_URL" "$newdb")

# (psql expands :'name' only in what it reads, not in -c)
exists=$(pg_psql -At -v ON_ERROR_STOP=1 -v name="$newdb" -d "$admin_url" \
  <<<"SELECT count(*) FROM pg_database WHERE datname = :'name'") || za_die "cannot query the server at $(pg_url_redacted "$admin_url")"
[[ "$exists" == 0 ]] || za_die "database $newdb exists already: restore.sh never overwrites a database (pick another name, or drop it yourself first)"

# CREATE DATABASE fails on its own if someone created the name meanwhile: still no overwrite.
pg_psql -q -v ON_ERROR_STOP=1 -d "$admin_url" -c "CREATE DATABASE \"$newdb\" TEMPLATE template0 ENCODING 'UTF8'" ||
  za_die "could not create database $newdb"

created=1
cleanup() {
  if [[ -n "${created:-}" ]]; then
    za_warn "restore failed: dropping the half-made database $newdb"
    pg_psql -q -d "$admin_url" -c "DROP DATABASE IF EXISTS \"$newdb\" WITH (FORCE)" >/dev/null 2>&1 ||
      za_warn "could not drop $newdb: drop it by hand"
  fi
}
trap cleanup EXIT

za_log "restoring $file into $newdb on $(pg_url_redacted "$admin_url") with $("$pg_restore" --version)"
started=$SECONDS
# --no-owner/--no-privileges: the restoring user owns everything, whichever roles made the dump
"$pg_restore" --dbname="$target_url" --no-owner --no-privileges --exit-on-error --single-transaction --no-password "$file" ||
  za_die "pg_restore failed (see above)"
pg_psql -q -v ON_ERROR_STOP=1 -d "$target_url" -c "ANALYZE" >/dev/null || za_warn "ANALYZE failed; run it by hand for good query plans"
created=""
trap - EXIT
za_log "restored into $newdb in $((SECONDS - started)) s: $(pg_url_redacted "$target_url")"
