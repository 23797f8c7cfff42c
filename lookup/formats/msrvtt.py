"""MSR-VTT: train_val_videodatainfo.json, test_videodatainfo.json, videodatainfo_2017.json.

Format (the README shipped with MSR-VTT 10K): `{"info", "videos": [video], "sentences":
[sentence]}` with video = `{"id", "video_id": "video0", "category", "url":
"https://www.youtube.com/watch?v=…", "start time", "end time", "split"}`, times in seconds.
The dataset's own video_id ("video0") is not a YouTube ID: the YouTube ID is only in url.
Captions sit in "sentences" after all videos (20 per clip); pairing them would mean holding
the whole file, so they are not read.
"""

from . import _jsonstream
from ..ids import parse
from ._base import Reject, Row, ms

DOC = ("https://www.microsoft.com/en-us/research/publication/"
       "msr-vtt-a-large-video-description-dataset-for-bridging-video-and-language/")
BINARY = False
OPTIONS = {}


def read(stream):
    """One row per clip; the YouTube ID comes from its url."""
    for number, _, video in _jsonstream.items(stream, ("videos",)):
        yield _clip(number, video)


def _clip(number, video):
    if not isinstance(video, dict) or not isinstance(video.get("url"), str):
        return Reject.of(number, "missing_field", "the video has no url", video)
    url = video["url"]
    parsed = parse(url)
    if parsed.kind != "video":
        return Reject.of(number, "bad_url", "url is not a YouTube video link", url)
    try:
        start, end = ms(video["start time"]), ms(video["end time"])
    except (KeyError, TypeError, ValueError):
        return Reject.of(number, "bad_time", "'start time' or 'end time' is missing or not a "
                         "number of seconds", url)
    if end < start:
        return Reject.of(number, "bad_time", "the clip ends before it starts", url)
    return Row(number, parsed.as_written, start, end)
