"""What each table, view and column of the index holds, in words.

One description serves the Datasette metadata (datasette.py), the open-data page and
docs/open-data.md; tests/test_open_data.py fails when the index has a table, view or column
that is not described here.
"""

VIDEO = ("The video as the index keys it: its 11-character ID read as one signed 64-bit "
         "integer (lookup/ids.py). Filter on this column to use the index; the readable_* "
         "views show the ID.")
DATASET = "The dataset (datasets.id)."

TABLES = {
    "meta": ("Facts about the file: schema_version, generation (commits so far), snapshot "
             "(time of the last commit), distinct_videos, published (set in a published "
             "snapshot).", {"key": "Name of the fact.", "value": "Its value, as text."}),
    "datasets": ("One row per dataset in the index, with its figures, moved by each ingest.", {
        "id": "Number used by the other tables.",
        "slug": "The dataset's name in the catalogue (data/datasets.toml) and on the site.",
        "videos": "Videos the dataset lists (memberships).",
        "clips": "Clips (segments) of those videos the dataset lists.",
        "span_ms": "Summed length of those clips, in milliseconds; null where the dataset "
                   "gives no clip times.",
        "updated": "When an ingest last added to this dataset (ISO 8601)."}),
    "sources": ("Provenance: every official dataset file that was read, with its checksum.", {
        "id": "Number used by clips.source.",
        "dataset": DATASET,
        "url": "Where the file was downloaded from, when it was.",
        "file_name": "The file's name.",
        "size": "The file's size in bytes.",
        "sha256": "SHA-256 of the file as read.",
        "format": "The reader that parsed it (lookup/formats).",
        "rows_read": "Rows the reader read.",
        "rows_rejected": "Rows skipped as malformed (listed in a rejects file).",
        "rows_unresolved": "Rows whose pseudo ID could not be mapped to a YouTube ID.",
        "videos": "Distinct videos in the file.",
        "clips": "Clips in the file.",
        "started": "When reading started (ISO 8601).",
        "finished": "When reading finished (ISO 8601).",
        "tool_version": "Version of this project's ingest.",
        "rejects_file": "Name of the rejects file, if any row was rejected.",
        "ingest": "The ingest that first read the file (ingests.id).",
        "ids_canonicalised": "IDs written in an old non-canonical spelling and read as the "
                             "canonical one."}),
    "ingests": ("The change log: one row per committed ingest.", {
        "id": "Number of the ingest, in commit order.",
        "dataset": DATASET,
        "started": "When the ingest started (ISO 8601).",
        "committed": "When it committed (ISO 8601).",
        "new_memberships": "Memberships it added.",
        "new_videos": "Videos it added that no dataset held before.",
        "tool_version": "Version of this project's ingest."}),
    "membership": ("Which dataset lists which video: one row per (video, dataset).", {
        "video": VIDEO, "dataset": DATASET}),
    "clips": ("Details of each membership: clip count, clip times, and the file and line it "
              "was first read from.", {
        "video": VIDEO, "dataset": DATASET,
        "n": "Number of clips of the video the dataset lists.",
        "spans": "The clip times, packed (lookup/index/spans.py); the CSV and Parquet exports "
                 "give them in seconds.",
        "source": "The file it was first read from (sources.id).",
        "line": "The line (or record) of that file."}),
    "captions": ("Captions a dataset gives for a clip, where they were ingested.", {
        "video": VIDEO, "dataset": DATASET,
        "start_ms": "Clip start, milliseconds.", "end_ms": "Clip end, milliseconds.",
        "text": "The caption as the dataset gives it."}),
    "overlap": ("Videos shared by each pair of datasets.", {
        "a": "One dataset (datasets.id), the smaller id.", "b": "The other dataset.",
        "videos": "Videos both list."}),
    "changes": ("The change log per video: each membership an ingest added.", {
        "video": VIDEO, "ingest": "The ingest that added it (ingests.id); the dataset is "
                                  "the ingest's."}),
    "hash_prefix": ("Hash ranges for private lookups (GET /api/v1/range/PREFIX): each video "
                    "under the first 20 bits of the SHA-256 of its 11-character ID.", {
        "prefix": "First 5 hex digits of the SHA-256, as an integer (0 to 1048575).",
        "video": VIDEO}),
}

VIEWS = {
    "readable_memberships": ("Every membership with its readable video ID, dataset slug, "
                             "clip count and provenance.", {
        "video_id": "The 11-character YouTube video ID.",
        "dataset": "The dataset's slug.",
        "clip_count": "Clips of the video the dataset lists.",
        "source_file": "The dataset file it was first read from.",
        "source_sha256": "SHA-256 of that file.",
        "line": "The line (or record) of that file.",
        "video": VIDEO}),
    "readable_captions": ("Captions with readable video IDs and times in seconds.", {
        "video_id": "The 11-character YouTube video ID.",
        "dataset": "The dataset's slug.",
        "start_seconds": "Clip start, seconds.", "end_seconds": "Clip end, seconds.",
        "caption": "The caption as the dataset gives it.",
        "video": VIDEO}),
    "readable_changes": ("The change log with readable video IDs: which video joined which "
                         "dataset in which ingest, and when.", {
        "video_id": "The 11-character YouTube video ID.",
        "dataset": "The dataset's slug.",
        "ingest": "The ingest (ingests.id).",
        "committed": "When that ingest committed (ISO 8601).",
        "video": VIDEO}),
}

# The CSV and Parquet exports (export.py): one row per membership.
EXPORT_COLUMNS = {
    "dataset": "The dataset's slug (as on the site and in data/datasets.toml).",
    "video_id": "The 11-character YouTube video ID.",
    "clip_count": "Clips of the video the dataset lists.",
    "spans": "The clip times in seconds. CSV: start-end pairs joined by ';' (e.g. "
             "30-40;95.5-100), empty when the dataset gives no times. Parquet: a list of "
             "{start, end}, null when the dataset gives no times.",
    "source_file": "The official dataset file the membership was first read from.",
    "source_sha256": "SHA-256 of that file.",
    "line": "The line (or record) of that file.",
}
