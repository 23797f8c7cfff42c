#!/usr/bin/env bash
# Install into .venv, build the default index on first run, and start the site.
set -euo pipefail
cd "$(dirname "$0")"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -r requirements.txt
.venv/bin/python scripts/bootstrap.py --fetch
exec .venv/bin/python app.py "$@"
