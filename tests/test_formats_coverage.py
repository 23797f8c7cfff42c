"""Every dataset reader on a tiny synthetic file in its official layout, and on real files.

The fixtures under tests/fixtures/<format>/ are synthetic (see each README.md); the real
AudioSet and Kinetics lists are read from the shared/data folder next to the checkout.
"""

import csv
import io
from pathlib import Path

import pytest

from lookup import formats
from lookup.formats import Reject, Row, _jsonstream, activitynet

FIXTURES = Path(__file__).parent / "fixtures"
REAL_DATA = Path(__file__).parent.parent.parent / "shared" / "data"
NEW_READERS = ["acav", "activitynet", "audioset", "hdvg", "howto100m", "kinetics", "miradata",
               "msrvtt", "openvid", "panda70m", "shot2story", "vatex", "youcook2", "yt_temporal"]


def read(name, path, **options):
    """Everything a reader yields for a file opened the way the ingest opens it."""
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(formats.get(name).read(stream, **options))


def fixture(name, file, **options):
    return read(name, FIXTURES / name / file, **options)


@pytest.mark.parametrize("name", NEW_READERS)
def test_reader_declares_the_contract(name):
    reader = formats.get(name)
    assert reader.DOC.startswith("http")
    assert reader.BINARY is False
    assert isinstance(reader.OPTIONS, dict)
    assert (FIXTURES / name / "README.md").read_text().count("SYNTHETIC") == 1


def test_kinetics_csv_finds_columns_by_header():
    assert fixture("kinetics", "val.csv") == [
        Row(2, "--0edUL8zmA", 417000, 427000),
        Row(3, "-0a2vOUbe-M", 36000, 46000),
        Reject(4, "missing_field", "the row has no youtube_id", "abseiling,,62,72,val,0"),
        Reject(5, "bad_time", "time_start or time_end is not a number of seconds",
               "air drumming,R2-Usq--J3U,ten,20,val,0"),
        Reject(6, "bad_time", "the clip ends before it starts",
               "air drumming,gpAkjSy_8iY,30,20,val,0"),
        Row(7, "gpAkjSy_8iY", 0, 10000),
    ]


def test_kinetics_test_split_has_no_label_column():
    assert fixture("kinetics", "test.csv") == [
        Row(2, "--65_UAU7ao", 0, 10000),
        Row(3, "-0AFA2OVzn0", 19000, 29000),
    ]


def test_kinetics_json_is_keyed_by_youtube_id():
    assert fixture("kinetics", "train.json") == [
        Row(1, "--0edUL8zmA", 417000, 427000),
        Reject(2, "missing_field", "the entry has no annotations.segment [start, end]",
               "-0a2vOUbe-M"),
        Row(3, "R2-Usq--J3U", 1500, 11500),
    ]


def test_kinetics_without_youtube_id_column_is_not_kinetics():
    with pytest.raises(ValueError, match="youtube_id"):
        list(formats.get("kinetics").read(io.StringIO("label,video,start,end\na,b,1,2\n")))


def test_audioset_skips_comments_and_reads_quoted_labels():
    assert fixture("audioset", "eval_segments.csv") == [
        Row(4, "--4gqARaEJE", 0, 10000),
        Row(5, "-0a2vOUbe-M", 20000, 30000),
        Reject(6, "missing_field", "expected YTID, start_seconds, end_seconds",
               "R2-Usq--J3U, 30.000"),
        Reject(7, "bad_time", "start_seconds or end_seconds is not a number",
               "gpAkjSy_8iY, 3O.000, 40.000, /m/09x0r"),
        Reject(8, "bad_time", "the segment ends before it starts",
               "gpAkjSy_8iY, 50.000, 40.000, /m/09x0r"),
        Row(9, "gpB2FGY5Fuk", 6500, 16500),
    ]


