"""HD-VG-130M metadata: the hdvg_<n>.json files from the Google Drive folder in the README.

The README (daooshee/HD-VG-130M) gives no schema; this follows the files themselves, as read by
public code that uses them (e.g. SuperShyMLDA2024/filtrain split_clip.py and its copy of the
first entries of hdvg_0.json): one JSON object keyed by YouTube ID,
`{<ID>: {"url", "clip": {"<ID>.<n>.mp4": {"span": ["00:00:23.789", "00:00:35.969"], "fps",
"scene_split": [{"scene_cut": [first_frame, last_frame], "clip_id": "<ID>.<n>_<k>",
"caption"}]}}}}`. span is the HD-VILA-100M clip in the source video; scene_cut counts frames
from the start of that clip, and -1 as the last frame means "to the end of the clip". So a
scene runs from span start + first/fps to span start + last/fps (or span end), and each
scene (one HD-VG text-video pair) becomes a row with its caption. A clip without
scene_split becomes one row for its whole span. Each file is hundreds of MB, so it is walked
entry by entry; line numbers are entry (video) numbers.
"""

from . import _jsonstream
from ..ids import parse
from ._base import Reject, Row, timestamp_ms

DOC = "https://github.com/daooshee/HD-VG-130M"
BINARY = False
OPTIONS = {}


def read(stream):
    """One row per scene, with its caption."""
    for number, key, entry in _jsonstream.items(stream):
        if not isinstance(entry, dict) or not isinstance(entry.get("clip"), dict):
            yield Reject.of(number, "missing_field", "the entry has no clip object", key)
            continue
        video = key if key is not None else _from_url(entry.get("url"))
        if not video:
            yield Reject.of(number, "missing_field", "the entry names no video", entry.get("url"))
            continue
        for name, clip in entry["clip"].items():
            yield from _clip(number, video, name, clip)


def _from_url(url):
    parsed = parse(url) if isinstance(url, str) else None
    return parsed.as_written if parsed is not None and parsed.kind == "video" else ""


def _clip(number, video, name, clip):
    try:
        start, end = (timestamp_ms(t) for t in clip["span"])
    except (KeyError, TypeError, ValueError):
        yield Reject.of(number, "bad_time", "the clip's span is not [start, end]", name)
        return
    if end < start:
        yield Reject.of(number, "bad_time", "the clip ends before it starts", name)
        return
    scenes = clip.get("scene_split")
    if not scenes:
        yield Row(number, video, start, end)
        return
    fps = clip.get("fps")
    for scene in scenes:
        yield _scene(number, video, name, scene, start, end, fps)


def _scene(number, video, name, scene, start, end, fps):
    cut = scene.get("scene_cut") if isinstance(scene, dict) else None
    if not isinstance(cut, list) or len(cut) != 2 or \
            not all(isinstance(f, int) and not isinstance(f, bool) for f in cut):
        return Reject.of(number, "missing_field", "a scene has no scene_cut [first, last]", name)
    if not isinstance(fps, (int, float)) or isinstance(fps, bool) or not fps > 0:
        return Reject.of(number, "bad_time", "the clip has no positive fps", name)
    first, last = cut
    scene_start = min(start + round(first * 1000 / fps), end)
    scene_end = end if last < 0 else min(start + round(last * 1000 / fps), end)
    if first < 0 or scene_end < scene_start:
        return Reject.of(number, "bad_time", "a scene ends before it starts", name)
    caption = scene.get("caption")
    return Row(number, video, scene_start, scene_end,
               caption.strip() if isinstance(caption, str) else None)
