"""Packing clip spans into blobs."""

import random

from lookup.index import spans


def test_round_trip_sorted_and_deduped():
    blob = spans.pack([(5000, 9000), (0, 1000), (5000, 9000), (70_000_000, 70_100_000)])
    assert spans.unpack(blob) == [(0, 1000), (5000, 9000), (70_000_000, 70_100_000)]
    assert spans.count(blob) == 3
    assert spans.total_ms(blob) == 1000 + 4000 + 100_000


def test_widths_are_chosen_per_blob():
    assert len(spans.pack([(10, 20), (30, 40)])) == 1 + 2 + 2
    assert len(spans.pack([(1, 10_001), (20_000, 30_000)])) == 1 + 2 * 2 + 2 * 2
    assert len(spans.pack([(1, 100_000), (200_000, 300_000)])) == 1 + 2 * 4 + 2 * 4


def test_whole_seconds_are_stored_in_seconds():
    blob = spans.pack([(417_000, 427_000), (1_000, 11_000)])
    assert len(blob) == 1 + 2 * 2 + 2 * 1
    assert spans.unpack(blob) == [(1_000, 11_000), (417_000, 427_000)]
    assert (spans.count(blob), spans.total_ms(blob)) == (2, 20_000)
    assert spans.unpack(spans.pack([(5_000, 15_000)])) == [(5_000, 15_000)]


def test_empty_and_merge():
    assert spans.pack([]) is None
    assert spans.unpack(None) == []
    merged = spans.merge(spans.pack([(0, 5)]), spans.pack([(0, 5), (7, 9)]))
    assert spans.unpack(merged) == [(0, 5), (7, 9)]
    assert spans.unpack(spans.merge(None, spans.pack([(1, 2)]))) == [(1, 2)]


def test_random_round_trips():
    rng = random.Random(7)
    for _ in range(500):
        items = {(s, s + rng.randrange(0, 200_000)) for s in
                 (rng.randrange(0, 2**31 - 300_000) for _ in range(rng.randrange(1, 40)))}
        assert spans.unpack(spans.pack(items)) == sorted(items)


def test_columns_are_every_blob_unpacked_in_turn():
    rng = random.Random(11)
    blobs = [None, spans.pack([(5_000, 15_000)]), spans.pack([(1, 10_001), (20_000, 30_000)]),
             spans.pack([(417_000, 427_000), (1_000, 11_000)])]  # the last in whole seconds
    blobs += [spans.pack({(s, s + rng.randrange(0, 200_000)) for s in
                          (rng.randrange(0, 2**31 - 300_000) for _ in range(rng.randrange(1, 40)))})
              for _ in range(50)]
    starts, ends, counts = spans.columns(blobs)
    assert list(zip(starts, ends)) == [span for blob in blobs for span in spans.unpack(blob)]
    assert list(counts) == [spans.count(blob) for blob in blobs]
    assert spans.columns([]) == ([], [], ())
