"""Readers of coverage wave 2 on tiny synthetic files in their official layouts.

Every fixture (tests/fixtures/<reader>/, each README says SYNTHETIC) uses IDs such as
-a_b-c_d-eI that start with '-' and hold '-' and '_', so a reader that splits a clip or file
name on those characters instead of by its dataset's rule fails here.
"""

import io

import pytest

from lookup import formats
from lookup.formats import Reject, Row, VideoMeta

from tests.test_formats_coverage import FIXTURES, fixture

WAVE2 = ["audiocaps", "avspeech", "koala36m", "llava_video", "musiccaps", "vggsound",
         "videoinstruct", "vidgen", "voxceleb", "vript", "yodas", "youtube_commons"]
ODD = "-a_b-c_d-eI"


@pytest.mark.parametrize("name", WAVE2)
def test_reader_declares_the_contract(name):
    reader = formats.get(name)
    assert reader.DOC.startswith("https://")
    assert reader.BINARY is (name == "youtube_commons")
    assert reader.OPTIONS == {}
    assert (FIXTURES / name / "README.md").read_text().count("SYNTHETIC") == 1


def test_audiocaps_clips_are_ten_seconds_from_start_time():
    assert fixture("audiocaps", "train.csv") == [
        Row(2, ODD, 130000, 140000, "A woman talks nearby as water pours"),
        Row(3, ODD, 130000, 140000, "Water pours, then a woman speaks"),
        Reject(4, "missing_field", "the row has no youtube_id", "58146,,20,No video here"),
        Reject(5, "bad_time", "the start is not a number of seconds",
               "58147,R2-Usq--J3U,soon,A dog barks"),
        Row(6, "R2-Usq--J3U", 0, 10000, "A dog barks\nand a car passes"),
    ]


def test_musiccaps_quoted_fields_span_lines():
    rows = fixture("musiccaps", "musiccaps-public.csv")
    assert rows[0] == Row(2, ODD, 30000, 40000,
                          "A mellow piano melody, recorded\nin low quality, with a soft voice.")
    assert [(r.line, r.code) for r in rows[1:4]] == [
        (4, "bad_time"), (5, "missing_field"), (6, "bad_time")]
    assert rows[4] == Row(7, "--0edUL8zmA", 0, 10000, "A folk song.")


def test_vggsound_repository_test_csv_splits_names_by_their_rule():
    assert fixture("vggsound", "test.csv") == [
        Row(1, ODD, 30000, 40000),
        Row(2, "R2-Usq--J3U", 177000, 187000),
        Reject(3, "bad_id", "the file name is not <YouTube ID>_<start>.mp4",
               "not-a-clip.mp4,rain"),
        Reject(4, "bad_id", "the file name is not <YouTube ID>_<start>.mp4",
               "short_000010.mp4,wind"),
    ]


def test_vggsound_site_csv_has_no_header():
    assert fixture("vggsound", "vggsound.csv") == [
        Row(1, ODD, 30000, 40000),
        Row(2, "gpAkjSy_8iY", 5000, 15000),
        Reject(3, "bad_time", "the start is not a number of seconds",
               "gpAkjSy_8iY,abc,playing piano,train"),
        Reject(4, "missing_field", "expected youtube_id,start_seconds,label,split",
               ",10,rain,train"),
    ]


def test_avspeech_segments():
    rows = fixture("avspeech", "avspeech_train.csv")
    assert rows[0] == Row(1, ODD, 90000, 93567)
    assert [(r.line, r.code) for r in rows[1:4]] == [
        (2, "bad_time"), (3, "missing_field"), (4, "bad_time")]
    assert rows[4] == Row(5, "gpAkjSy_8iY", 1500, 6250)


