"""Open data: CSV/Parquet exports of a published snapshot, the download page, Datasette.

Indexes here are small and synthetic (real-shaped IDs, made-up memberships), labelled as such.
"""

import csv
import gzip
import hashlib
import json
import random
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from app import create_app
from lookup.catalogue import load
from lookup.ids import id_to_int
from lookup.index import store
from lookup.index.ingest import Input, ingest
from lookup.index.publish import publish
from lookup.opendata import export, folder
from lookup.opendata.datasette import metadata
from lookup.opendata.tables import EXPORT_COLUMNS, TABLES, VIEWS
from scripts import open_data
from tests.conftest import offline
from tests.helpers import write_csv
from tests.test_docs import problems
from tests.test_ranges import PLAN

ROOT = Path(__file__).resolve().parent.parent
# Every membership of the conftest index, as the exports must give it.
EXPECTED = sorted([
    ("alpha", "dQw4w9WgXcQ", "2", "30-40;95.5-100", "alpha-synthetic.csv", "2"),
    ("alpha", "9bZkp7q19f0", "1", "0-10", "alpha-synthetic.csv", "4"),
    ("beta", "dQw4w9WgXcQ", "1", "1-5", "beta-synthetic.csv", "2"),
    ("beta", "kJQP7kiw5Fk", "1", "3600-3610", "beta-synthetic.csv", "3"),
])


@pytest.fixture
def snapshots(index_path, tmp_path):
    """The conftest index published into a folder, with its exports beside it."""
    out = tmp_path / "snapshots"
    publish(index_path, out)
    assert open_data.main(["export", "--out", str(out), "--quiet"]) == 0
    return out


def read_csv(path):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_exports_hold_every_membership_with_readable_ids(snapshots, index_path):
    header, *rows = read_csv(snapshots / "index-000002.memberships.csv.gz")
    assert header == list(EXPORT_COLUMNS)
    assert sorted(tuple(r[:4] + r[4:5] + r[6:]) for r in rows) == EXPECTED
    table = pq.read_table(snapshots / "index-000002.memberships.parquet")
    assert table.column_names == list(EXPORT_COLUMNS)
    as_csv = sorted((r["dataset"], r["video_id"], str(r["clip_count"]),
                     ";".join(f"{s['start']:g}-{s['end']:g}" for s in r["spans"]),
                     r["source_file"], str(r["line"])) for r in table.to_pylist())
    assert as_csv == EXPECTED
    memberships = sqlite3.connect(index_path).execute("SELECT count(*) FROM membership")
    assert len(rows) == table.num_rows == memberships.fetchone()[0]
    sources = dict(sqlite3.connect(index_path).execute("SELECT file_name, sha256 FROM sources"))
    assert all(r[5] == sources[r[4]] for r in rows)


def test_row_counts_equal_the_memberships_across_many_batches(tmp_path, monkeypatch):
    index = tmp_path / "index.db"
    rng = random.Random(5)
    for number, (slug, videos) in enumerate(PLAN):
        rows = [(v, s, s + 1) for v in videos for s in rng.sample(range(0, 90, 3), 3)]
        ingest(index, slug, [Input(write_csv(tmp_path / f"{slug}-{number}.csv", rows))],
               "plainlist")
    out = tmp_path / "out"
    publish(index, out)
    monkeypatch.setattr(export, "BATCH", 97)  # many batches, the last one short
    assert open_data.main(["export", "--out", str(out), "--quiet"]) == 0
    conn = sqlite3.connect(index)
    count = conn.execute("SELECT count(*) FROM membership").fetchone()[0]
    pairs = set(conn.execute("SELECT d.slug, m.video FROM membership m"
                             " JOIN datasets d ON d.id = m.dataset"))
    [snapshot] = out.glob("index-*.db")
    stem = snapshot.name.removesuffix(".db")
    rows = read_csv(out / f"{stem}.memberships.csv.gz")[1:]
    table = pq.read_table(out / f"{stem}.memberships.parquet")
    assert len(rows) == table.num_rows == count > 5 * 97
    assert {(r[0], id_to_int(r[1])) for r in rows} == pairs
    assert all(int(r[2]) == len(r[3].split(";")) >= 3 for r in rows)
    assert table.column("clip_count").to_pylist() == [int(r[2]) for r in rows]
    assert table.column("video_id").to_pylist() == [r[1] for r in rows]


