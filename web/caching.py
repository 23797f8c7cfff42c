"""HTTP caching of answers that depend only on the index snapshot (and this release).

Such a view is marked @per_snapshot: its 200 answers carry a weak ETag naming the snapshot
and the release, and Cache-Control: public, max-age=CACHE_MAX_AGE; a request whose
If-None-Match holds that tag gets 304 before the view runs. A new snapshot changes the tag, so
browsers and the balancer's cache revalidate and get the new answer. The release part covers
what else shapes an answer: the code's version and the catalogue file.
"""

import hashlib
from functools import wraps

from flask import Response

import lookup
from lookup import catalogue

from . import context, db, i18n, results
from .wrappers import has_header


def release_of(app):
    """A short digest of the code version and the catalogue the app serves."""
    path = app.config.get("CATALOGUE_PATH") or catalogue.DEFAULT_PATH
    digest = hashlib.sha256(lookup.__version__.encode())
    try:
        with open(path, "rb") as handle:
            digest.update(handle.read())
    except OSError:
        pass
    return digest.hexdigest()[:12]


def current_tag():
    """The ETag of this snapshot, release and language, or None while no index is built."""
    tag = snapshot_tag()
    # A page in German is another answer than the same page in English (web/i18n.py).
    return None if tag is None else f"{tag}-{i18n.current()}"


def snapshot_tag():
    """'<generation>-<snapshot>-<release>', or None while no index is built. Worked out once a
    request: the ETag and every template fragment (web/fragments.py) ask for it."""
    state = context.state()
    tag = state.get("_snapshot_tag")
    if tag is None:
        index = db.maybe_index()
        if index is None:
            return None
        release = context.app().extensions["lookup.release"]
        tag = state._snapshot_tag = index.remember(("snapshot_tag", release),
                                                   lambda: _tag_of(index, release))
    return tag


def _tag_of(index, release):
    # The generation counts commits: two in the same second share a snapshot time.
    snapshot = results.coverage(index, db.get_catalogue()).snapshot
    return f"{index.generation}-{snapshot}-{release}"


def per_snapshot(view):
    """Mark a view whose answer depends only on the snapshot: ETag, Cache-Control, 304."""
    @wraps(view)
    def cached(*args, **kwargs):
        tag = current_tag()
        request = context.this_request()
        # (request.if_none_match would parse an absent header into an empty set first.)
        if tag is not None and "HTTP_IF_NONE_MATCH" in request.environ \
                and request.if_none_match.contains_weak(tag):
            response = context.app().response_class(status=304)
            return _headers(response, tag)
        response = view(*args, **kwargs)
        if not isinstance(response, Response):  # (make_response's checks cost ~1.5 µs)
            response = context.app().make_response(response)
        if tag is not None and response.status_code == 200 \
                and not has_header(response.headers, "Cache-Control"):
            _headers(response, tag)
        return response
    return cached


def _headers(response, tag):
    # Added, not set: neither is there yet (set_etag and headers[...] = scan and check the
    # list for each). A tag holds no quote, so W/"tag" needs no escaping.
    response.headers.add("ETag", f'W/"{tag}"')
    response.headers.add("Cache-Control",
                         f"public, max-age={context.app().config['CACHE_MAX_AGE']}")
    return response


def init_app(app):
    """Work out the release once."""
    app.config.setdefault("CACHE_MAX_AGE", 300)
    app.extensions["lookup.release"] = release_of(app)