def test_panda70m_one_row_per_clip_with_its_caption():
    rows = fixture("panda70m", "panda70m_testing.csv")
    line4 = ("R2-Usq--J3U,https://www.youtube.com/watch?v=R2-Usq--J3U,"
             "[['0:00:01.000', '0:00:02.000']],['one', 'two'],[0.5, 0.5],['desirable'],[]")
    line5 = ("gpAkjSy_8iY,https://www.youtube.com/watch?v=gpAkjSy_8iY,[['0:00:09.000']],"
             "['A woman stands.'],[0.5],['desirable'],[]")
    line6 = (",https://www.youtube.com/watch?v=,[['0:00:01.000', '0:00:02.000']],['Nothing.'],"
             "[0.5],['desirable'],[]")
    assert rows == [
        Row(2, "--0edUL8zmA", 0, 5005, "A man is kneading dough on a table."),
        Row(2, "--0edUL8zmA", 70470, 83490, "A dog's tail wags in the grass."),
        Row(3, "-0a2vOUbe-M", 12345, 20000, "A car drives on a road, with a \\ sign."),
        Reject(4, "bad_caption", "2 captions for 1 clips", line4),
        Reject(5, "bad_time", "timestamp is not a list of [start, end]: expected a list of "
               "[start, end] pairs", line5),
        Reject(6, "missing_field", "the row has no videoID", line6),
        Row(7, "gpB2FGY5Fuk", 30300, 38190, "Two ticks next to each other."),
    ]


def test_panda70m_reads_a_video_with_very_many_clips():
    clips = 6000  # the caption cell passes csv's default 128 KiB field limit
    times = repr([[f"0:{i // 60:02d}:{i % 60:02d}.000", f"0:{i // 60:02d}:{i % 60:02d}.500"]
                  for i in range(clips)])
    captions = repr([f"Clip number {i} shows a long and detailed scene." for i in range(clips)])
    text = f'videoID,url,timestamp,caption\n--0edUL8zmA,u,"{times}","{captions}"\n'
    rows = list(formats.get("panda70m").read(io.StringIO(text)))
    assert len(rows) == clips
    assert rows[-1] == Row(2, "--0edUL8zmA", 5999000, 5999500,
                           "Clip number 5999 shows a long and detailed scene.")


def test_howto100m_one_row_per_video():
    assert fixture("howto100m", "HowTo100M_v1.csv") == [
        Row(2, "--0edUL8zmA"),
        Row(3, "-0a2vOUbe-M"),
        Reject(5, "missing_field", "the row has no video_id",
               ",Food and Entertaining,Drinks,6,25938"),
        Row(6, "R2-Usq--J3U"),
    ]


def test_acav_clip_list():
    assert fixture("acav", "acav100m_clips.csv") == [
        Row(2, "--0edUL8zmA", 30000, 40000),
        Row(3, "-0a2vOUbe-M", 292333, 302333),
        Reject(4, "bad_time", "start or end is not a number of seconds", "R2-Usq--J3U,abc,10"),
        Reject(5, "missing_field", "the row has no video ID", ",0,10"),
        Reject(6, "bad_time", "the clip ends before it starts", "gpAkjSy_8iY,20,10"),
    ]


def test_acav_curation_output_with_segment_lists():
    assert fixture("acav", "output.csv") == [
        Row(2, "--0edUL8zmA", 292333, 302333),
        Reject(3, "bad_time", "start or end is not a number of seconds",
               "shard-000009,-0a2vOUbe-M_0.mp4,-0a2vOUbe-M,[0.0]"),
    ]


def test_acav_without_header_reads_by_position():
    rows = list(formats.get("acav").read(io.StringIO("--0edUL8zmA,1,11\n")))
    assert rows == [Row(1, "--0edUL8zmA", 1000, 11000)]


def test_yt_temporal_id_csv():
    assert fixture("yt_temporal", "ids.csv") == [
        Row(2, "--0edUL8zmA"), Row(3, "-0a2vOUbe-M"), Row(5, "R2-Usq--J3U")]


