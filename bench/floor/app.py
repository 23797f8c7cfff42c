"""The floor bench_http.py measures the site against: a bare Flask app doing only the SQLite work.

Same index file, same gunicorn settings, same wrk scripts; no templates, no catalogue, no
provenance, Flask's own JSON. GET /api/v1/videos/<id> and /v/<id> are one point lookup of the
video's memberships and clips; POST /api/v1/lookup is one json_each query over the posted IDs.
Served as `bench.floor.app:create_app()` with INDEX_PATH set.
"""

import json
import os
import sqlite3
import threading
from pathlib import Path

from flask import Flask, jsonify, request

from lookup.ids import id_to_int

ONE = ("SELECT c.dataset, c.n, c.spans, c.line FROM membership m JOIN clips c"
       " ON c.video = m.video AND c.dataset = m.dataset WHERE m.video = ?")
MANY = ("SELECT c.video, c.dataset, c.n, c.spans, c.line FROM membership m JOIN clips c"
        " ON c.video = m.video AND c.dataset = m.dataset"
        " WHERE m.video IN (SELECT value FROM json_each(?))")


def create_app():
    """The bare app over INDEX_PATH."""
    app = Flask(__name__)
    uri = f"file:{Path(os.environ['INDEX_PATH']).resolve()}?mode=ro&immutable=1"
    local = threading.local()

    def conn():
        if not hasattr(local, "conn"):
            local.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return local.conn

    def one(video_id):
        rows = conn().execute(ONE, (id_to_int(video_id),)).fetchall()
        return jsonify({"video_id": video_id, "datasets": [
            {"dataset": d, "clip_count": n, "spans": len(s or b""), "line": line}
            for d, n, s, line in rows]})

    app.add_url_rule("/api/v1/videos/<video_id>", "api", one)
    app.add_url_rule("/v/<video_id>", "page", one)

    @app.post("/api/v1/lookup")
    def many():
        ids = request.get_json()
        keys = [id_to_int(v) for v in ids]
        rows = conn().execute(MANY, (json.dumps(keys),)).fetchall()
        return jsonify({"count": len(ids), "rows": [
            [video, d, n, len(s or b""), line] for video, d, n, s, line in rows]})

    return app
