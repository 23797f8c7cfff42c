"""VGGSound clip lists: vggsound.csv from the VGGSound site, and data/test.csv of hche11/VGGSound.

Two official layouts, both without a header line, told apart row by row:
- vggsound.csv (robots.ox.ac.uk/~vgg/data/vggsound): `youtube_id,start_seconds,label,split`;
- the repository's data/test.csv: `<youtube_id>_<start second, 6 digits>.mp4,label`, e.g.
  `-a_b-c_d-eI_000030.mp4,dog barking`. The ID is the 11 symbols before `_<digits>.mp4`, never a
  split on '_' (IDs contain '_' and '-').
VGGSound clips are 10 seconds long (the paper: "10 second clips"), so a clip is
[start, start + 10 s]. Labels are classes, not captions, and are not kept.
"""

import re

from . import _csvrows
from ._base import EMBEDDED_ID, Reject, fixed_clip

DOC = "https://www.robots.ox.ac.uk/~vgg/data/vggsound/"
BINARY = False
OPTIONS = {}

CLIP_SECONDS = 10
_FILE_NAME = re.compile(EMBEDDED_ID + r"_(?P<start>\d+)\.mp4")


def read(stream):
    """One row per 10-second clip."""
    for line, cells in _csvrows.records(stream):
        if isinstance(cells, Reject):
            yield cells
            continue
        text = ",".join(cells)
        first = _csvrows.cell(cells, 0)
        if first.endswith(".mp4"):
            match = _FILE_NAME.fullmatch(first)
            if match is None:
                yield Reject.of(line, "bad_id", "the file name is not <YouTube ID>_<start>.mp4",
                                text)
            else:
                yield fixed_clip(line, match["id"], match["start"], CLIP_SECONDS, text)
        elif len(cells) < 2 or not first:
            yield Reject.of(line, "missing_field", "expected youtube_id,start_seconds,label,split",
                            text)
        else:
            yield fixed_clip(line, first, _csvrows.cell(cells, 1), CLIP_SECONDS, text)
