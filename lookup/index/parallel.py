"""Parse line-oriented files in worker processes (filled in below)."""


def suits(reader, options, workers):
    """True when this reader's rows can be parsed block by block in parallel."""
    return False
