"""Vript captions: vript_captions/*_caption.json (one per video) and JSON Lines of them.

Format (HF Mutonix/Vript dataset card, "Getting Started"): per video `{"meta": {"video_id",
"video_title", "num_clips", "integrity"}, "data": {"<clip_id>": {"video_id", "clip_id",
"video_title", "caption": {"shot_type", "camera_movement", "content", "scene_title"},
"voiceover"}}}`; "video_id: The ID of the video from YouTube", "clip_id: … the concatenation of
the video_id and the scene number" (`339dXVNQXac-Scene-001`). Read here: one such document, a
JSON Lines file of them, or JSON Lines / an array of the clip objects alone. The video comes
from the clip's video_id, else from clip_id by its rule (the 11 symbols before "-Scene-").
No clip times are documented, so clips have no span; the caption's "content" is kept.
read_metadata() yields the video_id and video_title of each video.
"""

import re

from ._base import EMBEDDED_ID, Reject, Row, VideoMeta, described
from ._scenes import records

DOC = "https://huggingface.co/datasets/Mutonix/Vript"
BINARY = False
OPTIONS = {}
METADATA = True

_CLIP = re.compile(EMBEDDED_ID + r"-Scene-\d+")


def read(stream, on_meta=None):
    """One row per scene clip, with its caption's content; on_meta gets VideoMeta(video_id,
    title) once per video whose meta (or clip) names it, from the same pass."""
    seen = set()
    for number, key, value in records(stream):
        if on_meta:
            _describe(key, value, seen, on_meta)
        if isinstance(value, Reject):
            yield value
        elif key == "meta":
            continue
        elif key == "data":
            yield from _clips(number, value)
        elif isinstance(value, dict) and "data" in value:
            yield from _clips(number, value["data"])
        else:
            yield _clip(number, value)


def read_metadata(stream):
    """VideoMeta(video_id, title) for each video whose meta (or clip) names a title."""
    return described(read, stream)


def _describe(key, value, seen, on_meta):
    for record in _meta_records(key, value):
        video = record.get("video_id")
        title = record.get("video_title")
        if isinstance(video, str) and video and video not in seen:
            seen.add(video)
            on_meta(VideoMeta(video, title.strip() if isinstance(title, str) else ""))


def _meta_records(key, value):
    if not isinstance(value, dict):
        return []
    if key == "meta":
        return [value]
    if key == "data":
        return [v for v in value.values() if isinstance(v, dict)]
    if isinstance(value.get("meta"), dict):
        return [value["meta"]]
    return [value]


def _clips(number, data):
    if not isinstance(data, dict):
        yield Reject.of(number, "missing_field", "data is not an object of clips", data)
        return
    for clip in data.values():
        yield _clip(number, clip)


def _clip(number, clip):
    if not isinstance(clip, dict):
        return Reject.of(number, "bad_entry", "the clip is not an object", clip)
    video = clip.get("video_id")
    if not isinstance(video, str) or not video:
        match = _CLIP.fullmatch(str(clip.get("clip_id", "")))
        if match is None:
            return Reject.of(number, "missing_field", "the clip has no video_id or clip_id",
                             clip)
        video = match["id"]
    caption = clip.get("caption")
    content = caption.get("content") if isinstance(caption, dict) else None
    return Row(number, video.strip(), None, None,
               content.strip() if isinstance(content, str) and content.strip() else None)
