"""Video pages rendered once per shape, then filled in for each video.

Two video pages of the same shape differ only in the video ID, each dataset's line number, clip
count and clip rows, and the page's total of clips. The shape is all the rest a page depends
on: the request's language, address (scheme, host, script root, query string) and snapshot, and
the video's datasets with their sources and whether they give clip times (the derived datasets
follow from those). A count is a hole only where the language words it as it words the
stand-in counts (the same plural form: in English, any count but 1); other counts are part of
the shape. Rendering a found video's page through Jinja costs ~500 µs; filling a shape in, ~25 µs.

A shape is rendered once with stand-ins (STAND_IN for the video ID, in the page's address too;
a large number for each line and each count that is a hole, whose sum is the total; a
placeholder for each clip table) and cut around them. Before it
is kept it is filled in for the video that asked for it and compared with that video's plain
rendering; a shape that does not give the same page byte for byte is not used (the page is
rendered plainly each time, and a warning logged), so a template that comes to depend on
something the key leaves out costs speed, not correctness.
"""

import dataclasses
import logging
import re

from flask import current_app, render_template, request
from markupsafe import Markup, escape

from . import caching, i18n, results
from . import context as ctx

log = logging.getLogger(__name__)

STAND_IN = "~~~~~~~~~~~"  # not a video ID (base64url has no "~"), which no quoting changes
_LINE = 987_654_321_000_000  # + the dataset's position: a line number no file reaches
_COUNT = 876_543_210_000_000  # + the dataset's position: a clip count no dataset reaches
_ROWS = "\x00clips {}\x00"
# What of the request the page shows, besides its path: language aside (i18n.current()).
_ADDRESS = ("wsgi.url_scheme", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME",
            "QUERY_STRING")


def render(result, **context):
    """render_template("video.html", result=result, **context) for the current request, by way
    of the video's shape: the page as str when rendered, as UTF-8 bytes when filled in. context
    must follow from the request's address and the snapshot (the key holds those, not context).
    The app keeps up to PAGE_SHAPES shapes (0: none); past it, the store starts again."""
    app = ctx.app()
    most = app.config["PAGE_SHAPES"]
    if not most:
        return render_template("video.html", result=result, **context)
    store = app.extensions.setdefault("lookup.page_shapes", {})
    key = _key(result)
    shape = store.get(key)
    if shape:
        return shape.fill(result)
    page = render_template("video.html", result=result, **context)
    if shape is None:
        if len(store) >= most:
            store.clear()
        store[key] = _checked(Shape.of(result, context), result, page)
    return page


def _key(result):
    environ = ctx.this_request().environ
    plural = i18n.catalogue().plural
    return (i18n.current(), caching.snapshot_tag(), *map(environ.get, _ADDRESS),
            _counted(result.clip_total, plural),
            tuple((hit.slug, _counted(hit.clip_count, plural), hit.source.id, not hit.spans)
                  for hit in result.hits))


def _counted(count, plural):
    """A count as the key holds it: None where the page words it as it words the stand-ins
    (the same plural form, so the number is a hole), else the count itself."""
    return None if plural(count) == plural(_COUNT) else count


def _checked(shape, result, page):
    """shape when it gives page for result, else False."""
    if shape.fill(result) == page.encode():
        return shape
    log.warning("the video page of %s does not fill in from its shape; rendered plainly",
                result.video_id)
    return False


class Shape:
    """A video page cut around its per-video parts: pieces of text, and between each two, a
    hole ("id", 0), ("total", 0), or ("line", n), ("count", n) or ("rows", n) for the nth
    dataset."""

    def __init__(self, pieces, holes):
        # Kept as runs of pieces the video ID joins, and the other holes between runs: a page
        # names its video a dozen times, and bytes.join fills those in one call. Kept encoded:
        # a page with any character past ASCII (the language menu's 中文) is stored by Python
        # in two bytes a character, and encoding it whole took ~11 µs.
        pieces = [piece.encode() for piece in pieces]
        self.runs, self.holes = [[pieces[0]]], []
        for hole, piece in zip(holes, pieces[1:]):
            if hole[0] == "id":
                self.runs[-1].append(piece)
            else:
                self.holes.append(hole)
                self.runs.append([piece])

    @classmethod
    def of(cls, result, context):
        """The shape of result's page, rendered with stand-ins in a request for STAND_IN's
        address (same language, host and query)."""
        plural = i18n.catalogue().plural
        counted = [_counted(hit.clip_count, plural) is None for hit in result.hits]
        hits = tuple(dataclasses.replace(hit, video_id=STAND_IN, line=_LINE + n,
                                         clip_count=_COUNT + n if hole else hit.clip_count)
                     for n, (hit, hole) in enumerate(zip(result.hits, counted)))
        stand_in = dataclasses.replace(result, video_id=STAND_IN, hits=hits,
                                       url=results.youtube_url(STAND_IN))
        environ = dict(request.environ, PATH_INFO=f"/v/{STAND_IN}")
        with current_app.request_context(environ):
            page = render_template("video.html", result=stand_in, **context,
                                   clip_table=lambda hit: Markup(_ROWS.format(hit.line - _LINE)))
        tokens = {STAND_IN: ("id", 0)}
        if any(counted):  # else the total is the sum of counts the shape holds
            tokens[_number(stand_in.clip_total)] = ("total", 0)
        for n, hole in enumerate(counted):
            tokens[_number(_LINE + n)] = ("line", n)
            tokens[_ROWS.format(n)] = ("rows", n)
            if hole:
                # (With one dataset and no other count, the total is this same number: the
                # token then stands for both, and either fills in the same.)
                tokens[_number(_COUNT + n)] = ("count", n)
        pieces = re.split("(" + "|".join(map(re.escape, tokens)) + ")", page)
        return cls(pieces[::2], [tokens[token] for token in pieces[1::2]])

    def fill(self, result):
        """The page of result (a VideoResult of this shape), as UTF-8 bytes."""
        clip_table = ctx.app().jinja_env.globals["clip_table"]
        hits, video_id = result.hits, result.video_id.encode()
        out = [video_id.join(self.runs[0])]
        for (kind, n), run in zip(self.holes, self.runs[1:]):
            if kind == "rows":
                out.append(clip_table(hits[n]).encode())
            else:
                out.append(_number(result.clip_total if kind == "total" else
                                   hits[n].line if kind == "line" else hits[n].clip_count).encode())
            out.append(video_id.join(run))
        return b"".join(out)


def _number(value):
    return str(escape(i18n.number(value)))
