"""Pack a video's clip spans (milliseconds) into a small blob, and back.

Layout: one byte of widths (start-delta width << 4 | duration width, each 1, 2 or 4 bytes,
plus 0x80 when every time is a whole second and the values are stored in seconds: Kinetics,
AudioSet and ACAV publish whole seconds), then all start deltas, then all durations,
little-endian. Spans are sorted and unique, so
deltas are never negative; most durations fit two bytes. Fixed widths per blob let array()
do the work in C, which matters at hundreds of millions of clips.
"""

import sys
from array import array
from operator import sub

_CODE = {1: "B", 2: "H", 4: "I"}
_SWAP = sys.byteorder == "big"
_SECONDS = 0x80
_REMAINDER_MS = (1000).__rmod__  # x -> x % 1000
assert array("I").itemsize == 4, "spans need a 4-byte unsigned array type"


def _width(largest):
    return 1 if largest < 1 << 8 else 2 if largest < 1 << 16 else 4


def _array(code, values):
    packed = array(code, values)
    if _SWAP:
        packed.byteswap()
    return packed.tobytes()


def pack(spans):
    """Blob for an iterable of (start_ms, end_ms); duplicates are dropped."""
    spans = sorted(spans if isinstance(spans, set) else set(spans))
    if not spans:
        return None
    # Hundreds of millions of clips pass through here: the columns are split, differenced
    # and checked by C-level map/zip/max rather than per-item Python loops.
    starts, ends = zip(*spans)
    flag = 0
    if not (starts[0] % 1000 or ends[0] % 1000) and \
            not any(map(_REMAINDER_MS, starts)) and not any(map(_REMAINDER_MS, ends)):
        flag, starts, ends = _SECONDS, [s // 1000 for s in starts], [e // 1000 for e in ends]
    durations = list(map(sub, ends, starts))
    if len(starts) == 1:  # many datasets hold one clip per video: skip the arrays
        start, duration = starts[0], durations[0]
        ws, wd = _width(start), _width(duration)
        return bytes([flag | ws << 4 | wd]) + start.to_bytes(ws, "little") + \
            duration.to_bytes(wd, "little")
    deltas = [starts[0], *map(sub, starts[1:], starts)]
    ws, wd = _width(max(deltas)), _width(max(durations))
    return bytes([flag | ws << 4 | wd]) + _array(_CODE[ws], deltas) + _array(_CODE[wd], durations)


def unpack(blob):
    """List of (start_ms, end_ms) from a blob made by pack()."""
    if not blob:
        return []
    ws, wd, scale = _widths(blob)
    count = (len(blob) - 1) // (ws + wd)
    deltas, durations = array(_CODE[ws]), array(_CODE[wd])
    deltas.frombytes(blob[1:1 + ws * count])
    durations.frombytes(blob[1 + ws * count:])
    if _SWAP:
        deltas.byteswap()
        durations.byteswap()
    spans, start = [], 0
    for delta, duration in zip(deltas, durations):
        start += delta
        spans.append((start * scale, (start + duration) * scale))
    return spans


def _widths(blob):
    head = blob[0]
    return (head >> 4) & 7, head & 15, 1000 if head & _SECONDS else 1


def merge(old, new):
    """Blob holding the union of two blobs' spans (either may be None)."""
    return pack(unpack(old) + unpack(new))


def count(blob):
    """How many spans a blob holds."""
    if not blob:
        return 0
    ws, wd, _ = _widths(blob)
    return (len(blob) - 1) // (ws + wd)


def total_ms_or_none(blob):
    """total_ms, but None for a clip without spans, so SQL's sum() tells "none" from 0."""
    return None if blob is None else total_ms(blob)


def total_ms(blob):
    """Sum of the spans' durations."""
    if not blob:
        return 0
    ws, wd, scale = _widths(blob)
    durations = array(_CODE[wd])
    durations.frombytes(blob[1 + ws * count(blob):])
    if _SWAP:
        durations.byteswap()
    return sum(durations) * scale
