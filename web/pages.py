"""The human pages: paste box, video result, datasets, coverage, methodology, removal help."""

from itertools import repeat

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from lookup.catalogue import fact_sources
from lookup.errors import UserError
from lookup.i18n import N_
from lookup.ids import canonical_id, parse

from . import channels, db, export, i18n, idlist, pageshape, removal, results, urls
from .caching import per_snapshot
from .coverage import figures as coverage_figures
from .coverage import not_loaded
from .openapi import endpoints

bp = Blueprint("pages", __name__)

UNAVAILABLE = {
    "channel": channels.UNAVAILABLE,
    "playlist": N_("Playlist lookups are not available on this server yet."),
}


@bp.app_context_processor
def _index_ready():
    return {"index_ready": db.maybe_index() is not None}


WATCH_FROM = N_("Watch from %(time)s on YouTube")


# One row of a video page's clip table. The values go in already safe: the link is escaped, a
# timecode ("1:02:03.4", "—") needs no escaping, the label is translated markup (as _() gives
# it in a template) and a caption is escaped.
_ROW = ('\n    <tr>\n      <td><a href="%s" aria-label="%s">%s</a></td>\n      <td>%s</td>\n'
        '      <td>%s</td>\n    </tr>\n    ')
_NO_CAPTION = '<span class="muted">—</span>'


@bp.app_template_global()
def clip_table(hit):
    """The <tr> rows of a DatasetHit's clip table, as Markup: the start (a link to that moment
    on YouTube), the end and the caption of each clip, in time order.

    Written directly rather than by a macro: a found video's page has a few datasets of a few
    clips each, and through Jinja these rows took ~30 µs a dataset, as long as all the rest of
    filling in a page from its shape (web/pageshape.py)."""
    label = i18n.gettext(WATCH_FROM.template)
    captions = hit.hit.captions() or repeat(None)
    # urls.youtube_url() escaped: an ID is base64url, so only the & before t= needs it.
    link = urls.youtube_url(hit.video_id)
    rows = []
    for (start, end), caption in zip(hit.spans, captions):
        shown = urls.timecode(None if start is None else start / 1000)
        rows.append(_ROW % (link if start is None else f"{link}&amp;t={start // 1000}s",
                            label % {"time": shown}, shown,
                            urls.timecode(None if end is None else end / 1000),
                            f"<q>{escape(caption)}</q>" if caption else _NO_CAPTION))
    return Markup("".join(rows))


def _coverage():
    return results.coverage(db.maybe_index(), db.get_catalogue())


@bp.route("/")
def home():
    """The paste box and what a check covers."""
    return render_template("home.html", coverage=_coverage())


@bp.route("/lookup")
def lookup():
    """Any pasted text: a video, channel or name goes to its page; the rest, an honest answer."""
    text = request.args.get("q", "")
    parsed = parse(text)
    fmt = request.args.get("format")
    if parsed.kind == "video":
        params = {"t": parsed.start, "from": parsed.mapped_from or None, "format": fmt}
        return redirect(urls.video(parsed.value, **{k: v for k, v in params.items()
                                                    if v is not None}))
    if fmt == "json":
        return redirect(url_for("api.lookup", q=text))
    if parsed.kind == "invalid":
        page = render_template("home.html", coverage=_coverage(), query=text,
                               error=parsed.message)
        return page, 400
    if parsed.kind == "name":
        return redirect(url_for("names.names", q=parsed.value))
    if parsed.kind == "channel" and channels.enabled():
        return redirect(channels.lookup_url(parsed))
    return render_template("unavailable.html", parsed=parsed, query=text,
                           message=UNAVAILABLE[parsed.kind], coverage=_coverage())


