#!/usr/bin/env bash
# Runs every test of the project, fail-fast: Go vet, the generated-code checks (gqlgen and the
# frontend's GraphQL codegen), the frontend's type check, unit tests and build, the Go tests
# (against PostgreSQL, with the built SPA embedded) and the browser tests (Chromium against a
# real server on a fresh database). Needs Go, Node.js 20 / npm and network access to the
# package registries; PostgreSQL and Chromium are found or installed (see scripts/lib/).
# Honours DATABASE_URL. Takes no arguments. CI runs it through .ci/run.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/postgres.sh
source scripts/lib/postgres.sh
# shellcheck source=scripts/lib/chromium.sh
source scripts/lib/chromium.sh
ROOT=$ZA_ROOT
cd "$ROOT"

if [[ $# -ne 0 ]]; then
  za_die "scripts/test.sh takes no arguments (it always runs every test)"
fi

# --- steps and the closing summary -------------------------------------------------------------

STEP_NAMES=()
STEP_RESULTS=()
STEP_SECONDS=()
CURRENT_STEP=""
STEP_STARTED=0
RUN_STARTED=$SECONDS

# step NAME: end the current step (as passed) and start the next one.
step() {
  end_step ok
  CURRENT_STEP=$1
  STEP_STARTED=$SECONDS
  printf '\n==> %s\n' "$1"
}

end_step() {
  if [[ -n "$CURRENT_STEP" ]]; then
    STEP_NAMES+=("$CURRENT_STEP")
    STEP_RESULTS+=("$1")
    STEP_SECONDS+=($((SECONDS - STEP_STARTED)))
    CURRENT_STEP=""
  fi
}

print_summary() {
  local rc=$1 i failed=""
  printf '\n==> summary\n'
  for i in "${!STEP_NAMES[@]}"; do
    printf '    %-7s %5ss  %s\n' "${STEP_RESULTS[$i]}" "${STEP_SECONDS[$i]}" "${STEP_NAMES[$i]}"
    [[ "${STEP_RESULTS[$i]}" == FAILED ]] && failed=${STEP_NAMES[$i]}
  done
  local total=$((SECONDS - RUN_STARTED))
  if [[ $rc -eq 0 ]]; then
    printf 'scripts/test.sh: all %d steps succeeded in %dm%02ds\n' "${#STEP_NAMES[@]}" $((total / 60)) $((total % 60))
  else
    printf 'scripts/test.sh: FAILED at step "%s" (exit code %d) after %dm%02ds\n' "${failed:-?}" "$rc" $((total / 60)) $((total % 60))
  fi
}

on_exit() {
  local rc=$?
  set +e
  if [[ $rc -ne 0 ]]; then end_step FAILED; else end_step ok; fi
  e2e_cleanup
  print_summary "$rc"
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- helpers ---------------------------------------------------------------------------------

# tree_digest DIR: one line per file under DIR with its checksum (nothing if DIR is missing).
tree_digest() {
  if [[ -d "$1" ]]; then
    find "$1" -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
  fi
}

# check_generated DIR HOW -- CMD...: run the generator CMD and fail if it changed anything under
# DIR. Comparing DIR before and after (files added, removed or changed) is what
# `git diff --exit-code -- DIR` plus "no untracked files" tells in a fresh clone, and it also
# holds in a work tree with uncommitted edits.
check_generated() {
  local dir=$1 how=$2 before after
  shift 3
  before=$(tree_digest "$dir")
  "$@"
  after=$(tree_digest "$dir")
  if [[ "$before" != "$after" ]]; then
    printf 'files under %s that the generator changed, added or removed:\n' "$dir" >&2
    diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | grep '^[<>]' | awk '{print "    " $NF}' | sort -u >&2 || true
    if command -v git >/dev/null 2>&1 && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
      git status --short -- "$dir" >&2 || true
    fi
    za_die "generated code is stale: run $how (and commit the result)"
  fi
  if command -v git >/dev/null 2>&1 && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    local untracked
    untracked=$(git ls-files --others --exclude-standard -- "$dir")
    if [[ -n "$untracked" ]]; then
      printf '%s\n' "$untracked" | sed 's/^/    untracked: /' >&2
      za_die "generated code is not committed: run $how and add these files"
    fi
  fi
}

ensure_gitkeep() {
  if [[ ! -e frontend/dist/.gitkeep ]]; then
    mkdir -p frontend/dist
    : >frontend/dist/.gitkeep
    za_log "recreated frontend/dist/.gitkeep (the build removed it)"
  fi
}

need_tool() {
  command -v "$1" >/dev/null 2>&1 || za_die "$1 not found on PATH: $2"
}

# --- browser-test server and database (stopped and dropped on exit, also on failure) ---------

E2E_DB=""
E2E_ADMIN_URL=""
SERVER_PID=""
SERVER_LOG="$ROOT/.local/e2e/server.log"

e2e_cleanup() {
  if [[ -n "$SERVER_PID" ]]; then
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      kill -TERM "$SERVER_PID" 2>/dev/null || true
      local i
      for i in $(seq 1 50); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.2
      done
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
  if [[ -n "$E2E_DB" ]]; then
    local db=$E2E_DB admin
    E2E_DB=""
    for admin in postgres template1; do
      if pg_psql -q -v ON_ERROR_STOP=1 -d "$(pg_url_with_db "$E2E_ADMIN_URL" "$admin")" \
        -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1; then
        za_log "dropped database $db"
        return 0
      fi
    done
    za_warn "could not drop database $db (no psql, or the server refused): drop it by hand"
  fi
}

# --- the steps -------------------------------------------------------------------------------

step "tools"
need_tool go "install Go (https://go.dev/doc/install)"
need_tool node "install Node.js 20"
need_tool npm "install npm (it comes with Node.js)"
za_log "$(go version)"
za_log "node $(node --version), npm $(npm --version)"

step "postgres"
ensure_postgres
export DATABASE_URL

step "go vet"
go vet ./...

step "gqlgen: generated code is current"
check_generated graph "go run github.com/99designs/gqlgen generate" -- \
  go run github.com/99designs/gqlgen generate

step "frontend: npm ci"
(cd frontend && npm ci --no-audit --no-fund)

step "frontend: codegen is current"
check_generated frontend/src/graphql/generated "cd frontend && npm run codegen" -- \
  bash -c 'cd frontend && npm run codegen'

step "frontend: typecheck"
(cd frontend && npm run typecheck)

step "frontend: unit tests"
(cd frontend && npm test)

step "frontend: build"
(cd frontend && npm run build)
ensure_gitkeep
[[ -f frontend/dist/index.html ]] || za_die "npm run build left no frontend/dist/index.html"

step "go test"
go test -count=1 ./...

step "browser tests (e2e)"
ensure_chromium
go build -o bin/zeroaccident ./server
E2E_ADMIN_URL=$DATABASE_URL
E2E_DB="za_e2e_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
e2e_url=$(pg_url_with_db "$DATABASE_URL" "$E2E_DB")
za_log "database $E2E_DB"
DATABASE_URL=$e2e_url bin/zeroaccident migrate
DATABASE_URL=$e2e_url bin/zeroaccident seed --demo
port=$(za_free_port)
base_url="http://127.0.0.1:$port"
mkdir -p "$(dirname "$SERVER_LOG")" "$ROOT/screenshots"
za_log "starting bin/zeroaccident serve on $base_url (log: $SERVER_LOG)"
DATABASE_URL=$e2e_url LISTEN_ADDR="127.0.0.1:$port" bin/zeroaccident serve >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
deadline=$((SECONDS + 60))
until [[ "$(za_http_status "$base_url/readyz")" == 200 ]]; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    tail -n 40 "$SERVER_LOG" >&2 || true
    za_die "the server exited before it was ready (log above, also in $SERVER_LOG)"
  fi
  if ((SECONDS >= deadline)); then
    tail -n 40 "$SERVER_LOG" >&2 || true
    za_die "the server did not answer GET /readyz with 200 within 60 s (log above, also in $SERVER_LOG)"
  fi
  sleep 0.5
done
za_log "server ready"
if ! (cd frontend && E2E_BASE_URL=$base_url E2E_SCREENSHOT_DIR="$ROOT/screenshots" npm run e2e); then
  printf 'last lines of the server log (%s):\n' "$SERVER_LOG" >&2
  tail -n 40 "$SERVER_LOG" >&2 || true
  za_die "browser tests failed (screenshots in $ROOT/screenshots)"
fi
# The GraphQL-over-HTTP conformance audit, against the same server: fails on a MUST audit only.
if ! (cd frontend && E2E_BASE_URL=$base_url node e2e/graphql-http-audit.mjs); then
  printf 'last lines of the server log (%s):\n' "$SERVER_LOG" >&2
  tail -n 40 "$SERVER_LOG" >&2 || true
  za_die "the GraphQL-over-HTTP audit found a MUST failure (list above)"
fi
e2e_cleanup
