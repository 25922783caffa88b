"""Issue 33: a published page never breaks, and a page that goes leaves nothing behind.

A statement published in a language stays at its address: while its current translation
does not pass (a source changed, an error planted), the edition shows the version it was
published with, under a notice. When an edition stops publishing a statement (withdrawn, a
rule of conf.py, its source removed), no file of its page stays in the site, and no feed,
sitemap, index, search index, book, parallel view, download or progress page points to one;
published again, the page gets every file back. On a copy of the real project (its conf.py,
source/, locale/)."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
import zlib
from pathlib import Path

import pytest

from editions import catalogs
from editions.progress.policy import progress_page
from editions.project import Project, load_project
from editions.site import build
from editions.site.pages import page_files
from editions.site.printing import unavailable as no_pdfs
from editions.sphinxext.cards import unavailable as no_cards

from .conftest import REPO, copy_real_project, run

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


#: The notice of a page shown as its kept version, in French (the site's interface catalog).
HELD_FR = ("Cette traduction est en cours de mise à jour\u00a0: vous lisez sa dernière version "
           "publiée")
#: The paragraph the tests change in the source, and its French translation.
VITAL, VITAL_FR = "it is vital for socialists", "il est essentiel que les socialistes"


def page(project: Project, code: str, slug: str, suffix: str = ".html") -> str:
    return (project.html_dir / code / f"{slug}{suffix}").read_text(encoding="utf-8")


def held_line(code: str, slug: str, why: str) -> str:
    return (f"{code}/{slug}.html: its last published version is kept, with a notice, until "
            f"the current translation passes ({why})")


def assert_held(project: Project, code: str, slug: str) -> None:
    """The page is there, built from its kept version, under the notice with a link to the
    original; every file of it but the parallel view (its original changed since: nothing to
    pair) is there and pointed to, and its chapter in the book carries the notice too."""
    text = page(project, code, slug)
    assert "held-notice" in text and f'href="../en/{slug}.html"' in text
    assert f"{slug}.parallel.html" not in text
    assert not (project.html_dir / code / f"{slug}.parallel.html").exists()
    expected = {f"html/{code}/{slug}.html", f"epub/{code}/{slug}.xhtml"}
    if not no_pdfs():
        expected.add(f"html/{code}/{slug}.pdf")
    assert expected <= set(files_of(project, code, slug))
    chapter = (project.build_dir / "epub" / code / f"{slug}.xhtml").read_text(encoding="utf-8")
    assert "held-notice" in chapter
    pointing = {hit.split("!")[0].split(":")[0] for hit in references(project, code, slug)}
    assert {"sitemap.xml", f"{code}/atom.xml", f"{code}/index.html"} <= pointing
    assert not any(".parallel.html" in hit for hit in references(project, code, slug))


def progress_cell(project: Project, code: str, slug: str) -> str:
    """The row of a statement on the edition's progress page."""
    name = progress_page(code, project.source_language)
    text = (project.html_dir / "progress" / name).read_text(encoding="utf-8")
    return text[text.index(f"{slug}.html"):][:6000].split("</tr>")[0]


def test_one_word_changed_in_the_source_keeps_the_last_published_version(
        real: Project) -> None:
    """The issue's case: one word of the English source changed, `editions update`: the
    French, Spanish and Ukrainian pages stay at their addresses, built from the version
    they were published with (the changed paragraph still translated), under a notice; the
    build says so in a line a page, the progress page too. (Before issue 33's first point
    the pages went: this test said so.) Corrected back, every file returns as it was."""
    source = real.statement_source(VIETNAM)
    source.write_text(source.read_text(encoding="utf-8").replace(
        VITAL, "it is essential for socialists"), encoding="utf-8")
    catalogs.update(real)
    report = built(real)
    assert report.held == [held_line(code, VIETNAM, "1 fuzzy segment to review")
                           for code in ("es", "fr", "uk")]
    for code in ("fr", "es", "uk"):
        assert_held(real, code, VIETNAM)
    assert VITAL_FR in page(real, "fr", VIETNAM) and HELD_FR in page(real, "fr", VIETNAM)
    assert "essential for socialists" in page(real, "en", VIETNAM)
    assert "essential for socialists" not in page(real, "fr", VIETNAM)
    assert "readers see its last published version" in progress_cell(real, "en", VIETNAM)
    assert "les lecteurs voient sa dernière version publiée" in progress_cell(
        real, "fr", VIETNAM)
    for code in ("ar", "de"):
        assert_gone(real, code, VIETNAM)
    assert_published(real, "en", VIETNAM)
    for code in ("en", "fr", "es", "ar"):
        assert_published(real, code, PALESTINE)
        assert "held-notice" not in page(real, code, PALESTINE)

    restore(real, f"source/{VIETNAM}.rst",
            *(f"locale/{code}/LC_MESSAGES/{VIETNAM}.po" for code in real.languages))
    assert built(real).held == []
    for code in ("en", "fr", "es", "uk"):
        assert_published(real, code, VIETNAM)
        assert "held-notice" not in page(real, code, VIETNAM)
    assert VITAL in page(real, "fr", VIETNAM, ".parallel.html")


