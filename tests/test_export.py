"""CSV exports: exact rows, one per clip, with the source file and checksum."""

import csv
import io

from tests.conftest import MISSING


def rows(response):
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def shas(client):
    return {d: client.get(f"/api/v1/datasets/{d}").get_json()["ingested_files"][0]["sha256"]
            for d in ("alpha", "beta")}


HEADER = ["video_id", "url", "dataset", "clip_start", "clip_end", "source_file", "source_sha256"]


def test_video_csv_has_one_row_per_clip(client):
    response = client.get("/v/dQw4w9WgXcQ?format=csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="dQw4w9WgXcQ.csv"'
    assert response.mimetype == "text/csv"
    sha = shas(client)
    watch = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert rows(response) == [
        HEADER,
        ["dQw4w9WgXcQ", f"{watch}&t=30s", "alpha", "30", "40", "alpha-synthetic.csv", sha["alpha"]],
        ["dQw4w9WgXcQ", f"{watch}&t=95s", "alpha", "95.5", "100", "alpha-synthetic.csv", sha["alpha"]],
        ["dQw4w9WgXcQ", f"{watch}&t=1s", "beta", "1", "5", "beta-synthetic.csv", sha["beta"]]]


def test_export_link_matches_the_page_twin(client):
    assert client.get("/export/v/dQw4w9WgXcQ.csv").data == client.get(
        "/v/dQw4w9WgXcQ?format=csv").data


def test_bulk_csv_keeps_not_found_videos_as_checked_rows(client):
    response = client.get(f"/bulk/result?ids=kJQP7kiw5Fk,{MISSING}&format=csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="lookup-2-videos.csv"'
    assert rows(response) == [
        HEADER,
        ["kJQP7kiw5Fk", "https://www.youtube.com/watch?v=kJQP7kiw5Fk&t=3600s", "beta", "3600",
         "3610", "beta-synthetic.csv", shas(client)["beta"]],
        [MISSING, f"https://www.youtube.com/watch?v={MISSING}", "", "", "", "", ""]]


def test_posted_ids_csv_for_long_results(client):
    response = client.post("/export/ids.csv", data={"ids": f"9bZkp7q19f0,{MISSING}"})
    assert [r[0] for r in rows(response)] == ["video_id", "9bZkp7q19f0", MISSING]


def test_bad_id_export_is_404(client):
    response = client.get("/export/v/nope.csv")
    assert response.status_code == 404