def test_koala_takes_the_id_from_url_else_from_the_clip_name():
    rows = fixture("koala36m", "Koala_36M_1.csv")
    assert rows[:3] == [
        Row(2, ODD, 18740, 38120, "A person cuts wood, slowly."),
        Row(3, "R2-Usq--J3U", 12500, 20000, "A city at night."),
        Row(4, "gpAkjSy_8iY", 1000, 5000,
            "A piano (the url is not YouTube; the clip name gives the ID)."),
    ]
    assert [(r.line, r.code) for r in rows[3:]] == [(5, "bad_id"), (6, "bad_time")]


def test_vidgen_vid_is_id_then_scene():
    assert fixture("vidgen", "VidGen_1M_video_caption.json") == [
        Row(1, ODD, None, None, "The video shows a hand moving red flowers."),
        Row(2, "R2-Usq--J3U", None, None, "A street at dusk."),
        Reject(3, "bad_id", "vid is not <YouTube ID>-Scene-<n>", "R2-Usq--J3U-Scene"),
        Reject(4, "missing_field", "the entry has no vid", "{'caption': 'No vid at all.'}"),
        Row(5, "gpAkjSy_8iY"),
    ]


def test_vidgen_json_lines():
    text = '{"vid": "-a_b-c_d-eI-Scene-0001", "caption": "c"}\n{"vid": 3}\n'
    assert list(formats.get("vidgen").read(io.StringIO(text))) == [
        Row(1, ODD, None, None, "c"),
        Reject(2, "missing_field", "the entry has no vid", "{'vid': 3}")]


def test_vript_per_video_document():
    assert fixture("vript", f"{ODD}_caption.json") == [
        Row(2, ODD, None, None, "Hands sand a plank."),
        Row(2, ODD, None, None, "A saw cuts."),  # no video_id: taken from clip_id
        Reject(2, "missing_field", "the clip has no video_id or clip_id",
               "{'caption': {'content': 'No IDs in this clip.'}}"),
    ]


def test_vript_json_lines_of_videos_and_clips():
    assert fixture("vript", "vript_captions.jsonl") == [
        Row(1, "R2-Usq--J3U", None, None, "People cross a street."),
        Reject(2, "bad_json", "the line is not valid JSON", "not json"),
        Row(3, "gpAkjSy_8iY", None, None, "A piano."),
    ]


def test_vript_metadata_titles():
    with open(FIXTURES / "vript" / "vript_captions.jsonl", encoding="utf-8") as stream:
        assert list(formats.get("vript").read_metadata(stream)) == [
            VideoMeta("R2-Usq--J3U", "City walk"), VideoMeta("gpAkjSy_8iY", "Piano")]


def test_yodas_utterance_ids_carry_the_video_and_centiseconds():
    assert fixture("yodas", "00000000.txt") == [
        Row(1, ODD, 0, 2000),
        Row(2, ODD, 43290, 45290),
        Reject(3, "bad_time", "the utterance ends before it starts",
               "R2-Usq--J3U-00000-00000500-00000100 -4.00"),
        Reject(4, "bad_id", "the utterance ID is not <YouTube ID>-NNNNN-<start>-<end>",
               "short-00000-00000000-00000200 2.00"),
        Row(6, "gpAkjSy_8iY", 120000, 125500),
    ]


def test_llava_video_reads_youtube_paths_once_per_video():
    assert fixture("llava_video", "0_30_s_youtube_v0_1_cap_processed.json") == [
        Row(1, ODD),
        Reject(3, "not_youtube", "the video path names no YouTube video",
               "academic_source/activitynet/v_abcdefghijk.mp4"),
        Reject(4, "missing_field", "the record has no video path",
               "{'id': '4', 'conversations': []}"),
        Row(5, "R2-Usq--J3U"),
    ]


def test_videoinstruct_activitynet_ids_once_per_video():
    assert fixture("videoinstruct", "VideoInstruct100K.json") == [
        Row(1, ODD),
        Reject(3, "missing_field", "the pair has no video_id",
               "{'q': 'No video?', 'a': 'None.'}"),
        Row(4, "R2-Usq--J3U"),
    ]


