"""Saved checks: save any check under a permalink, reopen it as of its snapshot, and hang the
CSV, JSON, removal letters and the evidence report (HTML and PDF) off it."""

import logging
import shlex
import sqlite3

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from lookup.checks import CheckStore, answer
from lookup.errors import UserError
from lookup.i18n import N_

from . import channels, collection, db, export, idlist, removal, report, results, serialize
from .channel_jobs import failure_of, running

bp = Blueprint("saved", __name__)
log = logging.getLogger(__name__)
NOT_SAVED = N_("Checks cannot be saved on this server right now. The result pages still work: "
               "download the CSV to keep a result.")
NO_SUCH_CHECK = N_("There is no saved check at this address. Check the link, or paste your "
                   "videos again to make a new one.")


def init_app(app):
    """Attach the store of saved checks (CHECKS_PATH, a writable SQLite file)."""
    app.extensions["lookup.checks"] = CheckStore(app.config["CHECKS_PATH"])
    app.jinja_env.filters["shell"] = shlex.quote


def store():
    """The app's CheckStore."""
    return current_app.extensions["lookup.checks"]


def save(video_ids, kind="list", label="", ref="", ids=None):
    """Answer video_ids from the index now, store the check, and return its ID."""
    found = answer(db.get_index(), video_ids)
    rejected = ids.rejected if ids else ()
    try:
        return store().save(tuple(video_ids), found, kind, label, ref, rejected,
                            ids.rejected_count if ids else 0, ids.mapped if ids else (),
                            ids.mapped_count if ids else 0)
    except (sqlite3.Error, OSError) as error:
        log.error("Saved checks cannot be written to %s: %s (set CHECKS_PATH to a writable "
                  "file)", store().path, error)
        raise UserError(NOT_SAVED, 503) from None


def permalink(check_id, **params):
    """The full address of a saved check, for letters, reports and exports."""
    return url_for("saved.check", check_id=check_id, _external=True, **params)


@bp.route("/checks", methods=["POST"])
def create():
    """Save the posted IDs (ids=…) or a listed channel's uploads (channel=ref) and show it."""
    channel = request.form.get("channel")
    if channel:
        return redirect(_save_channel(channel), code=303)
    ids = idlist.from_text(request.form.get("ids", ""), current_app.config["BULK_MAX_IDS"])
    if not ids.video_ids:
        raise UserError(N_("There were no video IDs to save. Paste your videos again."))
    kind = "video" if len(ids.video_ids) == 1 else "list"
    return redirect(url_for("saved.check", check_id=save(ids.video_ids, kind, ids=ids)),
                    code=303)


def _save_channel(ref):
    parsed = channels.parse_ref(ref)
    if not channels.enabled():
        raise UserError(channels.UNAVAILABLE, 503)
    job = channels.get_jobs().wait(channels.get_jobs().start(parsed), 0)
    if running(job) or failure_of(job) is not None:
        return channels.page_url(ref)
    uploads = job.result
    limit = current_app.config["BULK_MAX_IDS"]
    if len(uploads.video_ids) > limit:
        raise UserError(N_("This channel lists %(count)s uploads; a saved check holds at most "
                           "%(limit)s. Download the CSV to keep the whole result.",
                           count=len(uploads.video_ids), limit=limit), 413)
    check_id = save(uploads.video_ids, "channel", channels.title_of(uploads, parsed), ref)
    return url_for("saved.check", check_id=check_id)


def get(check_id):
    """The SavedCheck, its results and coverage; UserError(404) when there is none."""
    check = store().get(check_id)
    if check is None:
        raise UserError(NO_SUCH_CHECK, 404)
    catalogue = db.get_catalogue()
    video_results = results.from_answer(catalogue, check.answer, check.video_ids)
    return check, video_results, results.coverage_of(check.answer, catalogue)


@bp.route("/s/<check_id>")
def check(check_id):
    """A saved check as of its snapshot (&format=csv|json), with "check again now"."""
    saved, video_results, cov = get(check_id)
    fmt = request.args.get("format")
    if fmt == "json":
        return redirect(url_for("api.saved_check", check_id=check_id))
    coll = collection.of_results(db.get_catalogue(), saved.video_ids, video_results,
                                 _title(saved))
    if fmt == "csv":
        return export.collection_csv(coll, cov, f"check-{check_id}.csv", permalink(check_id))
    page = collection.page(coll, request.args.get("sort"), request.args.get("page", 1, type=int),
                           current_app.config["PAGE_SIZE"])

    def link(**params):
        return url_for("saved.check", check_id=check_id,
                       **{"sort": page.sort, "page": page.number, **params})

    return render_template("saved.html", check=saved, coll=coll, page=page, link=link,
                           coverage=cov, current=results.coverage(db.maybe_index(),
                                                                  db.get_catalogue()),
                           permalink=permalink(check_id), intro_template="_saved_intro.html",
                           details=collection.details_of(page))


def json_answer(check_id):
    """The saved check as JSON (GET /api/v1/checks/<id>)."""
    saved, video_results, cov = get(check_id)
    return serialize.saved(saved, permalink(check_id), cov, video_results)


@bp.route("/s/<check_id>/again", methods=["POST"])
def again(check_id):
    """Check the same videos against the index as it is now, as a new saved check."""
    saved = get(check_id)[0]
    new_id = save(saved.video_ids, saved.kind, saved.label, saved.ref)
    return redirect(url_for("saved.check", check_id=new_id), code=303)


@bp.route("/s/<check_id>/removal")
def removal_help(check_id):
    """Removal letters for the videos of a saved check, citing its permalink."""
    saved, requests = _requests(check_id)
    return render_template("removal.html", requests=requests, video_ids=saved.video_ids,
                           back_url=url_for("saved.check", check_id=check_id),
                           attachment_url=lambda slug: url_for(
                               "saved.removal_attachment", check_id=check_id, slug=slug))


@bp.route("/s/<check_id>/removal/<slug>.txt")
def removal_attachment(check_id, slug):
    """The list of videos that goes with a long removal letter, as a text file."""
    return removal.attachment_response(_requests(check_id)[1], slug)


def _requests(check_id):
    saved, video_results, _ = get(check_id)
    found = [r for r in video_results if r.found]
    return saved, removal.build(found, db.get_catalogue(), permalink(check_id))


@bp.route("/s/<check_id>/report")
def report_page(check_id):
    """The evidence report of a saved check, for reading and printing."""
    return report.html(*get(check_id), permalink(check_id))


@bp.route("/s/<check_id>/report.pdf")
def report_pdf(check_id):
    """The evidence report as a PDF made on the server."""
    return report.pdf(*get(check_id), permalink(check_id), f"evidence-{check_id}.pdf")


def _title(saved):
    if saved.kind == "channel" and saved.label:
        return saved.label
    return collection.list_title(len(saved.video_ids))
