"""Channel pages: start or join the listing, show its progress, then the channel's result."""

from flask import (Blueprint, current_app, jsonify, make_response, redirect, render_template,
                   request, url_for)

from lookup.errors import UserError
from lookup.i18n import N_
from lookup.youtube.uploads import describe, parse_key, ref_key

from . import channel_json, collection, dashboard, db, export, i18n, removal, results, urls
from .channel_jobs import IN_OTHER_WORDS, ChannelJobs, failure_of, running
from .security import error_response

bp = Blueprint("channels", __name__)
UNAVAILABLE = N_("Channel lookups are not available on this server yet.")
SOURCES = {"youtube-api": N_("through the YouTube Data API"),
           "yt-dlp": N_("from YouTube's channel pages (yt-dlp)"),
           "offline": N_("from our saved video details")}
NO_SUCH_REF = N_("That is not a channel this site can look up. Paste the channel's link, "
                 "its @handle or its channel ID (UC…) instead.")


def init_app(app):
    """One ChannelJobs per app (its thread pool and cache), plus template helpers."""
    app.extensions["lookup.channels"] = ChannelJobs(app.config)
    app.jinja_env.globals.update(channel_url=page_url, channels_enabled=enabled,
                                 failure_message=failure_message)
    app.jinja_env.filters.update(utc=utc, source_label=source_label)


def utc(stamp):
    """A Unix time as '2024-05-06 07:08 UTC'."""
    return channel_json.iso(stamp)[:16].replace("T", " ") + " UTC"


def source_label(source):
    """How an upload list was obtained, in words ("cache:youtube-api+yt-dlp" and the like)."""
    cached = source.startswith("cache:")
    words = [i18n.translate(SOURCES.get(part, part))
             for part in source.removeprefix("cache:").split("+")]
    saved = i18n.gettext(" (a saved copy)") if cached else ""
    return i18n.gettext(" and ").join(words) + saved


def failure_message(failure):
    """A failed listing's message in the reader's language (see channel_jobs.IN_OTHER_WORDS)."""
    translated = i18n.translate(failure.message)
    if translated == failure.message and i18n.current() != "en":
        return i18n.translate(IN_OTHER_WORDS.get(failure.kind, failure.message))
    return translated


def get_jobs():
    """The app's ChannelJobs."""
    return current_app.extensions["lookup.channels"]


def enabled():
    """True when this server can list a channel's uploads at all."""
    return get_jobs().enabled


def page_url(key, **params):
    """The shareable page of a channel lookup, by ref key."""
    return url_for("channels.channel", ref=key, **params)


def lookup_url(parsed):
    """Where a pasted channel (or a video's channel) is looked up."""
    return page_url(ref_key(parsed))


def parse_ref(key):
    """The reference named by a ref key; UserError(404) when it names none."""
    ref = parse_key(key)
    if ref is None:
        raise UserError(NO_SUCH_REF, 404)
    return ref


def _job(parsed):
    """Start or join the listing, waiting a moment so cached answers skip the progress page."""
    jobs = get_jobs()
    return jobs.wait(jobs.start(parsed), current_app.config["CHANNEL_WAIT"])


def _label(parsed):
    return describe(parsed).removeprefix("for ").removeprefix("with ID ")


@bp.route("/c/<ref>")
def channel(ref):
    """Progress while the uploads are listed; then the channel's result (&format=csv|json)."""
    parsed = parse_ref(ref)
    if ref_key(parsed) != ref:  # /c/handle:@Name → /c/handle:@name, one URL per channel
        params = urls.carried(request.args, "sort", "page", "format")
        return redirect(page_url(ref_key(parsed), **params), code=301)
    fmt = request.args.get("format")
    if fmt == "json":
        return redirect(url_for("api.channel", ref=ref))
    if not enabled():
        page = render_template("unavailable.html", parsed=parsed, query=_label(parsed),
                               message=UNAVAILABLE, coverage=_coverage())
        return page, 503
    job = _job(parsed)
    if running(job):
        return _no_store(render_template("channel_progress.html", job=job, ref=ref,
                                         label=_label(parsed)))
    failure = failure_of(job)
    if failure is not None:
        return _failed(parsed, ref, failure)
    uploads = job.result
    index, catalogue = db.get_index(), db.get_catalogue()
    coll = collection.build(index, catalogue, uploads.video_ids, title_of(uploads, parsed))
    if fmt == "csv":
        return export.collection_csv(coll, _coverage(),
                                     f"channel-{uploads.channel_id or 'uploads'}.csv")
    page = collection.page(coll, request.args.get("sort"), request.args.get("page", 1, type=int),
                           current_app.config["PAGE_SIZE"])

    def link(**params):
        return page_url(ref, **{"sort": page.sort, "page": page.number, **params})

    published = db.get_metadata().published(uploads.video_ids)
    return render_template("channel.html", coll=coll, page=page, link=link, uploads=uploads,
                           info=channel_json.channel(ref, uploads), label=_label(parsed),
                           ref=ref, job=job, dash=dashboard.build(coll, published),
                           intro_template="_channel_intro.html", details=collection.details_of(page),
                           may_refresh=get_jobs().may_refresh(job), online=get_jobs().online,
                           coverage=_coverage())