def test_voxceleb_member_listing():
    assert fixture("voxceleb", "vox1_dev_txt.list") == [
        Row(4, ODD), Row(5, ODD), Row(6, "R2-Usq--J3U"),
        Reject(7, "bad_line", "neither a Reference line nor an id<digits>/<YouTube ID>/<n>.txt "
               "path", "txt/id10002/short/00001.txt"),
    ]


def test_voxceleb_concatenated_txt_files():
    assert fixture("voxceleb", "vox1_dev_txt.txt") == [
        Row(2, ODD), Row(11, "R2-Usq--J3U"),
        Reject(13, "bad_line", "neither a Reference line nor an id<digits>/<YouTube ID>/<n>.txt "
               "path", "this line is broken"),
    ]


def _parquet(function="read"):
    with open(FIXTURES / "youtube_commons" / "youtube_commons-synthetic.parquet", "rb") as raw:
        # The ingest's stream cannot seek; this one cannot either, so the copy path is taken.
        return list(getattr(formats.get("youtube_commons"), function)(_Unseekable(raw)))


class _Unseekable(io.RawIOBase):
    def __init__(self, raw):
        self.raw = raw

    def readable(self):
        return True

    def readinto(self, buffer):
        return self.raw.readinto(buffer)


def test_youtube_commons_one_row_per_video_across_row_groups():
    assert _parquet() == [
        Row(1, ODD), Row(3, "R2-Usq--J3U"),
        Reject(4, "missing_field", "the row has no video_id or video_link",
               "{'video_id': '', 'video_link': ''}"),
        Row(6, "gpAkjSy_8iY"),  # row 5 is ODD again, in the second row group
    ]


def test_youtube_commons_metadata_for_the_metadata_store():
    assert _parquet("read_metadata") == [
        VideoMeta(ODD, "How to make a chair", "Wood Shop", "UCaaaaaaaaaaaaaaaaaaaaaA", "20230105"),
        VideoMeta("R2-Usq--J3U", "City walk", "Walks", "UCbbbbbbbbbbbbbbbbbbbbbA", "20221231"),
        VideoMeta("gpAkjSy_8iY", "Piano lesson", "Keys", "UCcccccccccccccccccccccA", "20210704"),
    ]


def test_youtube_commons_refuses_a_file_that_is_not_parquet():
    with pytest.raises(ValueError, match="not a parquet file"):
        list(formats.get("youtube_commons").read(io.BytesIO(b"video_id\nabc\n")))


def test_yt_temporal_metadata_from_json_lines():
    text = ('{"video_id": "-a_b-c_d-eI", "title": "T", "channel": "C", "upload_date": "20200101"}\n'
            '{"title": "no id"}\n')
    assert list(formats.get("yt_temporal").read_metadata(io.StringIO(text))) == [
        VideoMeta(ODD, "T", "C", "", "20200101")]
    assert list(formats.get("yt_temporal").read_metadata(io.StringIO("video_id\nabc\n"))) == []


def test_acav_released_output_without_header():
    assert fixture("acav", "acav100m_output_noheader.csv") == [
        Row(1, ODD, 292330, 302330),
        Reject(2, "bad_time", "start or end is not a number of seconds",
               "shard-000009,R2-Usq--J3U_3.mp4,R2-Usq--J3U,[0.0]"),
        Row(3, "gpAkjSy_8iY", 10000, 20000),
    ]


@pytest.mark.parametrize("file, layout", [("train.json", "captions"),
                                          ("activity_net.v1-3.min.json", "database")])
def test_activitynet_layout_is_told_from_the_content(file, layout):
    assert fixture("activitynet", file) == fixture("activitynet", file, layout=layout)
    assert formats.get("activitynet").detect(
        io.StringIO((FIXTURES / "activitynet" / file).read_text()))[0] == layout
