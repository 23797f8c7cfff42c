"""Bulk check: paste or upload many IDs (or a Takeout CSV); same layout as a channel result."""

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from lookup.errors import UserError
from lookup.i18n import N_

from . import collection, db, export, idlist, saved, serialize, urls
from .caching import per_snapshot
from .results import coverage

bp = Blueprint("bulk", __name__)


@bp.route("/bulk", methods=["GET"])
def form():
    """The bulk form."""
    return render_template("bulk.html", limit=current_app.config["BULK_MAX_IDS"])


@bp.route("/bulk", methods=["POST"])
def submit():
    """Read the list; go to its shareable URL when it fits, else save it and go to its permalink."""
    text = request.form.get("ids", "")
    upload = request.files.get("file")
    uploaded = idlist.decode(upload.read()) if upload and upload.filename else ""
    ids = idlist.from_texts([text, uploaded], current_app.config["BULK_MAX_IDS"])
    text = text or uploaded
    if not ids.video_ids:
        page = render_template("bulk.html", limit=current_app.config["BULK_MAX_IDS"],
                               error=N_("No YouTube video links or IDs were found in that input."),
                               text=text[:20_000], rejected=ids.rejected)
        return page, 400
    shareable = len(ids.video_ids) <= current_app.config["SHAREABLE_MAX_IDS"]
    if shareable and not ids.rejected_count and not ids.mapped_count:
        return redirect(urls.bulk_result(ids.video_ids), code=303)
    # Too long for a link, or with lines that were not video links to report: the check is
    # saved, and its permalink holds the IDs, the answer and what was left out.
    return redirect(url_for("saved.check", check_id=saved.save(ids.video_ids, ids=ids)),
                    code=303)


@bp.route("/bulk/result")
@per_snapshot
def result():
    """A shareable bulk result: ?ids=a,b,c&sort=clips&page=2 (&format=csv|json)."""
    ids = idlist.from_text(request.args.get("ids", ""), current_app.config["BULK_MAX_IDS"])
    if not ids.video_ids:
        raise UserError(N_("This link holds no valid YouTube video IDs."))
    index, catalogue = db.get_index(), db.get_catalogue()
    coll = collection.build(index, catalogue, ids.video_ids,
                            collection.list_title(len(ids.video_ids)))
    fmt = request.args.get("format")
    cov = coverage(index, catalogue)
    if fmt == "csv":
        return export.collection_csv(coll, cov)
    if fmt == "json":
        return serialize.bulk(ids.video_ids, _rejected(ids), cov, export.results_for(coll),
                              ids.mapped)
    page = collection.page(coll, request.args.get("sort"), request.args.get("page", 1, type=int),
                           current_app.config["PAGE_SIZE"])

    def link(**params):
        merged = {"sort": page.sort, "page": page.number, **params}
        return urls.bulk_result(ids.video_ids, **merged)

    return render_template("collection.html", coll=coll, page=page, link=link, ids=ids,
                           coverage=cov, details=collection.details_of(page))


def _rejected(ids):
    return [{"input": text, "message": why} for text, why in ids.rejected]
