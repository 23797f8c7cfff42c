"""Run the channel worker: the listings of channel uploads that the site's web workers queue.

One per host, beside gunicorn, over the same CHANNEL_CACHE_PATH (./serve.sh starts both). It
reads the same settings as the site (environment, FLASK_* names), claims queued listings for
up to JOBS_MAX_RUNNING threads, and says it is alive every JOBS_STALE/4 seconds; while it is
down, channel lookups answer 503 and video lookups carry on. SIGTERM or Ctrl-C: it stops
claiming, lets the running listings finish, and exits 0.

Examples:
  python scripts/channel_worker.py
  YOUTUBE_API_KEY=... FLASK_JOBS_MAX_RUNNING=8 python scripts/channel_worker.py -v
"""

import logging
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from lookup import cli  # noqa: E402
from lookup.youtube.worker import Worker  # noqa: E402


def main(argv=None):
    """Run until SIGTERM or SIGINT; returns the exit code."""
    p = cli.parser(__doc__, "channel_worker.py")
    p.add_argument("-v", "--verbose", action="store_true", help="log every listing")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s channel-worker %(levelname)s %(message)s")
    # The site's own settings, so the worker and the web workers agree on every path and key.
    app = create_app({"CHANNEL_WORKER": "process"})
    worker = Worker(app.extensions["lookup.channels"].channels)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: worker.stop.set())
    worker.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
