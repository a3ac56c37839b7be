#!/bin/sh
# Run the whole test suite: the second command of the README. Installs what the tests need,
# including Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium).
set -eu
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if [ ! -x /usr/bin/chromium ] || ! python3 -m pip --version >/dev/null 2>&1; then
  as_root apt-get update
  as_root apt-get install -y chromium python3-pip
fi
PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --disable-pip-version-check --root-user-action=ignore -q -r requirements-test.txt
# acorn, pinned in package.json / package-lock.json, into node_modules/ (tests/test_search_runtime.py).
command -v npm >/dev/null 2>&1 || as_root apt-get install -y npm
npm ci --no-audit --no-fund --silent
exec python3 -m pytest "$@"