def test_yt_temporal_json_lines():
    assert fixture("yt_temporal", "metadata.jsonl") == [
        Row(1, "--0edUL8zmA"),
        Row(2, "-0a2vOUbe-M"),
        Reject(3, "missing_field", "the object has no video_id or id", '{"title": "no id here"}\n'),
        Reject(4, "bad_json", "the line is not a JSON object", "not json at all\n"),
    ]


def test_activitynet_database():
    assert fixture("activitynet", "activity_net.v1-3.min.json") == [
        Row(1, "--0edUL8zmA", 92920, 241130),
        Row(1, "--0edUL8zmA", 3000, 50500),
        Row(2, "v_QOlSCBRmg"),  # a real ID may start with v_: 11 characters, kept whole
        Reject(3, "missing_field", "the entry has no annotations list", "-0a2vOUbe-M"),
        Reject(4, "bad_time", "a segment ends before it starts", "R2-Usq--J3U"),
        Reject(4, "missing_field", "a segment is not [start, end]", "R2-Usq--J3U"),
        Row(4, "R2-Usq--J3U", 5000, 9000),
    ]


def test_activitynet_captions_strip_the_v_prefix():
    assert fixture("activitynet", "train.json", layout="captions") == [
        Row(1, "--0edUL8zmA", 830, 19860, "A man is kneeling on a mat."),
        Row(1, "--0edUL8zmA", 17370, 60810, "He throws a ball."),
        Row(2, "v_QOlSCBRmg", 1000, 2000, "Someone waves."),
        Reject(3, "missing_field", "the entry has no timestamps list", "-0a2vOUbe-M"),
    ]


@pytest.mark.parametrize("key, video", [("v_--0edUL8zmA", "--0edUL8zmA"),
                                        ("v_QOlSCBRmg", "v_QOlSCBRmg"),
                                        ("--0edUL8zmA", "--0edUL8zmA"),
                                        ("v_v_QOlSCBRmg", "v_QOlSCBRmg")])
def test_activitynet_prefix_is_removed_only_before_eleven_characters(key, video):
    assert activitynet.video_id(key) == video


def test_activitynet_unknown_layout_is_refused():
    with pytest.raises(ValueError, match="layout"):
        list(formats.get("activitynet").read(io.StringIO("{}"), layout="other"))


def test_msrvtt_takes_the_youtube_id_from_the_url():
    assert fixture("msrvtt", "train_val_videodatainfo.json") == [
        Row(1, "--0edUL8zmA", 137720, 149440),
        Row(2, "-0a2vOUbe-M", 184330, 206890),
        Reject(3, "bad_url", "url is not a YouTube video link", "https://vimeo.com/12345"),
        Reject(4, "bad_time", "'start time' or 'end time' is missing or not a number of seconds",
               "https://www.youtube.com/watch?v=R2-Usq--J3U"),
        Reject(5, "missing_field", "the video has no url",
               "{'category': 9, 'video_id': 'video4', 'start time': 1.0, 'end time': 2.0, "
               "'split': 'test', 'id': 4}"),
    ]


def test_vatex_splits_clip_names_from_the_right():
    assert fixture("vatex", "vatex_validation_v1.0.json") == [
        Row(1, "--0edUL8zmA", 122000, 132000, "A man plays the drums on a stage."),
        Row(2, "gp_kjSy_8iY", 5000, 15000),
        Row(3, "-0a2vOUbe-M", 12000, 22000),
        Reject(4, "bad_time", "the clip ends before it starts", "R2-Usq--J3U_000040_000030"),
        Reject(5, "bad_id", "videoID is not <YouTube ID>_<start>_<end>", "noTimes"),
        Reject(6, "missing_field", "the entry has no videoID", "{'enCap': ['no id']}"),
    ]


