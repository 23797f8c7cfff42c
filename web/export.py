"""CSV exports of any result: one row per clip, with everything the page shows about it."""

import csv
import io

from flask import Blueprint, Response, current_app, request

from lookup.errors import UserError
from lookup.ids import is_video_id

from . import db, idlist, results
from .urls import youtube_url

bp = Blueprint("export", __name__)
COLUMNS = ["video_id", "url", "found", "membership", "dataset", "dataset_name", "derived_from",
           "licence", "licence_url", "clip_start", "clip_end", "caption", "source_file",
           "source_url", "source_sha256", "line", "read_on", "snapshot", "datasets_checked",
           "permalink"]
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): such a
# cell gets a leading apostrophe, as OWASP advises. The url column keeps every ID unaltered.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral(value):
    """A cell value no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def rows(video_results, cov, permalink=""):
    """CSV rows: one per clip of each membership; a video in no dataset gets one "found: no"
    row, and each dataset that likely holds a video (built from one that does) one "likely" row."""
    tail = [cov.snapshot, ";".join(cov.loaded_slugs), permalink]
    for result in video_results:
        found = "yes" if result.found else "no"
        if not result.hits:
            yield [result.video_id, result.url, found, "", "", "", "", "", "", "", "", "", "",
                   "", "", "", "", *tail]
        for hit in result.hits:
            for clip in hit.clips or (None,):
                start = None if clip is None else clip.start
                yield [result.video_id, youtube_url(result.video_id, start), found, "listed",
                       hit.slug, hit.name, "", hit.licence, hit.licence_url, _seconds(start),
                       _seconds(None if clip is None else clip.end),
                       (clip.caption if clip else None) or "", hit.source.file_name,
                       hit.source.url or "", hit.source.sha256, hit.line, hit.source.finished,
                       *tail]
        for d in result.derived:
            yield [result.video_id, result.url, found, "likely", d.slug, d.name, d.parent, "",
                   "", "", "", "", "", "", "", "", "", *tail]


def _seconds(value):
    return "" if value is None else f"{value:g}"


def csv_response(video_results, filename, cov, permalink=""):
    """A CSV download of some VideoResults, checked against the coverage cov."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([neutral(v) for v in row] for row in rows(video_results, cov, permalink))
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/export/v/<video_id>.csv")
def video_csv(video_id):
    """CSV of one video's memberships."""
    if not is_video_id(video_id):
        raise UserError(f"{video_id[:40]} is not a valid YouTube video ID.", 404)
    return video_response(video_id)


def video_response(video_id):
    """The CSV of one video, captions included (as its page shows them)."""
    index, catalogue = db.get_index(), db.get_catalogue()
    return csv_response([results.video(index, catalogue, video_id)], f"{video_id}.csv",
                        results.coverage(index, catalogue))


@bp.route("/export/ids.csv", methods=["GET", "POST"])
def ids_csv():
    """CSV of a list of IDs, from ?ids=a,b or a posted form."""
    text = request.values.get("ids", "")
    ids = idlist.from_text(text, current_app.config["BULK_MAX_IDS"]).video_ids
    index, catalogue = db.get_index(), db.get_catalogue()
    found = results.videos(index, catalogue, list(ids))
    return csv_response(found, f"lookup-{len(ids)}-videos.csv", results.coverage(index, catalogue))


def collection_csv(coll, cov, filename=None, permalink=""):
    """CSV of a checked list: every video, found or not."""
    return csv_response(results_for(coll), filename or f"lookup-{coll.total}-videos.csv", cov,
                        permalink)


def results_for(coll):
    """All VideoResults of a Collection, not-found ones included."""
    found = {r.video_id: r for r in coll.found}
    return [found.get(v) or results.VideoResult(v, youtube_url(v), (), ()) for v in coll.video_ids]
