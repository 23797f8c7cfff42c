"""A ready YouTube-8M ID map: `pseudo_id,youtube_id` per line, header optional.

For when the pseudo IDs were already resolved (by lookup.yt8m or another tool): the YouTube IDs
are taken as given, never looked up. An empty YouTube ID means the lookup found nothing, which
https://research.google.com/youtube8m/video_id_conversion.html explains as a deleted or private
video; those lines become "unresolved" Rejects.
"""

import csv

from ..ids import is_video_id
from ..yt8m import PSEUDO_ID
from ._base import Reject, Row

DOC = "https://research.google.com/youtube8m/video_id_conversion.html"
BINARY = False
OPTIONS = {}


def read(stream):
    """Rows from pseudo_id,youtube_id lines; empty or invalid YouTube IDs as Rejects."""
    current = [0]

    def lines():
        for number, text in enumerate(stream, 1):
            current[0] = number
            yield text

    first = True
    for cells in csv.reader(lines()):
        cells = [cell.strip() for cell in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if first and _is_header(cells):
            first = False
            continue
        first = False
        yield _row(current[0], cells)


def _is_header(cells):
    # "pseudo_id,youtube_id" or similar: neither cell has the shape of the data it heads.
    real = cells[1] if len(cells) > 1 else ""
    return PSEUDO_ID.fullmatch(cells[0]) is None and real != "" and not is_video_id(real)


def _row(number, cells):
    pseudo = cells[0]
    real = cells[1] if len(cells) > 1 else ""
    if not real:
        return Reject.of(number, "unresolved",
                         f"pseudo ID {pseudo} did not resolve (deleted or private video)", pseudo)
    if not is_video_id(real):
        return Reject.of(number, "bad_id", f"not a valid YouTube video ID for pseudo ID {pseudo}",
                         ",".join(cells))
    return Row(number, real)
