"""Open data for researchers: exports of a published snapshot, Datasette metadata, and the
folder of downloads the site offers (folder.py)."""
