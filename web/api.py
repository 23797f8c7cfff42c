"""The JSON API under /api/v1 (see web/openapi.json)."""

import gc
from contextlib import contextmanager

from flask import Blueprint, Response, abort, current_app, make_response, request

from lookup.errors import UserError
from lookup.ids import Parsed, canonical_id, parse

from . import bulkjson, channels, db, idlist, names, results, saved, serialize, watch
from .caching import per_snapshot
from .coverage import figures as coverage_figures
from .crossorigin import allow_cross_site
from .openapi import OPENAPI
from .pages import UNAVAILABLE
from .security import error_response

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _cov(index):
    return results.coverage(index, db.get_catalogue())


@bp.route("/lookup", methods=["GET"])
def lookup():
    """Any pasted text; says what it was understood as."""
    text = request.args.get("q", "")
    parsed = parse(text)
    if parsed.kind == "invalid":
        return error_response(400, parsed.message, query=text[:200], kind="invalid")
    if parsed.kind == "channel":
        return channels.api_answer(text, parsed)
    if parsed.kind == "name":
        return names.api_answer(parsed.value, text)
    if parsed.kind != "video":
        return error_response(501, UNAVAILABLE[parsed.kind], query=text[:200], kind=parsed.kind)
    index = db.get_index()
    found = results.videos(index, db.get_catalogue(), [parsed.value], captions=True)
    return serialize.lookup(text, parsed, _cov(index), found)


@bp.route("/lookup", methods=["POST"])
@allow_cross_site  # a read: any site's script may check a list, as with the GETs
def lookup_many():
    """A JSON list of IDs/links (or {"ids": [...]}), checked together."""
    body = _json_body()
    if isinstance(body, dict):
        body = body.get("ids")
    ids = idlist.from_items(body, current_app.config["API_MAX_IDS"])
    index = db.get_index()
    with _collector_paused():
        found, videos = bulkjson.videos(index, db.get_catalogue(), ids.video_ids)
        rejected = [{"input": text, "message": why} for text, why in ids.rejected]
        return serialize.bulk_with(ids.video_ids, rejected, _cov(index), found, videos,
                                   ids.mapped)


def _json_body():
    """The request's JSON, or None when it is not JSON; UserError(400) when nested too deep."""
    if not request.is_json:
        return None
    try:
        body = current_app.json.loads(request.get_data(cache=True))
    except RecursionError as error:  # a recursive decoder's way of refusing depth
        raise UserError(TOO_DEEP) from error
    except ValueError as error:  # orjson refuses depth as a decode error of its own
        if "depth" in str(error) or "recursion" in str(error).lower():
            raise UserError(TOO_DEEP) from None
        return None
    if _deeper_than(body, 2):  # {"ids": [...]} is as deep as any answer we take
        raise UserError(TOO_DEEP)
    return body


def _deeper_than(value, levels):
    """True when containers nest more than `levels` deep (checked without recursion)."""
    frontier = [value]
    for _ in range(levels):
        frontier = [item for v in frontier if isinstance(v, (list, dict))
                    for item in (v.values() if isinstance(v, dict) else v)]
    return any(isinstance(v, (list, dict)) for v in frontier)


TOO_DEEP = ("That JSON is nested too deeply to be a list of video IDs. Send a list of IDs or "
            "links, e.g. [\"dQw4w9WgXcQ\"].")


@contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector: a 10,000-ID answer allocates some 100,000 dicts and
    lists, none of them cyclic, and the collections they set off cost as much as building them.
    The collector's state is restored, not forced on."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@bp.route("/channels/<ref>")
def channel(ref):
    """A channel by ref key (as in /c/<ref>): 202 while listing its uploads, then the result."""
    return channels.api_answer(ref, channels.parse_ref(ref))


@bp.route("/jobs/<job_id>")
def job(job_id):
    """How far a channel listing has got."""
    return channels.api_job(job_id)


@bp.route("/names")
def names_search():
    """Channels and videos whose name is close to ?q=, with "did you mean" spellings."""
    return names.api_answer(request.args.get("q", ""))


@bp.route("/videos/<video_id>")
@per_snapshot
def video(video_id):
    """One video by its 11-character ID (a non-canonical ID answers for its canonical form)."""
    canonical = canonical_id(video_id)
    if canonical is None:
        raise UserError(f"{video_id[:40]} is not a valid YouTube video ID.", 404)
    index, catalogue = db.get_index(), db.get_catalogue()
    body = bulkjson.video_answer(index, catalogue, video_id, canonical)
    if body is not None:
        return Response(body, mimetype="application/json")
    # A video with captions: the generic path writes them.
    found = results.videos(index, catalogue, [canonical], captions=True)
    mapped = Parsed("video", canonical, mapped_from="" if canonical == video_id else video_id)
    return serialize.lookup(video_id, mapped, _cov(index), found)


@bp.route("/checks/<check_id>")
def saved_check(check_id):
    """A saved check as of its snapshot: every video checked, with the evidence."""
    return saved.json_answer(check_id)


@bp.route("/watches", methods=["POST"])
def watch_create():
    """Watch a saved check or a listed channel; the answer holds the secret feed address."""
    body, token = watch.api_create(_json_body())
    response = watch.secret(body, 201)
    response.headers["Location"] = body["page"]
    return response


@bp.route("/watches/<token>", methods=["GET"])
def watch_get(token):
    """A watch by its token: what it follows and what its feed says now."""
    return watch.secret(watch.api_get(token))


@bp.route("/watches/<token>", methods=["DELETE"])
def watch_stop(token):
    """Stop a watch: its feed answers 410 Gone from now on."""
    watch.api_stop(token)
    return watch.secret(make_response("", 204))


@bp.route("/datasets")
@per_snapshot
def datasets():
    """Every catalogue dataset, with index figures where loaded."""
    index = db.maybe_index()
    stats = {d.slug: d for d in index.datasets()} if index else {}
    return {**serialize.coverage(_cov(index)),
            "datasets": [serialize.dataset(ds, stats.get(slug))
                         for slug, ds in db.get_catalogue().items()]}


@bp.route("/datasets/<slug>")
@per_snapshot
def dataset(slug):
    """One dataset in full: catalogue facts and ingested files."""
    ds = db.get_catalogue().get(slug)
    if ds is None:
        abort(404)
    index = db.maybe_index()
    return serialize.dataset(ds, index.dataset(slug) if index else None, full=True)


@bp.route("/coverage")
@per_snapshot
def coverage():
    """Totals and pairwise overlaps of the loaded datasets."""
    index = db.get_index()
    return {**serialize.coverage(_cov(index)), "totals": index.totals(),
            "overlap": serialize.overlap(index),
            **serialize.coverage_figures(coverage_figures(index, db.get_catalogue()))}


@bp.route("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return Response(OPENAPI.read_text(encoding="utf-8"), mimetype="application/json")

