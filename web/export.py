"""CSV exports of any result: one row per clip, with the source file and its checksum."""

import csv
import io

from flask import Blueprint, Response, current_app, request

from lookup.errors import UserError
from lookup.ids import is_video_id

from . import db, idlist, results
from .urls import youtube_url

bp = Blueprint("export", __name__)
COLUMNS = ["video_id", "url", "dataset", "clip_start", "clip_end", "source_file",
           "source_sha256"]


def rows(video_results):
    """CSV rows; a video in no dataset gets one row with an empty dataset, to show it was checked."""
    for result in video_results:
        if not result.hits:
            yield [result.video_id, result.url, "", "", "", "", ""]
        for hit in result.hits:
            clips = hit.clips or (None,)
            for clip in clips:
                start = "" if clip is None or clip.start is None else f"{clip.start:g}"
                end = "" if clip is None or clip.end is None else f"{clip.end:g}"
                url = youtube_url(result.video_id, clip.start if clip else None)
                yield [result.video_id, url, hit.slug, start, end, hit.source.file_name,
                       hit.source.sha256]


def csv_response(video_results, filename):
    """A CSV download of some VideoResults."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(video_results))
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/export/v/<video_id>.csv")
def video_csv(video_id):
    """CSV of one video's memberships."""
    if not is_video_id(video_id):
        raise UserError(f"{video_id[:40]} is not a valid YouTube video ID.", 404)
    found = results.videos(db.get_index(), db.get_catalogue(), [video_id])
    return csv_response(found, f"{video_id}.csv")


@bp.route("/export/ids.csv", methods=["GET", "POST"])
def ids_csv():
    """CSV of a list of IDs, from ?ids=a,b or a posted form (long bulk results)."""
    text = request.values.get("ids", "")
    ids = idlist.from_text(text, current_app.config["BULK_MAX_IDS"]).video_ids
    found = results.videos(db.get_index(), db.get_catalogue(), list(ids))
    return csv_response(found, f"lookup-{len(ids)}-videos.csv")


def collection_csv(coll):
    """CSV of a checked list: every video, found or not."""
    return csv_response(results_for(coll), f"lookup-{coll.total}-videos.csv")


def results_for(coll):
    """All VideoResults of a Collection, not-found ones included."""
    found = {r.video_id: r for r in coll.found}
    return [found.get(v) or results.VideoResult(v, youtube_url(v), (), ()) for v in coll.video_ids]

