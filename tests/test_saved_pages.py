"""Saved checks on the site: made from any result, reopened as of their snapshot, with JSON,
CSV, removal letters and the evidence report (HTML and PDF) hanging off each."""

import csv
import io
import os
import re
import sqlite3
from html import unescape

import pytest

from tests.conftest import MISSING, ROWS, main_text
from tests.helpers import build_index
from tests.test_docs import documented, problems

ALL = ["dQw4w9WgXcQ", "9bZkp7q19f0", "kJQP7kiw5Fk", MISSING]


def save(client, ids):
    """POST a list to /checks; return the check's path (/s/<id>)."""
    response = client.post("/checks", data={"ids": ",".join(ids)})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert re.fullmatch(r"/s/[A-Za-z0-9_-]{12}", location)
    return location


def shas(client):
    return {d: client.get(f"/api/v1/datasets/{d}").get_json()["ingested_files"][0]["sha256"]
            for d in ("alpha", "beta")}


def set_snapshot(path, value):
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'snapshot'", (value,))
    conn.commit()
    conn.close()


def test_a_long_bulk_list_is_saved_and_gets_a_permalink(app, client):
    app.config["SHAREABLE_MAX_IDS"] = 2
    response = client.post("/bulk", data={"ids": " ".join(ALL)})
    assert response.status_code == 303
    path = response.headers["Location"]
    assert re.fullmatch(r"/s/[A-Za-z0-9_-]{12}", path)
    page = client.get(path)
    text = main_text(page.data)
    assert text.startswith("Your list of 4 videos 3 of your 4 videos are in 2 datasets "
                           "Saved check, answered from the index as of ")
    assert "The index has not changed since. Check again now" in text
    # The IDs not found are listed, with the sentence that not found is not proof.
    assert (f"Not found: 1 video These are in none of the datasets checked. That does not "
            f"mean they were never used") in text
    assert f"The 1 video ID not found {MISSING}" in text
    html = page.get_data(as_text=True)
    assert f"http://localhost{path}" in text
    for href in (f"{path}/report.pdf", f"{path}/report", f"{path}?format=csv",
                 f"/api/v1/checks/{path[3:]}", f"{path}/removal"):
        assert f'href="{href}"' in html


def test_lines_that_are_not_links_are_kept_with_the_saved_check(client):
    response = client.post("/bulk", data={"ids": f"https://youtu.be/dQw4w9WgXcQ\n{MISSING}, "
                                                 "kJQP7kiw5Fk junk\nnot a link"})
    assert response.status_code == 303
    text = main_text(client.get(response.headers["Location"]).data)
    assert "2 of your 3 videos are in 2 datasets" in text
    assert ("2 pieces of the input were not video links and were left out junk : no video link "
            "or ID in it not a link : no video link or ID in it") in text


def test_a_saved_check_answers_as_of_its_snapshot_and_can_be_checked_again(
        app, client, index_path, tmp_path):
    set_snapshot(index_path, "2025-01-02T03:04:05+00:00")
    path = save(client, ALL)
    # The index is rebuilt: beta is gone, the snapshot is newer.
    rebuilt = tmp_path / "rebuilt"
    rebuilt.mkdir()
    os.replace(build_index(rebuilt, {"alpha": ROWS["alpha"]}), index_path)
    set_snapshot(index_path, "2025-06-07T00:00:00+00:00")
    text = main_text(client.get(path).data)
    assert "3 of your 4 videos are in 2 datasets" in text
    assert ("Saved check, answered from the index as of 2025-01-02 . The index has changed "
            "since then (now as of 2025-06-07). Check again now") in text
    assert "Checks 2 datasets as of 2025-01-02 : Alpha-1M , Beta ." in text
    again = client.post(f"{path}/again")
    assert again.status_code == 303 and again.headers["Location"] != path
    text = main_text(client.get(again.headers["Location"]).data)
    assert "2 of your 4 videos are in 1 dataset" in text
    assert "The index has not changed since." in text
    # The old permalink still shows the old answer.
    assert "3 of your 4 videos are in 2 datasets" in main_text(client.get(path).data)


def test_saving_from_a_video_page(client):
    html = client.get("/v/dQw4w9WgXcQ").get_data(as_text=True)
    assert ('<form method="post" action="/checks">\n      <input type="hidden" name="ids" '
            'value="dQw4w9WgXcQ">') in html
    path = save(client, ["dQw4w9WgXcQ"])
    assert client.get(f"/api/v1/checks/{path[3:]}").get_json()["checked_as"] == "video"
    # Saving the same thing again gives the same permalink.
    assert save(client, ["dQw4w9WgXcQ"]) == path


