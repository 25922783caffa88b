"""Small projects built in temporary folders, so tests never touch the real catalogs."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from editions.project import Project, load_project

REPO = Path(__file__).resolve().parent.parent
#: The ``editions`` command of the environment the tests run in.
EDITIONS = str(Path(sys.executable).with_name("editions"))

ALPHA = """\
Alpha statement
===============

.. statement::
   :author: Fourth International
   :date: 2025-07-13
   :original-language: en

.. rst-class:: standfirst

*A short standfirst in italics.*

The first paragraph speaks of 77 years of struggle.

The second paragraph will be edited by a test.

A heading
---------

The third paragraph will be removed by a test.
"""

BETA = """\
Beta statement
==============

.. statement::
   :author: Duncan Chapel

Only one paragraph, and no date.
"""


def write_project(root: Path, languages: list[str]) -> Project:
    """A tiny project: conf.py like the real one, two statements, no catalogs yet."""
    (root / "source").mkdir(parents=True)
    (root / "conf.py").write_text(
        textwrap.dedent(
            f"""\
            project = "Tiny Editions"
            copyright = "the authors of each statement"
            version = release = "1"
            language = "en"
            editions_languages = {languages!r}
            extensions = ["editions.sphinxext"]
            root_doc = "index"
            locale_dirs = ["../locale"]
            gettext_compact = False
            gettext_uuid = False
            html_theme = "editions"
            html_title = project
            editions_print = False  # (the print test turns it on: a PDF takes a second)
            """
        ),
        encoding="utf-8",
    )
    shutil.copy(REPO / "source" / "index.rst", root / "source" / "index.rst")
    (root / "source" / "alpha.rst").write_text(ALPHA, encoding="utf-8")
    (root / "source" / "beta.rst").write_text(BETA, encoding="utf-8")
    return load_project(root)


@pytest.fixture
def tiny(tmp_path: Path) -> Project:
    """A French (left to right) and Arabic (right to left) project."""
    return write_project(tmp_path / "tiny", ["fr", "ar"])


@pytest.fixture
def msgfmt() -> str:
    """GNU msgfmt, which ``make test`` installs; skipped, saying why, where it is missing."""
    path = shutil.which("msgfmt")
    if path is None:
        pytest.skip("GNU gettext's msgfmt is not installed (make test installs it on Debian)")
    return path


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium, which ``make test`` installs; skipped, saying why, where it is missing."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("Debian's chromium is not installed (make test installs it with apt-get)")
    return path


def msgfmt_check(msgfmt: str, po_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(po_path)],
        capture_output=True, text=True, check=False,
    )


def copy_real_project(root: Path) -> Project:
    """The real project (conf.py, sources, catalogs) in ``root``, never the repository itself."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "conf.py", root / "conf.py")
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locale", root / "locale", ignore=shutil.ignore_patterns("*.mo"))
    return load_project(root)


def tree_digest(root: Path) -> str:
    """A digest of every file of a project but what it builds (``_build/``, ``.mo`` files),
    its lock file and the workspace's state (``.workspace/``, whose database the workspace
    tests check row by row): to prove that a command changed nothing."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if ("_build" in relative.parts or ".workspace" in relative.parts
                or path.name == ".editions.lock" or path.suffix == ".mo" or not path.is_file()):
            continue
        digest.update(f"{relative}\0{path.stat().st_mode:o}\0".encode() + path.read_bytes())
    return digest.hexdigest()
