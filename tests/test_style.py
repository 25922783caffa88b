"""The code stays ruff-clean: the house style is checked, not hoped for."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from .conftest import REPO


def test_ruff_finds_nothing() -> None:
    if importlib.util.find_spec("ruff") is None:
        pytest.skip("ruff is not installed (make test installs it with the test extra)")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "editions", "tests", "benchmarks"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout
