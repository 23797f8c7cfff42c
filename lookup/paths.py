"""Default data files: in data/ beside the code, whichever folder a command runs from."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
INDEX = DATA / "index.db"  # the dataset index, built by scripts/ingest.py
METADATA = DATA / "metadata.db"  # video details, filled by scripts/enrich.py
CHANNEL_CACHE = DATA / "channels.db"  # upload lists, kept by lookup/channel_cache.py
NAMES = DATA / "names"  # the name search index, built by scripts/build_names.py
CHECKS = DATA / "checks.db"  # saved checks (permalinks), written by the site
WATCH = DATA / "watch.db"  # watches (feed tokens, hashed), written by the site
SNAPSHOTS = DATA / "snapshots"  # published snapshots and exports, by scripts/publish.py --out
