"""What the browser tests share: chromium's flags, where screenshots go, PNG sizes.

The ``chromium`` fixture itself is in conftest.py, next to ``msgfmt``. Screenshots are written
under _build/screenshots/, never committed.
"""

from __future__ import annotations

import struct
from pathlib import Path

from .conftest import REPO

# Headless chromium in a container, as root, with no network but the pages under test: no
# sandbox, no GPU, and none of the background services that would try to reach the internet.
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
]
SCREENSHOTS = REPO / "_build" / "screenshots"


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG, read from its header (no imaging library needed)."""
    with path.open("rb") as handle:
        header = handle.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])
