"""YouTube-8M TFRecord shards (video- or frame-level): one record per video, pseudo ID resolved.

https://research.google.com/youtube8m/video_id_conversion.html: the YouTube ID is not in the
files; each video has "a Randomly-generated ID, which we store under context feature with name
"id"" (4 characters). The video-level files are tf.train.Example, the frame-level files
tf.train.SequenceExample; lookup.tfrecord reads the "id" feature of both. The pseudo ID is then
resolved through the dataset's public lookup (lookup.yt8m), cached on disk; a video that is now
deleted or private has no lookup answer and becomes an "unresolved" Reject, never a guess.
"""

from ..ids import is_video_id
from ..tfrecord import Truncated, bytes_feature, records
from ..yt8m import BASE_URL, PSEUDO_ID, BadAnswer, Resolver
from ._base import Reject, Row

DOC = "https://research.google.com/youtube8m/video_id_conversion.html"
BINARY = True
OPTIONS = {
    "base_url": f"host and path prefix of the ID lookup (default: {BASE_URL})",
    "cache": "SQLite file keeping every lookup answer, so reruns resume "
             "(default: data/cache/yt8m-ids.sqlite)",
    "rate": "lookup requests per second at most (default: 10)",
}
DEFAULT_CACHE = "data/cache/yt8m-ids.sqlite"  # data/cache/ is git-ignored


def read(stream, base_url=BASE_URL, cache=DEFAULT_CACHE, rate=10.0):
    """Rows of resolved YouTube IDs, one per record; unresolved pseudo IDs as Rejects."""
    with Resolver(cache, base_url=base_url, rate=float(rate)) as resolver:
        yield from read_with(stream, resolver)


def read_with(stream, resolver):
    """The same as read(), with a Resolver the caller owns."""
    number = 0
    try:
        for number, (offset, data) in enumerate(records(stream), 1):
            yield _row(number, offset, data, resolver)
    except Truncated as cut:
        # An incomplete download: what came before is real and kept; the cut is reported.
        yield Reject.of(number + 1, "truncated", f"{cut} (incomplete download?)")


def _row(number, offset, data, resolver):
    try:
        # Files from before the May 2018 release named the feature "video_id".
        values = bytes_feature(data, "id") or bytes_feature(data, "video_id")
    except ValueError as error:
        return Reject.of(number, "bad_record", f"record at byte {offset}: {error}")
    if not values:
        return Reject.of(number, "missing_field", f"record at byte {offset} has no id feature")
    pseudo = values[0].decode("utf-8", "replace")
    if is_video_id(pseudo):
        return Row(number, pseudo)  # already a YouTube ID: nothing to look up
    if PSEUDO_ID.fullmatch(pseudo) is None:
        return Reject.of(number, "bad_id", "the id feature is neither a 4-character pseudo ID "
                                           "nor a YouTube ID", pseudo)
    try:
        real = resolver.resolve(pseudo)
    except BadAnswer as error:
        return Reject.of(number, "bad_answer", str(error), pseudo)
    if real is None:
        return Reject.of(number, "unresolved",
                         f"pseudo ID {pseudo} did not resolve (deleted or private video)", pseudo)
    return Row(number, real)
