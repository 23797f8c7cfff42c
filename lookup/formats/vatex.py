"""VATEX: vatex_training_v1.0.json, vatex_validation_v1.0.json, vatex_public_test_english….

Format (eric-xw.github.io/vatex-website/download.html): a JSON list of `{"videoID":
"<YouTube ID>_<start>_<end>", "enCap": [10 English captions], "chCap": [10 Chinese]}`
(the private test file has videoID only). start and end are whole seconds, zero-padded to six
digits, as in Kinetics-600 clip names (VATEX reuses Kinetics-600 clips). YouTube IDs may
contain '_', so the name is split from the right. The first English caption is kept.
"""

from . import _jsonstream
from ._base import Reject, Row, ms

DOC = "https://eric-xw.github.io/vatex-website/download.html"
BINARY = False
OPTIONS = {}


def read(stream):
    """One row per clip, with its first English caption."""
    for number, _, clip in _jsonstream.items(stream):
        name = clip.get("videoID") if isinstance(clip, dict) else None
        if not isinstance(name, str):
            yield Reject.of(number, "missing_field", "the entry has no videoID", clip)
            continue
        parts = name.rsplit("_", 2)
        if len(parts) != 3 or not parts[0] or not all(_seconds(t) for t in parts[1:]):
            yield Reject.of(number, "bad_id", "videoID is not <YouTube ID>_<start>_<end>", name)
            continue
        video, start, end = parts[0], ms(parts[1]), ms(parts[2])
        if end < start:
            yield Reject.of(number, "bad_time", "the clip ends before it starts", name)
            continue
        captions = clip.get("enCap")
        caption = captions[0].strip() if isinstance(captions, list) and captions and \
            isinstance(captions[0], str) else None
        yield Row(number, video, start, end, caption)


def _seconds(text):
    return text.isascii() and text.isdigit()
