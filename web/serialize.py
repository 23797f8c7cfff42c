"""The JSON shapes of the API (documented in web/openapi.json; tests/test_docs.py checks)."""

from lookup.catalogue import FACT_FIELDS

from . import urls


def source(s, line=None):
    """Provenance of a membership: the file it was read from."""
    out = {"file_name": s.file_name, "sha256": s.sha256, "url": s.url or None,
           "ingested": s.finished}
    if line is not None:
        out["line"] = line
    return out


def video(result):
    """One video's memberships and the unchecked datasets derived from them."""
    return {
        "video_id": result.video_id,
        "url": result.url,
        "found": result.found,
        "datasets": [{"dataset": h.slug, "name": h.name, "licence": h.licence or None,
                      "licence_url": h.licence_url or None, "clip_count": h.clip_count,
                      "clips": h.clip_json(),
                      "source": source(h.source, h.line)} for h in result.hits],
        "derived": [{"dataset": d.slug, "name": d.name, "derived_from": d.parent}
                    for d in result.derived],
    }


def coverage(cov):
    """Which datasets a lookup checked, and as of when."""
    return {"snapshot": cov.snapshot or None, "checked": cov.loaded_slugs,
            "not_loaded": cov.missing_slugs}


def lookup(query, parsed, cov, results=()):
    """The answer to one pasted text. (A video lookup's is written as text by
    bulkjson.video_answer(), byte for byte the same, unless the video has captions.)"""
    out = {"query": query, "kind": parsed.kind,
           "video_id": parsed.value if parsed.kind == "video" else None}
    if parsed.kind == "video":
        out["start"] = parsed.start
        out["mapped_from"] = parsed.mapped_from or None
    out.update(coverage(cov))
    out["videos"] = [video(r) for r in results]
    return out


def bulk(video_ids, rejected, cov, results, mapped=()):
    """The answer to a list of IDs/links; mapped: (as given, canonical ID) pairs."""
    found = sum(r.found for r in results)
    return bulk_with(video_ids, rejected, cov, found, [video(r) for r in results], mapped)


def bulk_with(video_ids, rejected, cov, found, videos, mapped=()):
    """bulk() with its videos made already: found, how many are found; videos, a list of
    video() dicts or their JSON array as an orjson.Fragment (web/bulkjson.py)."""
    return {"kind": "list", "count": len(video_ids), "found": found,
            **coverage(cov), "rejected": rejected,
            "mapped": [{"input": given, "video_id": canonical} for given, canonical in mapped],
            "videos": videos}


def saved(check, permalink, cov, video_results):
    """A saved check: what was checked, the answer as of its snapshot, every video."""
    found = [r for r in video_results if r.found]
    return {"kind": "saved_check", "id": check.id, "permalink": permalink,
            "created": check.created, "checked_as": check.kind, "label": check.label or None,
            "channel": check.ref or None, "count": len(video_results), "found": len(found),
            **coverage(cov),
            "rejected": [{"input": text, "message": why} for text, why in check.rejected],
            "rejected_count": check.rejected_count,
            "not_found": [r.video_id for r in video_results if not r.found],
            "videos": [video(r) for r in video_results]}


def dataset(ds, stats, full=False):
    """A catalogue entry with its figures from the index (null when not loaded)."""
    out = {"slug": ds.slug, "name": ds.name or ds.slug, "full_name": ds.full_name or None,
           "organisation": ds.organisation or None, "year": ds.year,
           "paper_url": ds.paper_url or None, "homepage": ds.homepage or None,
           "licence": ds.licence or None, "licence_url": ds.licence_url or None,
           "derived_from": list(ds.derived_from), "loaded": stats is not None,
           "reported": {"videos": ds.videos_reported, "clips": ds.clips_reported,
                        "hours": ds.hours_reported},
           "index": None if stats is None else {
               "videos": stats.videos, "clips": stats.clips,
               "hours": None if stats.span_seconds is None else round(stats.span_seconds / 3600, 1),
               "updated": stats.updated},
           "page": urls.dataset(ds.slug)}
    if full:
        out.update(_details(ds, stats))
    return out


def _details(ds, stats):
    return {
        "authors": ds.authors or None, "paper_title": ds.paper_title or None,
        "bibtex": ds.bibtex.strip() or None, "terms": ds.terms or None,
        "restrictive_clauses": list(ds.restrictive_clauses),
        "removal_contact": ds.removal_contact or None, "removal_note": ds.removal_note or None,
        "public": ds.public, "gated_note": ds.gated_note or None,
        "official_sources": [{"url": s.url or None, "file": s.file or None, "note": s.note or None}
                             for s in ds.sources],
        "reported_uses": [{"who": u.who, "what": u.what, "date": u.date or None,
                           "source_url": u.source_url or None,
                           "licence_then": _licence_then(ds, u.date)} for u in ds.reported_uses],
        "licence_history": [{"date": h.date, "licence": h.licence or None,
                             "licence_url": h.licence_url or None, "terms": h.terms or None,
                             "source_url": h.source_url or None} for h in ds.licence_history],
        "contacts": [{"kind": c.kind, "name": c.name or None, "email": c.email or None,
                      "url": c.url or None, "source_url": c.source_url or None,
                      "note": c.note or None} for c in ds.contacts],
        "sources_of": [{"field": f, "url": ds.source_of(f)} for f in FACT_FIELDS
                       if ds.source_of(f)],
        "ingested_files": [] if stats is None else [_ingested(s) for s in stats.sources],
    }


def _licence_then(ds, date):
    """The licence in force on a reported use's date, from the licence history; None unknown."""
    entry = ds.licence_at(date) if date and ds.licence_history else None
    return entry.licence or None if entry else None


def _ingested(s):
    return {"file_name": s.file_name, "url": s.url or None, "sha256": s.sha256, "size": s.size,
            "format": s.format, "rows_read": s.rows_read, "rows_rejected": s.rows_rejected,
            "rows_unresolved": s.rows_unresolved, "videos": s.videos, "clips": s.clips,
            "started": s.started, "finished": s.finished, "tool_version": s.tool_version}


def overlap(index):
    """Shared-video counts between every pair of loaded datasets."""
    return [{"a": a, "b": b, "videos": n} for (a, b), n in sorted(index.overlap().items())
            if a < b]


def coverage_figures(fig):
    """The coverage page's tables (web/coverage.Figures): sizes, growth by publication year."""
    return {
        "datasets": [{"slug": r.slug, "name": r.name, "year": r.year, "licence": r.licence or None,
                      "videos": r.videos,
                      "clips": r.clips, "span_seconds": r.span_seconds, "hours": r.hours,
                      "updated": r.updated,
                      "reported": {"videos": r.videos_reported, "clips": r.clips_reported,
                                   "hours": r.hours_reported},
                      "page": urls.dataset(r.slug)} for r in fig.rows],
        "growth": [{"year": y.year, "added": [r.slug for r in y.added],
                    "memberships": y.memberships, "videos_min": y.low, "videos_max": y.high}
                   for y in fig.years],
        "undated": [r.slug for r in fig.undated],
    }