def test_youcook2_steps_with_sentences():
    assert fixture("youcook2", "youcookii_annotations_trainval.json") == [
        Row(1, "--0edUL8zmA", 90000, 102000, "spread margarine on two slices of white bread"),
        Row(1, "--0edUL8zmA", 114000, 127000, "place a slice of cheese on the bread"),
        Reject(2, "bad_time", "a segment ends before it starts", "-0a2vOUbe-M"),
        Row(2, "-0a2vOUbe-M", 40000, 55000),
        Reject(3, "missing_field", "the entry has no annotations list", "R2-Usq--J3U"),
    ]


def test_hdvg_scenes_are_placed_inside_their_clip_span():
    assert fixture("hdvg", "hdvg_0.json") == [
        Row(1, "gpAkjSy_8iY", 30, 7740, "a man in a suit standing next to a desk"),
        Row(1, "gpAkjSy_8iY", 106779, 107712, "a street with power lines down"),
        Row(1, "gpAkjSy_8iY", 106479, 106779, "a city street"),
        Reject(1, "missing_field", "a scene has no scene_cut [first, last]", "gpAkjSy_8iY.8.mp4"),
        Row(2, "--0edUL8zmA", 30300, 34846, "two ticks next to each other"),
        Reject(2, "bad_time", "the clip ends before it starts", "--0edUL8zmA.4.mp4"),
        Row(2, "--0edUL8zmA", 50000, 55000),
        Reject(3, "missing_field", "the entry has no clip object", "-0a2vOUbe-M"),
    ]


def test_shot2story_meta_csv():
    assert fixture("shot2story", "134k_meta.csv") == [
        Row(2, "--0edUL8zmA", 730470, 743490),
        Row(3, "R2-Usq--J3U", 18740, 38120),
        Row(4, "-0a2vOUbe-M", 170890, 182709),  # empty youtube_id: taken from clip_id
        Reject(5, "bad_time", "duration is not ['start', 'end']",
               "gpAkjSy_8iY.4,['Music'],['00:01:02.710'],gpAkjSy_8iY"),
        Reject(6, "bad_time", "the clip ends before it starts",
               "gpB2FGY5Fuk.5,['Sports'],['00:01:15.390', '00:01:05.439'],gpB2FGY5Fuk"),
    ]


def test_miradata_v0_frames_over_fps():
    rows = fixture("miradata", "miradata_v0.csv")
    assert rows[:2] == [
        Row(2, "--0edUL8zmA", 5442400, 5562400, "A group of people looking at cars on display."),
        Row(3, "-0a2vOUbe-M", 30494030, 30556059, "A busy city street at night."),
    ]
    assert [(r.line, r.code) for r in rows[2:]] == [(4, "bad_time"), (5, "missing_field")]


def test_miradata_later_layout_skips_other_sources():
    rows = fixture("miradata", "miradata_v1_sample.csv")
    assert rows[0] == Row(2, "--0edUL8zmA", 54654, 115555, "A knight rides through a village.")
    assert [(r.line, r.code) for r in rows[1:]] == [(3, "not_youtube"), (4, "bad_time")]


def test_openvid_reads_only_clips_named_after_youtube_videos():
    assert fixture("openvid", "OpenVid-1M.csv") == [
        Row(2, "--0edUL8zmA"),
        Reject(3, "not_youtube", "the file name names no YouTube video", "celebv_AbCdEfGh1234.mp4"),
        Reject(4, "not_youtube", "the file name names no YouTube video",
               "mixkit-waves-crashing-on-rocks-1234.mp4"),
        Row(5, "-0a2vOUbe-M"),
        Reject(6, "missing_field", "the row has no video file name",
               ",Missing name.,5.0,1.0,0.9,static,10,10,1.0"),
    ]


class _Trickle(io.StringIO):
    """A stream that hands out at most 3 characters per read, to cross every boundary."""

    def read(self, size=-1):
        return super().read(3 if size is None or size < 0 else min(size, 3))


