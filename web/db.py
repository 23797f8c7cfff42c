"""Owns the app's read-only data: the Index (one per thread), catalogue and video metadata."""

import os
import threading

from flask import current_app, g

from lookup import catalogue as catalogue_mod
from lookup.errors import UserError
from lookup.index import Index
from lookup.youtube.metadata import Metadata

NOT_BUILT = ("The index has not been built yet. Run “python scripts/fetch.py” and "
             "“python scripts/ingest.py DATASET FILE” to build data/index.db, then reload.")


class IndexHolder:
    """Opens the index lazily per thread and reopens it when a rebuild swaps the file."""

    def __init__(self, path):
        self.path = path
        self.local = threading.local()

    def get(self):
        """The Index for this thread; UserError(503) when the file is missing or unusable."""
        try:
            stat = os.stat(self.path)
        except OSError:
            raise UserError(NOT_BUILT, 503) from None
        # A rebuild replaces the file atomically (new inode), so a changed identity means
        # the open connection is reading the old file.
        key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        entry = getattr(self.local, "entry", None)
        if entry and entry[0] == key:
            return entry[1]
        if entry:
            entry[1].close()
            self.local.entry = None
        try:
            index = Index.open(self.path)
        except UserError as error:
            raise UserError(f"{error.message} {NOT_BUILT}", 503) from None
        self.local.entry = (key, index)
        return index


def init_app(app):
    """Attach the index holder and load the catalogue once."""
    app.extensions["lookup.index"] = IndexHolder(app.config["INDEX_PATH"])
    app.extensions["lookup.catalogue"] = catalogue_mod.load(app.config["CATALOGUE_PATH"])
    app.extensions["lookup.out_of_scope"] = catalogue_mod.load_out_of_scope(
        app.config["CATALOGUE_PATH"])


def get_index():
    """The Index for this request; raises UserError(503) when none is built."""
    if "index" not in g:
        g.index = current_app.extensions["lookup.index"].get()
    return g.index


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
    return current_app.extensions["lookup.catalogue"]


def get_out_of_scope():
    """Datasets people ask about that cannot be checked here."""
    return current_app.extensions["lookup.out_of_scope"]
