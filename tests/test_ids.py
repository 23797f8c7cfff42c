"""The 64-bit codec and the canonical form of an ID (link shapes: tests/test_links.py)."""

import random

import pytest

from lookup.ids import Parsed, canonical_id, id_to_int, int_to_id, is_video_id, parse

VID = "dQw4w9WgXcQ"
DASHED = "--4A5B6C7Dk"


def test_ids_starting_with_dashes():
    assert parse(DASHED) == Parsed("video", DASHED)
    assert parse(f"https://youtu.be/{DASHED}") == Parsed("video", DASHED)


def test_a_non_canonical_id_is_mapped_not_refused():
    # The link shapes themselves are in tests/test_links.py; this is the ID rule alone.
    parsed = parse("dQw4w9WgXcR")
    assert (parsed.kind, parsed.value, parsed.mapped_from) == ("video", VID, "dQw4w9WgXcR")
    assert parse(VID).mapped_from == ""


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
