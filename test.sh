#!/usr/bin/env bash
# Install everything the tests need into .venv (and, as root, Debian's chromium for the browser
# tests, the Pango/HarfBuzz libraries WeasyPrint makes PDF reports with, and nginx for the
# multi-host test), then run the suite.
set -euo pipefail
cd "$(dirname "$0")"
# fonts-noto-cjk: the Chinese pages and PDF reports (without it chromium and WeasyPrint draw boxes).
PDF_LIBS="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-cjk"
missing=""
command -v chromium >/dev/null || missing="chromium"
dpkg -s $PDF_LIBS >/dev/null 2>&1 || missing="$missing $PDF_LIBS"
command -v nginx >/dev/null || missing="$missing nginx-light"
if [ -n "$missing" ] && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -r requirements-dev.txt
exec .venv/bin/python -m pytest "$@"
