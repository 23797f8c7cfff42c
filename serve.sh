#!/usr/bin/env bash
# Install into .venv, build the default index on first run, and start the site: gunicorn with
# deploy/gunicorn.conf.py on 127.0.0.1:${PORT:-5000}, and the channel worker beside it.
set -euo pipefail
cd "$(dirname "$0")"
# WeasyPrint (the PDF evidence reports) needs Debian's Pango and HarfBuzz; as root they are
# installed here, otherwise the site runs and says PDFs cannot be made (print to PDF instead).
# fonts-noto-cjk: the Chinese PDF reports (without it WeasyPrint draws boxes).
PDF_LIBS="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-cjk"
if ! dpkg -s $PDF_LIBS >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PDF_LIBS >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -r requirements.txt
.venv/bin/python scripts/bootstrap.py --fetch
.venv/bin/python scripts/channel_worker.py &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT
.venv/bin/gunicorn -c deploy/gunicorn.conf.py --bind "127.0.0.1:${PORT:-5000}" "$@"
