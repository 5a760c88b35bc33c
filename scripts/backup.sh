#!/usr/bin/env bash
# Backs up the database with pg_dump in its custom format (compressed, restorable table by table
# with pg_restore) to $BACKUP_DIR/<database>-<UTC time>.dump and prints the file's path.
#
#   DATABASE_URL  the database to back up; when unset, the one scripts/run.sh uses (found as
#                 described in scripts/README-commands.md)
#   BACKUP_DIR    where backups go (default .local/backups in the repository)
#   BACKUP_KEEP   keep only the newest N backups of this database in BACKUP_DIR (default 0: keep all)
#
# pg_dump comes from PATH or else the newest /usr/lib/postgresql/*/bin; it must be at least as new
# as the server. Restore with scripts/restore.sh FILE NEWDB. Takes no arguments.
set -euo pipefail

# shellcheck source=scripts/lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"

[[ $# -eq 0 ]] || za_die "usage: scripts/backup.sh (configured by DATABASE_URL, BACKUP_DIR and BACKUP_KEEP)"

if [[ -n "${DATABASE_URL:-}" ]]; then
  # Exactly the database asked for: never fall back to another server, as ensure_postgres would.
  pg_reachable "$DATABASE_URL" || za_die "no PostgreSQL server answers at DATABASE_URL=$(pg_url_redacted "$DATABASE_URL")"
else
  ensure_postgres
fi

pg_dump=$(pg_find_tool pg_dump) || za_die "pg_dump not found on PATH nor in ${ZA_PG_LIB_DIR:-/usr/lib/postgresql}/*/bin (apt-get install postgresql-client)"
pg_restore=$(pg_find_tool pg_restore) || za_die "pg_restore not found (it comes with pg_dump: apt-get install postgresql-client)"

db=$(pg_url_db "$DATABASE_URL")
[[ -n "$db" ]] || za_die "DATABASE_URL names no database: $(pg_url_redacted "$DATABASE_URL")"
dir=${BACKUP_DIR:-$ZA_ROOT/.local/backups}
keep=${BACKUP_KEEP:-0}
[[ "$keep" =~ ^[0-9]+$ ]] || za_die "BACKUP_KEEP=$keep: want a whole number"
mkdir -p "$dir"
# the dump holds password hashes and personal phone numbers
chmod 700 "$dir" 2>/dev/null || true

file="$dir/$db-$(date -u +%Y%m%dT%H%M%SZ).dump"
[[ ! -e "$file" ]] || za_die "$file exists already (two backups within one second?)"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT

za_log "backing up $(pg_url_redacted "$DATABASE_URL") with $("$pg_dump" --version)"
started=$SECONDS
(umask 077 && "$pg_dump" --format=custom --compress=6 --no-password --file="$partial" --dbname="$DATABASE_URL") ||
  za_die "pg_dump failed (see above); nothing was written"
# A dump that pg_restore cannot read is no backup: check its table of contents before keeping it.
"$pg_restore" --list "$partial" >/dev/null || za_die "pg_restore cannot read the new dump; it was not kept"
mv "$partial" "$file"
trap - EXIT
za_log "wrote $file ($(du -h "$file" | cut -f1), $((SECONDS - started)) s)"

if ((keep > 0)); then
  # names sort by time: everything but the newest $keep goes
  mapfile -t old < <(find "$dir" -maxdepth 1 -type f -name "$db-*.dump" | LC_ALL=C sort -r | tail -n +$((keep + 1)))
  for f in "${old[@]}"; do
    rm -f -- "$f"
    za_log "removed old backup $f (BACKUP_KEEP=$keep)"
  done
fi

printf '%s\n' "$file"
