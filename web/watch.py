"""Watching: a channel or a saved check followed by a secret Atom feed; public dataset feeds.

The watch's token is the only key to its page, its feed and its stop button, so those
responses are never cached by others, never indexed and never sent on as a Referer.
"""

import hashlib
import logging
import sqlite3

from flask import (Blueprint, current_app, make_response, redirect, render_template, request,
                   url_for)

from lookup.i18n import N_
from lookup.youtube.cache import ChannelCache
from lookup.errors import UserError
from lookup.feed import channel_videos, dataset_entries, watch_entries
from lookup.watch import WatchStore

from . import channels, db, feeds, i18n, results, saved
from .channel_jobs import failure_of, running

bp = Blueprint("watch", __name__)
log = logging.getLogger(__name__)
NOT_SAVED = N_("Watches cannot be made on this server right now. Try again later, or save the "
               "check and look at it again from time to time.")
NO_SUCH_WATCH = N_("There is no watch at this address. Check that the whole address was copied; "
                   "if you lost it, watch the channel or saved check again to get a new one.")
STOPPED = N_("This watch was stopped, so its feed has no news any more. Feed readers that ask "
             "for it are told it is gone.")
SECRET_HEADERS = {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow"}
# Feeds change only when an ingest commits (days apart); five minutes spares a busy reader's
# polls. A watch's feed may be kept by the reader's own cache only.
PRIVATE, PUBLIC = "private, max-age=300", "public, max-age=300"


def init_app(app):
    """Attach the watches file (WATCH_PATH, a writable SQLite file)."""
    app.extensions["lookup.watch"] = WatchStore(app.config["WATCH_PATH"])


def store():
    """The app's WatchStore."""
    return current_app.extensions["lookup.watch"]


def _write(make):
    """Run a write to the watches file; UserError(503) when it cannot be written."""
    try:
        return make()
    except (sqlite3.Error, OSError) as error:
        log.error("Watches cannot be written to %s: %s (set WATCH_PATH to a writable file)",
                  store().path, error)
        raise UserError(NOT_SAVED, 503) from None


def watch_check(check_id):
    """Watch the videos of a saved check; returns (token, Watch). UserError(404) if none."""
    check = saved.store().get(check_id)
    if check is None:
        raise UserError(saved.NO_SUCH_CHECK, 404)
    # Kept with the watch, in the language of the page that made it (its owner's).
    label = (check.label if check.kind == "channel" and check.label else
             i18n.plural("your list of %(num)s video", "your list of %(num)s videos",
                         len(check.video_ids)))
    return _write(lambda: store().create("list", check.id, label, check.video_ids))


def channel_uploads(ref):
    """(job, Uploads) of a channel listed on this site; Uploads is None until it is listed."""
    parsed = channels.parse_ref(ref)
    if not channels.enabled():
        raise UserError(channels.UNAVAILABLE, 503)
    jobs = channels.get_jobs()
    job = jobs.wait(jobs.start(parsed), current_app.config["CHANNEL_WAIT"])
    if running(job) or failure_of(job) is not None:
        return job, None
    return job, job.result


def watch_channel(uploads, ref):
    """Watch a listed channel; returns (token, Watch)."""
    label = channels.title_of(uploads, channels.parse_ref(ref))
    return _write(lambda: store().create("channel", uploads.channel_id, label,
                                         uploads.video_ids, uploads.handle))


def get(token):
    """The live Watch for a token; UserError 404 for none, 410 once stopped."""
    watch = store().get(token)
    if watch is None:
        raise UserError(NO_SUCH_WATCH, 404)
    if watch.stopped:
        raise UserError(STOPPED, 410)
    return watch


def followed(watch):
    """(Watch, video IDs) it follows now. A channel's are the ones it was made with, plus any
    that the saved video details or a newer upload list attribute to the channel since,
    which the watch then keeps."""
    if watch.kind != "channel":
        return watch, watch.video_ids
    config = current_app.config
    known = channel_videos(watch.target, db.get_metadata(),
                           ChannelCache(config["CHANNEL_CACHE_PATH"]), watch.handle)
    if set(known) - set(watch.video_ids):
        try:
            watch = store().add_videos(watch, known)
        except (sqlite3.Error, OSError) as error:  # the feed still answers; it learns later
            log.warning("Watch %s cannot learn new uploads: %s", watch.number, error)
            return watch, tuple(dict.fromkeys(watch.video_ids + known))
    return watch, watch.video_ids


def entries(video_ids, counted=None):
    """The watch feed's entries for these videos, newest first; clip counts for the first
    `counted` videos of each (None: all)."""
    return watch_entries(db.get_index(), video_ids, current_app.config["WATCH_FEED_ENTRIES"],
                         counted)


def feed_url(token):
    """The full address of a watch's feed."""
    return url_for("watch.feed", token=token, _external=True)


def page_url(token):
    """The full address of a watch's own page."""
    return url_for("watch.page", token=token, _external=True)


def watched_url(watch):
    """The page of what is watched: the channel's result or the saved check."""
    if watch.kind == "channel":
        key = f"id:{watch.target}" if watch.target else f"handle:{watch.handle.lower()}"
        return url_for("channels.channel", ref=key, _external=True)
    return saved.permalink(watch.target)


def secret(response, status=None):
    """A response reached by a token: not stored by others, indexed or passed on."""
    response = make_response(response) if status is None else make_response(response, status)
    response.headers.update(SECRET_HEADERS)
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.route("/watch", methods=["POST"])
def create():
    """Watch a saved check (check=ID) or a listed channel (channel=ref); then its page."""
    channel, check = request.form.get("channel"), request.form.get("check")
    if channel:
        uploads = channel_uploads(channel)[1]
        if uploads is None:
            return redirect(channels.page_url(channel), code=303)
        token = watch_channel(uploads, channel)[0]
    elif check:
        token = watch_check(check)[0]
    else:
        raise UserError(N_("Say what to watch: a saved check or a channel."))
    return secret(redirect(url_for("watch.page", token=token), code=303))


@bp.route("/watch/<token>")
def page(token):
    """What a watch follows, its feed's address, what the feed says now, and "stop"."""
    watch = store().get(token)
    if watch is None:
        raise UserError(NO_SUCH_WATCH, 404)
    if watch.stopped:
        return secret(render_template("watch_stopped.html", watch=watch), 410)
    watch, videos = followed(watch)
    index = db.maybe_index()
    found = entries(videos, 5) if index is not None else []
    return secret(render_template(
        "watch.html", watch=watch, token=token, videos=len(videos), entries=found,
        feed_url=feed_url(token), watched_url=watched_url(watch),
        names={e.dataset: results.name_of(db.get_catalogue(), e.dataset) for e in found},
        limit=current_app.config["WATCH_FEED_ENTRIES"]))


@bp.route("/watch/<token>/stop", methods=["POST"])
def stop(token):
    """Stop a watch: its feed answers 410 Gone from now on."""
    watch = store().get(token)
    if watch is None:
        raise UserError(NO_SUCH_WATCH, 404)
    _write(lambda: store().stop(token))
    return secret(render_template("watch_stopped.html", watch=watch, just_stopped=True))


@bp.route("/watch/<token>/feed.atom")
def feed(token):
    """The watch's Atom feed: an entry per ingest that added any of its videos."""
    watch, videos = followed(get(token))
    limit = current_app.config["WATCH_FEED_ENTRIES"]
    digest = hashlib.sha256(",".join(videos).encode()).hexdigest()
    validator = feeds.etag("watch", watch.number, digest, limit,
                           current_app.config["WATCH_FEED_VIDEOS"])
    cached = feeds.not_modified(validator, PRIVATE)
    if cached is not None:
        return secret(cached)
    shown = current_app.config["WATCH_FEED_VIDEOS"]
    atom = feeds.watch_feed(watch, entries(videos, shown), feed_url(token), watched_url(watch))
    return secret(feeds.response(atom, validator, PRIVATE))


@bp.route("/datasets/feed.atom")
def all_datasets_feed():
    """Public Atom feed: an entry per ingest that added videos to any dataset."""
    return _dataset_feed(None, url_for("watch.all_datasets_feed", _external=True),
                         url_for("pages.datasets", _external=True))


@bp.route("/datasets/<slug>/feed.atom")
def dataset_feed(slug):
    """Public Atom feed of one catalogue dataset: an entry per ingest that added videos."""
    if slug not in db.get_catalogue():
        raise UserError(N_("There is no dataset with that name in the catalogue."), 404)
    return _dataset_feed(slug, url_for("watch.dataset_feed", slug=slug, _external=True),
                         url_for("pages.dataset", slug=slug, _external=True))


def _dataset_feed(slug, self_url, alternate):
    limit = current_app.config["WATCH_FEED_ENTRIES"]
    validator = feeds.etag("dataset", slug, limit)
    cached = feeds.not_modified(validator, PUBLIC)
    if cached is not None:
        return cached
    index = db.get_index()
    atom = feeds.dataset_feed(slug, dataset_entries(index, limit, slug), self_url, alternate,
                              index.snapshot or "1970-01-01T00:00:00+00:00")
    return feeds.response(atom, validator, PUBLIC)


def as_json(watch, token, videos, found):
    """A watch and what its feed says now (GET /api/v1/watches/<token>)."""
    catalogue = db.get_catalogue()
    return {"kind": watch.kind, "label": watch.label,
            "channel_id": (watch.target or None) if watch.kind == "channel" else None,
            "check": watch.target if watch.kind == "list" else None,
            "created": watch.created, "videos": len(videos),
            "feed": feed_url(token), "page": page_url(token), "watched": watched_url(watch),
            "entries": [{"id": feeds.tag(e.committed, f"watch-{watch.number}/ingest-{e.ingest}"),
                         "ingest": e.ingest, "dataset": e.dataset,
                         "name": results.name_of(catalogue, e.dataset),
                         "committed": e.committed,
                         "videos": [{"video_id": v, "clips": n} for v, n in e.videos]}
                        for e in found]}


def api_create(body):
    """POST /api/v1/watches: {"check": ID} or {"channel": ref} -> (201 body, token) or an
    error response for a channel still being listed."""
    body = body if isinstance(body, dict) else {}
    check, channel = body.get("check"), body.get("channel")
    if isinstance(channel, str) and channel:
        job, uploads = channel_uploads(channel)
        if uploads is None:
            failure = failure_of(job)
            if failure is not None:
                raise UserError(failure.message, failure.status)
            raise UserError(N_("This channel's uploads are still being listed. Ask for "
                               "%(url)s until it is done, then try again.",
                               url=f"/api/v1/channels/{channel}"), 409)
        token, watch = watch_channel(uploads, channel)
    elif isinstance(check, str) and check:
        token, watch = watch_check(check)
    else:
        raise UserError(N_('Say what to watch: {"check": "<saved check ID>"} or '
                           '{"channel": "<ref, as in /c/<ref>>"}.'))
    watch, videos = followed(watch)
    return as_json(watch, token, videos, entries(videos)), token


def api_get(token):
    """GET /api/v1/watches/<token>."""
    watch, videos = followed(get(token))
    return as_json(watch, token, videos, entries(videos))


def api_stop(token):
    """DELETE /api/v1/watches/<token>: True when a watch was stopped."""
    if store().get(token) is None:
        raise UserError(NO_SUCH_WATCH, 404)
    return _write(lambda: store().stop(token))
