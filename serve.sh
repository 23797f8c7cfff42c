#!/usr/bin/env bash
# Install into .venv, build the default index on first run, and start the site: gunicorn with
# deploy/gunicorn.conf.py on 127.0.0.1:${PORT:-5000}, and the channel worker beside it.
set -euo pipefail
cd "$(dirname "$0")"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -r requirements.txt
.venv/bin/python scripts/bootstrap.py --fetch
.venv/bin/python scripts/channel_worker.py &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT
.venv/bin/gunicorn -c deploy/gunicorn.conf.py --bind "127.0.0.1:${PORT:-5000}" "$@"
