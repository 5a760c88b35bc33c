# shellcheck shell=bash
# PostgreSQL bring-up for scripts/run.sh and scripts/test.sh. Source it, then call ensure_postgres:
#
#   1. DATABASE_URL is set and its server answers          -> use it as it is;
#   2. else 127.0.0.1:5432 answers (and, where psql exists to tell, lets user postgres in without
#      a password)                                          -> postgres://postgres@127.0.0.1:5432/zeroaccident;
#   3. else a project-local cluster (trust auth, 127.0.0.1:55432) under .local/postgres/, made from
#      Debian's server binaries in /usr/lib/postgresql/*/bin (installed with apt-get when missing
#      and running as root)                                 -> postgres://postgres@127.0.0.1:55432/zeroaccident.
#
# It exports DATABASE_URL. Whether the credentials work is checked by the server's `migrate`
# sub-command, which also creates the database when it is missing: a fresh machine has no psql.
#
# Knobs (mostly for testing this file): ZA_SKIP_DEFAULT_PG=1 skips step 2; ZA_PG_PORT (55432) is
# the local cluster's port; ZA_PG_LIB_DIR (/usr/lib/postgresql) is where server binaries are looked for.

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ZA_PG_DEFAULT_URL="postgres://postgres@127.0.0.1:5432/zeroaccident?sslmode=disable"

# pg_find_tool NAME: print the path of a PostgreSQL client program, from PATH or else from the
# newest /usr/lib/postgresql/*/bin (Debian keeps the server's binaries off PATH).
pg_find_tool() {
  local name=$1 dir
  if command -v "$name" >/dev/null 2>&1; then
    command -v "$name"
    return 0
  fi
  while IFS= read -r dir; do
    if [[ -x "$dir/$name" ]]; then
      printf '%s\n' "$dir/$name"
      return 0
    fi
  done < <(pg_bindirs)
  return 1
}

# pg_bindirs: the server binary folders, newest version first.
pg_bindirs() {
  local lib=${ZA_PG_LIB_DIR:-/usr/lib/postgresql} d
  for d in "$lib"/*/bin; do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && printf '%s\n' "$d"
  done | sort -rV
}

# pg_psql ARGS...: run psql (from PATH or the server binaries). Fails with a clear message if
# there is none.
pg_psql() {
  local psql
  psql=$(pg_find_tool psql) || {
    printf 'error: psql not found on PATH nor in %s/*/bin (apt-get install postgresql-client)\n' \
      "${ZA_PG_LIB_DIR:-/usr/lib/postgresql}" >&2
    return 127
  }
  PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10} "$psql" -X -w "$@"
}

# pg_url_redacted URL: URL with its password hidden, for messages.
pg_url_redacted() {
  # shellcheck disable=SC2001
  sed -e 's#^\([a-z]*://[^:/@]*\):[^@/]*@#\1:***@#' -e 's#password=[^ ]*#password=***#' <<<"$1"
}

# pg_url_with_db URL DB: the same connection with another database name
# (URL form postgres://... or key=value form).
pg_url_with_db() {
  local url=$1 db=$2
  case $url in
    postgres://* | postgresql://*)
      local scheme=${url%%://*} rest=${url#*://} query=""
      if [[ "$rest" == *\?* ]]; then
        query="?${rest#*\?}"
        rest=${rest%%\?*}
      fi
      printf '%s://%s/%s%s\n' "$scheme" "${rest%%/*}" "$db" "$query"
      ;;
    *)
      if [[ "$url" =~ (^|[[:space:]])dbname=[^[:space:]]* ]]; then
        # shellcheck disable=SC2001
        sed -e "s/\(^\|[[:space:]]\)dbname=[^[:space:]]*/\1dbname=$db/" <<<"$url"
      else
        printf '%s dbname=%s\n' "$url" "$db"
      fi
      ;;
  esac
}

