"""Issue 33, point 2: when an edition stops publishing a statement, no file of its page stays
in the site, and no feed, sitemap, index, search index, book, parallel view, download or
progress page points to one; published again, the page gets every file back. On a copy of
the real project (its conf.py, source/, locale/)."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
import zlib
from pathlib import Path

import pytest

from editions import catalogs
from editions.project import Project, load_project
from editions.site import build
from editions.site.pages import page_files
from editions.site.printing import unavailable as no_pdfs
from editions.sphinxext.cards import unavailable as no_cards

from .conftest import REPO, copy_real_project

VIETNAM, PALESTINE = "vietnam-ukraine-solidarity", "palestine-global-movement"
#: What a reference to a page's files ends with.
_FILE = r"(?:parallel\.html|html|pdf|png|xhtml|rst\.txt|rst)\b"
_TEXT = {".html", ".xml", ".js", ".json", ".txt", ".xhtml", ".opf", ".ncx"}


def built(project: Project) -> build.BuildReport:
    report = build.build(project, jobs=2)
    assert report.ok, [(r.language, r.errors) for r in report.results]
    return report


def files_of(project: Project, code: str, slug: str) -> list[str]:
    """Every file of the edition (its site folder, its book's build folder) named after the
    statement."""
    folders = (project.html_dir / code, project.build_dir / "epub" / code)
    return sorted(str(path.relative_to(project.build_dir)) for folder in folders
                  for path in folder.rglob("*") if slug in path.name and path.is_file())


def _texts(project: Project) -> dict[str, str]:
    """Every text of the built site by name: pages, feeds, sitemap, search indexes, JSON,
    each edition's inventory (objects.inv, compressed) and each file of each EPUB."""
    texts = {}
    for path in project.html_dir.rglob("*"):
        name = path.relative_to(project.html_dir).as_posix()
        if path.suffix in _TEXT:
            texts[name] = path.read_text(encoding="utf-8")
        elif path.name == "objects.inv":
            data = path.read_bytes()
            header = data.split(b"\n", 4)
            texts[name] = zlib.decompress(header[4]).decode("utf-8")
        elif path.suffix == ".epub":
            with zipfile.ZipFile(path) as book:
                for member in book.namelist():
                    texts[f"{name}!{member}"] = member + "\n" + (
                        book.read(member).decode("utf-8", "replace")
                        if Path(member).suffix in _TEXT else "")
    return texts


def references(project: Project, code: str, slug: str) -> list[str]:
    """Where the built site points to a file of the statement's page in the edition: from
    anywhere by its path (``fr/slug.html``, ``../fr/slug.pdf``, an address), from within the
    edition or its book by its name (``slug.html``, ``_cards/slug.png``), and from the
    edition's search index by its document name."""
    anywhere = re.compile(rf"(?<![\w-]){code}/(?:_cards/|_sources/)?{slug}\.{_FILE}")
    inside = re.compile(rf"(?<![\w./-])(?:\./)?(?:_cards/|_sources/)?{slug}\.{_FILE}")
    found = []
    for name, text in _texts(project).items():
        hits = anywhere.findall(text)
        if name.startswith(f"{code}/"):
            hits += inside.findall(text)
        if name == f"{code}/searchindex.js":
            hits += re.findall(rf'"{slug}"', text)
        found += [f"{name}: {hit}" for hit in hits]
    return found


def pdf_record(project: Project) -> dict[str, str]:
    return json.loads((project.build_dir / "cache" / "print.json").read_text(encoding="utf-8"))


def assert_gone(project: Project, code: str, slug: str) -> None:
    assert files_of(project, code, slug) == []
    assert references(project, code, slug) == []
    assert f"{code}/{slug}.html" not in pdf_record(project)


def assert_published(project: Project, code: str, slug: str) -> None:
    """Every file of the page is there, and the edition's feed, book, index and the site's
    sitemap and landing page point to it."""
    expected = {f"html/{code}/{slug}.html", f"epub/{code}/{slug}.xhtml"}
    if code != project.source_language:
        expected.add(f"html/{code}/{slug}.parallel.html")
    if not no_pdfs():
        expected.add(f"html/{code}/{slug}.pdf")
        assert f"{code}/{slug}.html" in pdf_record(project)
    if not no_cards():
        expected.add(f"html/{code}/_cards/{slug}.png")
    found = set(files_of(project, code, slug))
    assert expected <= found
    # (The one place that knows a page's files knows every file the build made for it.)
    assert found <= {str(path.relative_to(project.build_dir))
                     for path in page_files(project, code, slug)}
    pointing = {hit.split("!")[0].split(":")[0] for hit in references(project, code, slug)}
    book = next((project.html_dir / code).glob("*.epub")).relative_to(project.html_dir)
    assert {"index.html", "sitemap.xml", f"{code}/atom.xml", f"{code}/index.html",
            f"{code}/searchindex.js", book.as_posix()} <= pointing


def restore(project: Project, *paths: str) -> None:
    """Files of the real project copied back (written now: the build sees them changed)."""
    for relative in paths:
        shutil.copyfile(REPO / relative, project.root / relative)


@pytest.fixture
def real(tmp_path: Path) -> Project:
    project = copy_real_project(tmp_path / "real")
    built(project)
    for code in ("en", "fr", "es", "uk"):
        assert_published(project, code, VIETNAM)
    return project


def test_one_word_changed_in_the_source_takes_every_file_of_the_pages_away(
        real: Project) -> None:
    """The issue's case: one word of the English source changed, `editions update`: the
    French, Spanish and Ukrainian pages go with their parallel views, PDFs, cards and
    chapters; Ukrainian publishes nothing any more (no feed, no book). Corrected back, every
    file returns."""
    source = real.statement_source(VIETNAM)
    source.write_text(source.read_text(encoding="utf-8").replace(
        "it is vital for socialists", "it is essential for socialists"), encoding="utf-8")
    catalogs.update(real)
    built(real)
    for code in ("fr", "es", "uk", "ar", "de"):
        assert_gone(real, code, VIETNAM)
    assert not (real.html_dir / "uk" / "atom.xml").exists()
    assert not list((real.html_dir / "uk").glob("*.epub"))
    assert_published(real, "en", VIETNAM)
    for code in ("en", "fr", "es", "ar"):
        assert_published(real, code, PALESTINE)

    restore(real, f"source/{VIETNAM}.rst",
            *(f"locale/{code}/LC_MESSAGES/{VIETNAM}.po" for code in real.languages))
    built(real)
    for code in ("en", "fr", "es", "uk"):
        assert_published(real, code, VIETNAM)
    assert "it is vital for socialists" in (
        real.html_dir / "fr" / f"{VIETNAM}.parallel.html").read_text(encoding="utf-8")


def test_an_error_planted_in_a_catalog_takes_the_page_away(real: Project) -> None:
    """A link to an outside host brought in by a French translation: French stops
    publishing that statement, the other editions keep it."""
    path = real.catalog_path("fr", PALESTINE)
    text = path.read_text(encoding="utf-8")
    entry = text.index('msgid "**Free Palestine')
    end = text.index('**"\n', text.index("msgstr", entry)) + 2
    path.write_text(text[:end] + " `Signez <https://tracker.example/>`_" + text[end:],
                    encoding="utf-8")
    built(real)
    assert_gone(real, "fr", PALESTINE)
    assert_published(real, "fr", VIETNAM)
    for code in ("en", "es", "ar"):
        assert_published(real, code, PALESTINE)


def test_a_publication_rule_of_conf_py_takes_the_pages_away(tmp_path: Path) -> None:
    """German published under ``fallback`` (untranslated paragraphs in English), with the
    sources copied beside the pages (``_sources/``); the rule withdrawn: German publishes
    nothing, and nothing of its pages, feed or book is left."""
    project = copy_real_project(tmp_path / "real")
    conf = project.conf_py.read_text(encoding="utf-8") + "\nhtml_copy_source = True\n"
    fallback = conf.replace('"languages": {}', '"languages": {"de": {"fallback": True}}')
    assert fallback != conf
    project.conf_py.write_text(fallback, encoding="utf-8")
    project = load_project(project.root)
    built(project)
    for slug in (VIETNAM, PALESTINE):
        assert_published(project, "de", slug)
        assert f"html/de/_sources/{slug}.rst.txt" in files_of(project, "de", slug)

    project.conf_py.write_text(conf, encoding="utf-8")
    project = load_project(project.root)
    built(project)
    for slug in (VIETNAM, PALESTINE):
        assert_gone(project, "de", slug)
    assert not (project.html_dir / "de" / "atom.xml").exists()
    assert not list((project.html_dir / "de").glob("*.epub"))
    assert (project.html_dir / "en" / "_sources" / f"{VIETNAM}.rst.txt").exists()


def test_a_statement_taken_out_of_the_sources_leaves_nothing(real: Project) -> None:
    """Its source deleted: every edition, the original's too, loses every file of it."""
    real.statement_source(PALESTINE).unlink()
    built(real)
    for code in real.editions:
        assert_gone(real, code, PALESTINE)
    assert_published(real, "fr", VIETNAM)
