"""The InternVid reader on a tiny synthetic file in the official JSON Lines format."""

import io
from pathlib import Path

from lookup import formats
from lookup.formats import Reject, Row, internvid
from lookup.index.ingest import Input, ingest

FIXTURE = Path(__file__).parent / "fixtures" / "internvid" / "InternVid-10M-flt-synthetic.jsonl"


def line(number):
    """The fixture's line with that 1-based number."""
    return FIXTURE.read_text(encoding="utf-8").splitlines()[number - 1]


def test_reads_rows_and_rejects_in_order():
    with open(FIXTURE, encoding="utf-8", newline="") as stream:
        got = list(internvid.read(stream))
    assert got == [
        Row(1, "--ZhevVpy1s", 190567, 191200, "woman using a computer mouse and keyboard"),
        Row(2, "-0Aq3Tn9wBg", 0, 2769, "a television newsman sits on a news desk"),
        Row(3, "--ZhevVpy1s", 190900, 195033, "a close-up of a keyboard été"),
        Reject.of(4, "bad_json", "the line is not valid JSON", line(4)),
        Reject.of(5, "missing_field", "no End_timestamp", line(5)),
        Reject.of(6, "bad_time", "a timestamp is not a time like 00:03:10.567", line(6)),
        Reject.of(7, "bad_time", "the clip ends before it starts", line(7)),
        Reject.of(9, "bad_json", "the line is not a JSON object", line(9)),
        Reject.of(10, "bad_id", "YoutubeID is not a string", line(10)),
        Row(11, "Zz9_-abcDEk", 3723456, 3724000, None),
        Reject.of(12, "bad_time", "a timestamp is not a time like 00:03:10.567", line(12)),
    ]


def test_other_time_forms_fall_back_to_the_shared_parser():
    text = ('{"YoutubeID": "--ZhevVpy1s", "Start_timestamp": "3:10.5",'
            ' "End_timestamp": "190.75", "Caption": "c"}\n'
            '{"YoutubeID": "--ZhevVpy1s", "Start_timestamp": "00:03:10.5",'
            ' "End_timestamp": "00:03:10.+12", "Caption": "c"}\n')
    assert list(internvid.read(io.StringIO(text))) == [
        Row(1, "--ZhevVpy1s", 190500, 190750, "c"),
        Reject.of(2, "bad_time", "a timestamp is not a time like 00:03:10.567",
                  text.splitlines()[1]),
    ]


def test_memoised_heads_never_accept_a_bad_tail():
    parse = internvid.time_parser()
    assert parse("00:03:10.567") == 190567
    assert parse("00:03:10.001") == 190001  # same head, from the memo
    for bad in ("00:03:10.1_2", "00:03:10. 12", "00:03:10.-12"):
        try:
            parse(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} was accepted")


def test_registered_and_documented():
    reader = formats.get("internvid")
    assert reader.DOC.startswith("https://") and reader.BINARY is False and reader.OPTIONS == {}


def test_ingest_counts(tmp_path):
    [result] = ingest(tmp_path / "index.db", "internvid-synthetic", [Input(FIXTURE)], "internvid")
    assert (result.rows_read, result.videos, result.clips) == (11, 3, 4)
    assert result.rejected == {"bad_json": 2, "missing_field": 1, "bad_time": 3, "bad_id": 1}