def test_json_entries_survive_any_read_boundary():
    text = (FIXTURES / "youcook2" / "youcookii_annotations_trainval.json").read_text()
    whole = list(_jsonstream.items(io.StringIO(text), ("database",)))
    assert list(_jsonstream.items(_Trickle(text), ("database",))) == whole
    assert [key for _, key, _ in whole] == ["--0edUL8zmA", "-0a2vOUbe-M", "R2-Usq--J3U"]


@pytest.mark.parametrize("text, message", [
    ('{"database": {"--0edUL8zmA": {"annotations": [', "bad JSON in entry 1"),
    ('{"database": {"a": {}, "b": {}', "after entry 2"),
    ('{"taxonomy": []}', "no 'database' key"),
    ("", "found the end of the file"),
])
def test_broken_json_stops_the_file_with_a_reason(text, message):
    with pytest.raises(ValueError, match=message):
        list(formats.get("youcook2").read(io.StringIO(text)))


def test_json_readers_do_not_read_ahead_of_the_entries_they_yield():
    entry = '"%s": {"annotations": [{"segment": [1, 2], "sentence": "s"}]}'
    text = '{"database": {' + ", ".join(entry % f"id{i:09d}" for i in range(20000)) + "}}"
    stream = io.StringIO(text)
    first = next(formats.get("youcook2").read(stream))
    assert first == Row(1, "id000000000", 1000, 2000, "s")
    assert stream.tell() < len(text) // 10


def _real(name):
    path = REAL_DATA / name
    if not path.is_file():
        pytest.skip(f"real dataset file {path} is absent (shared/data next to the checkout)")
    return path


def _expected(path, id_column):
    """(rows, distinct IDs) counted independently with the csv module."""
    with open(path, newline="") as stream:
        lines = [line for line in stream if not line.startswith("#")]
    records = list(csv.reader(lines, skipinitialspace=True))
    if id_column != 0:
        records = records[1:]
    return len(records), len({r[id_column] for r in records})


@pytest.mark.parametrize("file, rows, videos", [
    ("audioset_eval_segments.csv", 20371, 20371),
    ("audioset_balanced_train_segments.csv", 22160, 22160),
])
def test_real_audioset_lists(file, rows, videos):
    path = _real(file)
    read_rows = read("audioset", path)
    assert not [r for r in read_rows if isinstance(r, Reject)]
    assert (len(read_rows), len({r.video_id for r in read_rows})) == (rows, videos)
    assert _expected(path, 0) == (rows, videos)
    # Segments are at most 10 s; some are shorter where the video ends early.
    assert all(0 < r.end - r.start <= 10000 for r in read_rows)
    assert read_rows[0].line == 4 and read_rows[-1].line == rows + 3


@pytest.mark.parametrize("file, rows, videos", [
    ("kinetics-400_val.csv", 19906, 19906),
    ("kinetics-600_val.csv", 30000, 29994),
])
def test_real_kinetics_lists(file, rows, videos):
    path = _real(file)
    read_rows = read("kinetics", path)
    assert not [r for r in read_rows if isinstance(r, Reject)]
    assert (len(read_rows), len({r.video_id for r in read_rows})) == (rows, videos)
    assert _expected(path, 1) == (rows, videos)
    assert read_rows[0].line == 2 and read_rows[-1].line == rows + 1


@pytest.mark.parametrize("head", ["video_id", "YouTube_ID", '"ytid"', "# url"])
def test_a_list_under_a_column_name_rejects_nothing(head):
    # SYNTHETIC IDs; a link with a comma in it stays one line, as in a headless list.
    lines = [head, "-a_b-c_d-eI", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1,5"]
    rows = list(formats.get("plainlist").read(io.StringIO("\n".join(lines) + "\n")))
    assert [(r.line, r.video_id) for r in rows] == [(2, "-a_b-c_d-eI"), (3, "dQw4w9WgXcQ")]
