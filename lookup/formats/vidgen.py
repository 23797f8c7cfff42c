"""VidGen-1M captions: VidGen_1M_video_caption.json (HF Fudan-FUXI/VIDGEN-1M).

Format (the dataset card): "a json file including the name of each video, i.e., the ID, and its
corresponding caption. You can find the corresponding video through vid", with the example
`{'vid': 'Eep9uvenxAo-Scene-0030', 'caption': "The video shows …"}`. vid is `<YouTube ID>-Scene-
<number>`: the ID is the 11 symbols before "-Scene-" (IDs contain '-', so vid is never split on
it). The file is read as a JSON array of such objects, or as JSON Lines of them. No times are
published, so each scene is a clip without a span; the caption is kept.
"""

import re

from ._base import EMBEDDED_ID, Reject, Row
from ._scenes import records

DOC = "https://huggingface.co/datasets/Fudan-FUXI/VIDGEN-1M"
BINARY = False
OPTIONS = {}

_SCENE = re.compile(EMBEDDED_ID + r"-Scene-\d+")


def read(stream):
    """One row per scene clip, with its caption."""
    for number, _, entry in records(stream):
        if isinstance(entry, Reject):
            yield entry
            continue
        vid = entry.get("vid") if isinstance(entry, dict) else None
        if not isinstance(vid, str) or not vid:
            yield Reject.of(number, "missing_field", "the entry has no vid", entry)
            continue
        match = _SCENE.fullmatch(vid.strip())
        if match is None:
            yield Reject.of(number, "bad_id", "vid is not <YouTube ID>-Scene-<n>", vid)
            continue
        caption = entry.get("caption")
        yield Row(number, match["id"], None, None,
                  caption.strip() if isinstance(caption, str) and caption.strip() else None)
