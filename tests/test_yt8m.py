"""YouTube-8M: TFRecord framing, the `id` feature, the pseudo-ID lookup (against a loopback
server answering in the documented JSONP form) and the two YouTube-8M readers."""

import io
import socket
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from lookup import formats, tfrecord
from lookup.formats import Reject, Row, yt8m_csv, yt8m_tfrecord
from lookup.index.ingest import Input, ingest
from lookup.yt8m import BadAnswer, ResolveError, Resolver

FIXTURES = Path(__file__).parent / "fixtures" / "yt8m"
VIDEO_LEVEL = FIXTURES / "video-level-synthetic.tfrecord"
FRAME_LEVEL = FIXTURES / "frame-level-synthetic.tfrecord"
GONE = "pseudo ID {} did not resolve (deleted or private video)"
# What Cloud Storage sends for a missing object.
NO_SUCH_KEY = ("<?xml version='1.0' encoding='UTF-8'?><Error><Code>NoSuchKey</Code>"
               "<Message>The specified key does not exist.</Message></Error>")
ANSWERS = {
    "/2/j/i/Ab/Ab12.js": [(200, 'i("Ab12","--ZhevVpy1s");')],
    "/2/j/i/Ab/Ab34.js": [(404, NO_SUCH_KEY)],
    "/2/j/i/Cd/Cd56.js": [(500, "backend error"), (200, 'i("Cd56","-0Aq3Tn9wBg");')],
    "/2/j/i/Ef/Ef78.js": [(200, "<html>Service moved</html>")],
    "/2/j/i/Gh/Gh90.js": [(200, 'i("Gh90","aB3_xY9-kLM");\n')],
    "/2/j/i/Zz/Zz00.js": [(503, "unavailable")],
}


class _Lookup(BaseHTTPRequestHandler):
    """Answers like data.yt8m.org: a scripted list of (status, body) per path, last one repeats."""

    def do_GET(self):
        self.server.paths.append(self.path)
        script = self.server.answers.get(self.path, [(404, NO_SUCH_KEY)])
        status, body = script.pop(0) if len(script) > 1 else script[0]
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/javascript")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Lookup)
    httpd.paths, httpd.answers = [], {path: list(script) for path, script in ANSWERS.items()}
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def resolver(server, tmp_path, **kwargs):
    kwargs.setdefault("backoff", 0.01)
    return Resolver(tmp_path / "yt8m-ids.sqlite", base_url=server.url, rate=0, **kwargs)


def read_video_level(resolver):
    with open(VIDEO_LEVEL, "rb") as stream:
        return list(yt8m_tfrecord.read_with(stream, resolver))


EXPECTED_VIDEO_LEVEL = [
    Row(1, "--ZhevVpy1s"),
    Reject.of(2, "unresolved", GONE.format("Ab34"), "Ab34"),
    Row(3, "-0Aq3Tn9wBg"),
    Reject.of(4, "bad_answer", "the answer for Ef78 is not i(\"Ef78\",\"<id>\");: "
                               "'<html>Service moved</html>'", "Ef78"),
    Reject.of(5, "missing_field", "record at byte 355 has no id feature"),
    Reject.of(6, "bad_id", "the id feature is neither a 4-character pseudo ID nor a YouTube ID",
              "toolong"),
    Row(7, "--ZhevVpy1s"),
]


def test_crc32c_known_answer_and_mask():
    assert tfrecord._crc32c_python(b"123456789") == 0xE3069283  # the CRC-32C check value
    assert tfrecord.crc32c(b"123456789") == 0xE3069283
    crc = 0xE3069283
    masked = (((crc >> 15) | (crc << 17)) + 0xA282EAD8) % 2**32
    assert tfrecord.masked_crc32c(b"123456789") == masked


def test_records_and_id_of_example_and_sequence_example():
    with open(VIDEO_LEVEL, "rb") as stream:
        offsets = [(offset, tfrecord.bytes_feature(data, "id")) for offset, data in
                   tfrecord.records(stream)]
    assert offsets == [(0, [b"Ab12"]), (102, [b"Ab34"]), (153, [b"Cd56"]), (254, [b"Ef78"]),
                       (355, None), (390, [b"toolong"]), (494, [b"--ZhevVpy1s"])]
    with open(FRAME_LEVEL, "rb") as stream:
        assert [tfrecord.bytes_feature(data, "id") for _, data in tfrecord.records(stream)] == \
            [[b"Ab12"], [b"Gh90"]]


@pytest.mark.parametrize("flip, record, where", [(5, 0, "length"), (102 + 12 + 20, 102, "data")])
def test_a_corrupt_record_names_its_offset(flip, record, where):
    data = bytearray(VIDEO_LEVEL.read_bytes())
    data[flip] ^= 0x01
    with pytest.raises(ValueError, match=f"corrupt record at byte {record}: the {where}"):
        list(tfrecord.records(io.BytesIO(bytes(data))))


def test_video_level_file_resolves_through_the_lookup(server, tmp_path):
    with resolver(server, tmp_path) as ids:
        assert read_video_level(ids) == EXPECTED_VIDEO_LEVEL
        assert ids.requests_made == 5
    # 500 then success: asked twice. The 11-character ID needs no lookup.
    assert server.paths == ["/2/j/i/Ab/Ab12.js", "/2/j/i/Ab/Ab34.js", "/2/j/i/Cd/Cd56.js",
                            "/2/j/i/Cd/Cd56.js", "/2/j/i/Ef/Ef78.js"]


