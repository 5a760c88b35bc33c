# shellcheck shell=bash
# Helpers shared by scripts/run.sh, scripts/test.sh and the other scripts/lib files.
# Source it; it defines functions and ZA_ROOT (the repository root) and changes nothing else.

if [[ -n "${ZA_COMMON_SH_LOADED:-}" ]]; then
  return 0
fi
ZA_COMMON_SH_LOADED=1

# shellcheck disable=SC2034 # used by the scripts that source this file
ZA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"

# Messages go to stderr so that functions can print results on stdout.
za_log() { printf '    %s\n' "$*" >&2; }
za_warn() { printf 'warning: %s\n' "$*" >&2; }
za_die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

za_is_root() { [[ "$(id -u)" -eq 0 ]]; }

# za_apt_install PKG...: install Debian packages as root, non-interactively; runs
# `apt-get update` once per process.
za_apt_install() {
  za_is_root || za_die "need root to install $*: run 'sudo apt-get install -y $*' and try again"
  command -v apt-get >/dev/null 2>&1 || za_die "apt-get not found: install $* with your system's package manager"
  export DEBIAN_FRONTEND=noninteractive
  if [[ -z "${ZA_APT_UPDATED:-}" ]]; then
    za_log "apt-get update"
    apt-get update -qq >&2 || za_die "apt-get update failed"
    ZA_APT_UPDATED=1
  fi
  za_log "apt-get install -y $*"
  apt-get install -y -qq --no-install-recommends "$@" >&2 || za_die "apt-get install $* failed"
}

# za_port_open HOST PORT: true if a TCP connection to HOST:PORT succeeds within 3 s.
# Uses bash's /dev/tcp, so it needs no extra tools.
za_port_open() {
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# za_free_port: print a free TCP port on 127.0.0.1 (asks the kernel through Node.js,
# which both README commands need anyway).
za_free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

# za_http_status URL: print the HTTP status code of GET URL ("000" if no answer).
# Uses curl when present, else bash's /dev/tcp (plain http://host:port/path only).
za_http_status() {
  local url=$1
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" 2>/dev/null || true
    return 0
  fi
  local rest=${url#http://} hostport path host port line
  hostport=${rest%%/*}
  path=/${rest#*/}
  [[ "$rest" == */* ]] || path=/
  host=${hostport%:*}
  port=${hostport##*:}
  [[ "$hostport" == *:* ]] || port=80
  # shellcheck disable=SC2016 # expanded by the inner bash
  line=$(timeout 5 bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n" "$3" "$1" >&3
    IFS= read -r l <&3 && printf "%s" "$l"' _ "$host" "$port" "$path" 2>/dev/null) || true
  # "HTTP/1.1 200 OK"
  line=${line#HTTP/* }
  line=${line%% *}
  if [[ "$line" =~ ^[0-9]{3}$ ]]; then printf '%s' "$line"; else printf '000'; fi
}
