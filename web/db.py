"""Owns the app's read-only data: the Index (one per thread), catalogue and video metadata."""

import logging
import os
import threading
import time

from flask import current_app

from lookup import catalogue as catalogue_mod
from lookup.errors import UserError
from lookup.index import Index
from lookup.youtube.metadata import Metadata
from lookup.i18n import N_

from . import context

# Visitors read NOT_BUILT; how to build the index is for the operator, in the log and README.
NOT_BUILT = N_("The index has not been built yet. No video can be checked here for now.")
OPERATOR_HINT = ("Index %s cannot be opened (%s): build it with scripts/fetch.py and "
                 "scripts/ingest.py DATASET FILE (see README).")
log = logging.getLogger(__name__)
_told = set()


def _tell_operator(path, reason):
    """Log why the index cannot be opened, once per reason (pages ask on every request)."""
    if (path, reason) not in _told:
        _told.add((path, reason))
        log.warning(OPERATOR_HINT, path, reason)


class IndexHolder:
    """Opens the index lazily per thread, and follows it when it changes.

    The live index changes in place: SQLite's data_version tells a connection, for the price
    of one pragma, that another one committed, and the Index rereads its small tables. A
    replica's snapshot changes by a new file swapped in under the same name, which only the
    file's identity shows; that is checked at most once every `stat_every` seconds rather
    than per request, and the file is then reopened.
    """

    def __init__(self, path, stat_every=1.0):
        self.path, self.stat_every = path, stat_every
        self.local = threading.local()

    def get(self):
        """The Index for this thread; UserError(503) when the file is missing or unusable."""
        entry = getattr(self.local, "entry", None)
        now = time.monotonic()
        if entry is not None:
            index, identity, checked = entry
            if now - checked < self.stat_every:
                index.refresh()
                return index
            if self._identity() == identity:
                index.refresh()
                self.local.entry = (index, identity, now)
                return index
            index.close()
            self.local.entry = None
        return self._open(now)

    def _open(self, now):
        identity = self._identity()
        if identity is None:
            _tell_operator(self.path, "no such file")
            raise UserError(NOT_BUILT, 503)
        try:
            index = Index.open(self.path)
        except UserError as error:
            _tell_operator(self.path, error.message)
            raise UserError(NOT_BUILT, 503) from None
        self.local.entry = (index, identity, now)
        return index

    def _identity(self):
        try:
            stat = os.stat(self.path)
        except OSError:
            return None
        return stat.st_dev, stat.st_ino


def init_app(app):
    """Attach the index holder and load the catalogue once."""
    app.extensions["lookup.index"] = IndexHolder(app.config["INDEX_PATH"],
                                                 app.config["INDEX_RECHECK_SECONDS"])
    app.extensions["lookup.catalogue"] = catalogue_mod.load(app.config["CATALOGUE_PATH"])
    app.extensions["lookup.out_of_scope"] = catalogue_mod.load_out_of_scope(
        app.config["CATALOGUE_PATH"])


def get_index():
    """The Index for this request; raises UserError(503) when none is built."""
    state = context.state()
    index = state.get("index")
    if index is None:
        index = state.index = context.app().extensions["lookup.index"].get()
    return index


def maybe_index():
    """The Index, or None when it has not been built (for pages that render anyway)."""
    try:
        return get_index()
    except UserError:
        return None


def get_metadata():
    """The saved video details (METADATA_PATH); a missing file reads as empty."""
    return Metadata(current_app.config.get("METADATA_PATH") or "")


def get_catalogue():
    """The dataset catalogue: {slug: Dataset}."""
    return context.app().extensions["lookup.catalogue"]


def get_out_of_scope():
    """Datasets people ask about that cannot be checked here."""
    return current_app.extensions["lookup.out_of_scope"]