def test_a_rerun_asks_only_what_the_cache_lacks(server, tmp_path):
    with resolver(server, tmp_path) as ids:
        read_video_level(ids)
    server.paths.clear()
    with resolver(server, tmp_path) as ids:
        assert read_video_level(ids) == EXPECTED_VIDEO_LEVEL
    # Found and deleted videos are cached; only the malformed answer is asked again.
    assert server.paths == ["/2/j/i/Ef/Ef78.js"]
    with sqlite3.connect(tmp_path / "yt8m-ids.sqlite") as db:
        assert db.execute("SELECT pseudo, youtube_id FROM resolved ORDER BY pseudo").fetchall() \
            == [("Ab12", "--ZhevVpy1s"), ("Ab34", None), ("Cd56", "-0Aq3Tn9wBg")]


def test_cached_answers_cost_zero_requests(server, tmp_path):
    with resolver(server, tmp_path) as ids:
        assert [ids.resolve(p) for p in ("Ab12", "Ab34", "Gh90")] == \
            ["--ZhevVpy1s", None, "aB3_xY9-kLM"]
    server.paths.clear()
    with resolver(server, tmp_path) as ids:
        assert [ids.resolve(p) for p in ("Ab12", "Ab34", "Gh90")] == \
            ["--ZhevVpy1s", None, "aB3_xY9-kLM"]
        assert ids.requests_made == 0
    assert server.paths == []


def test_persistent_5xx_is_an_error_and_is_not_cached(server, tmp_path):
    with resolver(server, tmp_path, retries=2) as ids:
        with pytest.raises(ResolveError, match=r"Zz00.js: no answer after 3 tries \(HTTP 503\)"):
            ids.resolve("Zz00")
        assert ids.db.execute("SELECT count(*) FROM resolved").fetchone() == (0,)
    assert server.paths == ["/2/j/i/Zz/Zz00.js"] * 3


def test_an_unreachable_host_is_an_error(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again before use: nothing listens there
    with Resolver(tmp_path / "c.sqlite", base_url=f"http://127.0.0.1:{port}", rate=0,
                  retries=1, backoff=0.01) as ids:
        with pytest.raises(ResolveError, match="ConnectionError"):
            ids.resolve("Ab12")


def test_answers_must_name_the_asked_id_and_a_valid_video(server, tmp_path):
    server.answers["/2/j/i/Ab/Ab12.js"] = [(200, 'i("Ab13","--ZhevVpy1s");')]
    server.answers["/2/j/i/Gh/Gh90.js"] = [(200, 'i("Gh90","--ZhevVpy1z");')]
    with resolver(server, tmp_path) as ids:
        with pytest.raises(BadAnswer, match="names another pseudo ID"):
            ids.resolve("Ab12")
        with pytest.raises(BadAnswer, match="not a valid YouTube ID"):
            ids.resolve("Gh90")
        with pytest.raises(BadAnswer, match="not a YouTube-8M pseudo ID"):
            ids.resolve("../x")
    assert server.paths == ["/2/j/i/Ab/Ab12.js", "/2/j/i/Gh/Gh90.js"]


def test_truncated_tail_keeps_the_records_before_it(server, tmp_path):
    data = FRAME_LEVEL.read_bytes()[:-30]
    with resolver(server, tmp_path) as ids:
        got = list(yt8m_tfrecord.read_with(io.BytesIO(data), ids))
    assert got == [
        Row(1, "--ZhevVpy1s"),
        Reject.of(2, "truncated", "the file ends inside the record at byte 122 (105 bytes "
                                  "announced) (incomplete download?)"),
    ]


def test_ingest_with_string_options(server, tmp_path):
    options = {"base_url": server.url, "cache": str(tmp_path / "ids.sqlite"), "rate": "1000"}
    [result] = ingest(tmp_path / "index.db", "youtube-8m-synthetic", [Input(FRAME_LEVEL)],
                      "yt8m_tfrecord", options)
    assert (result.rows_read, result.videos, result.rows_unresolved) == (2, 2, 0)
    assert server.paths == ["/2/j/i/Ab/Ab12.js", "/2/j/i/Gh/Gh90.js"]


def test_readers_are_registered_and_documented():
    tf_reader, csv_reader = formats.get("yt8m_tfrecord"), formats.get("yt8m_csv")
    assert tf_reader.BINARY is True and set(tf_reader.OPTIONS) == {"base_url", "cache", "rate"}
    assert csv_reader.BINARY is False and csv_reader.OPTIONS == {}
    assert tf_reader.DOC == csv_reader.DOC == \
        "https://research.google.com/youtube8m/video_id_conversion.html"


def test_ready_id_map_csv():
    with open(FIXTURES / "ids-synthetic.csv", encoding="utf-8", newline="") as stream:
        got = list(yt8m_csv.read(stream))
    assert got == [
        Row(2, "--ZhevVpy1s"),
        Reject.of(3, "unresolved", GONE.format("Ab34"), "Ab34"),
        Row(4, "-0Aq3Tn9wBg"),
        Reject.of(6, "bad_id", "not a valid YouTube video ID for pseudo ID Ef78", "Ef78,not-an-id"),
        Reject.of(7, "unresolved", GONE.format("Gh90"), "Gh90"),
    ]


def test_id_map_without_header():
    assert list(yt8m_csv.read(io.StringIO("Ab12,--ZhevVpy1s\r\nCd56 , -0Aq3Tn9wBg\r\n"))) == \
        [Row(1, "--ZhevVpy1s"), Row(2, "-0Aq3Tn9wBg")]
