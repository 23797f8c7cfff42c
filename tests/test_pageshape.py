"""Video pages filled in from their shape (web/pageshape.py) are the pages a plain rendering
gives, byte for byte; a shape that would not give them is not used.

The index holds real files: the AudioSet evaluation segments, MusicCaps (clips with captions,
drawn from AudioSet, so many videos are in both) and the Kinetics-600 validation list.
"""

import csv
import logging

import pytest

from app import create_app
from lookup.ids import canonical_id
from lookup.index.ingest import Input, ingest
from tests.conftest import main_text, offline
from tests.helpers import build_index
from tests.shared_data import shared_file

LANGUAGES = ("en", "de", "zh")
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@pytest.fixture(scope="module")
def real_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("real")
    index = folder / "index.db"
    ingest(index, "audioset", [Input(shared_file("audioset_eval_segments.csv"))], "plainlist")
    ingest(index, "musiccaps", [Input(shared_file("musiccaps-public.csv"))], "musiccaps",
           captions=True)
    ingest(index, "kinetics-600", [Input(shared_file("kinetics-600_val.csv"))], "plainlist")
    return index


def sample_ids():
    """Videos of several shapes, several of each: in AudioSet and MusicCaps (captions), in
    MusicCaps only, in Kinetics-600 (CYGlFBgKZV0 with two clips), and in none."""
    with open(shared_file("musiccaps-public.csv"), newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    both = [r["ytid"] for r in rows if r["is_audioset_eval"] == "True"][:12]
    musiccaps_only = [r["ytid"] for r in rows if r["is_audioset_eval"] == "False"][:6]
    kinetics = ["CYGlFBgKZV0"] + [line.split(",")[1] for line in
                                  shared_file("kinetics-600_val.csv").read_text().splitlines()[1:7]]
    return both + musiccaps_only + kinetics + ["aaaaaaaaaaA", "AAAAAAAAAAA", "zzzzzzzzzzA"]


def make_app(index, tmp_path, shapes):
    return create_app({"TESTING": True, "INDEX_PATH": str(index), "PAGE_SHAPES": shapes,
                       **offline(tmp_path)})


def pages(app, paths):
    client = app.test_client()
    return {(path, lang): client.get(path, headers={"Accept-Language": lang}).get_data()
            for path in paths for lang in LANGUAGES}


def test_filled_pages_are_the_plain_pages(real_index, tmp_path):
    ids = sample_ids()
    paths = [f"/v/{video_id}" for video_id in ids] + [f"/v/{ids[0]}?t=30", f"/v/{ids[1]}?t=30",
                                                     f"/v/{ids[-4]}?lang=de"]
    shaped = make_app(real_index, tmp_path, 2048)
    filled = pages(shaped, paths)
    assert filled == pages(make_app(real_index, tmp_path, 0), paths)
    store = shaped.extensions["lookup.page_shapes"]
    assert all(store.values())  # every shape reproduced its first page
    assert len(store) < len(filled) / 3  # so most pages were filled in, not rendered
    assert b"Kinetics-600" in filled[("/v/CYGlFBgKZV0", "en")]
    assert filled[("/v/CYGlFBgKZV0", "de")].count(b'<td><a href="https://www.youtube.com/') == 2


def test_an_older_spelling_keeps_its_own_notice(real_index, tmp_path):
    video_id = sample_ids()[0]
    older = next(spelling for spelling in (video_id[:-1] + c for c in ALPHABET)
                 if spelling != video_id and canonical_id(spelling) == video_id)
    paths = [f"/v/{video_id}?from={older}", f"/v/{video_id}"]
    filled = pages(make_app(real_index, tmp_path, 2048), paths)
    assert filled == pages(make_app(real_index, tmp_path, 0), paths)
    assert older.encode() in filled[(paths[0], "en")]
    assert older.encode() not in filled[(paths[1], "en")]


def test_a_shape_that_does_not_give_its_page_is_not_used(real_index, tmp_path, caplog):
    """A template that comes to show something the key leaves out (here a counter) is rendered
    plainly every time, and the fault is logged."""
    app = make_app(real_index, tmp_path, 2048)
    calls = []
    app.jinja_env.globals["channels_enabled"] = lambda: calls.append(1) or len(calls) % 2 == 1
    client = app.test_client()
    video_id = sample_ids()[0]
    with caplog.at_level(logging.WARNING, logger="web.pageshape"):
        answers = [client.get(f"/v/{video_id}").get_data() for _ in range(3)]
    assert list(app.extensions["lookup.page_shapes"].values()) == [False]
    assert "does not fill in from its shape" in caplog.text
    # Calls 1 and 2: the first page and its shape, which differ; then one plain page each.
    assert len(calls) == 4
    assert [b"whole channel" in page for page in answers] == [True, True, False]


def test_each_address_keeps_its_own_shape(real_index, tmp_path):
    """Addresses that differ in scheme only, in Host only, or by a script root share no shape:
    each page prints its own address, and its links start at its own root."""
    ids = sample_ids()[:4]
    addresses = [({"base_url": "http://a.example"}, b"http://a.example/v/"),
                 ({"base_url": "https://a.example:80", "headers": {"Host": "a.example"}},
                  b"https://a.example/v/"),
                 ({"base_url": "http://a.example", "headers": {"Host": "b.example"}},
                  b"http://b.example/v/"),
                 ({"base_url": "http://a.example/sub"}, b"http://a.example/sub/v/")]
    answers = {}
    for shapes in (2048, 0):
        client = make_app(real_index, tmp_path, shapes).test_client()
        answers[shapes] = [client.get(f"/v/{video_id}", **where).get_data()
                           for where, _ in addresses for video_id in ids]
    assert answers[2048] == answers[0]
    for n, (_, printed) in enumerate(addresses):
        for page, video_id in zip(answers[2048][n * len(ids):], ids):
            assert printed + video_id.encode() in page
    assert b'href="/sub/datasets/audioset"' in answers[2048][3 * len(ids)]


def test_clip_counts_fill_in_where_the_language_words_them_alike(tmp_path):
    """Counts and totals that a language words the same way (in English and German: any count
    but 1) are filled into one shape; a count worded apart (1) keeps a shape of its own. Every
    page is the plain rendering, byte for byte. SYNTHETIC index."""
    counts = {"shape00001A": (1, 0), "shape00002A": (2, 0), "shape00003A": (5, 0),
              "shape00004A": (12, 0), "shape00005A": (2, 1), "shape00006A": (3, 4),
              "shape00007A": (1, 1), "shape00008A": (1234, 0)}
    index = build_index(tmp_path, {slug: [(video_id, 10 * n, 10 * n + 5)
                                          for video_id, both in counts.items()
                                          for n in range(both[column])]
                                   for column, slug in enumerate(("alpha", "beta"))})
    paths = [f"/v/{video_id}" for video_id in counts]
    shaped = make_app(index, tmp_path, 2048)
    filled = pages(shaped, paths)
    assert filled == pages(make_app(index, tmp_path, 0), paths)
    assert all(shaped.extensions["lookup.page_shapes"].values())
    assert "12 clips in all" in main_text(filled[("/v/shape00004A", "en")])
    assert "1 clip in all" in main_text(filled[("/v/shape00001A", "en")])
    # thousands marks of each language in a filled-in count
    assert "1,234 clips in all" in main_text(filled[("/v/shape00008A", "en")])
    assert "insgesamt 1.234 Clips" in main_text(filled[("/v/shape00008A", "de")])

    alone = make_app(index, tmp_path, 2048)
    # 2, 5, 12 and 1,234 clips in alpha alone: one shape in each language
    pages(alone, paths[1:4] + paths[7:])
    assert len(alone.extensions["lookup.page_shapes"]) == len(LANGUAGES)
    pages(alone, paths[:1])  # 1 clip: a shape of its own, but in Chinese, which has one form
    assert len(alone.extensions["lookup.page_shapes"]) == len(LANGUAGES) + 2
