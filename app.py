"""The web site: create_app() builds the Flask app over one read-only index file."""

import os
from pathlib import Path

from lookup import paths
from lookup.youtube.channels import config_from_env
from web import (api, bulk, caching, channels, crossorigin, db, export, fragments, i18n,
                 jsonfast, limits, names, open_data, pages, range_api, saved, security, shedding,
                 urls, watch, wrappers)

ROOT = Path(__file__).resolve().parent


def create_app(config=None):
    """Flask app serving INDEX_PATH (config, then INDEX_PATH / FLASK_INDEX_PATH env)."""
    app = wrappers.App(__name__, template_folder=str(ROOT / "templates"),
                       static_folder=str(ROOT / "static"))
    app.json = jsonfast.OrjsonProvider(app)
    app.config.from_mapping(
        INDEX_PATH=os.environ.get("INDEX_PATH") or str(paths.INDEX),
        # How often a worker checks whether a new snapshot file was swapped in (replicas).
        INDEX_RECHECK_SECONDS=1.0,
        CATALOGUE_PATH=None,  # None: the bundled data/datasets.toml
        # A YouTube Takeout video list of 20,000 rows is about 2 MB; 4 MB leaves room.
        MAX_CONTENT_LENGTH=4 * 1024 * 1024,
        BULK_MAX_IDS=20_000,
        API_MAX_IDS=10_000,
        # gunicorn refuses request lines over 4094 bytes: 250 IDs of 12 bytes stay under it.
        SHAREABLE_MAX_IDS=250,
        PAGE_SIZE=50,
        JSON_SORT_KEYS=False,
        # Channels (lookup/youtube/channels.py): YOUTUBE_API_KEY, YOUTUBE_API_BASE and OEMBED_BASE
        # come from the environment; yt-dlp is tried unless YTDLP_ENABLED is False.
        CHANNEL_CACHE_PATH=str(paths.CHANNEL_CACHE),
        METADATA_PATH=str(paths.METADATA),
        NAMES_PATH=str(paths.NAMES),
        CHECKS_PATH=str(paths.CHECKS),  # saved checks: writable, never the index
        WATCH_PATH=str(paths.WATCH),  # watches (secret feed tokens): writable, never the index
        WATCH_FEED_ENTRIES=50,  # a feed shows the last 50 ingests that had news for it
        WATCH_FEED_VIDEOS=100,  # an entry lists up to 100 videos and links to the rest
        SNAPSHOTS_PATH=str(paths.SNAPSHOTS),  # offered on /data (web/open_data.py)
        CHANNEL_WAIT=0.5,  # seconds a request waits for a listing before showing progress
        CHANNEL_REFRESH_MIN_AGE=300,  # a listing younger than this is not redone on request
        CHANNEL_RETRY_MIN_AGE=60,  # nor a failed or partial one that ended less long ago
        CHANNEL_WAITERS=2,  # requests per process that may wait CHANNEL_WAIT at once
        # "process": listings run in scripts/channel_worker.py (serve.sh starts it); "thread":
        # in a thread of the app itself (tests, the development server).
        CHANNEL_WORKER="process",
        JOBS_MAX_QUEUED=100,  # listings waiting for the worker; past it, 503 + Retry-After
        # Load shedding (web/shedding.py): requests at work at once per process (0: no cap),
        # and the seconds a request may wait for a thread before it is answered 503 (0: any).
        MAX_ACTIVE_REQUESTS=0,
        HEAVY_MAX_ACTIVE=4,  # channel lookups and bulk checks at work at once per process
        SHED_QUEUED=0.05,
        PAGE_SHAPES=2048,  # video page shapes kept per process, ~10 kB each (0: none)
    )
    app.config.from_mapping(config_from_env())
    app.config.from_prefixed_env()  # FLASK_INDEX_PATH and friends
    app.config.from_mapping(config or {})
    db.init_app(app)
    i18n.init_app(app)
    caching.init_app(app)
    fragments.init_app(app)
    urls.init_app(app)
    security.init_app(app)
    crossorigin.init_app(app)
    channels.init_app(app)
    names.init_app(app)
    saved.init_app(app)
    watch.init_app(app)
    for blueprint in (pages.bp, bulk.bp, api.bp, export.bp, channels.bp, names.bp, saved.bp,
                      watch.bp, range_api.bp, open_data.bp):
        app.register_blueprint(blueprint)
    limits.init_app(app)
    shedding.init_app(app)
    return app


if __name__ == "__main__":  # the development server; ./serve.sh runs gunicorn and the worker
    create_app({"CHANNEL_WORKER": "thread"}).run(host="127.0.0.1",
                                                 port=int(os.environ.get("PORT", "5000")))
