#!/usr/bin/env bash
# Makes sure headless Chromium and its driver are installed, for the console's browser tests
# (src/test/java/io/middlemile/web/console/ConsoleBrowserTest.java runs this script once before they start).
# They come from Debian's packages `chromium` and `chromium-driver`: nothing downloads a browser build of its own.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi

fail() {
  echo "ensure-chromium: $1" >&2
  echo "ensure-chromium: the console's browser tests need /usr/bin/chromium and /usr/bin/chromedriver;" \
       "install them with: apt-get install -y chromium chromium-driver (as root, on Debian or Ubuntu)" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "Chromium is missing and this machine has no apt-get to install it"
if [[ "$(id -u)" != 0 ]]; then
  fail "Chromium is missing and installing it needs root (this is user $(id -un))"
fi

echo "ensure-chromium: installing chromium and chromium-driver from Debian's packages (once per machine)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || fail "apt-get update failed: is Debian's package mirror reachable?"
apt-get install -y -qq --no-install-recommends chromium chromium-driver >&2 \
  || fail "apt-get install chromium chromium-driver failed (see above)"
[[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] \
  || fail "apt-get installed the packages, but /usr/bin/chromium or /usr/bin/chromedriver is still missing"
echo "ensure-chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)" >&2