# pg_url_db URL: the database name in URL.
pg_url_db() {
  local url=$1
  case $url in
    postgres://* | postgresql://*)
      local rest=${url#*://}
      rest=${rest%%\?*}
      [[ "$rest" == */* ]] && printf '%s\n' "${rest#*/}"
      ;;
    *)
      [[ "$url" =~ (^|[[:space:]])dbname=([^[:space:]]*) ]] && printf '%s\n' "${BASH_REMATCH[2]}"
      ;;
  esac
}

# pg_url_hostport URL: print "HOST PORT" of the (first) server in URL; empty host = local socket.
pg_url_hostport() {
  local url=$1 host="" port=5432
  case $url in
    postgres://* | postgresql://*)
      local auth=${url#*://}
      auth=${auth%%[/?]*}
      auth=${auth##*@}
      auth=${auth%%,*}
      if [[ "$auth" == \[* ]]; then # [ipv6]:port
        host=${auth%%]*}
        host=${host#[}
        [[ "$auth" == *]:* ]] && port=${auth##*]:}
      else
        host=${auth%%:*}
        [[ "$auth" == *:* ]] && port=${auth##*:}
      fi
      local query=""
      [[ "$url" == *\?* ]] && query="&${url#*\?}"
      [[ "$query" =~ \&host=([^\&]*) ]] && [[ -z "$host" ]] && host=${BASH_REMATCH[1]}
      [[ "$query" =~ \&port=([0-9]+) ]] && port=${BASH_REMATCH[1]}
      ;;
    *)
      [[ "$url" =~ (^|[[:space:]])host=([^[:space:]]*) ]] && host=${BASH_REMATCH[2]}
      [[ "$url" =~ (^|[[:space:]])port=([0-9]+) ]] && port=${BASH_REMATCH[2]}
      ;;
  esac
  printf '%s %s\n' "${host:-}" "${port:-5432}"
}

# pg_reachable URL: true if a PostgreSQL server answers at URL. Uses pg_isready where there is
# one, else opens a TCP connection with bash's /dev/tcp (a fresh machine has neither psql nor
# pg_isready). It does not authenticate.
pg_reachable() {
  local url=$1 isready host port
  if isready=$(pg_find_tool pg_isready); then
    "$isready" -q -t 3 -d "$url" >/dev/null 2>&1
    return
  fi
  read -r host port < <(pg_url_hostport "$url")
  if [[ -z "$host" || "$host" == /* ]]; then
    # A unix socket: look for it in the usual place.
    [[ -S "${host:-/var/run/postgresql}/.s.PGSQL.$port" ]]
    return
  fi
  za_port_open "$host" "$port"
}

# pg_login_ok URL: 0 if psql can log in at URL without a password prompt, 1 if it cannot,
# 2 if there is no psql to tell.
pg_login_ok() {
  local psql
  psql=$(pg_find_tool psql) || return 2
  PGCONNECT_TIMEOUT=5 "$psql" -X -w -q -At -d "$1" -c 'select 1' >/dev/null 2>&1 && return 0
  return 1
}

# ensure_postgres: find or start a PostgreSQL server and export DATABASE_URL (see the top of this file).
ensure_postgres() {
  if [[ -n "${DATABASE_URL:-}" ]]; then
    if pg_reachable "$DATABASE_URL"; then
      za_log "PostgreSQL: using DATABASE_URL=$(pg_url_redacted "$DATABASE_URL")"
      export DATABASE_URL
      return 0
    fi
    za_warn "DATABASE_URL is set but no server answers there ($(pg_url_redacted "$DATABASE_URL")); looking for another PostgreSQL"
  fi

  if [[ "${ZA_SKIP_DEFAULT_PG:-}" != 1 ]] && pg_reachable "$ZA_PG_DEFAULT_URL"; then
    local rc=0
    pg_login_ok "$(pg_url_with_db "$ZA_PG_DEFAULT_URL" postgres)" || rc=$?
    if [[ $rc -ne 1 ]]; then
      export DATABASE_URL=$ZA_PG_DEFAULT_URL
      za_log "PostgreSQL: using the server on 127.0.0.1:5432 (DATABASE_URL=$DATABASE_URL)"
      return 0
    fi
    # e.g. Debian's own cluster, which asks for a password on TCP connections.
    za_log "PostgreSQL: 127.0.0.1:5432 answers but does not let user postgres in without a password; using the project's own cluster"
  fi

  pg_local_cluster_up
  export DATABASE_URL="postgres://postgres@127.0.0.1:${ZA_PG_PORT:-55432}/zeroaccident?sslmode=disable"
  za_log "PostgreSQL: using the project's cluster (DATABASE_URL=$DATABASE_URL)"
}

# pg_local_root: the folder that holds the local cluster (data/, run/, postgres.log).
pg_local_root() {
  # Normally .local/postgres in the repository (ignored by git). As root the cluster runs as the
  # postgres user (initdb refuses root), which must be able to reach the folder: when the
  # repository or one of its parents is not traversable by postgres (a checkout under /root, say),
  # the cluster lives in /var/tmp instead, in a folder named after a hash of the repository path
  # so that two checkouts never share one.
  if za_is_root && ! runuser -u postgres -- test -x "$ZA_ROOT" 2>/dev/null; then
    printf '/var/tmp/zeroaccident-pg-%s\n' "$(printf '%s' "$ZA_ROOT" | sha256sum | cut -c1-12)"
  else
    printf '%s\n' "$ZA_ROOT/.local/postgres"
  fi
}

# _pg_as_owner CMD...: run CMD as the cluster's owner: postgres when we are root, else ourselves.
_pg_as_owner() {
  if za_is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# _pg_ensure_server_binaries: make sure /usr/lib/postgresql/*/bin has a server, installing
# Debian's postgresql package when there is none and we are root.
_pg_ensure_server_binaries() {
  if [[ -n "$(pg_bindirs)" ]] && { ! za_is_root || id postgres >/dev/null 2>&1; }; then
    return 0
  fi
  if ! za_is_root; then
    za_die "no PostgreSQL server found: DATABASE_URL is unset or unreachable, nothing usable answers on 127.0.0.1:5432, and there are no server binaries in ${ZA_PG_LIB_DIR:-/usr/lib/postgresql}/*/bin. Install PostgreSQL ('sudo apt-get install -y postgresql') or set DATABASE_URL to a server you can use, then try again."
  fi
  za_log "PostgreSQL server binaries not found: installing Debian's postgresql package"
  # Debian's package may also create and start its own cluster on 5432; we do not use it (it
  # asks for a password over TCP) and leave it alone.
  za_apt_install postgresql
  [[ -n "$(pg_bindirs)" ]] || za_die "postgresql was installed but there are no server binaries in ${ZA_PG_LIB_DIR:-/usr/lib/postgresql}/*/bin"
  id postgres >/dev/null 2>&1 || za_die "postgresql was installed but there is no postgres user"
}

# pg_local_cluster_up: initialise (once) and start (if stopped) the project's own cluster.
pg_local_cluster_up() {
  local port=${ZA_PG_PORT:-55432} bindir root data run logf ver
  _pg_ensure_server_binaries
  bindir=$(pg_bindirs | head -n1)
  root=$(pg_local_root)
  data=$root/data
  run=$root/run
  logf=$root/postgres.log
  # A unix socket path must stay under ~107 bytes: fall back to a short folder for deep checkouts.
  if ((${#run} > 90)); then
    run=/var/tmp/zeroaccident-pg-sock-$(printf '%s' "$root" | sha256sum | cut -c1-12)
  fi

  if [[ -e "$ZA_ROOT/.local" && "$root" == "$ZA_ROOT/.local/postgres" ]]; then
    chmod a+x "$ZA_ROOT/.local" 2>/dev/null || true
  fi
  mkdir -p "$root" "$run"
  if za_is_root; then
    chown -R postgres:postgres "$root" "$run"
  fi
  chmod 700 "$root"
  chmod 700 "$run"

  if [[ -f "$data/PG_VERSION" ]]; then
    # Reuse the cluster, with the binaries of the version that made it.
    ver=$(<"$data/PG_VERSION")
    local lib=${ZA_PG_LIB_DIR:-/usr/lib/postgresql}
    [[ -x "$lib/$ver/bin/pg_ctl" ]] ||
      za_die "the cluster in $data was made by PostgreSQL $ver, whose binaries are not in $lib/$ver/bin: install postgresql-$ver, or delete $data to start afresh"
    bindir=$lib/$ver/bin
  else
    za_log "PostgreSQL: initialising a cluster in $data ($bindir)"
    local locale=C
    locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$' && locale=C.UTF-8
    _pg_as_owner mkdir -p "$data"
    if ! _pg_as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 \
      --locale="$locale" >"$root/initdb.log" 2>&1; then
      cat "$root/initdb.log" >&2
      za_die "initdb failed (log above, also in $root/initdb.log)"
    fi
  fi

  if _pg_as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    za_log "PostgreSQL: the project's cluster is already running ($data)"
  else
    if za_port_open 127.0.0.1 "$port"; then
      za_die "port $port on 127.0.0.1 is taken by another program, so the project's cluster in $data cannot start: stop that program or set ZA_PG_PORT to a free port"
    fi
    za_log "PostgreSQL: starting the project's cluster on 127.0.0.1:$port (log: $logf)"
    if ! _pg_as_owner "$bindir/pg_ctl" -D "$data" -w -t 60 -l "$logf" \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$run'" \
      start >/dev/null 2>&1; then
      tail -n 30 "$logf" >&2 2>/dev/null || true
      za_die "the project's PostgreSQL cluster did not start (log above, also in $logf)"
    fi
  fi
  if ! "$bindir/pg_isready" -q -t 10 -h 127.0.0.1 -p "$port"; then
    za_die "the project's PostgreSQL cluster is running but does not answer on 127.0.0.1:$port (log: $logf)"
  fi
}

# pg_local_cluster_stop: stop the project's own cluster if it runs (for developers; nothing calls it).
pg_local_cluster_stop() {
  local root data ver
  root=$(pg_local_root)
  data=$root/data
  [[ -f "$data/PG_VERSION" ]] || return 0
  ver=$(<"$data/PG_VERSION")
  _pg_as_owner "${ZA_PG_LIB_DIR:-/usr/lib/postgresql}/$ver/bin/pg_ctl" -D "$data" -w stop -m fast
}
