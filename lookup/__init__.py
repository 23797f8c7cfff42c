"""Core of the lookup site: IDs, dataset readers, the SQLite index, channels, names."""

__version__ = "0.1.0"
