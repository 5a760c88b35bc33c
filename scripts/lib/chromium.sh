# shellcheck shell=bash
# Chromium for the browser tests: Debian's package (/usr/bin/chromium). Source it, then call
# ensure_chromium; it exports E2E_CHROMIUM (read by frontend/e2e/run.mjs) and CHROMIUM_PATH.

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ensure_chromium() {
  local chromium=/usr/bin/chromium
  if [[ ! -x "$chromium" ]]; then
    za_is_root || za_die "Chromium is needed for the browser tests and $chromium is missing: install it with 'sudo apt-get install -y chromium' and try again"
    za_log "installing Debian's chromium package"
    za_apt_install chromium
    [[ -x "$chromium" ]] || za_die "chromium was installed but $chromium is missing"
  fi
  # The pages are in Chinese: without a CJK font the screenshots show boxes instead of text.
  if ! fc-list ':lang=zh' 2>/dev/null | grep -q .; then
    if za_is_root; then
      za_log "installing a Chinese font for the screenshots (fonts-noto-cjk)"
      za_apt_install fonts-noto-cjk
    else
      za_warn "no Chinese font is installed, so screenshots will show boxes instead of Chinese text ('sudo apt-get install -y fonts-noto-cjk')"
    fi
  fi
  export E2E_CHROMIUM=$chromium CHROMIUM_PATH=$chromium
  za_log "Chromium: $("$chromium" --version 2>/dev/null || echo "$chromium")"
}
