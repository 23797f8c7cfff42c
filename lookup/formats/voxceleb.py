"""VoxCeleb1/VoxCeleb2 "URLs and timestamps" files (robots.ox.ac.uk/~vgg/data/voxceleb).

The release gives, per utterance, a text file `<speaker idNNNNN>/<YouTube ID>/<NNNNN>.txt`
(inside vox1_dev_txt.zip, vox2_dev_txt.zip, …) that starts `Identity : id10001`, `Reference :
1zcIwhmdeo4`, `Offset : 1`, then the face track frame by frame. The folder name and the
Reference line are the YouTube ID. Read here, without unpacking the archive:
- a listing of the archive's members (`unzip -Z1 vox1_dev_txt.zip`), one path per line: each
  `…/id<digits>/<ID>/<digits>.txt` path is one utterance;
- the text files themselves, concatenated (`unzip -p vox1_dev_txt.zip`): each "Reference" line
  starts one utterance.
Frame times are not turned into spans (the frame rate is not stated in the files).
"""

import re

from ._base import EMBEDDED_ID, Reject, Row

DOC = "https://www.robots.ox.ac.uk/~vgg/data/voxceleb/"
BINARY = False
OPTIONS = {}

_MEMBER = re.compile(r"(?:.*/)?id\d+/" + EMBEDDED_ID + r"/\d+\.txt")
_REFERENCE = re.compile(r"Reference\s*:\s*(?P<id>\S+)")
# Lines of the face track and the other header fields: not utterances.
_OTHER = re.compile(r"(?:Identity|Offset|FV Conf|ASD Conf|FRAME)\b|[\d.\s]+$")


def read(stream):
    """One row per utterance, without a span."""
    for number, text in enumerate(stream, 1):
        line = text.strip()
        if not line or line.endswith("/") or _OTHER.match(line):
            continue
        reference = _REFERENCE.match(line)
        member = _MEMBER.fullmatch(line)
        if reference:
            yield Row(number, reference["id"])
        elif member:
            yield Row(number, member["id"])
        else:
            yield Reject.of(number, "bad_line", "neither a Reference line nor an "
                            "id<digits>/<YouTube ID>/<n>.txt path", line)
