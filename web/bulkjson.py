"""The bulk answer's "videos" array, and the whole answer to a video lookup, as JSON text
written straight from the index's rows.

serialize.bulk() builds a dict per video, per dataset holding it and per clip, and a
10,000-ID check holds some 30,000 clips: building and encoding those objects cost more than
the lookup itself. Here the text that depends only on a dataset and its source file is
encoded once per snapshot, the derived datasets once per combination of datasets, and the
clips of all rows in a few C-level passes over columns of numbers. The result is orjson's
encoding of serialize.video() for each of results.videos(), byte for byte
(tests/test_bulkjson.py). Bulk answers never carry captions, so every caption is null; a video
lookup does, so video_answer() leaves a video with captions to the generic path.
"""

import weakref
from functools import lru_cache
from itertools import chain, compress, count, repeat
from operator import floordiv, ne, truediv

import orjson

from lookup.ids import VIDEO_ID
from lookup.index import spans as spanpack

from . import results, serialize
from .urls import YOUTUBE

# IDs are base64url, so they go into the text without escaping; every other value that could
# need it is encoded by orjson.
_FOUND = ('{"video_id":"%s","url":"' + YOUTUBE + '?v=%s","found":true,"datasets":[%s],'
          '"derived":%s}')
_MISSING = ('{"video_id":"%s","url":"' + YOUTUBE + '?v=%s","found":false,"datasets":[],'
            '"derived":[]}')
_CLIP = '{"start":%s,"end":%s,"caption":null,"url":"' + YOUTUBE + '?v=%s&t=%ds"}'
_PER_ROW = 8  # pieces of a membership object in _found()
_BETWEEN_ROWS = "\0"  # splits one formatted text into rows' clips: no clip's text holds it
_TEXTS = weakref.WeakKeyDictionary()  # results.Facts -> _Texts, so both go with the snapshot


def videos(index, catalogue, video_ids):
    """(how many of video_ids are found, orjson.Fragment holding the JSON array of
    serialize.video() for each ID, in order). video_ids: well-formed IDs
    (lookup.ids.VIDEO_ID), as an IdList holds; ValueError for any other."""
    keys, rows, slugs, sources = index.lookup_rows(video_ids)
    if len(keys) < len(video_ids) and not all(map(VIDEO_ID.fullmatch, video_ids)):
        raise ValueError("bulkjson.videos() takes well-formed video IDs only")
    found = _found(_texts(index, catalogue), keys, rows, slugs, sources)
    array = ",".join([found.get(v) or _MISSING % (v, v) for v in video_ids])
    return sum(map(found.__contains__, video_ids)), orjson.Fragment(f"[{array}]")


def video_answer(index, catalogue, query, video_id):
    """orjson's encoding of serialize.lookup() for a lookup of one video, as bytes: query, the
    text asked for; video_id, its canonical form (lookup.ids.canonical_id). None when the index
    holds captions of the video, which this module does not write (the generic path does).

    A quarter less time than building the answer's objects, encoding them and making the
    response (~37 against ~49 µs, the 20M-video bench index): the answer is made of
    per-snapshot texts (the coverage lists, the memberships, the derived lists) and the
    video's clips."""
    _, rows, slugs, sources = index.lookup_rows([video_id])
    if rows and index.captioned(rows[0][0]):
        return None
    asked = orjson.dumps(query).decode()
    mapped = "null" if query == video_id else asked
    video = _one(_texts(index, catalogue), video_id, rows, slugs, sources) if rows else \
        _MISSING % (video_id, video_id)
    return (f'{{"query":{asked},"kind":"video","video_id":"{video_id}","start":null,'
            f'"mapped_from":{mapped},{_coverage(index, catalogue)},"videos":[{video}]}}').encode()


def _coverage(index, catalogue):
    """serialize.coverage()'s members as JSON text, without the braces, once per snapshot."""
    return index.remember(("coverage_json", id(catalogue)), lambda: orjson.dumps(
        serialize.coverage(results.coverage(index, catalogue))).decode()[1:-1])


def _one(texts, video_id, rows, slugs, sources):
    """One found video's JSON object from its rows (lookup_rows' order): _found() for the
    one or few rows of a single video, without its column passes' set-up."""
    memberships = texts.memberships({(row[1], row[4]) for row in rows}, slugs, sources)
    objects = []
    for _, dataset, n, blob, source, line in rows:
        before, after = memberships[dataset, source]
        objects.append(f'{before}{n},"clips":[{_row_clips(video_id, blob)}{after}{line}}}}}')
    return _FOUND % (video_id, video_id, ",".join(objects),
                     texts.derived(tuple(row[1] for row in rows), slugs))


