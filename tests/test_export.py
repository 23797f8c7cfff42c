"""CSV exports: exact rows, one per clip, with everything the page shows, formula-safe."""

import csv
import io

from tests.conftest import MISSING
from web.export import COLUMNS, neutral


def rows(response):
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def shas(client):
    return {d: client.get(f"/api/v1/datasets/{d}").get_json()["ingested_files"][0]["sha256"]
            for d in ("alpha", "beta")}


def context(client):
    """(read date per dataset, snapshot) as the API reports them."""
    body = client.get("/api/v1/videos/dQw4w9WgXcQ").get_json()
    read = {h["dataset"]: h["source"]["ingested"] for h in body["videos"][0]["datasets"]}
    return read, body["snapshot"]


HEADER = ["video_id", "url", "found", "membership", "dataset", "dataset_name", "derived_from",
          "licence", "licence_url", "clip_start", "clip_end", "caption", "source_file",
          "source_url", "source_sha256", "line", "read_on", "snapshot", "datasets_checked",
          "permalink"]
CC = ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")


def test_video_csv_has_one_row_per_clip_with_line_licence_read_date_and_snapshot(client):
    response = client.get("/v/dQw4w9WgXcQ?format=csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="dQw4w9WgXcQ.csv"'
    assert response.mimetype == "text/csv"
    sha, (read, snap) = shas(client), context(client)
    watch = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    tail = [snap, "alpha;beta", ""]
    assert COLUMNS == HEADER
    assert rows(response) == [
        HEADER,
        # The caption holds HTML and starts with "<": kept as text, exactly.
        ["dQw4w9WgXcQ", f"{watch}&t=30s", "yes", "listed", "alpha", "Alpha-1M", "", *CC, "30",
         "40", "<script>alert('x')</script> a man & a dog", "alpha-synthetic.csv", "",
         sha["alpha"], "2", read["alpha"], *tail],
        ["dQw4w9WgXcQ", f"{watch}&t=95s", "yes", "listed", "alpha", "Alpha-1M", "", *CC, "95.5",
         "100", "", "alpha-synthetic.csv", "", sha["alpha"], "2", read["alpha"], *tail],
        ["dQw4w9WgXcQ", f"{watch}&t=1s", "yes", "listed", "beta", "Beta", "", "", "", "1", "5",
         "", "beta-synthetic.csv", "", sha["beta"], "2", read["beta"], *tail],
        ["dQw4w9WgXcQ", watch, "yes", "likely", "alpha-sub", "Alpha-Sub", "alpha", "", "", "",
         "", "", "", "", "", "", "", *tail]]


def test_export_link_matches_the_page_twin(client):
    assert client.get("/export/v/dQw4w9WgXcQ.csv").data == client.get(
        "/v/dQw4w9WgXcQ?format=csv").data


def test_bulk_csv_keeps_not_found_videos_as_checked_rows(client):
    response = client.get(f"/bulk/result?ids=kJQP7kiw5Fk,{MISSING}&format=csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="lookup-2-videos.csv"'
    read, snap = context(client)
    assert rows(response)[1:] == [
        ["kJQP7kiw5Fk", "https://www.youtube.com/watch?v=kJQP7kiw5Fk&t=3600s", "yes", "listed",
         "beta", "Beta", "", "", "", "3600", "3610", "", "beta-synthetic.csv", "",
         shas(client)["beta"], "3", read["beta"], snap, "alpha;beta", ""],
        [MISSING, f"https://www.youtube.com/watch?v={MISSING}", "no", "", "", "", "", "", "",
         "", "", "", "", "", "", "", "", snap, "alpha;beta", ""]]


def test_posted_ids_csv_for_long_results(client):
    response = client.post("/export/ids.csv", data={"ids": f"9bZkp7q19f0,{MISSING}"})
    assert [(r[0], r[3]) for r in rows(response)] == [
        ("video_id", "membership"), ("9bZkp7q19f0", "listed"), ("9bZkp7q19f0", "likely"),
        (MISSING, "")]


def test_cells_that_a_spreadsheet_would_run_are_neutralised():
    for cell in ("=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert neutral(cell) == "'" + cell
    for cell in ("dQw4w9WgXcQ", "a=b", "30", "", None, 95.5):
        assert neutral(cell) == ("" if cell is None else str(cell))


def test_an_id_starting_with_a_dash_is_neutralised_and_kept_whole_in_its_url(tmp_path):
    from app import create_app
    from tests.conftest import CATALOGUE, offline
    from tests.helpers import build_index
    import textwrap
    catalogue = tmp_path / "datasets.toml"
    catalogue.write_text(textwrap.dedent(CATALOGUE))
    index = build_index(tmp_path, {"alpha": [("-abcdefghiI", 0, 1)]})
    client = create_app({"INDEX_PATH": str(index), "CATALOGUE_PATH": str(catalogue),
                         **offline(tmp_path)}).test_client()
    row = rows(client.get("/export/v/-abcdefghiI.csv"))[1]
    assert row[:2] == ["'-abcdefghiI", "https://www.youtube.com/watch?v=-abcdefghiI&t=0s"]


def test_bad_id_export_is_404(client):
    response = client.get("/export/v/nope.csv")
    assert response.status_code == 404
