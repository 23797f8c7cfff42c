"""Parse line-oriented files on every core: blocks of whole lines go to worker processes.

A reader whose module says LINES = True reads each line on its own (JSON Lines: InternVid,
HD-VILA-100M), so any run of whole lines is a valid input for it. This process reads and
checksums the file and cuts it at line ends: a plain file into byte ranges that workers read
themselves, a compressed one into blocks it decompresses and sends. Workers decode, parse and
group each block (lookup/index/rows.py) and send back stage rows, which are written in file
order, so first lines and rejects come out exactly as in one process.
"""

import concurrent.futures
import multiprocessing
import os
from collections import deque
from pathlib import Path

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
    _run(job, ((parse_block, block) for block in blocks(stream)), options, rejects, bar)


def load_file(job, path, hashing, options, rejects, bar):
    """As load(), for an uncompressed file: workers read their own byte ranges, so no block
    is copied through this process and a pipe (at 1 GB/s a copy, those copies were most of
    this process's time). This process reads the file once through hashing (its checksum
    and progress) and cuts ranges at the last line end of each read.

    OSError if the file changes while it is read: the checksum would not be of the rows.
    """
    before = _identity(path)
    _run(job, ((parse_range, (str(path), start, end)) for start, end in ranges(hashing)),
         options, rejects, bar)
    if _identity(path) != before:
        raise OSError(f"{Path(path).name} changed while it was read")


def _identity(path):
    stat = os.stat(path)
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _run(job, tasks, options, rejects, bar):
    workers = job.workers or os.cpu_count() or 2
    name = job.reader.__name__.rpartition(".")[2]
    # fork: the workers start in milliseconds with the readers already imported.
    pool = concurrent.futures.ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"))
    try:
        waiting, lines = deque(), 0
        for function, task in tasks:
            waiting.append(pool.submit(function, name, options, job.captions, task))
            if len(waiting) >= 2 * workers:  # bounds memory: a few blocks in flight
                lines = _take(waiting.popleft().result(), job, rejects, bar, lines)
        while waiting:
            lines = _take(waiting.popleft().result(), job, rejects, bar, lines)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def ranges(hashing, size=None):
    """(start, end) byte ranges of whole lines, read through hashing (a HashingReader at
    the start of a plain file), which sees every byte once; size: bytes a read."""
    buffer = bytearray(size or BLOCK_BYTES)
    start = position = 0
    while count := hashing.readinto(buffer):
        cut = buffer.rfind(b"\n", 0, count)
        if cut >= 0:
            yield start, position + cut + 1
            start = position + cut + 1
        position += count
    if start < position:
        yield start, position


def blocks(stream, size=None):
    """Bytes of whole lines from a binary stream, read size bytes at a time; a UTF-8
    byte-order mark at the start is dropped, as the one-process reader's utf-8-sig does."""
    size, rest, first = size or BLOCK_BYTES, b"", True
    while data := stream.read(size):
        data = rest + data
        cut = data.rfind(b"\n") + 1
        if not cut:
            rest = data
            continue
        block, rest = data[:cut], data[cut:]
        if first:
            block, first = block.removeprefix(_BOM), False
        yield block
    if rest:
        yield rest.removeprefix(_BOM) if first else rest


def parse_range(name, options, captions, task):
    """In a worker: parse_block() of the bytes path[start:end], read here."""
    path, start, end = task
    handle = _OPEN.get(path)
    if handle is None:
        handle = _OPEN[path] = os.open(path, os.O_RDONLY)
    block = os.pread(handle, end - start, start)
    if len(block) != end - start:
        raise OSError(f"{Path(path).name} changed while it was read")
    return parse_block(name, options, captions, block.removeprefix(_BOM) if not start else block)


_OPEN = {}  # a worker's file descriptors by path; closed when the worker exits


def parse_block(name, options, captions, block):
    """In a worker: (clip rows, caption rows, rejects, rows read, IDs mapped, lines) of one
    block of whole lines, line numbers counted from the block's start."""
    # Lines stay bytes: orjson parses bytes directly, and only a rejected line is decoded.
    lines = block.split(b"\n")
    if not lines[-1]:
        lines.pop()
    clip_rows, caption_rows, rejected = [], [], []

    def chunk(clips, caption, _count):
        clip_rows.extend(clips)
        caption_rows.extend(caption)

    tally = collect(formats.get(name).read(lines, **options), rejected.append, chunk, captions)
    return clip_rows, caption_rows, rejected, tally.rows, tally.canonicalised, len(lines)


def _take(result, job, rejects, bar, before):
    """Hand one block's results on, its line numbers moved past the `before` lines of the
    blocks ahead of it; returns the lines read so far."""
    clip_rows, caption_rows, rejected, rows, canonicalised, lines = result
    if before:
        clip_rows = [(video, n, spans, line + before) for video, n, spans, line in clip_rows]
    job.write(clip_rows, caption_rows)
    for reject in rejected:
        rejects.write(reject._replace(line=reject.line + before) if before else reject)
    job.add(rows, canonicalised)
    if bar:
        bar.rows(rows)
    return before + lines
