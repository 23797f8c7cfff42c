"""What the resolver and its adapters share: an upload list, its JSON form, and the keys and
words naming a channel reference."""

import json
from dataclasses import asdict, dataclass

from ..i18n import N_, Message
from ..ids import Parsed, is_video_id, parse

_KEY_TEXT = {"id": "{}", "handle": "{}", "custom": "youtube.com/c/{}",
             "user": "youtube.com/user/{}"}


@dataclass(frozen=True)
class Uploads:
    """A channel's upload list as one resolver found it."""

    channel_id: str
    title: str
    video_ids: tuple
    source: str  # resolver name, e.g. youtube-api, yt-dlp, offline
    fetched_at: float
    partial: bool = False
    reason: str = ""  # why the list is partial, worded for a person
    total: int | None = None  # how many uploads the source says there are
    handle: str = ""
    # ((dataset slug, date of its file), ...): the datasets whose files attribute these
    # videos to the channel, when the list comes from them (source "datasets" or "offline")
    described_by: tuple = ()

    @property
    def short(self):
        """True when the source listed fewer videos than it said it has."""
        return self.total is not None and len(self.video_ids) < self.total


def dump_uploads(uploads):
    """An Uploads as JSON text, as the shared job table keeps a finished listing."""
    fields = asdict(uploads)
    if isinstance(uploads.reason, Message):  # so the page can still word it in its language
        fields["reason_message"] = [uploads.reason.template, uploads.reason.values]
    return json.dumps(fields)


def load_uploads(text):
    """The Uploads that dump_uploads wrote."""
    fields = json.loads(text)
    message = fields.pop("reason_message", None)
    if message:
        fields["reason"] = N_(message[0], **message[1])
    return Uploads(**{**fields, "video_ids": tuple(fields["video_ids"]),
                      "described_by": tuple(map(tuple, fields.get("described_by", ())))})


def ref_key(ref):
    """A stable cache and job key for a parsed channel or video reference."""
    if ref.kind == "video":
        return f"video:{ref.value}"
    if ref.kind != "channel":
        raise ValueError(f"not a channel reference: {ref!r}")
    # IDs are case-sensitive; handles, custom names and usernames are not.
    value = ref.value if ref.channel_kind == "id" else ref.value.lower()
    return f"{ref.channel_kind}:{value}"


def describe(ref):
    """How to name a reference in a message."""
    if ref.kind == "video":
        return f"for video {ref.value}"
    return {"id": f"with ID {ref.value}", "handle": ref.value,
            "custom": f"youtube.com/c/{ref.value}",
            "user": f"youtube.com/user/{ref.value}"}.get(ref.channel_kind, ref.value)


def parse_key(key):
    """The reference a ref key names ("handle:@name", "id:UC…", "video:…"), or None."""
    kind, _, value = (key or "").partition(":")
    if kind == "video":
        return Parsed("video", value) if is_video_id(value) else None
    if kind not in _KEY_TEXT or not value:
        return None
    # Round-trip through the real parser, so a key is exactly as strict as a pasted link.
    parsed = parse(_KEY_TEXT[kind].format(value))
    if parsed.kind != "channel" or parsed.channel_kind != kind:
        return None
    return parsed
