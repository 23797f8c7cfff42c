"""Open a dataset file (plain, .gz or .zst) for streaming, hashing its bytes as they are read."""

import gzip
import hashlib
import io
from pathlib import Path

import zstandard


class HashingReader(io.RawIOBase):
    """Raw reader that feeds every byte it passes on to sha256 and a progress callback."""

    def __init__(self, raw, on_read=None):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.bytes_read = 0
        self.on_read = on_read

    def readable(self):
        return True

    def readinto(self, buffer):
        count = self.raw.readinto(buffer)
        if count:
            view = memoryview(buffer)[:count]
            self.sha256.update(view)
            self.bytes_read += count
            if self.on_read:
                self.on_read(count)
        return count

    def drain(self):
        """Read to the end so the checksum covers the whole file even if a reader stops early."""
        while self.readinto(bytearray(1 << 20)):
            pass

    def close(self):
        self.raw.close()
        super().close()


def compressed(path):
    """True for a file open_stream() decompresses (.gz, .zst)."""
    return Path(path).suffix in (".gz", ".zst")


def open_stream(path, binary=False, on_read=None):
    """(stream, hashing reader) for a local file; decompresses by extension."""
    path = Path(path)
    hashing = HashingReader(open(path, "rb", buffering=0), on_read)
    buffered = io.BufferedReader(hashing, buffer_size=1 << 20)
    if path.suffix == ".gz":
        stream = gzip.GzipFile(fileobj=buffered, mode="rb")
    elif path.suffix == ".zst":
        stream = zstandard.ZstdDecompressor().stream_reader(buffered, read_across_frames=True)
        stream = io.BufferedReader(stream, buffer_size=1 << 20)
    else:
        stream = buffered
    if binary:
        return stream, hashing
    # utf-8-sig: some published CSVs start with a byte-order mark.
    return io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline=""), hashing


def sha256_of(path):
    """Hex sha256 of a whole file."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
