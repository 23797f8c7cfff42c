"""Pack a video's clip spans (milliseconds) into a small blob, and back.

Layout: one byte of widths (start-delta width << 4 | duration width, each 1, 2 or 4 bytes,
plus 0x80 when every time is a whole second and the values are stored in seconds: Kinetics,
AudioSet and ACAV publish whole seconds), then all start deltas, then all durations,
little-endian. Spans are sorted and unique, so
deltas are never negative; most durations fit two bytes. Fixed widths per blob let array() and
struct do the work in C, which matters at hundreds of millions of clips.
"""

import sys
from array import array
from functools import lru_cache
from itertools import accumulate, chain, repeat
from operator import add, itemgetter, mul, sub
from struct import Struct

_CODE = {1: "B", 2: "H", 4: "I"}
_SWAP = sys.byteorder == "big"
_SECONDS = 0x80
_MS_PER_SECOND = 1000
_NO_SPANS = bytes([1 << 4 | 1])  # a header byte and no spans
_HEAD = itemgetter(0)
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
    deltas, durations, _, scale = _layout(blob[0], len(blob))
    starts = list(accumulate(deltas.unpack_from(blob)))
    ends = map(add, starts, durations.unpack_from(blob))
    if scale == 1:
        return list(zip(starts, ends))
    return list(zip(map(mul, starts, repeat(scale)), map(mul, ends, repeat(scale))))


def columns(blobs):
    """The spans of many blobs (None for a clip without spans) as (start_ms list, end_ms list,
    clip count per blob), each blob's spans in turn. unpack() for a bulk answer's thousands
    of blobs: a few C-level passes over all of them instead of a Python call per blob."""
    blobs = [blob or _NO_SPANS for blob in blobs]
    if not blobs:
        return [], [], ()
    deltas, durations, counts, scales = zip(*map(_layout, map(_HEAD, blobs), map(len, blobs)))
    # Each blob's first delta is its first start, so accumulating per blob restarts at 0.
    starts = list(chain.from_iterable(map(accumulate, map(Struct.unpack_from, deltas, blobs))))
    ends = list(map(add, starts, chain.from_iterable(map(Struct.unpack_from, durations, blobs))))
    if _MS_PER_SECOND in scales:
        scale = list(chain.from_iterable(map(repeat, scales, counts)))
        starts, ends = list(map(mul, starts, scale)), list(map(mul, ends, scale))
    return starts, ends, counts


@lru_cache(maxsize=4096)
def _layout(head, length):
    """(Struct of the start deltas, Struct of the durations, span count, scale to ms) of a
    blob with this header byte and length."""
    ws, wd = (head >> 4) & 7, head & 15
    n = (length - 1) // (ws + wd)
    return (Struct(f"<x{n}{_CODE[ws]}"), Struct(f"<{1 + ws * n}x{n}{_CODE[wd]}"), n,
            _MS_PER_SECOND if head & _SECONDS else 1)


def merge(old, new):
    """Blob holding the union of two blobs' spans (either may be None)."""
    return pack(unpack(old) + unpack(new))


def count(blob):
    """How many spans a blob holds."""
    return _layout(blob[0], len(blob))[2] if blob else 0


def total_ms_or_none(blob):
    """total_ms, but None for a clip without spans, so SQL's sum() tells "none" from 0."""
    return None if blob is None else total_ms(blob)


def total_ms(blob):
    """Sum of the spans' durations."""
    if not blob:
        return 0
    _, durations, _, scale = _layout(blob[0], len(blob))
    return sum(durations.unpack_from(blob)) * scale