@bp.route("/c/<ref>/refresh", methods=["POST"])
def refresh(ref):
    """List the uploads again, bypassing the cache (at most once per CHANNEL_REFRESH_MIN_AGE)."""
    parsed = parse_ref(ref)
    if not enabled():
        raise UserError(UNAVAILABLE, 503)
    jobs = get_jobs()
    if jobs.may_refresh(_job(parsed)):
        jobs.start(parsed, fresh=True)
    return redirect(page_url(ref), code=303)


@bp.route("/c/<ref>/removal")
def removal_help(ref):
    """Removal requests for every video of the channel found in a dataset."""
    job, requests = _removal_requests(ref)
    if requests is None:
        return redirect(page_url(ref))
    return render_template("removal.html", requests=requests, video_ids=job.result.video_ids,
                           back_url=page_url(ref),
                           attachment_url=lambda slug: url_for(
                               "channels.removal_attachment", ref=ref, slug=slug))


@bp.route("/c/<ref>/removal/<slug>.txt")
def removal_attachment(ref, slug):
    """The list of videos that goes with a long removal request, as a text file."""
    requests = _removal_requests(ref)[1]
    if requests is None:
        return redirect(page_url(ref))
    return removal.attachment_response(requests, slug)


def _removal_requests(ref):
    """(job, requests) for a listed channel; requests is None while it is not listed."""
    parsed = parse_ref(ref)
    if not enabled():
        raise UserError(UNAVAILABLE, 503)
    job = _job(parsed)
    if running(job) or failure_of(job) is not None:
        return job, None
    catalogue = db.get_catalogue()
    found = [r for r in results.videos(db.get_index(), catalogue, list(job.result.video_ids))
             if r.found]
    return job, removal.build(found, catalogue)


def api_answer(query, parsed):
    """The JSON answer to a channel: 202 while listing, the result when done, or the error."""
    if not enabled():
        return error_response(501, UNAVAILABLE, query=query[:200], kind="channel")
    job = _job(parsed)
    if running(job):
        response = jsonify(channel_json.pending(query, job))
        response.status_code = 202
        response.headers["Location"] = url_for("api.job", job_id=job.id)
        response.headers["Retry-After"] = "1"
        return _no_store(response)
    failure = failure_of(job)
    if failure is not None:
        return error_response(failure.status, failure.message, query=query[:200],
                              kind="channel", job=channel_json.job(job))
    index, catalogue = db.get_index(), db.get_catalogue()
    coll = collection.build(index, catalogue, job.result.video_ids, "")
    cov = results.coverage(index, catalogue)
    return channel_json.result(query, job, job.result, coll, cov)


def api_job(job_id):
    """A job's progress, for the progress page's script and API clients."""
    job = get_jobs().poll(job_id)
    if job is None:
        raise UserError(N_("There is no such job: it finished more than 15 minutes ago or ran on "
                           "another server. Ask for the channel again to get a new one."), 404)
    return _no_store(jsonify(channel_json.job(job)))


def title_of(uploads, parsed):
    """How a channel's result is titled: its name, and its handle when that differs."""
    name = uploads.title or _label(parsed)
    return f"{name} ({uploads.handle})" if uploads.handle and uploads.handle != name else name


def _failed(parsed, ref, failure):
    page = render_template("channel_error.html", failure=failure, ref=ref, label=_label(parsed),
                           parsed=parsed, status=failure.status)
    response = make_response(page, failure.status)
    if failure.status == 503:
        response.headers["Retry-After"] = "3600" if failure.kind == "QuotaExhausted" else "60"
    return _no_store(response)


def _no_store(response):
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


def _coverage():
    return results.coverage(db.maybe_index(), db.get_catalogue())
