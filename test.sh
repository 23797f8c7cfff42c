#!/usr/bin/env bash
# Install everything the tests need into .venv (and Debian's chromium for the browser tests),
# then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v chromium >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -r requirements-dev.txt
exec .venv/bin/python -m pytest "$@"
