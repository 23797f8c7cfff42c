"""Atom feeds (RFC 4287) written by feedgen: a watch's and a dataset's, with conditional GET.

An entry's ID is a tag URI (RFC 4151) made of the host, the commit date and the ingest, so it
never changes and never carries the watch's token; its `updated` is the ingest's commit time.
"""

import hashlib
import re
from datetime import datetime, timezone
from urllib.parse import urlsplit

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from flask import current_app, make_response, render_template, request, url_for

from lookup.catalogue import derived

from . import db, results, urls

SITE = "Was my video used?"
ATOM = "application/atom+xml; charset=utf-8"
# Bumped when what a feed says changes shape, so conditional GETs do not keep an old copy.
FEED_VERSION = "1"
# XML 1.0 allows no C0 control but tab, newline and return; a channel title may hold one.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text):
    """text without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", str(text))


def when(stamp):
    """An ISO 8601 time from the index or a store as an aware datetime (UTC if unzoned)."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _host():
    return urlsplit(request.host_url).hostname or "localhost"


def tag(date, specific):
    """A tag URI on this site's host: tag:host,YYYY-MM-DD:specific."""
    return f"tag:{_host()},{date[:10]}:{specific}"


def etag(*parts):
    """A weak validator over what a feed's bytes follow from (never the token itself): the
    index's commits, the catalogue's facts and the caller's parts."""
    index = db.get_index()
    text = "\0".join(map(str, (FEED_VERSION, request.host, index.generation, index.snapshot,
                               _catalogue_digest(), *parts)))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _catalogue_digest():
    """A digest of the catalogue, once per app: a deploy that corrects a dataset's name or
    licence changes every feed, in every worker alike."""
    extensions = current_app.extensions
    if "lookup.feeds.catalogue" not in extensions:
        extensions["lookup.feeds.catalogue"] = hashlib.sha256(
            repr(sorted(db.get_catalogue().items())).encode()).hexdigest()
    return extensions["lookup.feeds.catalogue"]


def not_modified(tag_value, cache):
    """A 304 when the client already holds this version of the feed, else None: answered
    before the feed is built, which is the point of an ETag that needs no entries."""
    if request.if_none_match and request.if_none_match.contains_weak(tag_value):
        response = make_response("", 304)
        response.set_etag(tag_value, weak=True)
        response.headers["Cache-Control"] = cache
        return response
    return None


def response(feed, tag_value, cache):
    """The feed as an Atom response with its validators; a 304 for If-Modified-Since too."""
    out = make_response(feed.atom_str(pretty=True))
    out.mimetype = "application/atom+xml"
    out.headers["Content-Type"] = ATOM
    out.set_etag(tag_value, weak=True)
    out.last_modified = feed.updated()
    out.headers["Cache-Control"] = cache
    return out.make_conditional(request)


def _feed(feed_id, title, subtitle, self_url, alternate, updated):
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(xml_text(title))
    feed.subtitle(xml_text(subtitle))
    feed.author({"name": SITE, "uri": url_for("pages.home", _external=True)})
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=alternate, rel="alternate", type="text/html")
    feed.icon(url_for("static", filename="favicon.svg", _external=True))
    feed.language("en")
    feed.updated(when(updated))
    return feed


class _Entry(FeedEntry):
    """feedgen 1.0.0 writes an entry's links with their href only, dropping rel and type (a
    shadowed loop variable in FeedEntry.atom_entry: lkiesow/python-feedgen#135, open); two
    links then both read as rel="alternate", which RFC 4287 forbids. Put them back."""

    def atom_entry(self, extensions=True):
        entry = super().atom_entry(extensions)
        for element, link in zip(entry.findall("link"), self.link() or []):
            for key in ("rel", "type", "hreflang", "title", "length"):
                if link.get(key):
                    element.set(key, str(link[key]))
        return entry


def _entry(feed, entry_id, title, committed, summary, content, link, related):
    item = feed.add_entry(_Entry(), order="append")
    item.id(entry_id)
    item.title(xml_text(title))
    item.updated(when(committed))
    item.published(when(committed))
    item.summary(xml_text(summary))
    item.content(xml_text(content.strip()), type="html")
    item.link(href=link, rel="alternate", type="text/html")
    item.link(href=related, rel="related", type="text/html")


