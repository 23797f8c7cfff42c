"""The 64-bit codec and the canonical form of an ID (link shapes: tests/test_links.py)."""

import random

import pytest

from lookup.ids import (Parsed, are_video_ids, canonical_id, id_to_int, ids_to_ints, int_to_id,
                        is_video_id, parse)

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


@pytest.mark.parametrize("count", [0, 1, 63, 64, 65, 200])
def test_many_ids_decode_as_each_one_does(count):
    rng = random.Random(count)
    bounds = ["AAAAAAAAAAA", "__________8", "f_________8", "gAAAAAAAAAA", DASHED, VID]
    video_ids = (bounds + [int_to_id(rng.getrandbits(64) - 2**63) for _ in range(count)])[:count]
    assert ids_to_ints(video_ids) == [id_to_int(v) for v in video_ids]
    assert ids_to_ints(tuple(video_ids)) == [id_to_int(v) for v in video_ids]
    assert are_video_ids(video_ids)


# Each list is refused whole, though pasted together some would spell well-formed IDs.
@pytest.mark.parametrize("bad", [
    [VID, "dQw4w9WgXcR"], [VID, "dQw4w9WgX+Q"], ["dQw4w9WgXcQQ", "dQw4w9WgX"],
    ["dQw4w9WgXcQA\ndQw4w9WgXcQ"], ["dQw4w9WgXcQA\n", "dQw4w9WgXc"], [VID, ""], [VID + " "],
    ["dQw4w9WgXcQ\n"], [VID] * 64 + ["short"]])
def test_many_ids_refuse_any_malformed_id(bad):
    assert not are_video_ids(bad)
    with pytest.raises(ValueError):
        ids_to_ints(bad)


def test_canonical_id_clears_the_last_symbols_unused_bits():
    # -sHIYAaJ7CK and -sHIYAaJ7CI are the same 64 bits: K = 0b001010, I = 0b001000.
    assert canonical_id("-sHIYAaJ7CK") == "-sHIYAaJ7CI"
    assert id_to_int(canonical_id("-sHIYAaJ7CK")) == id_to_int("-sHIYAaJ7CI")
    assert canonical_id("dQw4w9WgXcQ") == "dQw4w9WgXcQ"
    assert [canonical_id(t) for t in ("dQw4w9WgXc", "dQw4w9WgXcQQ", "dQw4w9WgXc!")] == [None] * 3
