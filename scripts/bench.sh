#!/usr/bin/env bash
# Benchmarks the API on generated data at two scales (the city, and a province-sized set) and
# writes the figures into docs/benchmarks.md. For each scale it makes a fresh database
# za_bench_s<scale> (dropped first if it exists), migrates it, seeds it (`seed --demo --scale N`,
# timed), starts `serve` on a free port on 127.0.0.1 (RATE_LIMIT_RPS=0, a fixed JWT_SECRET), runs
# scripts/bench/main.go against it, stops the server and drops the database (unless BENCH_KEEP=1).
# Everything stays on 127.0.0.1, and every step is bounded in time.
#
#   BENCH_SCALES   scales to run (default "1 30")
#   BENCH_SECONDS  measuring time of each run, in seconds (default 20)
#   BENCH_WARMUP   warm-up before each run, in seconds (default 2)
#   BENCH_CLIENTS  concurrent clients (default "1,16")
#   BENCH_QUERIES  which requests (default "Q1,Q2,Q3,Q4,Q5")
#   BENCH_KEEP     1 keeps the databases afterwards (default: dropped)
#   BENCH_REUSE    1 reuses an existing, seeded za_bench_s<scale> instead of re-creating it, and
#                  keeps it (for re-measuring; the page shows the seed time of the last full run)
#   BENCH_DOC      the page to write (default docs/benchmarks.md; "" writes none)
#   BENCH_SEED_TIMEOUT  seconds one seed may take (default 3600)
#
# Results: .local/bench/results-s<scale>.json, server logs in .local/bench/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/postgres.sh
source scripts/lib/postgres.sh
cd "$ZA_ROOT"

SCALES=${BENCH_SCALES:-"1 30"}
SECONDS_EACH=${BENCH_SECONDS:-20}
WARMUP=${BENCH_WARMUP:-2}
CLIENTS=${BENCH_CLIENTS:-1,16}
QUERIES=${BENCH_QUERIES:-Q1,Q2,Q3,Q4,Q5}
REUSE=${BENCH_REUSE:-0}
# a reused database is kept unless BENCH_KEEP=0 says otherwise
KEEP=${BENCH_KEEP:-$REUSE}
DOC=${BENCH_DOC-docs/benchmarks.md}
SEED_TIMEOUT=${BENCH_SEED_TIMEOUT:-3600}
OUT="$ZA_ROOT/.local/bench"
# a fixed key: the figures must not depend on a per-start random one (nothing here is secret)
export JWT_SECRET=${BENCH_JWT_SECRET:-"zeroaccident-benchmark-key-not-for-production-0001"}
export RATE_LIMIT_RPS=0

step() { printf '\n==> %s\n' "$1" >&2; }

for s in $SCALES; do
  [[ "$s" =~ ^[1-9][0-9]*$ ]] || za_die "BENCH_SCALES: '$s' is not a positive integer"
done
[[ "$SECONDS_EACH" =~ ^[0-9]+([.][0-9]+)?$ ]] || za_die "BENCH_SECONDS: '$SECONDS_EACH' is not a number"
command -v go >/dev/null 2>&1 || za_die "go not found on PATH"

