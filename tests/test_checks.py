"""Saved checks on a real SQLite file: permalink IDs, the stored answer, dedup, bad IDs."""

import sqlite3

from lookup.checks import CHECK_ID, CheckStore, answer
from lookup.index import Clip, Index
from tests.conftest import FOUND, MISSING, ROWS
from tests.helpers import build_index


def test_a_saved_check_keeps_ids_answer_and_snapshot(tmp_path):
    index = Index.open(build_index(tmp_path, ROWS))
    ids = ("dQw4w9WgXcQ", MISSING, "kJQP7kiw5Fk", "-abcdefghiI")
    found = answer(index, ids)
    store = CheckStore(tmp_path / "checks.db")
    check_id = store.save(ids, found, kind="list", label="My list",
                          rejected=(("not a link", "not a video"),), rejected_count=3)
    assert CHECK_ID.fullmatch(check_id)
    check = store.get(check_id)
    assert check.video_ids == ids
    assert (check.kind, check.label, check.ref) == ("list", "My list", "")
    assert check.rejected == (("not a link", "not a video"),) and check.rejected_count == 3
    assert check.snapshot == index.meta("snapshot") != ""
    assert check.answer.checked == ("alpha", "beta")
    assert list(check.answer.hits) == ["dQw4w9WgXcQ", "kJQP7kiw5Fk"]
    alpha, beta = check.answer.hits["dQw4w9WgXcQ"]
    assert (alpha.dataset, alpha.clip_count, alpha.line) == ("alpha", 2, 2)
    assert alpha.clips == (Clip(30000, 40000), Clip(95500, 100000))
    assert alpha.source.file_name == "alpha-synthetic.csv"
    assert alpha.source.sha256 == index.sources("alpha")[0].sha256
    assert alpha.source.finished == index.sources("alpha")[0].finished
    assert (beta.dataset, beta.clips, beta.line) == ("beta", (Clip(1000, 5000),), 2)


def test_the_stored_answer_outlives_a_changed_index(tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    store = CheckStore(tmp_path / "checks.db")
    old = Index.open(build_index(first, {"alpha": ROWS["alpha"]}))
    check_id = store.save(FOUND, answer(old, FOUND))
    # The index now also holds beta; the saved check still answers as of its own snapshot.
    second = tmp_path / "second"
    second.mkdir()
    new = Index.open(build_index(second, ROWS))
    assert set(answer(new, FOUND).hits) == set(FOUND)
    check = store.get(check_id)
    assert set(check.answer.hits) == {"dQw4w9WgXcQ", "9bZkp7q19f0"}
    assert check.answer.checked == ("alpha",)


def test_the_same_check_saved_twice_keeps_one_permalink(tmp_path):
    index = Index.open(build_index(tmp_path, ROWS))
    store = CheckStore(tmp_path / "checks.db")
    found = answer(index, FOUND)
    first = store.save(FOUND, found)
    assert store.save(FOUND, found) == first
    assert store.save(FOUND, found, label="another title") != first
    assert sqlite3.connect(tmp_path / "checks.db").execute(
        "SELECT count(*) FROM checks").fetchone() == (2,)


def test_twenty_thousand_ids_round_trip(tmp_path):
    index = Index.open(build_index(tmp_path, ROWS))
    ids = tuple(f"{n:010d}".replace("0", "A") + "A" for n in range(20_000))
    ids = tuple(dict.fromkeys(ids + tuple(FOUND)))
    store = CheckStore(tmp_path / "checks.db")
    check = store.get(store.save(ids, answer(index, ids)))
    assert check.video_ids == ids
    assert check.answer.found == 3


def test_unknown_or_malformed_ids_are_none(tmp_path):
    store = CheckStore(tmp_path / "checks.db")
    assert store.get("AAAAAAAAAAAA") is None  # no file yet
    index = Index.open(build_index(tmp_path, ROWS))
    store.save(FOUND, answer(index, FOUND))
    for bad in ("AAAAAAAAAAAA", "short", "../../etc/pw", "x" * 13, None, "AAAA AAAAAAA"):
        assert store.get(bad) is None
