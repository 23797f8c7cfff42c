"""ActivityNet v1.3 (activity_net.v1-3.min.json) and ActivityNet Captions (train.json, val_1…).

ActivityNet (activity-net.org/download.html; the README of activitynet/ActivityNet): one JSON
object `{"version", "taxonomy", "database": {<YouTube ID>: {"url", "duration", "subset",
"resolution", "annotations": [{"segment": [start, end], "label"}]}}}`, times in seconds
(floats). Test videos have an empty annotations list: they are still in the dataset, so they
become one row without a span.

ActivityNet Captions (cs.stanford.edu/people/ranjaykrishna/densevid): one object keyed by the
ActivityNet ID *with a "v_" prefix* ("v_--0edUL8zmA"), each `{"duration", "timestamps":
[[start, end], …], "sentences": [...]}`. The prefix is removed only when exactly 11
characters follow it, so an ID that itself starts with "v_" is never cut.

Both files are under 10 MB, but they are walked entry by entry anyway; line numbers are entry
numbers, since the official file is minified onto one line. Which of the two a file is comes
from its content: the v1.3 file's top-level keys are "version", "taxonomy" and "database",
while a Captions file's are the videos themselves ("v_…" keys), so the first key decides.
"""

import re


from . import _csvrows, _jsonstream
from ._base import Reject, Row, segment_row

DOC = "http://activity-net.org/download.html"
BINARY = False
OPTIONS = {
    "layout": "'database' for activity_net.v1-3.min.json, 'captions' for the ActivityNet "
              "Captions train.json / val_1.json / val_2.json (default: told from the content)",
}

_FIRST_KEY = re.compile(r'\s*\{\s*"((?:[^"\\]|\\.)*)"')
_DATABASE_KEYS = {"version", "taxonomy", "database"}


def read(stream, layout=None):
    """One row per annotated segment (or per unannotated video)."""
    if layout is None:
        layout, stream = detect(stream)
    if layout not in ("database", "captions"):
        raise ValueError(f"layout must be 'database' or 'captions', not {layout!r}")
    path = ("database",) if layout == "database" else ()
    for number, key, entry in _jsonstream.items(stream, path):
        if not isinstance(entry, dict):
            yield Reject.of(number, "bad_entry", "the entry is not an object", key)
        elif layout == "database":
            yield from _database_entry(number, video_id(key), entry)
        else:
            yield from _captions_entry(number, video_id(key), entry)


def detect(stream):
    """(layout, stream that replays what was read) from the document's first key."""
    head, stream = _csvrows.peek(stream, 4096)
    match = _FIRST_KEY.match(head)
    return ("database" if match is None or match[1] in _DATABASE_KEYS else "captions"), stream


def video_id(key):
    """The YouTube ID behind an ActivityNet key: 'v_' + 11 characters loses the prefix."""
    return key[2:] if key.startswith("v_") and len(key) == 13 else key


def _database_entry(number, video, entry):
    annotations = entry.get("annotations")
    if not isinstance(annotations, list):
        yield Reject.of(number, "missing_field", "the entry has no annotations list", video)
        return
    if not annotations:
        yield Row(number, video)
    for annotation in annotations:
        segment = annotation.get("segment") if isinstance(annotation, dict) else None
        yield segment_row(number, video, segment, None)


def _captions_entry(number, video, entry):
    timestamps, sentences = entry.get("timestamps"), entry.get("sentences")
    if not isinstance(timestamps, list):
        yield Reject.of(number, "missing_field", "the entry has no timestamps list", video)
        return
    if not isinstance(sentences, list) or len(sentences) != len(timestamps):
        sentences = [None] * len(timestamps)
    for segment, sentence in zip(timestamps, sentences):
        caption = sentence.strip() if isinstance(sentence, str) else None
        yield segment_row(number, video, segment, caption)
