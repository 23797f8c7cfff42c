"""Every command documents itself: --help exits 0 and shows examples."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = sorted([*ROOT.glob("scripts/*.py"), *ROOT.glob("bench/*.py")])


@pytest.mark.parametrize("command", COMMANDS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_help_has_examples(command):
    result = subprocess.run([sys.executable, str(command), "--help"], capture_output=True,
                            text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout and "Example" in result.stdout