def _row_clips(video_id, blob):
    """clips() of one row."""
    spans = spanpack.unpack(blob)
    if not spans:
        return ""
    seconds = _seconds([ms for span in spans for ms in span])
    return ",".join([_CLIP % (seconds[2 * i], seconds[2 * i + 1], video_id, start // 1000)
                     for i, (start, _) in enumerate(spans)])


def _texts(index, catalogue):
    facts = results.facts(index, catalogue)
    texts = _TEXTS.get(facts)
    if texts is None:
        texts = _TEXTS[facts] = _Texts(facts)
    return texts


def _found(texts, keys, rows, slugs, sources):
    """{video ID: its JSON object} for the videos these rows (lookup_rows' order) hold."""
    if not rows:
        return {}
    numbers, datasets, counts, blobs, source_ids, lines = zip(*rows)
    pairs = list(zip(datasets, source_ids))
    befores, afters = zip(*map(texts.memberships(set(pairs), slugs, sources).__getitem__, pairs))
    video_ids = list(map(keys.__getitem__, numbers))
    # Each row's membership object as _PER_ROW pieces, a comma first; a video's objects are
    # then one join of a slice, with no string made per row.
    pieces = list(chain.from_iterable(zip(
        repeat(","), befores, map(str, counts), repeat(',"clips":['), clips(video_ids, blobs),
        afters, map(str, lines), repeat("}}"))))
    found, start, derived = {}, 0, texts.derived
    # Each video's rows are consecutive: slices of the columns, cut where the video changes.
    for end in compress(count(1), map(ne, numbers, numbers[1:] + (None,))):
        video_id = video_ids[start]
        objects = "".join(pieces[start * _PER_ROW + 1:end * _PER_ROW])  # + 1: no comma first
        found[video_id] = _FOUND % (video_id, video_id, objects,
                                    derived(datasets[start:end], slugs))
        start = end
    return found


def clips(video_ids, blobs):
    """The inside of each row's "clips" array (clips JSON objects, comma-separated), from its
    spans blob (None for none); video_ids: each row's video, for the links."""
    if not blobs:
        return []
    starts, ends, counts = spanpack.columns(blobs)
    links = chain.from_iterable(map(repeat, video_ids, counts))
    values = chain.from_iterable(zip(_seconds(starts), _seconds(ends), links,
                                     map(floordiv, starts, repeat(1000))))
    template = _BETWEEN_ROWS.join(map(_clips_template, counts))
    return (template % tuple(values)).split(_BETWEEN_ROWS)


@lru_cache(maxsize=256)
def _clips_template(count):
    return ",".join([_CLIP] * count)


def _seconds(ms):
    """The texts of ms / 1000 as orjson writes them (as the generic answer's encoder does)."""
    if not ms:
        return []
    return orjson.dumps(list(map(truediv, ms, repeat(1000))))[1:-1].decode().split(",")


class _Texts:
    """A snapshot's JSON texts that are the same for every video: a membership object's
    texts around its clip count, clips and line per (dataset id, source id), the derived list
    per combination of dataset ids."""

    def __init__(self, facts):
        self.facts, self._memberships, self._derived = facts, {}, {}

    def memberships(self, pairs, slugs, sources):
        """{(dataset id, source id): (the membership object's text before its clip count,
        its text between its clips and its line)} holding these pairs."""
        for dataset, source in pairs - self._memberships.keys():
            slug, name, licence, licence_url, *_ = self.facts.dataset(slugs[dataset])
            head = orjson.dumps({"dataset": slug, "name": name, "licence": licence or None,
                                 "licence_url": licence_url or None}).decode()
            provenance = orjson.dumps(serialize.source(sources[source])).decode()
            self._memberships[dataset, source] = (
                head[:-1] + ',"clip_count":', '],"source":' + provenance[:-1] + ',"line":')
        return self._memberships

    def derived(self, datasets, slugs):
        """The "derived" list of a video found in these datasets (dataset ids, in order)."""
        text = self._derived.get(datasets)
        if text is None:
            hits = self.facts.derived(tuple(slugs[d] for d in datasets))
            text = self._derived[datasets] = orjson.dumps(
                [{"dataset": d.slug, "name": d.name, "derived_from": d.parent}
                 for d in hits]).decode()
        return text
