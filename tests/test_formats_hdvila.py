"""The HD-VILA-100M reader on a tiny synthetic file in the official hdvila_part*.jsonl format."""

import io
from pathlib import Path

from lookup import formats
from lookup.formats import Reject, Row, hdvila
from lookup.index.ingest import Input, ingest

FIXTURE = Path(__file__).parent / "fixtures" / "hdvila" / "hdvila_part-synthetic.jsonl"


def line(number):
    """The fixture's line with that 1-based number."""
    return FIXTURE.read_text(encoding="utf-8").splitlines()[number - 1]


NO_SPAN = "a clip has no span [start, end] of times like 00:00:17.759"


def test_one_row_per_clip_and_rejects_under_the_line_number():
    with open(FIXTURE, encoding="utf-8", newline="") as stream:
        got = list(hdvila.read(stream))
    assert got == [
        Row(1, "-0Aq3Tn9wBg", 17759, 23279),
        Row(1, "-0Aq3Tn9wBg", 292140, 303350),
        Row(2, "--ZhevVpy1s", 1000, 5000),
        Reject.of(2, "bad_time", NO_SPAN,
                  '{"clip_id":"--ZhevVpy1s.2.mp4","span":["00:00:05.000"]}'),
        Reject.of(2, "bad_time", "a clip ends before it starts",
                  '{"clip_id":"--ZhevVpy1s.3.mp4","span":["00:00:09.000","00:00:06.000"]}'),
        Row(2, "--ZhevVpy1s", 10000, 12500),
        Row(3, "aB3_xY9-kLM", 60000, 62000),
        Reject.of(4, "bad_id", "video_id Zz9_-abcDEk and url name different videos", line(4)),
        Reject.of(5, "bad_json", "the line is not valid JSON", line(5)),
        Reject.of(6, "missing_field", "no clip list", line(6)),
        Row(7, "Zz9_-abcDEk"),
        Reject.of(8, "bad_id", "neither video_id nor url names a YouTube video", line(8)),
        Reject.of(9, "bad_time", NO_SPAN, '{"clip_id":"Zz9_-abcDEk.2.mp4","span":[1.5,3.0]}'),
        Reject.of(9, "bad_time", NO_SPAN, '"Zz9_-abcDEk.3.mp4"'),
    ]


def test_video_id_is_used_when_the_url_is_another_form_of_the_same_video():
    text = ('{"video_id": "--ZhevVpy1s", "url": "youtube.com/watch?v=--ZhevVpy1s&t=3", "clip":'
            ' [{"clip_id": "--ZhevVpy1s.1.mp4", "span": ["00:00:01.000", "00:00:02.000"]}]}\n'
            '{"video_id": null, "url": null, "clip": []}\n')
    assert list(hdvila.read(io.StringIO(text))) == [
        Row(1, "--ZhevVpy1s", 1000, 2000),
        Reject.of(2, "missing_field", "no video_id or url", text.splitlines()[1]),
    ]


def test_registered_and_documented():
    reader = formats.get("hdvila")
    assert reader.DOC.startswith("https://") and reader.BINARY is False and reader.OPTIONS == {}


def test_ingest_counts(tmp_path):
    [result] = ingest(tmp_path / "index.db", "hdvila-synthetic", [Input(FIXTURE)], "hdvila")
    assert (result.videos, result.clips) == (4, 6)
    assert result.rejected == {"bad_time": 4, "bad_id": 2, "bad_json": 1, "missing_field": 1}