def test_each_export_has_its_checksum_and_a_second_run_keeps_them(snapshots, capsys):
    for name in ("index-000002.memberships.csv.gz", "index-000002.memberships.parquet",
                 "index-000002.datasette.json"):
        digest, listed = (snapshots / f"{name}.sha256").read_text().split()
        assert (digest, listed) == (sha256(snapshots / name), name)
    before = (snapshots / "index-000002.memberships.parquet").stat().st_mtime_ns
    capsys.readouterr()
    assert open_data.main(["export", "--out", str(snapshots), "--quiet"]) == 0
    assert "kept (exists; --force rewrites it)" in capsys.readouterr().out
    assert (snapshots / "index-000002.memberships.parquet").stat().st_mtime_ns == before


def test_exports_of_a_pruned_snapshot_are_removed(snapshots, index_path, tmp_path, capsys):
    source = write_csv(tmp_path / "gamma-synthetic.csv", [("9bZkp7q19f0", 0, 4)])
    ingest(index_path, "gamma", [Input(source)], "plainlist")
    publish(index_path, snapshots, keep=1)
    assert open_data.main(["export", "--out", str(snapshots), "--quiet"]) == 0
    assert "removed index-000002.memberships.csv.gz" in capsys.readouterr().out
    assert sorted(p.name for p in snapshots.glob("index-*")) == [
        "index-000003.datasette.json", "index-000003.datasette.json.sha256", "index-000003.db",
        "index-000003.db.sha256", "index-000003.memberships.csv.gz",
        "index-000003.memberships.csv.gz.sha256", "index-000003.memberships.parquet",
        "index-000003.memberships.parquet.sha256"]


