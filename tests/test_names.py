"""The name index: typo-tolerant search, suggestions, building from metadata (synthetic names)."""

import pytest

from lookup.errors import UserError
from lookup.names import Match, NameIndex, NameRecord, SearchResult, build, records_from_metadata
from lookup.youtube.metadata import Metadata, VideoMeta, connect, save
from scripts import build_names as cli
from tests.youtube_fake import channel_id, video_ids

V = video_ids(5, seed=9)
META = [  # SYNTHETIC rows shaped like real ones
    VideoMeta(V[0], channel_id(1), "Marques Brownlee", "@mkbhd", "Reviewing a synthetic phone",
              checked_at="2024-01-01T00:00:00Z"),
    VideoMeta(V[1], channel_id(1), "Marques Brownlee", "@mkbhd", "Studio tour",
              checked_at="2024-01-01T00:00:00Z"),
    VideoMeta(V[2], channel_id(2), "Linus Tech Tips", "@linustechtips", "Building a server",
              checked_at="2024-01-01T00:00:00Z"),
    VideoMeta(V[3], None, "Brown Bread Bakery", "@brownbread", "Sourdough basics",
              checked_at="2024-01-01T00:00:00Z"),
    VideoMeta(V[4], channel_id(3), "Gone", None, None, status="gone", checked_at="2024"),
]


@pytest.fixture
def metadata(tmp_path):
    conn = connect(tmp_path / "metadata.db")
    save(conn, META)
    conn.close()
    return Metadata(tmp_path / "metadata.db")


@pytest.fixture
def names(metadata, tmp_path):
    build(records_from_metadata(metadata), tmp_path / "names")
    index = NameIndex(tmp_path / "names")
    yield index
    index.close()


def test_records_group_videos_under_their_channel(metadata):
    records = list(records_from_metadata(metadata))
    channels = sorted((r.key, r.name, r.handle, r.videos) for r in records if r.kind == "channel")
    assert channels == [("@brownbread", "Brown Bread Bakery", "@brownbread", 1),
                        (channel_id(1), "Marques Brownlee", "@mkbhd", 2),
                        (channel_id(2), "Linus Tech Tips", "@linustechtips", 1)]
    assert sorted(r.name for r in records if r.kind == "video") == [
        "Building a server", "Reviewing a synthetic phone", "Sourdough basics", "Studio tour"]


def test_typo_finds_the_channel_and_suggests_the_spelling(names):
    result = names.search("Marques Brownly", kind="channel")
    assert isinstance(result, SearchResult)
    assert result.matches[0] == Match("channel", channel_id(1), "Marques Brownlee", "@mkbhd",
                                      channel_id(1), "", 2, result.matches[0].score)
    assert result.suggestions == ["marques brownlee"]


def test_exact_words_rank_above_near_ones(names):
    keys = [m.key for m in names.search("brown", kind="channel").matches]
    assert keys == ["@brownbread"]  # "brownlee" is three edits away: not a match
    assert names.search("Brownlee").suggestions == []


def test_handles_match_exactly(names):
    assert names.search("@mkbhd").matches[0].name == "Marques Brownlee"
    assert names.search("linustechtips").matches[0].key == channel_id(2)


def test_video_titles(names):
    (hit,) = names.search("sourdough", kind="video").matches
    assert (hit.key, hit.channel_name, hit.handle) == (V[3], "Brown Bread Bakery", "@brownbread")


def test_any_word_when_no_name_has_all(names):
    assert {m.name for m in names.search("Linus Bakery").matches} == {"Linus Tech Tips",
                                                                      "Brown Bread Bakery"}


def test_short_words_are_not_fuzzed_and_empty_text_finds_nothing(names):
    assert names.search("tip").matches == []  # one edit from "tips" but too short to trust
    assert names.search("  ") == SearchResult([], [])
    assert names.search("zzzzzzzz") == SearchResult([], [])


def test_missing_index_is_a_user_error(tmp_path):
    with pytest.raises(UserError) as caught:
        NameIndex(tmp_path / "nowhere")
    assert caught.value.status == 503


def test_rebuild_replaces_the_index(tmp_path):
    build([NameRecord("channel", "a", "First Name")], tmp_path / "n")
    build([NameRecord("channel", "b", "Second Name")], tmp_path / "n")
    index = NameIndex(tmp_path / "n")
    assert [m.key for m in index.search("name").matches] == ["b"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n"]


def test_cli_builds_from_metadata(metadata, tmp_path, capsys):
    assert cli.main(["--metadata", str(metadata.path), "--out", str(tmp_path / "x"), "-q"]) == 0
    out = capsys.readouterr().out
    assert "channels  3" in out and "videos    4" in out
    assert NameIndex(tmp_path / "x").search("studio").matches[0].key == V[1]
    assert cli.main(["--metadata", str(tmp_path / "none.db")]) == 1


def test_typed_the_way_people_type(names):
    def first(text):
        return names.search(text, kind="channel").matches[0].name

    assert first("Brownlee Marques") == "Marques Brownlee"  # words swapped
    assert first("MarquesBrownlee") == "Marques Brownlee"  # a missing space
    assert first("Marqués Brownlée") == "Marques Brownlee"  # accents added
    assert first("mkbhd") == "Marques Brownlee"  # a handle without its @
    assert first("Marqes Brownlee") == "Marques Brownlee"  # a letter dropped


def test_accents_dropped_find_the_accented_name(tmp_path):
    build([NameRecord("channel", "UCa", "Beyoncé Zoë Müller", "@bzm", "UCa"),
           NameRecord("channel", "UCb", "Beyond Zone Miller", "@bzm2", "UCb")], tmp_path / "n")
    keys = [m.key for m in NameIndex(tmp_path / "n").search("beyonce zoe muller").matches]
    assert keys[0] == "UCa"


def test_an_asked_handle_outranks_a_name_spelt_the_same(tmp_path):
    # SYNTHETIC: one channel's name run together is another's handle.
    build([NameRecord("channel", "UCa", "Yoyovex Official", "@yoyovexofficial9", "UCa", videos=9),
           NameRecord("channel", "UCb", "Yoyovex", "@yoyovexofficial", "UCb", videos=1)],
          tmp_path / "n")
    index = NameIndex(tmp_path / "n")
    assert [m.key for m in index.search("@yoyovexofficial").matches][:2] == ["UCb", "UCa"]
    assert index.search("@YoyovexOfficial").matches[0].key == "UCb"  # as typed with capitals
    assert index.search(" @yoyovexofficial9 ").matches[0].key == "UCa"  # pasted with spaces
    assert index.search("Yoyovex Official").matches[0].key == "UCa"


def test_garbage_finds_nothing_and_breaks_nothing(names):
    for text in ["\ud800abc", "a" * 300, "!!!", "@", "x" * 61 + " " + "y" * 61]:
        assert names.search(text).matches == []
