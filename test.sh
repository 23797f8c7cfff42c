#!/usr/bin/env bash
# Install everything the tests need into .venv (and, as root, Debian's chromium and nginx),
# then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")"
# chromium for the browser tests; nginx for the multi-host test (deploy/multihost_test.py).
missing=""
command -v chromium >/dev/null || missing="$missing chromium"
command -v nginx >/dev/null || missing="$missing nginx-light"
if [ -n "$missing" ] && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -r requirements-dev.txt
exec .venv/bin/python -m pytest "$@"
