"""YouTube: channel references to upload lists (Data API, yt-dlp, saved metadata), the listing
jobs and their worker, the upload-list cache, and video metadata (enrichment)."""
