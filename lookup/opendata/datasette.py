"""Datasette metadata for an index file: described tables, dataset licences, a lookup query.

`datasette index.db -m metadata.json` then shows every table, view and column with its
description (tables.py), the licence and official sources of each dataset in the index
(from the catalogue), and a canned query "video" that finds a video by its 11-character ID
through the index's keys. Format: https://docs.datasette.io/en/0.65.x/metadata.html
"""

from html import escape

from ..index.views import video_int_sql
from .tables import TABLES, VIEWS

TITLE = "Which YouTube videos are in public AI training datasets"
ABOUT = ("Every membership (a video listed by a dataset) was read from the dataset's own "
         "published file, traced by file name, SHA-256 and line in the sources table. Each "
         "dataset's list stays under that dataset's licence, below. Videos are keyed by a "
         "64-bit integer; the readable_* views show the 11-character IDs. \"Not listed\" "
         "never means \"not used\": private training sets cannot be checked.")
LOOKUP_SQL = ("SELECT video_id, dataset, clip_count, source_file, source_sha256, line"
              f" FROM readable_memberships WHERE video = {video_int_sql(':video_id')}"
              " ORDER BY dataset")


def metadata(conn, catalogue, database):
    """Datasette metadata (a dict for metadata.json) for the index open as conn, whose
    Datasette name is database (the file name without .db)."""
    slugs = [slug for (slug,) in conn.execute("SELECT slug FROM datasets ORDER BY slug")]
    snapshot = _meta(conn, "snapshot")
    tables = {name: _described(text, columns) for name, (text, columns) in TABLES.items()}
    tables["datasets"].update(label_column="slug",
                              description_html=_datasets_html(slugs, catalogue))
    tables["sources"]["label_column"] = "file_name"
    tables.update({name: _described(text, columns) for name, (text, columns) in VIEWS.items()})
    return {
        "title": TITLE,
        "description": ABOUT,
        "databases": {database: {
            "description": f"The index as of {snapshot or 'its last commit'}: "
                           f"{len(slugs)} datasets.",
            "tables": tables,
            "queries": {"video": {
                "title": "Which datasets list a video",
                "description": "Give an 11-character YouTube video ID, e.g. dQw4w9WgXcQ.",
                "sql": LOOKUP_SQL}}}},
    }


def _described(text, columns):
    return {"description": text, "columns": dict(columns)}


def _datasets_html(slugs, catalogue):
    """The datasets table's description: each dataset's name, licence and official sources."""
    items = []
    for slug in slugs:
        ds = catalogue.get(slug)
        if ds is None:
            items.append(f"<li><code>{escape(slug)}</code>: not in this catalogue.</li>")
            continue
        licence = _link(ds.licence or "licence not confirmed", ds.licence_url)
        links = [_link(label, url) for label, url in
                 [("paper", ds.paper_url), ("homepage", ds.homepage)] if url]
        links += [_link(s.file or "official file", s.url) for s in ds.sources if s.url]
        items.append(f"<li><code>{escape(slug)}</code> {escape(ds.name or slug)}: {licence}"
                     + (f"; {', '.join(links)}" if links else "") + "</li>")
    return (f"<p>{escape(TABLES['datasets'][0])} Licences and official sources, from the "
            "site's catalogue:</p><ul>" + "".join(items) + "</ul>")


def _link(label, url):
    return f'<a href="{escape(url)}">{escape(label)}</a>' if url else escape(label)


def _meta(conn, key):
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None
