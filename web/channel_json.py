"""The JSON shapes of channel jobs, channel results and name search (see web/openapi.json)."""

from datetime import datetime, timezone

from flask import url_for

from lookup.i18n import N_
from lookup.ids import parse
from lookup.youtube.uploads import ref_key

from . import db, results, serialize, urls
from .channel_jobs import failure_of


def iso(stamp):
    """A Unix time as ISO 8601 UTC, to the second."""
    return datetime.fromtimestamp(stamp, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def job(state):
    """A listing job: how far it got, and where to ask next."""
    failure = failure_of(state)
    return {"id": state.id, "state": state.state, "listed": state.listed,
            "total": state.total, "poll_url": url_for("api.job", job_id=state.id),
            "result_url": url_for("api.channel", ref=state.key),
            "page": url_for("channels.channel", ref=state.key),
            "error": failure.message if failure else None}


def channel(key, uploads):
    """Which channel was listed, from where, as of when, and whether the list is complete."""
    short = uploads.short and not uploads.partial
    reason = uploads.reason or (N_("YouTube listed %(listed)s of %(total)s uploads.",
                                   listed=len(uploads.video_ids), total=uploads.total)
                                if short else "")
    return {"ref": key, "channel_id": uploads.channel_id or None, "title": uploads.title or None,
            "handle": uploads.handle or None, "source": uploads.source,
            "described_by": described_by(uploads),
            "fetched_at": iso(uploads.fetched_at), "partial": uploads.partial or short,
            "reason": reason or None, "listed": len(uploads.video_ids),
            "reported": uploads.total, "page": url_for("channels.channel", ref=key)}


def described_by(uploads):
    """The datasets whose files the list comes from, with their names and file dates."""
    catalogue = db.get_catalogue()
    return [{"dataset": slug, "name": results.name_of(catalogue, slug), "date": date}
            for slug, date in uploads.described_by]


def result(query, state, uploads, coll, cov):
    """A finished channel lookup: the channel, per-dataset counts, and the videos found."""
    details = db.get_metadata().details([r.video_id for r in coll.found])
    return {"query": query, "kind": "channel", "job": job(state),
            "channel": channel(state.key, uploads), **serialize.coverage(cov),
            "count": coll.total, "found": len(coll.found),
            "datasets": [{"dataset": c.slug, "name": c.name, "videos": c.videos, "clips": c.clips,
                          "share": round(c.videos / coll.total, 4) if coll.total else 0.0}
                         for c in coll.counts],
            "videos": [_described(serialize.video(r), details.get(r.video_id))
                       for r in coll.found]}


def _described(video, details):
    """A video's JSON with its title and upload date, where known."""
    if details is not None:
        video.update({k: v for k, v in (("title", details.title),
                                        ("published", details.published)) if v})
    return video


def pending(query, state):
    """A channel lookup still listing uploads."""
    return {"query": query, "kind": "channel", "job": job(state)}


def match_page(match):
    """Where a name match leads on this site: the channel lookup or the video result."""
    if match.kind == "video":
        return urls.video(match.key)
    ref = parse(match.channel_id or match.handle or match.key)
    return url_for("channels.channel", ref=ref_key(ref)) if ref.kind == "channel" else None


def names(query, found):
    """Name search matches, best first, and "did you mean" spellings."""
    return {"query": query, "kind": "name",
            "matches": [{"kind": m.kind, "key": m.key, "name": m.name,
                         "handle": m.handle or None, "channel_id": m.channel_id or None,
                         "channel_name": m.channel_name or None,
                         "videos": m.videos if m.kind == "channel" else None,
                         "score": m.score, "page": match_page(m)} for m in found.matches],
            "suggestions": list(found.suggestions)}