step "postgres"
ensure_postgres
BASE_URL=$DATABASE_URL
ADMIN_URL=$(pg_url_with_db "$BASE_URL" postgres)
read -r pg_host _ < <(pg_url_hostport "$BASE_URL")
case $pg_host in
  127.0.0.1 | localhost | ::1 | "" | /*) ;;
  *) za_die "DATABASE_URL points at $pg_host: the benchmark keeps all load on this machine (127.0.0.1)" ;;
esac

mkdir -p "$OUT"
step "build: go build -o .local/bench/zeroaccident ./server && go build -o .local/bench/bench ./scripts/bench"
go build -o "$OUT/zeroaccident" ./server
go build -o "$OUT/bench" ./scripts/bench

SERVER_PID=""
CURRENT_DB=""
stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
drop_db() {
  pg_psql -q -d "$ADMIN_URL" -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null
}
on_exit() {
  local rc=$?
  stop_server
  if [[ -n "$CURRENT_DB" && "$KEEP" != 1 ]]; then
    drop_db "$CURRENT_DB" || za_warn "could not drop $CURRENT_DB: drop it by hand"
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

results=()
for scale in $SCALES; do
  db=za_bench_s$scale
  url=$(pg_url_with_db "$BASE_URL" "$db")
  prev="$OUT/results-s$scale.json"
  seed_s=0
  migrate_s=0
  CURRENT_DB=$db
  exists=$(pg_psql -At -d "$ADMIN_URL" -c "SELECT 1 FROM pg_database WHERE datname = '$db'")
  if [[ "$REUSE" == 1 && "$exists" == 1 ]]; then
    step "scale $scale: reusing database $db"
    if [[ -f "$prev" ]]; then
      seed_s=$(sed -n 's/^  "seedSeconds": \([0-9.]*\),$/\1/p' "$prev")
      migrate_s=$(sed -n 's/^  "migrateSeconds": \([0-9.]*\),$/\1/p' "$prev")
    fi
  else
    step "scale $scale: fresh database $db"
    drop_db "$db"
    t0=$(now)
    DATABASE_URL=$url "$OUT/zeroaccident" migrate 2>"$OUT/migrate-s$scale.log" ||
      { cat "$OUT/migrate-s$scale.log" >&2; za_die "migrate failed"; }
    migrate_s=$(elapsed "$t0")
    step "scale $scale: seed --demo --scale $scale (log: .local/bench/seed-s$scale.log)"
    t0=$(now)
    if ! DATABASE_URL=$url timeout "$SEED_TIMEOUT" "$OUT/zeroaccident" seed --demo --scale "$scale" >"$OUT/seed-s$scale.log" 2>&1; then
      tail -n 20 "$OUT/seed-s$scale.log" >&2
      za_die "seed --demo --scale $scale failed or took over ${SEED_TIMEOUT}s"
    fi
    seed_s=$(elapsed "$t0")
    za_log "seeded in ${seed_s}s"
  fi

  step "scale $scale: serve (log: .local/bench/server-s$scale.log)"
  log="$OUT/server-s$scale.log"
  DATABASE_URL=$url LISTEN_ADDR=127.0.0.1:0 "$OUT/zeroaccident" serve >"$log" 2>&1 &
  SERVER_PID=$!
  addr=""
  for _ in $(seq 1 300); do
    addr=$(sed -n 's/.*"msg":"serving".*"addr":"\([^"]*\)".*/\1/p' "$log" | head -n1)
    [[ -n "$addr" ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 20 "$log" >&2; za_die "the server exited at start-up"; }
    sleep 0.2
  done
  [[ -n "$addr" ]] || za_die "the server did not start listening within 60 s (log: $log)"
  za_log "server on http://$addr"

  step "scale $scale: measure (${SECONDS_EACH}s per run, clients $CLIENTS)"
  DATABASE_URL=$url "$OUT/bench" run -api "http://$addr" -server-pid "$SERVER_PID" \
    -database-url "$url" -server-bin "$OUT/zeroaccident" -work-dir "$OUT" -explain-dir "$OUT" \
    -scale "$scale" -seconds "$SECONDS_EACH" -warmup "$WARMUP" -clients "$CLIENTS" -queries "$QUERIES" \
    -seed-seconds "$seed_s" -migrate-seconds "$migrate_s" -out "$prev"
  results+=("$prev")
  stop_server
  if [[ "$KEEP" != 1 ]]; then
    step "scale $scale: drop $db"
    drop_db "$db"
  fi
  CURRENT_DB=""
done

if [[ -n "$DOC" ]]; then
  step "report: $DOC"
  cmd="BENCH_SCALES=\"$SCALES\" BENCH_SECONDS=$SECONDS_EACH scripts/bench.sh"
  # every scale's latest results, also of scales not run this time
  all=()
  for f in "$OUT"/results-s*.json; do [[ -e "$f" ]] && all+=("$f"); done
  "$OUT/bench" report -doc "$DOC" -command "$cmd" "${all[@]}"
fi
