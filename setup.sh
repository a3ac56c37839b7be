#!/bin/sh
# Install what the site needs and build it: the first command of the README.
set -eu
cd "$(dirname "$0")"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! python3 -m pip --version >/dev/null 2>&1; then
  as_root apt-get update
  as_root apt-get install -y python3-pip
fi
# Debian marks its Python as externally managed; this machine is a build machine, so allow it.
PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --disable-pip-version-check --root-user-action=ignore -q -r requirements.txt
python3 build.py
