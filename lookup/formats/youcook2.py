"""YouCook2 annotations: youcookii_annotations_trainval.json (and the test-segments file).

Format (YouCook2 README in YouCookII.tar.gz, youcook2.eecs.umich.edu/download): one JSON object
`{"database": {<YouTube ID>: {"duration", "subset", "recipe_type", "video_url",
"annotations": [{"id", "segment": [start, end], "sentence"}]}}}`. Segment times are whole
seconds; each sentence describes one recipe step and is kept as the clip's caption. The test
file (youcookii_annotations_test_segments_only.json) has segments without sentences.
The file is ~5 MB but is walked entry by entry; line numbers are entry numbers.
"""

from . import _jsonstream
from ._base import Reject, segment_row

DOC = "http://youcook2.eecs.umich.edu/download"
BINARY = False
OPTIONS = {}


def read(stream):
    """One row per recipe step, with its sentence."""
    for number, video, entry in _jsonstream.items(stream, ("database",)):
        annotations = entry.get("annotations") if isinstance(entry, dict) else None
        if not isinstance(annotations, list):
            yield Reject.of(number, "missing_field", "the entry has no annotations list", video)
            continue
        for step in annotations:
            yield _step(number, video, step)


def _step(number, video, step):
    segment = step.get("segment") if isinstance(step, dict) else None
    sentence = step.get("sentence") if isinstance(step, dict) else None
    return segment_row(number, video, segment,
                       sentence.strip() if isinstance(sentence, str) else None)
