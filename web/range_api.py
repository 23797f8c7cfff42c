"""GET /api/v1/range/<prefix>: private lookups by hash range (k-anonymity; docs/api.md).

A client sends the first 5 hex digits of the SHA-256 of a video ID and gets every indexed
video under them, so the server never learns which of those videos (or which of the
thousands of unindexed YouTube videos under the same prefix) the client holds.
"""

import re

from flask import Blueprint, Response, jsonify, request

from lookup.errors import UserError
from lookup.index import ranges

from . import db, results

bp = Blueprint("range", __name__, url_prefix="/api/v1")

# A range changes only when an ingest commits. Clients and shared caches may keep an answer
# this long, then revalidate with If-None-Match: a 304 without a query until the next commit.
MAX_AGE = 300
NO_RANGES = ("This index was built before private lookups existed: its next ingest, or "
             "“python scripts/index.py recount”, adds the hash ranges they need.")


@bp.route("/range/", defaults={"prefix": ""})
@bp.route("/range/<prefix>")
def hash_range(prefix):
    """Every indexed video whose ID's SHA-256 starts with prefix, with datasets and clips."""
    number = ranges.parse_prefix(prefix)
    index = db.get_index()
    if not ranges.available(index.conn):
        raise UserError(NO_RANGES, 503)
    etag = f"{index.generation}.{re.sub(r'[^0-9]', '', index.snapshot)}"
    if request.if_none_match.contains(etag):
        return _cacheable(Response(status=304), etag)
    videos = ranges.members(index.conn, number)
    cov = results.coverage(index, db.get_catalogue())
    body = {"prefix": prefix.lower(), "snapshot": index.snapshot or None,
            "generation": index.generation, "checked": cov.loaded_slugs,
            "count": len(videos),
            "videos": [{"video_id": video_id, "sha256": digest,
                        "datasets": [{"dataset": slug, "clip_count": clips}
                                     for slug, clips in hits]}
                       for video_id, digest, hits in videos]}
    return _cacheable(jsonify(body), etag)


def _cacheable(response, etag):
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response
