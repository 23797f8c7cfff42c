"""Where the real, unmodified dataset files live: ../shared/data beside the checkout."""

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def shared_file(name):
    """Path of a real dataset file, skipping the test with the reason when it is absent."""
    path = SHARED_DATA / name
    if not path.is_file():
        pytest.skip(f"real dataset file {name} is not here (expected in ../shared/data/)")
    return path
