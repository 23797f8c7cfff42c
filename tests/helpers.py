"""Build small, real index files for tests (synthetic rows, labelled as such); run a
channel worker beside a test."""

from contextlib import contextmanager
from pathlib import Path

from lookup.index.ingest import Input, ingest
from lookup.youtube.worker import Worker


def write_csv(path, rows, header="youtube_id,time_start,time_end"):
    """Write a small synthetic Kinetics-style CSV and return its path."""
    path = Path(path)
    path.write_text(header + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows))
    return path


def build_index(folder, datasets):
    """Index at folder/index.db holding {slug: [(video_id, start_s, end_s), ...]}."""
    folder = Path(folder)
    index = folder / "index.db"
    for slug, rows in datasets.items():
        source = write_csv(folder / f"{slug}-synthetic.csv", rows)
        ingest(index, slug, [Input(source)], "plainlist")
    return index


@contextmanager
def channel_worker(channels):
    """A channel worker (lookup.youtube.worker) running jobs of `channels` in a thread."""
    worker = Worker(channels)
    thread = worker.start_thread()
    try:
        yield worker
    finally:
        worker.stop.set()
        thread.join(10)
