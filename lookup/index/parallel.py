"""Parse line-oriented files on every core: blocks of whole lines go to worker processes.

A reader whose module says LINES = True reads each line on its own (JSON Lines: InternVid,
HD-VILA-100M), so any run of whole lines is a valid input for it. This process reads,
decompresses and checksums the file and cuts it into blocks at line ends; workers decode,
parse and group each block (lookup/index/rows.py) and send back stage rows, which are written
in file order, so first lines and rejects come out exactly as in one process.
"""

import concurrent.futures
import multiprocessing
import os
from collections import deque

from .. import formats
from .rows import collect

BLOCK_BYTES = 8 << 20
# Below this size a file parses faster in one process than workers start and exchange rows.
MIN_BYTES = 64 << 20
_BOM = b"\xef\xbb\xbf"


def suits(reader, workers, size):
    """True when a file of `size` bytes should be parsed by `workers` processes (None: one
    per core, for large files only)."""
    if not getattr(reader, "LINES", False):
        return False
    if workers is not None:
        return workers > 1
    return (os.cpu_count() or 1) > 1 and size >= MIN_BYTES


def load(job, stream, options, rejects, bar):
    """Parse a binary stream of whole lines in worker processes; job.write() and job.add()
    receive each block's results, in file order."""
    workers = job.workers or os.cpu_count() or 2
    name = job.reader.__name__.rpartition(".")[2]
    # fork: the workers start in milliseconds with the readers already imported.
    pool = concurrent.futures.ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"))
    try:
        waiting = deque()
        for block, offset in blocks(stream):
            waiting.append(pool.submit(parse_block, name, options, job.captions, block, offset))
            if len(waiting) >= 2 * workers:  # bounds memory: a few blocks in flight
                _take(waiting.popleft().result(), job, rejects, bar)
        while waiting:
            _take(waiting.popleft().result(), job, rejects, bar)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def blocks(stream, size=BLOCK_BYTES):
    """(bytes of whole lines, lines before them) from a binary stream; a UTF-8 byte-order
    mark at the start is dropped, as the one-process reader's utf-8-sig does."""
    rest, offset, first = b"", 0, True
    while data := stream.read(size):
        data = rest + data
        cut = data.rfind(b"\n") + 1
        if not cut:
            rest = data
            continue
        block, rest = data[:cut], data[cut:]
        if first:
            block, first = block.removeprefix(_BOM), False
        yield block, offset
        offset += block.count(b"\n")
    if rest:
        yield rest.removeprefix(_BOM) if first else rest, offset


def parse_block(name, options, captions, block, offset):
    """In a worker: (clip rows, caption rows, rejects, rows read, IDs mapped) of one block."""
    # Lines stay bytes: orjson parses bytes directly, and only a rejected line is decoded.
    lines = block.split(b"\n")
    if not lines[-1]:
        lines.pop()
    clip_rows, caption_rows, rejected = [], [], []

    def chunk(clips, caption, _count):
        clip_rows.extend(clips)
        caption_rows.extend(caption)

    tally = collect(formats.get(name).read(lines, **options), rejected.append, chunk, captions,
                    offset)
    return clip_rows, caption_rows, rejected, tally.rows, tally.canonicalised


def _take(result, job, rejects, bar):
    clip_rows, caption_rows, rejected, rows, canonicalised = result
    job.write(clip_rows, caption_rows)
    for reject in rejected:
        rejects.write(reject)
    job.add(rows, canonicalised)
    if bar:
        bar.rows(rows)
