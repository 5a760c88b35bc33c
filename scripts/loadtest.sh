#!/usr/bin/env bash
# Load and fault test: a fresh PostgreSQL cluster of its own (so that restarting it disturbs
# nothing else), the demo data (`server migrate`, `server seed --demo`), the server on a free
# 127.0.0.1 port without rate limits, and scripts/loadtest (Go) running concurrent clients with a
# realistic mix of reads and writes for LOADTEST_SECONDS. PostgreSQL is restarted once at half
# time. Afterwards the program checks against the database that every acknowledged write is
# stored and nothing else changed, prints requests, errors by kind, latency percentiles and
# "N passed, N failed", and exits non-zero when an invariant fails.
#
#   LOADTEST_SECONDS   how long the clients run (default 60, 5-600)
#   LOADTEST_CLIENTS   concurrent clients (default 16, 1-64)
#   LOADTEST_RESTART   1 (default): restart PostgreSQL at half time; 0: no fault
#
# Traffic goes to 127.0.0.1 only, and everything stops by itself: the cluster, the server and its
# data are removed at the end (the server log and the log of acknowledged writes are kept under
# .local/loadtest/). It takes LOADTEST_SECONDS plus about 30 s. Not part of scripts/test.sh.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/postgres.sh
source scripts/lib/postgres.sh
ROOT=$ZA_ROOT
cd "$ROOT"

[[ $# -eq 0 ]] || za_die "usage: scripts/loadtest.sh (configured by LOADTEST_SECONDS, LOADTEST_CLIENTS, LOADTEST_RESTART)"
seconds=${LOADTEST_SECONDS:-60}
clients=${LOADTEST_CLIENTS:-16}
restart=${LOADTEST_RESTART:-1}
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds < 5 || seconds > 600)); then
  za_die "LOADTEST_SECONDS=$seconds: want 5-600"
fi
if ! [[ "$clients" =~ ^[0-9]+$ ]] || ((clients < 1 || clients > 64)); then
  za_die "LOADTEST_CLIENTS=$clients: want 1-64"
fi
[[ "$restart" == 0 || "$restart" == 1 ]] || za_die "LOADTEST_RESTART=$restart: want 0 or 1"
command -v go >/dev/null 2>&1 || za_die "go not found on PATH"

_pg_ensure_server_binaries
bindir=$(pg_bindirs | head -n1)

# The cluster lives in /var/tmp (not in the checkout): as root it runs as the postgres user, who
# must reach its folder, and its socket path must stay short.
work=$(mktemp -d /var/tmp/za-loadtest-XXXXXX)
data=$work/data
run=$work/run
mkdir -p "$run"
if za_is_root; then
  chown -R postgres:postgres "$work"
fi
out="$ROOT/.local/loadtest/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

cleanup() {
  local rc=$?
  set +e
  if [[ -f "$data/postmaster.pid" ]]; then
    _pg_as_owner "$bindir/pg_ctl" -D "$data" -w -t 30 -m fast stop >/dev/null 2>&1 ||
      _pg_as_owner "$bindir/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1
  fi
  [[ -f "$work/postgres.log" ]] && cp "$work/postgres.log" "$out/postgres.log" 2>/dev/null
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port=$(za_free_port)
za_log "PostgreSQL: a cluster of its own for the load test in $data, on 127.0.0.1:$port ($bindir)"
locale=C
locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$' && locale=C.UTF-8
_pg_as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale="$locale" >"$work/initdb.log" 2>&1 ||
  {
    cat "$work/initdb.log" >&2
    za_die "initdb failed"
  }
pg_opts="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$run' -c max_connections=100"
_pg_as_owner "$bindir/pg_ctl" -D "$data" -w -t 60 -l "$work/postgres.log" -o "$pg_opts" start >/dev/null ||
  {
    tail -n 30 "$work/postgres.log" >&2
    za_die "the load test's PostgreSQL did not start"
  }

# the restart the Go program runs at half time: a fast shutdown (in-flight transactions abort)
# and a start, as an operator's `systemctl restart postgresql` does
restart_script=$work/restart-postgres.sh
{
  printf '#!/usr/bin/env bash\nset -euo pipefail\n'
  if za_is_root; then
    printf 'exec runuser -u postgres -- %q -D %q -w -t 60 -m fast -l %q -o %q restart\n' "$bindir/pg_ctl" "$data" "$work/postgres.log" "$pg_opts"
  else
    printf 'exec %q -D %q -w -t 60 -m fast -l %q -o %q restart\n' "$bindir/pg_ctl" "$data" "$work/postgres.log" "$pg_opts"
  fi
} >"$restart_script"
chmod 755 "$restart_script"

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/zeroaccident?sslmode=disable"
za_log "building the server and the load test"
go build -o "$work/server" ./server
go build -o "$work/loadtest" ./scripts/loadtest
za_log "fresh database with the demo data"
for cmd in migrate "seed --demo"; do
  # shellcheck disable=SC2086 # "seed --demo" is two words
  if ! "$work/server" $cmd >>"$out/setup.log" 2>&1; then
    tail -n 20 "$out/setup.log" >&2
    za_die "server $cmd failed (log: $out/setup.log)"
  fi
done

args=(-server "$work/server" -db "$DATABASE_URL" -clients "$clients" -duration "${seconds}s" -out "$out")
if [[ "$restart" == 1 ]]; then
  args+=(-restart "$restart_script")
fi
za_log "logs: $out"
"$work/loadtest" "${args[@]}"