def test_a_folder_without_snapshots_is_one_line_and_exit_1(tmp_path, capsys):
    assert open_data.main(["export", "--out", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith("open_data: ")


def test_every_table_view_and_column_is_described(tmp_path):
    conn, _ = store.connect(tmp_path / "index.db")
    described = {**TABLES, **VIEWS}
    for kind, name in conn.execute("SELECT type, name FROM sqlite_master"
                                   " WHERE type IN ('table', 'view')"):
        assert name in described, f"{kind} {name} is not described in lookup/opendata/tables.py"
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({name})")]
        assert list(described[name][1]) == columns, name
    conn.close()


def test_the_metadata_names_each_datasets_licence_and_sources(index_path, catalogue_path):
    conn = sqlite3.connect(index_path)
    meta = metadata(conn, load(catalogue_path), "index")
    html = meta["databases"]["index"]["tables"]["datasets"]["description_html"]
    assert ('<code>alpha</code> Alpha-1M: <a href="https://creativecommons.org/licenses/by/4.0/">'
            'CC BY 4.0</a>; <a href="https://example.org/alpha">paper</a>, '
            '<a href="https://example.org/alpha.csv">alpha.csv</a>') in html
    assert "<code>beta</code> Beta: licence not confirmed" in html
    [row] = conn.execute(meta["databases"]["index"]["queries"]["video"]["sql"]
                         .replace(":video_id", "'kJQP7kiw5Fk'")).fetchall()
    assert row[:3] == ("kJQP7kiw5Fk", "beta", 1)


# The download page and the files behind it.

@pytest.fixture
def data_client(snapshots, index_path, catalogue_path, tmp_path):
    app = create_app({"TESTING": True, "INDEX_PATH": str(index_path),
                      "CATALOGUE_PATH": str(catalogue_path), **offline(tmp_path),
                      "SNAPSHOTS_PATH": str(snapshots)})
    return app.test_client()


def test_the_page_lists_the_snapshot_and_its_exports_with_checksums(data_client, snapshots):
    html = data_client.get("/data").get_data(as_text=True)
    manifest = json.loads((snapshots / "manifest.json").read_text())
    assert f"Snapshot 2, as of {manifest['snapshot'][:10]}" in html
    for name in ("index-000002.db", "index-000002.memberships.csv.gz",
                 "index-000002.memberships.parquet", "index-000002.datasette.json"):
        assert f'href="/snapshots/{name}" download>{name}</a>' in html
        assert f'<code class="hash">{sha256(snapshots / name)}</code>' in html
    size = (snapshots / "index-000002.db").stat().st_size
    assert f'<td class="num">{size / 1000:,.1f} KB</td>' in html
    assert "3 videos, 4 memberships" in html


def test_the_json_twin_is_documented(data_client, snapshots):
    body = data_client.get("/api/v1/snapshots").get_json()
    spec = json.loads((ROOT / "web" / "openapi.json").read_text(encoding="utf-8"))
    schema = spec["paths"]["/api/v1/snapshots"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"]
    assert problems(body, schema) == []
    [snap] = body["snapshots"]
    assert (snap["file"], snap["generation"], snap["memberships"]) == ("index-000002.db", 2, 4)
    assert snap["downloads"][0] == {
        "file": "index-000002.db", "kind": "snapshot",
        "bytes": (snapshots / "index-000002.db").stat().st_size,
        "sha256": sha256(snapshots / "index-000002.db"), "url": "/snapshots/index-000002.db"}


def test_a_download_answers_ranges_and_revalidation(data_client, snapshots):
    name = "index-000002.memberships.parquet"
    whole = data_client.get(f"/snapshots/{name}")
    assert whole.status_code == 200 and whole.data == (snapshots / name).read_bytes()
    assert whole.headers["Content-Type"] == "application/vnd.apache.parquet"
    assert whole.headers["Accept-Ranges"] == "bytes"
    assert "immutable" in whole.headers["Cache-Control"]
    assert whole.headers["Content-Disposition"] == f"attachment; filename={name}"
    part = data_client.get(f"/snapshots/{name}", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.data == whole.data[100:200]
    again = data_client.get(f"/snapshots/{name}", headers={"If-None-Match": whole.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_the_manifest_is_served_for_replicas_with_a_short_cache(data_client, snapshots):
    response = data_client.get("/snapshots/manifest.json")
    assert response.get_json()["file"] == "index-000002.db"
    assert response.headers["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize("name", ["", "..%2Fsnapshots%2Fmanifest.json", ".index.db.part-1",
                                  "index-000002.db.part", "other.db", "%2E%2E"])
def test_only_offered_files_are_served(data_client, snapshots, name):
    (snapshots / ".index.db.part-1").write_text("half a file")
    assert data_client.get(f"/snapshots/{name}").status_code == 404


def test_no_snapshot_yet_says_how_to_publish_one(index_path, catalogue_path, tmp_path):
    app = create_app({"TESTING": True, "INDEX_PATH": str(index_path),
                      "CATALOGUE_PATH": str(catalogue_path), **offline(tmp_path),
                      "SNAPSHOTS_PATH": str(tmp_path / "not-published")})
    html = app.test_client().get("/data").get_data(as_text=True)
    assert "No snapshot has been published on this server yet." in html
    assert "scripts/open_data.py export --out FOLDER" in html


def test_the_schema_document_names_every_table_view_and_column():
    text = (ROOT / "docs" / "open-data.md").read_text(encoding="utf-8")
    for name, (_, columns) in {**TABLES, **VIEWS}.items():
        assert f"`{name}`" in text, name
        assert all(f"`{column}`" in text for column in columns), name
    assert all(f"`{column}`" in text for column in EXPORT_COLUMNS)