def plural(count, word):
    """'1 video', '3 videos'."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def watch_feed(watch, entries, self_url, watched_url):
    """The Atom feed of a watch: one entry per ingest that added any of its videos."""
    catalogue = db.get_catalogue()
    whose = f"of {watch.label}" if watch.kind == "channel" else f"from {watch.label}"
    updated = max([watch.created] + [e.committed for e in entries], key=lambda s: when(s))
    feed = _feed(tag(watch.created, f"watch-{watch.number}"), f"Watching {watch.label}",
                 f"A new entry each time a dataset this site reads lists videos {whose}.",
                 self_url, watched_url, updated)
    limit = current_app.config["WATCH_FEED_VIDEOS"]
    for e in entries:
        name = results.name_of(catalogue, e.dataset)
        title = f"{name} lists {plural(len(e.videos), 'video')} {whose}"
        ids = [v for v, _ in e.videos]
        listed = ", ".join(ids[:10]) + (f" and {len(ids) - 10:,} more" if len(ids) > 10 else "")
        summary = f"{title}, found when this site read its files on {e.committed[:10]}: {listed}."
        evidence = _evidence(ids, watched_url)
        content = render_template(
            "feeds/_watch_entry.html", entry=e, name=name, whose=whose,
            ds=catalogue.get(e.dataset), shown=e.videos[:limit], evidence=evidence,
            derived=[results.name_of(catalogue, s) for s in derived(catalogue, e.dataset)],
            removal=_removal(ids))
        _entry(feed, tag(e.committed, f"watch-{watch.number}/ingest-{e.ingest}"), title,
               e.committed, summary, content, evidence,
               url_for("pages.dataset", slug=e.dataset, _external=True))
    return feed


def _evidence(ids, fallback):
    """Where an entry's videos are shown with their evidence: their own result page when the
    list fits in an address, else the watched channel or saved check."""
    if len(ids) == 1:
        return url_for("pages.video", video_id=ids[0], _external=True)
    if len(ids) <= current_app.config["SHAREABLE_MAX_IDS"]:
        return url_for("bulk.result", ids=urls.ids_param(ids), _external=True)
    return fallback


def _removal(ids):
    if len(ids) <= current_app.config["SHAREABLE_MAX_IDS"]:
        return url_for("pages.removal_help", ids=urls.ids_param(ids), _external=True)
    return None


def dataset_feed(slug, entries, self_url, alternate, fallback_updated):
    """The Atom feed of one dataset (slug) or of every dataset (None): an entry per ingest
    that added videos."""
    catalogue = db.get_catalogue()
    name = results.name_of(catalogue, slug) if slug else None
    title = f"New in {name}" if name else "New in the datasets this site checks"
    subtitle = (f"An entry each time this site reads {name} files that add videos to what it "
                "checks." if name else
                "An entry each time this site reads dataset files that add videos to what it "
                "checks: a dataset checked for the first time, or more of one.")
    updated = entries[0].committed if entries else fallback_updated
    feed = _feed(self_url, title, subtitle, self_url, alternate, updated)
    for e in entries:
        name = results.name_of(catalogue, e.dataset)
        title = (f"{name}: {plural(e.new_memberships, 'video')} added" if not e.first else
                 f"{name} is now checked: {plural(e.new_memberships, 'video')}")
        summary = (f"{title}, read from {plural(len(e.files), 'file')} on {e.committed[:10]}; "
                   f"{e.new_videos:,} of them {'was' if e.new_videos == 1 else 'were'} in no "
                   "other dataset here before.")
        page = url_for("pages.dataset", slug=e.dataset, _external=True)
        content = render_template("feeds/_dataset_entry.html", entry=e, name=name,
                                  ds=catalogue.get(e.dataset), page=page)
        _entry(feed, tag(e.committed, f"ingest-{e.ingest}"), title, e.committed, summary,
               content, page, url_for("pages.home", _external=True))
    return feed
