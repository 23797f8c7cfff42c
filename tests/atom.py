"""Checks that a feed is valid Atom: read by feedparser as a feed reader would, and held to
RFC 4287's required elements and link rules with lxml."""

import re

import feedparser
from lxml import etree

NS = "{http://www.w3.org/2005/Atom}"
# RFC 3339 date-time, as RFC 4287 section 3.3 requires.
DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def problems(body):
    """Every way body departs from valid Atom 1.0 (an empty list when it is valid)."""
    parsed = feedparser.parse(body)
    found = []
    if parsed.bozo:
        found.append(f"feedparser: {parsed.bozo_exception}")
    if parsed.version != "atom10":
        found.append(f"feedparser reads it as {parsed.version!r}, not Atom 1.0")
    try:
        root = etree.fromstring(body)
    except etree.XMLSyntaxError as error:
        return found + [f"not XML: {error}"]
    if root.tag != NS + "feed":
        return found + [f"root is {root.tag}"]
    found += _element(root, "feed", ("id", "title", "updated"))
    if root.find(NS + "author") is None and any(e.find(NS + "author") is None
                                                for e in root.iter(NS + "entry")):
        found.append("feed: no author, and not every entry has one")
    if not [link for link in root.findall(NS + "link") if link.get("rel") == "self"]:
        found.append("feed: no link rel=self")
    ids = [e.findtext(NS + "id") for e in root.iter(NS + "entry")]
    if len(ids) != len(set(ids)):
        found.append(f"entry IDs repeat: {ids}")
    for n, entry in enumerate(root.iter(NS + "entry")):
        found += _element(entry, f"entry {n}", ("id", "title", "updated"))
        alternates = [l for l in entry.findall(NS + "link") if l.get("rel", "alternate")
                      == "alternate"]
        if entry.find(NS + "content") is None and not alternates:
            found.append(f"entry {n}: neither content nor an alternate link")
    return found


def _element(element, where, required):
    found = []
    for name in required:
        values = element.findall(NS + name)
        if len(values) != 1:
            found.append(f"{where}: {len(values)} <{name}> elements, not 1")
    for name in ("updated", "published"):
        for value in element.findall(NS + name):
            if not DATE.fullmatch(value.text or ""):
                found.append(f"{where}: <{name}> {value.text!r} is not an RFC 3339 date")
    seen = set()
    for link in element.findall(NS + "link"):
        if not link.get("href"):
            found.append(f"{where}: a link without href")
        key = (link.get("rel", "alternate"), link.get("type"), link.get("hreflang"))
        if key[0] == "alternate" and key in seen:
            found.append(f"{where}: two alternate links of the same type and language")
        seen.add(key)
    return found


def entries(body):
    """feedparser's entries, newest first as the feed lists them."""
    return feedparser.parse(body).entries