def test_json_of_a_saved_check_is_documented_and_complete(client):
    path = save(client, ALL)
    check_id = path[3:]
    assert client.get(f"{path}?format=json").headers["Location"] == f"/api/v1/checks/{check_id}"
    response = client.get(f"/api/v1/checks/{check_id}")
    body = response.get_json()
    assert problems(body, documented("/api/v1/checks/{check_id}", "get", 200)) == []
    assert body["permalink"] == f"http://localhost{path}"
    assert body["snapshot"] and body["checked"] == ["alpha", "beta"]
    assert body["not_loaded"] == ["alpha-sub", "gamma"]
    assert (body["count"], body["found"], body["not_found"]) == (4, 3, [MISSING])
    beta = body["videos"][2]["datasets"][0]
    assert beta["source"] == {"file_name": "beta-synthetic.csv", "sha256": shas(client)["beta"],
                              "url": None, "ingested": beta["source"]["ingested"], "line": 3}
    assert client.get("/api/v1/checks/AAAAAAAAAAAA").status_code == 404


def test_csv_of_a_saved_check_carries_line_snapshot_and_permalink(client):
    path = save(client, ALL)
    response = client.get(f"{path}?format=csv")
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="check-{path[3:]}.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    snapshot = client.get(f"/api/v1/checks/{path[3:]}").get_json()["snapshot"]
    first = rows[0]
    assert (first["video_id"], first["dataset"], first["line"], first["source_sha256"]) == \
        ("dQw4w9WgXcQ", "alpha", "2", shas(client)["alpha"])
    assert first["snapshot"] == snapshot and first["datasets_checked"] == "alpha;beta"
    assert first["permalink"] == f"http://localhost{path}"
    assert [r["membership"] for r in rows if r["dataset"] == "alpha-sub"] == ["likely", "likely"]
    assert rows[-1]["video_id"] == MISSING and rows[-1]["found"] == "no"


def test_removal_letters_of_a_saved_check_cite_its_permalink(client):
    path = save(client, ALL)
    html = unescape(client.get(f"{path}/removal").get_data(as_text=True))
    assert ("The evidence, with the dataset's file names, line numbers and SHA-256 checksums: "
            f"http://localhost{path}") in html
    assert f'href="{path}"' in html  # back to the result
    assert re.findall(r'<h2 id="rm-([a-z-]+)">', html) == ["alpha", "beta", "alpha-sub"]


def test_evidence_report_page(client):
    path = save(client, ALL)
    check = client.get(f"/api/v1/checks/{path[3:]}").get_json()
    text = main_text(client.get(f"{path}/report").data)
    sha = shas(client)
    assert text.startswith("Evidence report · list of videos 3 of 4 videos found in 2 public "
                           f"AI training datasets Permalink http://localhost{path} "
                           f"Index snapshot {check['snapshot']} Saved {check['created']}")
    assert "Not found is not proof of not used." in text
    assert ("Datasets checked 2 checked: Alpha-1M, Beta. 2 in the catalogue but not loaded, so "
            "not checked: Alpha-Sub, Gamma. Likely also holding some of these videos") in text
    assert ("Alpha-1M: 2 videos Licence CC BY 4.0 — https://creativecommons.org/licenses/by/4.0/"
            in text)
    assert (f"File alpha-synthetic.csv Official URL not recorded (see the dataset page's "
            f"official sources) SHA-256 {sha['alpha']}") in text
    assert "dQw4w9WgXcQ 0:30–0:40, 1:35.5–1:40 alpha-synthetic.csv 2" in text
    assert f"Not found in the datasets checked: 1 {MISSING}" in text
    assert (f"sha256sum alpha-synthetic.csv # expected: {sha['alpha']} sed -n '2p' "
            "alpha-synthetic.csv # the line of dQw4w9WgXcQ") in text


def test_evidence_report_pdf_holds_permalink_snapshot_sha256_and_lines(client):
    pypdf = pytest.importorskip("pypdf")
    path = save(client, ALL)
    check = client.get(f"/api/v1/checks/{path[3:]}").get_json()
    response = client.get(f"{path}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="evidence-{path[3:]}.pdf"'
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    # Long values may wrap inside a PDF line: compare with whitespace removed.
    flat = "".join(text.split())
    assert f"http://localhost{path}" in flat
    assert check["snapshot"] in flat
    for video in check["videos"]:
        for hit in video["datasets"]:
            assert hit["source"]["sha256"] in flat
            assert f"{video['video_id']}" in flat
    assert "dQw4w9WgXcQ0:30–0:40,1:35.5–1:40alpha-synthetic.csv2" in flat
    assert "kJQP7kiw5Fk1:00:00–1:00:10beta-synthetic.csv3" in flat
    assert "Notfoundisnotproofofnotused." in flat
    assert "Page1of" in flat


def test_unknown_saved_checks_are_friendly_404s(client):
    for url in ("/s/AAAAAAAAAAAA", "/s/nope", "/s/AAAAAAAAAAAA/report.pdf",
                "/s/AAAAAAAAAAAA/removal"):
        response = client.get(url)
        assert response.status_code == 404
        assert "There is no saved check at this address." in main_text(response.data)
    assert client.post("/checks", data={"ids": "not a video"}).status_code == 400


def test_a_server_that_cannot_write_checks_says_so(app, client, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where a folder should be")
    app.extensions["lookup.checks"].path = blocked / "checks.db"
    response = client.post("/checks", data={"ids": "dQw4w9WgXcQ"})
    assert response.status_code == 503
    assert "Checks cannot be saved on this server right now." in main_text(response.data)