def test_a_reviewed_translation_replaces_the_kept_version(real: Project) -> None:
    """The source changed and the French fuzzy segment reviewed: French publishes the new
    text (no notice, its parallel view back) and keeps it as its published version, source
    and catalog; Spanish, not yet reviewed, still shows its kept version."""
    source = real.statement_source(VIETNAM)
    source.write_text(source.read_text(encoding="utf-8").replace(
        VITAL, "it is essential for socialists"), encoding="utf-8")
    catalogs.update(real)
    built(real)
    path = real.catalog_path("fr", VIETNAM)
    catalog = catalogs.load_catalog(path, "fr")
    for message in catalog:
        if message.fuzzy:
            message.flags.discard("fuzzy")
            message.previous_id = []
    catalogs.save_catalogs(real, {path: catalog})
    report = built(real)
    assert report.held == [held_line(code, VIETNAM, "1 fuzzy segment to review")
                           for code in ("es", "uk")]
    assert_published(real, "fr", VIETNAM)
    assert "held-notice" not in page(real, "fr", VIETNAM)
    assert "essential for socialists" in page(real, "fr", VIETNAM, ".parallel.html")
    kept = real.locale_dir / "fr" / "published"
    assert (kept / f"{VIETNAM}.po").read_bytes() == path.read_bytes()
    assert (kept / f"{VIETNAM}.rst").read_bytes() == source.read_bytes()
    assert_held(real, "es", VIETNAM)


def test_an_error_planted_in_a_catalog_keeps_the_last_published_version(
        real: Project) -> None:
    """A link to an outside host brought in by a French translation: the French page stays,
    built from its kept version (without the link), under the notice; the other editions
    are unchanged."""
    path = real.catalog_path("fr", PALESTINE)
    text = path.read_text(encoding="utf-8")
    entry = text.index('msgid "**Free Palestine')
    end = text.index('**"\n', text.index("msgstr", entry)) + 2
    path.write_text(text[:end] + " `Signez <https://tracker.example/>`_" + text[end:],
                    encoding="utf-8")
    report = built(real)
    assert report.held == [held_line("fr", PALESTINE, "1 check error ('editions check')")]
    assert_held(real, "fr", PALESTINE)
    assert "tracker.example" not in page(real, "fr", PALESTINE)
    assert "readers see its last published version" in progress_cell(real, "en", PALESTINE)
    assert_published(real, "fr", VIETNAM)
    for code in ("en", "es", "ar"):
        assert_published(real, code, PALESTINE)


def test_a_withdrawn_translation_answers_with_a_page_that_says_so(real: Project) -> None:
    """`editions publish --withdraw`: the French page goes with every file of it, though
    its translation is complete; its address answers, in French, that it was withdrawn, and
    nothing points to it. Published again, every file returns."""
    result = run(real, "publish", "-l", "fr", "--withdraw", PALESTINE)
    assert result.exit_code == 0, result.output
    real = load_project(real.root)
    assert real.is_withdrawn("fr", PALESTINE) and not real.is_published("fr", PALESTINE)
    assert not (real.locale_dir / "fr" / "published" / f"{PALESTINE}.po").exists()
    report = built(real)
    assert report.held == []
    assert files_of(real, "fr", PALESTINE) == [f"html/fr/{PALESTINE}.html"]
    assert references(real, "fr", PALESTINE) == []
    assert f"fr/{PALESTINE}.html" not in pdf_record(real)
    text = page(real, "fr", PALESTINE)
    assert '<html lang="fr"' in text and "Cette traduction a été retirée" in text
    assert f'href="../en/{PALESTINE}.html"' in text and 'content="noindex"' in text
    for code in ("en", "es", "ar"):
        assert_published(real, code, PALESTINE)

    assert run(real, "publish", "-l", "fr", PALESTINE).exit_code == 0
    real = load_project(real.root)
    assert not real.is_withdrawn("fr", PALESTINE)
    built(real)
    assert_published(real, "fr", VIETNAM)
    assert_published(real, "fr", PALESTINE)
    assert "retirée" not in page(real, "fr", PALESTINE)


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
