"""The progress page in a real browser (Debian's chromium, headless), at phone and desktop widths.

`make test` installs chromium where it can (Debian, as root); elsewhere this test says why it
is skipped. Screenshots are written under _build/screenshots/, never committed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from editions import catalogs
from editions.site import build

from .conftest import CHROMIUM_FLAGS, SCREENSHOTS, png_size


def run_chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [chromium, "--headless", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.mark.parametrize("width", [375, 1280])
def test_progress_page_renders_its_matrix(counted, chromium: str, tmp_path: Path,
                                          width: int) -> None:
    catalogs.update(counted)
    assert build.build(counted, jobs=1).ok
    page = (counted.html_dir / "progress" / "index.html").as_uri()

    dom = run_chromium(chromium, tmp_path / "dom", f"--window-size={width},900",
                       "--dump-dom", page)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert '<table id="matrix">' in dom.stdout
    assert dom.stdout.count('<td data-language=') == 4  # 2 statements × 2 languages
    assert 'data-language="ar" data-percent="100.0"' in dom.stdout

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"progress-{width}.png"
    shot.unlink(missing_ok=True)
    result = run_chromium(chromium, tmp_path / "shot", f"--window-size={width},1200",
                          f"--screenshot={shot}", page)
    assert result.returncode == 0, result.stderr[-2000:]
    assert png_size(shot) == (width, 1200)
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one
