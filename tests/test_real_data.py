"""Real Kinetics and AudioSet annotation files, ingested through the plain-list/CSV reader.

The expected counts were taken from the files themselves with independent shell tools, e.g.
  tail -n +2 kinetics-400_val.csv | cut -d, -f2 | sort -u | wc -l
  grep -v '^#' audioset_eval_segments.csv | cut -d, -f1 | sort -u | wc -l
"""

import pytest

from lookup.index import Index
from lookup.index.ingest import Input, ingest
from tests.shared_data import shared_file

CASES = [
    ("kinetics-400", "kinetics-400_val.csv", 19906, 19906),
    ("kinetics-600", "kinetics-600_val.csv", 30000, 29994),
    ("audioset", "audioset_eval_segments.csv", 20371, 20371),
    ("audioset", "audioset_balanced_train_segments.csv", 22160, 22160),
]


@pytest.mark.parametrize("slug,name,rows,videos", CASES)
def test_real_file_counts(tmp_path, slug, name, rows, videos):
    [result] = ingest(tmp_path / "index.db", slug, [Input(shared_file(name))], "plainlist")
    assert (result.rows_read, result.rejected, result.videos) == (rows, {}, videos)
    stats = Index.open(tmp_path / "index.db").dataset(slug)
    assert (stats.videos, stats.sources[0].rows_read) == (videos, rows)


def test_audioset_spans_are_the_files_seconds(tmp_path):
    path = shared_file("audioset_eval_segments.csv")
    first = next(line for line in path.read_text().splitlines() if not line.startswith("#"))
    video_id, start, end = (cell.strip() for cell in first.split(",")[:3])
    ingest(tmp_path / "index.db", "audioset", [Input(path)], "plainlist")
    [hit] = Index.open(tmp_path / "index.db").lookup([video_id])[video_id]
    assert [(c.start_ms, c.end_ms) for c in hit.clips] == \
        [(round(float(start) * 1000), round(float(end) * 1000))]
    assert hit.line == 4  # three '#' lines come first


def test_kinetics_600_video_with_two_clips(tmp_path):
    # CYGlFBgKZV0 is in the validation split twice: "sewing" at 102-112 s, "threading needle"
    # at 145-155 s.
    ingest(tmp_path / "index.db", "kinetics-600", [Input(shared_file("kinetics-600_val.csv"))],
           "plainlist")
    [hit] = Index.open(tmp_path / "index.db").lookup(["CYGlFBgKZV0"])["CYGlFBgKZV0"]
    assert [(c.start_ms, c.end_ms) for c in hit.clips] == [(102_000, 112_000), (145_000, 155_000)]
    assert Index.open(tmp_path / "index.db").dataset("kinetics-600").clips == 30000


# Counted independently of the readers:
#   tail -n +2 audiocaps_train.csv | cut -d, -f2 | sort -u | wc -l          (videos)
#   cut -d, -f1 vggsound_test.csv | sed -E 's/_[0-9]+\.mp4$//' | sort -u | wc -l
#   python: csv.reader over musiccaps-public.csv (its fields hold newlines), distinct ytid
# AudioCaps and MusicCaps list each video once; 595 VGGSound test videos have two or more clips.
WAVE2 = [
    ("audiocaps", "audiocaps_train.csv", "audiocaps", 49838, 49838, 49838),
    ("musiccaps", "musiccaps-public.csv", "musiccaps", 5521, 5521, 5521),
    ("vggsound", "vggsound_test.csv", "vggsound", 15446, 14851, 15446),
]


@pytest.mark.parametrize("slug,name,fmt,rows,videos,clips", WAVE2)
def test_real_wave2_file_counts(tmp_path, slug, name, fmt, rows, videos, clips):
    [result] = ingest(tmp_path / "index.db", slug, [Input(shared_file(name))], fmt)
    assert (result.rows_read, result.rejected, result.videos, result.clips) == \
        (rows, {}, videos, clips)
    stats = Index.open(tmp_path / "index.db").dataset(slug)
    assert (stats.videos, stats.clips) == (videos, clips)


def test_real_musiccaps_first_clip_and_caption(tmp_path):
    path = shared_file("musiccaps-public.csv")
    ingest(tmp_path / "index.db", "musiccaps", [Input(path)], "musiccaps", captions=True)
    [hit] = Index.open(tmp_path / "index.db").lookup(["-0Gj8-vB1q4"])["-0Gj8-vB1q4"]
    assert [(c.start_ms, c.end_ms) for c in hit.clips] == [(30_000, 40_000)]
    assert hit.line == 2
