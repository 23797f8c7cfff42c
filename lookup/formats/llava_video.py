"""LLaVA-Video-178K annotations (HF lmms-lab/LLaVA-Video-178K), the YouTube subsets.

Files: <duration>_youtube_v0_1/<duration>_youtube_v0_1_cap_processed.json, …_oe_…_qa_processed
.json and …_mc_…_qa_processed.json, where duration is 0_30_s, 30_60_s, 1_2_m, 2_3_m. Each is a
JSON array of LLaVA-style records whose "video" is the clip's path in the release, e.g.
`liwei_youtube_videos/videos/youtube_video_2024/ytb_7nRmsEw7nsE.mp4` (paths as found in the
files and in public training code; the card does not spell out the field). The YouTube ID is
the 11 symbols between "ytb_" and ".mp4". Records of the other subsets (ActivityNet, Charades,
NExT-QA, Ego4D, perception test…) name no YouTube video and are rejected as not_youtube.
A video appears once per question or caption; each video is read once per file, without a
span (the release holds whole videos).
"""

import posixpath
import re

from . import _jsonstream
from ._base import EMBEDDED_ID, Reject, Row, first_sightings

DOC = "https://huggingface.co/datasets/lmms-lab/LLaVA-Video-178K"
BINARY = False
OPTIONS = {}

_YOUTUBE_FILE = re.compile(r"ytb_" + EMBEDDED_ID + r"\.mp4")


def read(stream):
    """One row per YouTube video of the file."""
    return first_sightings(_records(stream))


def _records(stream):
    for number, _, record in _jsonstream.items(stream):
        video = record.get("video") if isinstance(record, dict) else None
        if not isinstance(video, str) or not video:
            yield Reject.of(number, "missing_field", "the record has no video path", record)
            continue
        match = _YOUTUBE_FILE.fullmatch(posixpath.basename(video.strip()))
        if match is None:
            yield Reject.of(number, "not_youtube", "the video path names no YouTube video",
                            video)
        else:
            yield Row(number, match["id"])
