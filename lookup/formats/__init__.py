"""One reader module per official dataset file format; see _base for the contract."""

import importlib
import pkgutil

from ._base import Reject, Row, VideoMeta, ms, timestamp_ms  # noqa: F401  (the readers' shared vocabulary)


def names():
    """Every reader module name, sorted."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def get(name):
    """The reader module called name, or ValueError listing the known ones."""
    if name not in names():
        raise ValueError(f"unknown format {name!r}; known formats: {', '.join(names())}")
    return importlib.import_module(f"{__name__}.{name}")
