"""YODAS utterance lists (HF espnet/yodas): data/<subset>/text/*.txt and duration/*.txt.

Format (the files of espnet/yodas): Kaldi-style lines `<utterance ID> <value>`, the value being
the transcript (text/) or the length in seconds (duration/), e.g. `Lyy-cIbMfMM-00001-00004329-
00004529 2.00`. An utterance ID begins with the YouTube ID of the video it was cut from, then
`-<5 digits>-<8 digits>-<8 digits>`. The two 8-digit fields are the utterance's start and end in
centiseconds: inferred from the duration files, where 00004529 - 00004329 = 200 cs = "2.00" s,
not from a written specification. An ID of any other shape is a bad_id reject.
YODAS2 (espnet/yodas2) names recordings by an audio_id that is not a YouTube ID, so its files
cannot be read into memberships; the catalogue says so.
"""

import re

from ._base import EMBEDDED_ID, Reject, Row

DOC = "https://huggingface.co/datasets/espnet/yodas"
BINARY = False
OPTIONS = {}

_UTTERANCE = re.compile(EMBEDDED_ID + r"-\d{5}-(?P<start>\d{8})-(?P<end>\d{8})")


def read(stream):
    """One row per utterance, spanning its centisecond range."""
    for number, text in enumerate(stream, 1):
        line = text.strip()
        if not line:
            continue
        utterance = line.split(None, 1)[0]
        match = _UTTERANCE.fullmatch(utterance)
        if match is None:
            yield Reject.of(number, "bad_id", "the utterance ID is not <YouTube ID>-NNNNN-"
                            "<start>-<end>", line)
            continue
        start, end = int(match["start"]) * 10, int(match["end"]) * 10
        if end < start:
            yield Reject.of(number, "bad_time", "the utterance ends before it starts", line)
            continue
        yield Row(number, match["id"], start, end)
