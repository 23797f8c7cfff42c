"""VideoInstruct-100K (Video-ChatGPT): VideoInstruct100K.json (HF MBZUAI/VideoInstruct-100K).

Format: a JSON array of question-answer pairs `{"q": …, "a": …, "video_id": "v_k_ZXmr8pmrs"}`;
the videos are ActivityNet's, named as in ActivityNet Captions: "v_" + the YouTube ID (the
Video-ChatGPT README builds its training data from ActivityNet videos). The prefix is removed
only when exactly 11 symbols follow it (lookup.formats.activitynet.video_id). A video has many
pairs; each video is read once per file, without a span.
"""

from . import _jsonstream
from ._base import Reject, Row, first_sightings
from .activitynet import video_id

DOC = "https://huggingface.co/datasets/MBZUAI/VideoInstruct-100K"
BINARY = False
OPTIONS = {}


def read(stream):
    """One row per ActivityNet video the pairs are about."""
    return first_sightings(_pairs(stream))


def _pairs(stream):
    for number, _, pair in _jsonstream.items(stream):
        name = pair.get("video_id") if isinstance(pair, dict) else None
        if not isinstance(name, str) or not name.strip():
            yield Reject.of(number, "missing_field", "the pair has no video_id", pair)
        else:
            yield Row(number, video_id(name.strip()))
