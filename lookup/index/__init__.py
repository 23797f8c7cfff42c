"""The dataset index: one SQLite file that grows in place, ingest by ingest.

Write side: ingest (files -> stage), stage, merge (stage -> index, one commit), figures,
store (the write connection), schema, spans, rejects, sourcefile, parallel, publish.
Read side: read (the Index handle that the site and the scripts use).
"""

from .read import Change, Clip, DatasetStats, Hit, Index, Ingest, Source  # noqa: F401
from .schema import SCHEMA_VERSION, ensure_shape  # noqa: F401
