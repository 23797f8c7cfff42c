"""Open data: /data lists the published snapshots and exports, /snapshots/ serves them.

The files are those `scripts/publish.py --out` and `scripts/open_data.py export` write into
SNAPSHOTS_PATH. They are sent with conditional and range requests (ETag, Last-Modified,
206 for a Range), through the WSGI server's file wrapper (sendfile under gunicorn), so a
resumed or repeated download costs what is missing. The same folder URL serves replicas:
`scripts/publish.py --replicate https://HOST/snapshots/`.
"""

from flask import Blueprint, abort, current_app, render_template, send_from_directory, url_for

from lookup.opendata import folder
from lookup.opendata.tables import EXPORT_COLUMNS, TABLES, VIEWS

bp = Blueprint("open_data", __name__)

# A snapshot or export never changes under its name (the generation is in it); the manifest
# and checksums of the newest one do, when publishing runs again.
IMMUTABLE = 365 * 24 * 3600
MANIFEST_MAX_AGE = 60
MIMETYPES = {".db": "application/vnd.sqlite3", ".gz": "application/gzip",
             ".parquet": "application/vnd.apache.parquet", ".json": "application/json",
             ".sha256": "text/plain"}


def _folder():
    return current_app.config["SNAPSHOTS_PATH"]


@bp.route("/data")
def page():
    """The downloads for researchers, newest snapshot first, and the schema in words."""
    return render_template("open_data.html", snapshots=folder.listing(_folder()),
                           tables=TABLES, views=VIEWS, columns=EXPORT_COLUMNS)


@bp.route("/api/v1/snapshots")
def api():
    """The page's JSON twin."""
    return {"replicate_url": url_for("open_data.download", name=""),
            "snapshots": [_snapshot(s) for s in folder.listing(_folder())]}


@bp.route("/snapshots/", defaults={"name": ""})
@bp.route("/snapshots/<name>")
def download(name):
    """One published file; only the names the folder offers (no listing, no hidden files)."""
    if not folder.servable(_folder(), name):
        abort(404)
    suffix = "." + name.rsplit(".", 1)[-1]
    mutable = name == "manifest.json" or name.endswith(".sha256")
    response = send_from_directory(
        _folder(), name, mimetype=MIMETYPES.get(suffix), conditional=True, etag=True,
        as_attachment=suffix in (".db", ".gz", ".parquet"),
        max_age=MANIFEST_MAX_AGE if mutable else IMMUTABLE)
    response.cache_control.immutable = not mutable
    return response


@bp.app_template_filter("size")
def size(count):
    """Bytes for people: 1536 -> '1.5 KB' (powers of 1,000, as disks and downloads count)."""
    if count < 1000:
        return f"{count:,} bytes"
    for unit in ("KB", "MB", "GB", "TB"):
        count /= 1000
        if count < 1000 or unit == "TB":
            return f"{count:,.1f} {unit}"


def _snapshot(s):
    return {"file": s.file, "generation": s.generation, "snapshot": s.snapshot or None,
            "published": s.published or None, "videos": s.videos,
            "memberships": s.memberships, "datasets": s.datasets,
            "downloads": [{"file": d.file, "kind": d.kind, "bytes": d.bytes,
                           "sha256": d.sha256, "url": url_for("open_data.download", name=d.file)}
                          for d in s.downloads]}
