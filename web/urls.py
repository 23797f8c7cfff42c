"""Every URL the site builds, in one place, plus the display filters templates share."""

import re
import sys
from urllib.parse import quote, urlencode

import flask
from flask import current_app, request

from .i18n import localise, number

YOUTUBE = "https://www.youtube.com/watch"
_BUILT_MAX = 20_000  # URLs remembered per app; past it the memory starts again


def url_for(endpoint, **values):
    """flask.url_for, remembered per app, script root and arguments.

    Building a URL costs ~5 µs (a remembered one ~2) and a page builds a dozen or two, mostly
    the same few (navigation, static files, dataset pages). The app registers no url_defaults or url_value_preprocessor,
    which would make the answer depend on more than the arguments.
    """
    if any(name.startswith("_") for name in values):  # _external and friends read the host
        return flask.url_for(endpoint, **values)
    built = current_app.extensions.setdefault("lookup.urls", {})
    try:
        key = (request.script_root, endpoint, *sorted(values.items()))
        url = built.get(key)
    except (TypeError, RuntimeError):  # unhashable values, or no request: build directly
        return flask.url_for(endpoint, **values)
    if url is None:
        if len(built) >= _BUILT_MAX:
            built.clear()
        url = built[key] = flask.url_for(endpoint, **values)
    return url


_STAND_IN = "__IDS__"
_PLAIN_IDS = re.compile(r"[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*").fullmatch


def _with_ids(endpoint, field, ids, **values):
    """url_for(endpoint, **{field: ids}, **values), remembered once for every ID: IDs (base64url,
    commas between) need no escaping in a path or query, so the URL built for a stand-in is cut
    around it. A page's own IDs would otherwise fill url_for's memory with one-off URLs."""
    if not _PLAIN_IDS(ids):
        return url_for(endpoint, **{field: ids}, **values)
    before, _, after = url_for(endpoint, **{field: _STAND_IN}, **values).partition(_STAND_IN)
    return before + ids + after


def youtube_url(video_id, seconds=None):
    """Link to a video on YouTube, at a moment when seconds is given."""
    # IDs are base64url (A-Z a-z 0-9 _ -), so they need no escaping; this runs per clip.
    url = f"{YOUTUBE}?v={video_id}"
    return url if seconds is None else f"{url}&t={int(seconds)}s"


def carried(args, *names):
    """The named request arguments a redirect passes on, and no others.

    Spreading request.args into url_for would let a query string set url_for's own arguments
    (_external=1 puts the request's Host header into Location) or collide with the route's
    (?ref=, ?key=), which is a TypeError.
    """
    return {name: args[name] for name in names if name in args}


def video(video_id, **params):
    """The shareable result page of one video."""
    return _with_ids("pages.video", "video_id", video_id, **params)


def lookup(text):
    """The shareable result page of any pasted text."""
    return url_for("pages.lookup", q=text)


def ids_param(video_ids):
    """IDs joined for a query string: commas need no escaping and IDs never contain one."""
    return ",".join(video_ids)


def bulk_result(video_ids, **params):
    """The shareable bulk result for a short list of IDs."""
    return _with_ids("bulk.result", "ids", ids_param(video_ids), **params)


def removal(video_ids):
    """The removal-request helper for some IDs."""
    return _with_ids("pages.removal_help", "ids", ids_param(video_ids))


def dataset(slug):
    """A dataset's page."""
    return url_for("pages.dataset", slug=slug)


def csv_for_ids(video_ids):
    """CSV export of a list of IDs."""
    return _with_ids("export.ids_csv", "ids", ids_param(video_ids))


def api_video(video_id):
    """The JSON twin of a video page."""
    return _with_ids("api.video", "video_id", video_id)


def mailto(address, subject, body):
    """A mailto: link with subject and body, percent-encoded as RFC 6068 asks."""
    # quote (not quote_plus): mail clients show a literal "+" for spaces.
    query = urlencode({"subject": subject, "body": body}, quote_via=quote)
    return f"mailto:{address}?{query}"


def timecode(seconds):
    """Seconds -> 'h:mm:ss' or 'm:ss', to the nearest tenth ('1:00', '0:12.5'): a tenth is
    shown when it is not zero. None -> '—'."""
    if seconds is None:
        return "—"
    # Rounded whole to tenths first, so that 59.97 s carries into 1:00 (not "0:59.0").
    whole, tenth = divmod(round(seconds * 10), 10)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"{text}.{tenth}" if tenth else text


def hours(seconds):
    """Seconds -> hours, with the language's thousands separator."""
    return "—" if seconds is None else localise(f"{seconds / 3600:,.0f}" if seconds >= 36000
                                                 else f"{seconds / 3600:,.1f}")


def day(stamp):
    """An ISO timestamp's date part."""
    return (stamp or "")[:10] or "—"


def init_app(app):
    """Make the builders and filters available to every template."""
    app.jinja_env.globals.update(urls=sys.modules[__name__], url_for=url_for)
    app.jinja_env.filters.update(num=number, timecode=timecode, hours=hours, day=day)
