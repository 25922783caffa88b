"""A book packed again reuses what did not change, and comes out as ``zipfile`` writes it."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import polib
import pytest
from sphinx.builders.epub3 import Epub3Builder

from editions.site import build
from editions.sphinxext import packing

from .test_build import built  # noqa: F401  (the fixture)


def _members(folder: Path) -> list[tuple[Path, str, int]]:
    names = [("mimetype", zipfile.ZIP_STORED), ("a.xhtml", zipfile.ZIP_DEFLATED),
             ("b.xhtml", zipfile.ZIP_DEFLATED), ("toc.ncx", zipfile.ZIP_DEFLATED)]
    return [(folder / name, name, kind) for name, kind in names]


def _as_zipfile_writes(members: list[tuple[Path, str, int]], target: Path) -> bytes:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, name, kind in members:
            archive.write(path, name, kind)
    return target.read_bytes()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "mimetype").write_text("application/epub+zip")
    for name, words in (("a.xhtml", "alpha "), ("b.xhtml", "beta "), ("toc.ncx", "toc ")):
        (tmp_path / name).write_text(words * 2000)
    return tmp_path


def test_a_book_packed_again_is_what_zipfile_writes_and_compresses_only_what_changed(
    folder: Path, tmp_path: Path, monkeypatch
) -> None:
    book = tmp_path / "book.epub"
    members = _members(folder)
    packing.pack(book, members)
    assert book.read_bytes() == _as_zipfile_writes(members, tmp_path / "plain.epub")

    (folder / "a.xhtml").write_text("alpha, changed " * 2000)
    later = (folder / "toc.ncx").stat().st_mtime + 120  # written again, the same words
    os.utime(folder / "toc.ncx", (later, later))
    compressed: list[int] = []
    original = zipfile._get_compressor

    def counting(kind, level=None):  # type: ignore[no-untyped-def]
        compressed.append(kind)
        return original(kind, level)

    monkeypatch.setattr(zipfile, "_get_compressor", counting)
    packing.pack(book, members)
    monkeypatch.undo()
    assert compressed == [zipfile.ZIP_DEFLATED]  # a.xhtml alone
    assert book.read_bytes() == _as_zipfile_writes(members, tmp_path / "plain.epub")
    with zipfile.ZipFile(book) as archive:
        assert archive.testzip() is None
        assert archive.read("a.xhtml").startswith(b"alpha, changed")
    assert not list(tmp_path.glob("*.new"))


def test_a_damaged_book_is_packed_anew(folder: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.epub"
    members = _members(folder)
    packing.pack(book, members)
    damaged = bytearray(book.read_bytes())
    offset = damaged.index(b"PK\x03\x04", 10)  # the second file's local header
    damaged[offset:offset + 4] = b"XXXX"
    book.write_bytes(bytes(damaged))
    packing.pack(book, members)
    assert book.read_bytes() == _as_zipfile_writes(members, tmp_path / "plain.epub")
    book.write_bytes(b"not a zip")
    packing.pack(book, members)
    assert book.read_bytes() == _as_zipfile_writes(members, tmp_path / "plain.epub")


def test_a_packing_that_fails_leaves_the_last_book_and_nothing_beside_it(
    folder: Path, tmp_path: Path
) -> None:
    """(Sphinx packs every file of the book's folder it does not know into the next book.)"""
    book = tmp_path / "book.epub"
    members = _members(folder)
    packing.pack(book, members)
    before = book.read_bytes()
    (folder / "b.xhtml").unlink()
    with pytest.raises(FileNotFoundError):
        packing.pack(book, members)
    assert book.read_bytes() == before
    assert not list(tmp_path.glob("*.new"))


def test_an_editions_book_after_one_change_is_the_book_sphinx_packs(built, monkeypatch) -> None:  # noqa: F811
    path = built.catalog_path("fr", "beta")
    po = polib.pofile(str(path))
    po.find("Only one paragraph, and no date.").msgstr = "FR-Just one paragraph, and no date."
    po.save()
    assert build.build(built, jobs=1).ok
    name = f"{build.epub_name(built, 'fr')}.epub"
    ours = (built.html_dir / "fr" / name).read_bytes()
    folder = built.build_dir / "epub" / "fr"
    assert b"FR-Just" in zipfile.ZipFile(folder / name).read("beta.xhtml")

    class Packer(Epub3Builder):  # Sphinx's own packing, of the same folder
        def __init__(self) -> None:
            pass

    packer = Packer()
    packer.outdir = folder
    packer.config = type("Config", (), {"epub_basename": build.epub_name(built, "fr")})()
    with zipfile.ZipFile(folder / name) as book:
        fixed = {"mimetype", "META-INF/container.xml", "content.opf", "toc.ncx"}
        packer.files = [entry for entry in book.namelist() if entry not in fixed]
    (folder / name).unlink()
    packer.build_epub()
    assert (folder / name).read_bytes() == ours
