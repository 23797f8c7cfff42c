"""Name search: channels and videos whose name is close to the text, with "did you mean"."""

import logging
import os
import threading

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from lookup.errors import UserError
from lookup.i18n import N_
from lookup.names import NameIndex

from . import channel_json
from .security import error_response

bp = Blueprint("names", __name__)
# The page says what a visitor can do; how to build the index is for the operator's log.
NOT_BUILT = N_("Search by name is not available on this server yet.")
OPERATOR_HINT = ("No name index at %s: build one from the saved video details with "
                 "scripts/build_names.py (see README).")
log = logging.getLogger(__name__)
PAGE_LIMIT, API_LIMIT = 20, 50


class NamesHolder:
    """Opens the read-only name index once, and again only when a rebuild swaps the folder."""

    def __init__(self, path):
        self.path = path
        self._lock = threading.Lock()
        self._entry = None  # (folder identity, NameIndex)

    def get(self):
        """The NameIndex; UserError(400: paste a link instead) when none is built."""
        try:
            stat = os.stat(self.path)
        except (OSError, TypeError):
            log.warning(OPERATOR_HINT, self.path)
            raise UserError(NOT_BUILT, 400) from None
        # scripts/build_names.py renames a new folder into place: a new inode means a new index.
        key = (stat.st_ino, stat.st_mtime_ns)
        with self._lock:
            if self._entry is None or self._entry[0] != key:
                try:
                    self._entry = (key, NameIndex(self.path))
                except UserError:
                    log.warning(OPERATOR_HINT, self.path)
                    raise UserError(NOT_BUILT, 400) from None
            return self._entry[1]


def init_app(app):
    """Attach the name index holder (opened on first search)."""
    app.extensions["lookup.names"] = NamesHolder(app.config.get("NAMES_PATH"))


def search(text, limit):
    """Matches and suggestions for text; UserError(400) without a name index."""
    return current_app.extensions["lookup.names"].get().search(text, limit)


@bp.route("/names")
def names():
    """Channels and videos matching a name, linking to their lookups (&format=json)."""
    text = " ".join(request.args.get("q", "").split())[:200]
    if request.args.get("format") == "json":
        return redirect(url_for("api.names_search", q=text))
    if not text:
        return render_template("names.html", query="", found=None)
    try:
        found = search(text, PAGE_LIMIT)
    except UserError as error:
        page = render_template("names.html", query=text, found=None, error=error.message,
                               status=error.status)
        return page, error.status
    return render_template("names.html", query=text, found=found,
                           page_of=channel_json.match_page)


def api_answer(text, query=None):
    """The JSON answer to a name search (also kind "name" of /api/v1/lookup)."""
    query = text if query is None else query
    text = " ".join((text or "").split())[:200]
    if not text:
        return error_response(400, "Give a name to search for, e.g. ?q=marques+brownlee.",
                              query=query[:200], kind="name")
    limit = min(max(request.args.get("limit", 10, type=int), 1), API_LIMIT)
    try:
        found = search(text, limit)
    except UserError as error:
        return error_response(error.status, error.message, query=query[:200], kind="name")
    return channel_json.names(query, found)
