"""The ingest hands what dataset files say of their videos (titles, channels) to the metadata
store, all or nothing with the index. Fixtures are SYNTHETIC files in the official layouts."""

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from lookup.errors import UserError
from lookup.ids import parse
from lookup.index import Index
from lookup.index.ingest import Input, ingest
from lookup.youtube.metadata import ChannelRows, Details, Metadata

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
PARQUET = FIXTURES / "youtube_commons" / "youtube_commons-synthetic.parquet"
DAY = datetime(2024, 4, 18, 12, tzinfo=timezone.utc).timestamp()  # the file's date
WOOD = "UCaaaaaaaaaaaaaaaaaaaaaA"


@pytest.fixture
def parquet(tmp_path):
    """The fixture, copied so its modification date can be set (the date of its descriptions)."""
    path = tmp_path / "cctube_0.parquet"
    shutil.copy(PARQUET, path)
    os.utime(path, (DAY, DAY))
    return path


def described(path):
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute(
            "SELECT dataset, title, channel_id, channel_name, published, described_on"
            " FROM described").fetchall())
    finally:
        conn.close()


ROWS = [("youtube-commons", "City walk", "UCbbbbbbbbbbbbbbbbbbbbbA", "Walks", "2022-12-31",
         "2024-04-18"),
        ("youtube-commons", "How to make a chair", WOOD, "Wood Shop", "2023-01-05",
         "2024-04-18"),
        ("youtube-commons", "Piano lesson", "UCcccccccccccccccccccccA", "Keys", "2021-07-04",
         "2024-04-18")]


def test_youtube_commons_ingest_fills_the_metadata_beside_the_index(tmp_path, parquet):
    results = ingest(tmp_path / "index.db", "youtube-commons", [Input(parquet)],
                     "youtube_commons")
    assert (results.described, results[0].described, results[0].file_date) == (
        3, 3, "2024-04-18")
    assert results.metadata_path == tmp_path / "metadata.db"
    assert described(tmp_path / "metadata.db") == ROWS
    meta = Metadata(tmp_path / "metadata.db")
    assert meta.channel(parse(WOOD)) == ChannelRows(
        WOOD, "Wood Shop", "", ("-a_b-c_d-eI",), "", (("youtube-commons", "2024-04-18"),))
    assert meta.channel(parse("-a_b-c_d-eI")).channel_id == WOOD  # a video's channel
    assert meta.details(["-a_b-c_d-eI", "dQw4w9WgXcQ"]) == {
        "-a_b-c_d-eI": Details("How to make a chair", "2023-01-05")}


def test_formats_without_descriptions_write_no_metadata(tmp_path):
    source = tmp_path / "k.csv"
    source.write_text("youtube_id,time_start,time_end\n-0CJOlOtNWs,0,10\n")
    ingest(tmp_path / "index.db", "kinetics-400", [Input(source)], "kinetics")
    assert not (tmp_path / "metadata.db").exists()


def test_a_failed_ingest_leaves_index_and_metadata_as_they_were(tmp_path, parquet):
    ingest(tmp_path / "index.db", "youtube-commons", [Input(parquet)], "youtube_commons")
    before = (tmp_path / "metadata.db").read_bytes()
    changed = tmp_path / "cctube_1.parquet"
    shutil.copy(PARQUET, changed)  # a good file, then one that is not parquet
    (tmp_path / "broken.parquet").write_bytes(b"video_id\nabc\n")
    with pytest.raises(UserError, match="the index was not changed"):
        ingest(tmp_path / "index.db", "youtube-commons",
               [Input(changed), Input(tmp_path / "broken.parquet")], "youtube_commons",
               metadata=tmp_path / "metadata.db")
    assert (tmp_path / "metadata.db").read_bytes() == before
    assert described(tmp_path / "metadata.db") == ROWS
    assert len(Index.open(tmp_path / "index.db").ingests()) == 1


def test_metadata_that_cannot_be_written_says_so_and_a_rerun_saves_it(tmp_path, parquet):
    (tmp_path / "blocked").mkdir()
    with pytest.raises(UserError) as caught:
        ingest(tmp_path / "index.db", "youtube-commons", [Input(parquet)], "youtube_commons",
               metadata=tmp_path / "blocked")  # a folder: not a database file
    assert "the index was updated (ingest 1) but not the video details: run the same " \
           "command again" in caught.value.message
    again = ingest(tmp_path / "index.db", "youtube-commons", [Input(parquet)],
                   "youtube_commons", metadata=tmp_path / "m.db")
    assert again[0].already_ingested and again.new_memberships == 0
    assert described(tmp_path / "m.db") == ROWS


def test_a_later_file_of_the_dataset_replaces_its_description(tmp_path, parquet):
    ingest(tmp_path / "index.db", "youtube-commons", [Input(parquet)], "youtube_commons")
    conn = sqlite3.connect(tmp_path / "metadata.db")
    with conn:
        conn.execute("UPDATE described SET title = 'old', described_on = '2020-01-01'")
    conn.close()
    later = tmp_path / "cctube_2.parquet"
    shutil.copy(PARQUET, later)
    os.utime(later, (DAY, DAY))
    ingest(tmp_path / "index.db", "youtube-commons", [Input(later)], "youtube_commons")
    assert described(tmp_path / "metadata.db") == ROWS


def test_cli_metadata_option_and_summary(tmp_path, parquet):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "ingest.py"), "youtube-commons", str(parquet),
         "--index", str(tmp_path / "index.db"), "--metadata", str(tmp_path / "names.db"), "-q"],
        capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "3 videos described (title, channel) saved to names.db" in result.stdout
    assert described(tmp_path / "names.db") == ROWS
    assert not (tmp_path / "metadata.db").exists()


def test_an_old_metadata_file_is_still_read(tmp_path):
    conn = sqlite3.connect(tmp_path / "old.db")  # the schema before datasets described videos
    conn.executescript(
        "CREATE TABLE videos(video INTEGER PRIMARY KEY, channel_id TEXT, channel_name TEXT,"
        " handle TEXT, title TEXT, published TEXT, duration_s INTEGER, status TEXT NOT NULL,"
        " checked_at TEXT NOT NULL);"
        "INSERT INTO videos VALUES (1, 'UCx', 'X', '@xyzzy', 'A title', '2020-01-02T00:00:00Z',"
        " 60, 'ok', '2024-01-01');")
    conn.close()
    meta = Metadata(tmp_path / "old.db")
    assert meta.channel(parse("@xyzzy")).video_ids == ("AAAAAAAAAAE",)
    assert list(meta.titles()) == [("AAAAAAAAAAE", "A title", "UCx", "X", "@xyzzy")]
    assert meta.published(["AAAAAAAAAAE"]) == {"AAAAAAAAAAE": "2020-01-02T00:00:00Z"}
