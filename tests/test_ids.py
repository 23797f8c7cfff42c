"""Every link form a person may paste, and the 64-bit codec."""

import random

import pytest

from lookup.ids import (NOT_YOUTUBE, Parsed, canonical_id, id_to_int, int_to_id, is_video_id,
                        parse)

VID = "dQw4w9WgXcQ"
DASHED = "--4A5B6C7Dk"


@pytest.mark.parametrize("text", [
    f"https://www.youtube.com/watch?v={VID}",
    f"http://youtube.com/watch?v={VID}",
    f"youtube.com/watch?v={VID}",
    f"www.youtube.com/watch?feature=share&v={VID}&si=abc",
    f"https://m.youtube.com/watch?v={VID}#comments",
    f"https://music.youtube.com/watch?v={VID}&list=RDAMVM{VID}",
    f"https://youtu.be/{VID}",
    f"https://youtu.be/{VID}?si=Xyz123&feature=shared",
    f"https://www.youtube.com/shorts/{VID}",
    f"https://youtube.com/shorts/{VID}?feature=share",
    f"https://www.youtube.com/embed/{VID}?rel=0",
    f"https://www.youtube-nocookie.com/embed/{VID}",
    f"https://www.youtube.com/live/{VID}?si=1",
    f"https://www.youtube.com/v/{VID}?version=3",
    f"https://www.youtube.com/e/{VID}",
    f"https://www.youtube.com/watch/{VID}",
    f"https://www.youtube.com/attribution_link?a=abc&u=/watch%3Fv%3D{VID}%26feature%3Dshare",
    f"https://www.youtube.com/oembed?url=https%3A//www.youtube.com/watch%3Fv%3D{VID}&format=json",
    f"https://i.ytimg.com/vi/{VID}/hqdefault.jpg",
    f"  <https://youtu.be/{VID}>  ",
    f"\t{VID}\n",
    VID,
])
def test_video_links(text):
    assert parse(text) == Parsed("video", VID, start=parse(text).start)


def test_time_parameter_is_kept():
    assert parse(f"https://youtu.be/{VID}?t=1h2m3s").start == 3723
    assert parse(f"https://www.youtube.com/watch?v={VID}&t=90").start == 90
    assert parse(f"https://www.youtube.com/watch?v={VID}").start is None


def test_ids_starting_with_dashes():
    assert parse(DASHED) == Parsed("video", DASHED)
    assert parse(f"https://youtu.be/{DASHED}") == Parsed("video", DASHED)


@pytest.mark.parametrize("text,value,kind", [
    ("https://www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw", "UC_x5XG1OV2P6uZZ5FSM9Ttw", "id"),
    ("https://www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw/videos", "UC_x5XG1OV2P6uZZ5FSM9Ttw",
     "id"),
    ("UC_x5XG1OV2P6uZZ5FSM9Ttw", "UC_x5XG1OV2P6uZZ5FSM9Ttw", "id"),
    ("https://www.youtube.com/@MKBHD", "@MKBHD", "handle"),
    ("https://www.youtube.com/@MKBHD/videos", "@MKBHD", "handle"),
    ("youtube.com/@mkbhd/shorts?si=x", "@mkbhd", "handle"),
    ("@mkbhd", "@mkbhd", "handle"),
    ("@some.name-here_1", "@some.name-here_1", "handle"),
    ("https://www.youtube.com/c/LinusTechTips", "LinusTechTips", "custom"),
    ("https://www.youtube.com/c/LinusTechTips/featured", "LinusTechTips", "custom"),
    ("https://www.youtube.com/user/marquesbrownlee", "marquesbrownlee", "user"),
    ("https://www.youtube.com/user/marquesbrownlee/videos", "marquesbrownlee", "user"),
    ("https://www.youtube.com/LinusTechTips", "LinusTechTips", "custom"),
])
def test_channel_links(text, value, kind):
    assert parse(text) == Parsed("channel", value, kind)


def test_playlist_links():
    assert parse("https://www.youtube.com/playlist?list=PLrAXtmErZgOeiKm4sgNOknGvNjby9efdf") == \
        Parsed("playlist", "PLrAXtmErZgOeiKm4sgNOknGvNjby9efdf")
    assert parse("https://www.youtube.com/playlist?list=x").kind == "invalid"


@pytest.mark.parametrize("text", [
    "https://vimeo.com/123456",
    f"https://example.com/watch?v={VID}",
    "https://www.youtube.com/results?search_query=cats",
    "https://www.youtube.com/feed/subscriptions",
    "https://www.youtube.com/channel/notachannel",
    "https://www.youtube.com/watch?v=short",
    "https://youtu.be/",
    "ftp://youtube.com.evil.org/watch",
    "' OR 1=1 --",
])
def test_not_a_youtube_link(text):
    assert parse(text).kind in {"invalid", "name"}
    assert parse(text).kind != "video"


def test_foreign_host_message():
    assert parse("https://vimeo.com/123456") == Parsed("invalid", NOT_YOUTUBE)


def test_empty_and_too_long():
    assert parse("   ").kind == "invalid"
    assert parse("https://youtu.be/" + "a" * 3000).kind == "invalid"


def test_words_are_a_name_search():
    assert parse("  Marques   Brownlee ") == Parsed("name", "Marques Brownlee")


def test_impossible_last_character():
    parsed = parse("dQw4w9WgXcR")
    assert parsed.kind == "invalid"
    assert "last character" in parsed.message


def test_codec_round_trip_random_ids():
    rng = random.Random(20261125)
    for _ in range(20000):
        number = rng.getrandbits(64) - 2**63
        video_id = int_to_id(number)
        assert is_video_id(video_id)
        assert id_to_int(video_id) == number


def test_codec_known_values_and_bounds():
    assert id_to_int("AAAAAAAAAAA") == 0
    assert int_to_id(-1) == "__________8"
    assert id_to_int("__________8") == -1
    assert int_to_id(2**63 - 1) == "f_________8"
    assert int_to_id(-(2**63)) == "gAAAAAAAAAA"
    assert int_to_id(id_to_int(DASHED)) == DASHED


@pytest.mark.parametrize("bad", ["dQw4w9WgXcR", "short", "dQw4w9WgXcQQ", "dQw4w9WgX+Q", ""])
def test_codec_refuses_invalid_ids(bad):
    with pytest.raises(ValueError):
        id_to_int(bad)


def test_canonical_id_clears_the_last_symbols_unused_bits():
    # -sHIYAaJ7CK and -sHIYAaJ7CI are the same 64 bits: K = 0b001010, I = 0b001000.
    assert canonical_id("-sHIYAaJ7CK") == "-sHIYAaJ7CI"
    assert id_to_int(canonical_id("-sHIYAaJ7CK")) == id_to_int("-sHIYAaJ7CI")
    assert canonical_id("dQw4w9WgXcQ") == "dQw4w9WgXcQ"
    assert [canonical_id(t) for t in ("dQw4w9WgXc", "dQw4w9WgXcQQ", "dQw4w9WgXc!")] == [None] * 3