@bp.route("/v/<video_id>")
@per_snapshot
def video(video_id):
    """One video: every dataset holding it, with clips, captions and provenance."""
    canonical = canonical_id(video_id)
    if canonical is None:
        raise UserError(parse(video_id).message or N_("%(id)s is not a YouTube video ID.",
                                                      id=video_id[:40]), 404)
    args = request.args
    if canonical != video_id:  # an old spelling of the ID: one address per video
        params = urls.carried(args, "t", "format")
        return redirect(urls.video(canonical, **{"from": video_id}, **params), code=301)
    fmt = args.get("format")
    if fmt == "json":
        return redirect(urls.api_video(video_id))
    if fmt == "csv":
        return export.video_response(video_id)
    result = results.video(db.get_index(), db.get_catalogue(), video_id)
    return pageshape.render(result, coverage=_coverage(), start=args.get("t", type=int),
                            mapped_from=_mapped_from(video_id, args.get("from", "")))


def _mapped_from(video_id, pasted):
    """The old spelling the visitor pasted for video_id, when ?from= holds one."""
    return pasted if pasted != video_id and canonical_id(pasted) == video_id else ""


@bp.route("/removal")
def removal_help():
    """Ready-to-send removal requests for the given IDs, one per dataset."""
    ids, requests = _removal_requests()
    return render_template("removal.html", requests=requests, video_ids=ids.video_ids,
                           attachment_url=lambda slug: url_for(
                               "pages.removal_attachment", slug=slug,
                               ids=urls.ids_param(ids.video_ids)))


@bp.route("/removal/<slug>.txt")
def removal_attachment(slug):
    """The list of videos that goes with a long removal request, as a text file."""
    return removal.attachment_response(_removal_requests()[1], slug)


def _removal_requests():
    ids = idlist.from_text(request.args.get("ids", ""), current_app.config["BULK_MAX_IDS"])
    if not ids.video_ids:
        raise UserError(N_("Give one or more video IDs, e.g. /removal?ids=dQw4w9WgXcQ."))
    found = [r for r in results.videos(db.get_index(), db.get_catalogue(), list(ids.video_ids))
             if r.found]
    return ids, removal.build(found, db.get_catalogue())


@bp.route("/datasets")
@per_snapshot
def datasets():
    """Every catalogue dataset with its size in the index, or "not loaded yet"."""
    if request.args.get("format") == "json":
        return redirect(url_for("api.datasets"))
    index = db.maybe_index()
    stats = {d.slug: d for d in index.datasets()} if index else {}
    return render_template("datasets.html", catalogue=db.get_catalogue(), stats=stats,
                           coverage=_coverage(), out_of_scope=db.get_out_of_scope())


@bp.route("/datasets/<slug>")
@per_snapshot
def dataset(slug):
    """One dataset: catalogue facts and what was ingested."""
    ds = db.get_catalogue().get(slug)
    if ds is None:
        abort(404)
    if request.args.get("format") == "json":
        return redirect(url_for("api.dataset", slug=slug))
    index = db.maybe_index()
    stats = index.dataset(slug) if index else None
    parents = [db.get_catalogue()[p] for p in ds.derived_from]
    return render_template("dataset.html", ds=ds, stats=stats, parents=parents,
                           readers=results.readers(stats.sources if stats else ()),
                           fact_sources=fact_sources(ds), coverage=_coverage())


@bp.route("/coverage")
@per_snapshot
def coverage():
    """Figures for researchers: sizes, overlaps and growth of the loaded datasets."""
    if request.args.get("format") == "json":
        return redirect(url_for("api.coverage"))
    figures = coverage_figures(db.maybe_index(), db.get_catalogue())
    return render_template("coverage.html", coverage=_coverage(), figures=figures,
                           not_loaded=not_loaded(figures, db.get_catalogue()))


@bp.route("/methodology")
def methodology():
    """How the index is built and what a result does and does not mean."""
    return render_template("methodology.html", coverage=_coverage(),
                           out_of_scope=db.get_out_of_scope())


@bp.route("/api")
def api_docs():
    """The API, for people."""
    return render_template("api.html", limit=current_app.config["API_MAX_IDS"],
                           endpoints=endpoints())
