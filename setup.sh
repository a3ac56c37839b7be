#!/bin/sh
# Install what the site needs and build it: the first command of the README.
set -eu
cd "$(dirname "$0")"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
need=""
python3 -m pip --version >/dev/null 2>&1 || need="$need python3-pip"
# Tesseract and its Simplified Chinese model: `build.py import` reads scanned PDFs with them.
command -v tesseract >/dev/null 2>&1 || need="$need tesseract-ocr"
[ -f /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || need="$need tesseract-ocr-chi-sim"
if [ -n "$need" ]; then
  as_root apt-get update
  # shellcheck disable=SC2086
  as_root apt-get install -y $need
fi
# Debian marks its Python as externally managed; this machine is a build machine, so allow it.
PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --disable-pip-version-check --root-user-action=ignore -q -r requirements.txt
python3 build.py
