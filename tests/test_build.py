"""``editions build``: parallel editions with lang/dir, switcher, hreflang, dates, incremental."""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import polib
import pytest
import sphinx.locale
from babel.messages.catalog import Message

from editions import catalogs, workers
from editions.catalogs.entries import unit_id
from editions.checks.messages import decode, render
from editions.project import Project, load_project
from editions.site import build, deploy, printing

from .conftest import EDITIONS, Page, pseudo_translate


def translate_all(project: Project, code: str, prefix: str) -> None:
    for slug in project.statements():
        path = project.catalog_path(code, slug)
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = pseudo_translate(entry.msgid, prefix)
        po.save()


@pytest.fixture
def built(tiny: Project) -> Project:
    catalogs.update(tiny)
    translate_all(tiny, "fr", "FR-")
    translate_all(tiny, "ar", "AR-")
    report = build.build(tiny, jobs=2)
    assert report.ok, [r.errors for r in report.results]
    assert report.warnings == []
    return tiny


def test_every_page_declares_its_language_and_direction(built: Project) -> None:
    for code, direction in (("en", "ltr"), ("fr", "ltr"), ("ar", "rtl")):
        for page in ("index", "alpha", "beta", "search"):
            html = Page(built.html_dir / code / f"{page}.html").html
            assert (html["lang"], html["dir"]) == (code, direction), (code, page)


def test_switcher_and_alternates_resolve_to_the_same_statement(built: Project) -> None:
    page_path = built.html_dir / "ar" / "alpha.html"
    page = Page(page_path)
    alternates = {a["hreflang"]: a["href"] for a in page.all("link", rel="alternate")}
    assert set(alternates) == {"en", "fr", "ar", "x-default"}
    # x-default: where a reader chooses a language, the landing page.
    assert (page_path.parent / alternates["x-default"]).resolve() == (
        built.html_dir / "index.html").resolve()
    switcher = {a["hreflang"]: a for a in page.all("a") if "hreflang" in a}
    assert set(switcher) == {"en", "fr", "ar"}
    for code, link in switcher.items():
        target = (page_path.parent / link["href"]).resolve()
        assert target == (built.html_dir / code / "alpha.html").resolve()
        assert target.exists()
        assert link["lang"] == code
    assert switcher["ar"]["aria-current"] == "page"
    assert switcher["ar"]["dir"] == "rtl" and switcher["fr"]["dir"] == "ltr"
    names = Page(page_path).plain
    assert "Français" in names and "العربية" in names and "English" in names


def test_dates_authors_and_interface_are_localized(built: Project) -> None:
    fr = Page(built.html_dir / "fr" / "alpha.html")
    assert "13 juillet 2025" in fr.plain
    assert fr.all("time", datetime="2025-07-13")
    assert "Langue originale\u00a0: anglais" in " ".join(fr.text)
    ar = Page(built.html_dir / "ar" / "alpha.html")
    assert "يوليو" in ar.plain  # July, in Arabic
    assert "اللغة الأصلية" in ar.plain
    en = Page(built.html_dir / "en" / "alpha.html")
    assert "July 13, 2025" in en.plain  # babel's English
    assert "Fourth International" in en.plain


def test_edition_index_lists_statements_with_title_author_and_date(built: Project) -> None:
    index = Page(built.html_dir / "fr" / "index.html")
    text = index.plain
    assert "Déclarations" in text
    assert "Alpha FR-statement" in text and "Beta FR-statement" in text
    assert text.index("Alpha FR-statement") < text.index("Beta FR-statement")  # dated first
    assert "13 juillet 2025" in text and "Duncan Chapel" in text
    links = {a["href"] for a in index.all("a")}
    assert {"alpha.html", "beta.html"} <= links


def test_landing_page_names_each_edition_in_its_own_language(built: Project) -> None:
    landing = Page(built.html_dir / "index.html")
    editions = {a["hreflang"]: a for a in landing.all("a") if "hreflang" in a}
    assert set(editions) == {"en", "fr", "ar"}
    assert editions["ar"]["dir"] == "rtl"
    for code, link in editions.items():
        assert (built.html_dir / link["href"]).exists(), code
    assert "Français" in landing.plain and "العربية" in landing.plain


def test_second_build_does_nothing_and_a_changed_catalog_rebuilds_only_its_pages(
    built: Project,
) -> None:
    again = build.build(built, jobs=1)
    assert {r.status for r in again.results} == {"up to date"}

    path = built.catalog_path("fr", "beta")
    po = polib.pofile(str(path))
    po.find("Only one paragraph, and no date.").msgstr = "Un seul paragraphe, et pas de date."
    po.save()
    report = build.build(built, jobs=1)
    status = {r.language: r for r in report.results}
    assert status["en"].status == "up to date" and status["ar"].status == "up to date"
    assert status["fr"].status == "built"
    assert "beta" in status["fr"].pages and "alpha" not in status["fr"].pages
    assert "Un seul paragraphe" in Page(built.html_dir / "fr" / "beta.html").plain


def test_a_title_translated_anew_rebuilds_its_own_edition_only(built: Project) -> None:
    """(The publication plan names each edition's titles and percentages; every edition
    was given all of it, so a French title rebuilt every page of every edition.)"""
    path = built.catalog_path("fr", "beta")
    po = polib.pofile(str(path))
    title = next(entry for entry in po if entry.msgstr and not entry.fuzzy)
    title.msgstr = title.msgstr + " (bis)"
    po.save()
    report = build.build(built, jobs=1)
    status = {r.language: r.status for r in report.results}
    assert status.pop("fr") == "built"
    assert set(status.values()) == {"up to date"}, status


def test_the_index_is_written_again_only_when_what_it_lists_changed(built: Project) -> None:
    """(Sphinx writes the index, whose toctree holds every statement, whenever it writes a
    statement; the index lists titles, authors and dates, not the statements' text.)"""
    pages = [built.html_dir / "fr" / "index.html", built.build_dir / "epub" / "fr" / "index.xhtml"]
    before = [(page.read_bytes(), page.stat().st_mtime_ns) for page in pages]
    path = built.catalog_path("fr", "beta")
    po = polib.pofile(str(path))
    po.find("Only one paragraph, and no date.").msgstr = "Un seul paragraphe, et pas de date."
    po.save()
    report = build.build(built, jobs=1)
    assert {r.language: r.pages for r in report.results}["fr"] == ["beta"]
    assert [(page.read_bytes(), page.stat().st_mtime_ns) for page in pages] == before
    assert "Un seul paragraphe" in Page(built.html_dir / "fr" / "beta.html").plain

    title = next(entry for entry in po if entry.msgid == "Beta statement")
    title.msgstr = "Déclaration bêta, revue"
    po.save()
    report = build.build(built, jobs=1)
    assert "index" in {r.language: r.pages for r in report.results}["fr"]
    assert all("Déclaration bêta, revue" in page.read_text(encoding="utf-8") for page in pages)

    source = built.statement_source("beta")
    source.write_text(source.read_text(encoding="utf-8").replace(
        ":author: Duncan Chapel", ":author: Duncan Chapel\n   :date: 2024-03-08"),
        encoding="utf-8")
    report = build.build(built, jobs=1)
    assert "index" in {r.language: r.pages for r in report.results}["en"]
    assert "March 8, 2024" in Page(built.html_dir / "en" / "index.html").plain

    # What was left as it was is what a build from clean writes.
    kept = {page: page.read_bytes() for page in pages}
    shutil.rmtree(built.build_dir)
    assert build.build(built, jobs=1).ok
    assert {page: page.read_bytes() for page in pages} == kept


def test_a_new_package_brings_the_index_with_the_next_statement_written(
    built: Project, monkeypatch
) -> None:
    """(The index's list is recorded only once the index is written with it: an edition
    rebuilt with nothing to write must not record a list no page shows yet.)"""
    from editions.sphinxext import kept_index

    monkeypatch.setattr(kept_index, "package_digest", lambda: "a new version")
    plan = build.policy.plan(built, build.compute_progress(built))
    assert build.write_edition(built, "fr", False, plan).pages == []  # (Sphinx, nothing to do)
    path = built.catalog_path("fr", "beta")
    po = polib.pofile(str(path))
    po.find("Only one paragraph, and no date.").msgstr = "Un seul paragraphe, et pas de date."
    po.save()
    report = build.build(built, jobs=1)
    assert {r.language: r.pages for r in report.results}["fr"] == ["beta", "index"]
    po.find("Only one paragraph, and no date.").msgstr = "Un paragraphe, et pas de date."
    po.save()
    report = build.build(built, jobs=1)
    assert {r.language: r.pages for r in report.results}["fr"] == ["beta"]


def test_sphinx_looks_for_catalogs_to_compile_only_where_it_may(built: Project,
                                                               monkeypatch) -> None:
    """(``editions build`` compiles the catalogs beforehand and tells Sphinx not to; Sphinx
    still looked at every catalog of the language, on both of an edition's builds.)"""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils
    from sphinx.util.i18n import CatalogInfo

    def refused(_catalog):
        raise AssertionError("Sphinx looked for catalogs to compile")

    path = built.catalog_path("fr", "beta")
    po = polib.pofile(str(path))
    po.find("Only one paragraph, and no date.").msgstr = "Un seul paragraphe, et pas de date."
    po.save()
    with monkeypatch.context() as patched:
        patched.setattr(CatalogInfo, "is_outdated", refused)
        report = build.build(built, jobs=1)
    assert report.ok, [(r.language, r.errors) for r in report.results]
    assert {r.language: r.status for r in report.results}["fr"] == "built"
    assert "Un seul paragraphe" in Page(built.html_dir / "fr" / "beta.html").plain

    # A plain sphinx-build, which may compile them, still does.
    compiled = path.with_suffix(".mo")
    compiled.unlink()
    sphinx.locale.translators.clear()
    with patch_docutils(built.root), docutils_namespace():
        Sphinx(built.srcdir, built.root, built.build_dir / "plain" / "fr",
               built.build_dir / "plain-doctrees" / "fr", "html",
               confoverrides={"language": "fr"}, status=None, warning=None).build()
    assert compiled.is_file()
    assert "Un seul paragraphe" in Page(built.build_dir / "plain" / "fr" / "beta.html").plain


def test_the_theme_templates_are_compiled_once_for_every_edition(built: Project,
                                                                 monkeypatch) -> None:
    """(Every edition's HTML and EPUB builds render the same templates: compiling them again
    for each was a fifth of an edition's time when it had a page or two to write.)"""
    import jinja2
    import jinja2.sandbox

    assert list((built.build_dir / "cache" / "templates").iterdir())
    compile_source = jinja2.Environment.compile

    def compile_once(environment, source, name=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        # (Sphinx's builders render the theme's templates in a sandbox; a stylesheet's
        # ``_t`` comes as a string, the landing page from the site's own environment.)
        if name is not None and isinstance(environment, jinja2.sandbox.SandboxedEnvironment):
            pytest.fail(f"the theme's {name} was compiled again")
        return compile_source(environment, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_once)
    path = built.catalog_path("fr", "beta")
    po = polib.pofile(str(path))
    po.find("Only one paragraph, and no date.").msgstr = "Un seul paragraphe, sans date."
    po.save()
    report = build.build(built, ["fr"], jobs=1)
    assert report.ok and "Un seul paragraphe, sans date." in Page(
        built.html_dir / "fr" / "beta.html").plain


def test_broken_catalog_fails_its_edition_only_with_file_and_line(built: Project) -> None:
    path = built.catalog_path("fr", "alpha")
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("msgstr \"Alpha"))
    lines[number] = lines[number][:-1]  # drop the closing quotation mark
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (built.source_language and built.statement_source("beta")).touch()  # every edition has work

    report = build.build(built, jobs=2)

    status = {r.language: r for r in report.results}
    assert status["fr"].status == "failed"
    assert status["fr"].errors == [
        f"{path}:{number + 1}: string not closed by a quotation mark "
        "(fix that line in a text editor or Poedit, then run the command again)"
    ]
    assert status["en"].status == "built" and status["ar"].status == "built"
    assert not report.ok


def test_no_page_carries_the_whole_site_navigation_tree(built: Project) -> None:
    page = (built.html_dir / "en" / "alpha.html").read_text(encoding="utf-8")
    assert "sphinxsidebar" not in page
    assert not re.search(r'class="toctree', page)


def test_a_malformed_statement_is_a_warning_naming_file_and_line(tiny: Project) -> None:
    source = tiny.statement_source("beta")
    source.write_text(source.read_text().replace(
        "   :author: Duncan Chapel", "   :author: Duncan Chapel\n   :date: 13 July 2025"
    ))
    report = build.build(tiny, ["en"], jobs=1, strict=True)
    [result] = report.results
    assert result.status == "failed"
    assert any(
        f"{source}:4" in warning and "write it as YYYY-MM-DD" in warning
        for warning in result.warnings
    ), result.warnings


def test_sphinx_i18n_warnings_point_at_the_po_entry_and_fail_strict(tiny: Project) -> None:
    # `editions check` catches the lost footnote first, and keeps such a statement unpublished;
    # with those checks turned off, Sphinx's own warning is the last safety net.
    tiny.conf_py.write_text(tiny.conf_py.read_text() + (
        "editions_check_severity = {'link-target': 'off', 'markup-mismatch': 'off'}\n"
    ))
    tiny = load_project(tiny.root)
    source = tiny.statement_source("beta")
    source.write_text(source.read_text() + "\nA claim [#]_ to check.\n\n.. [#] The note.\n")
    catalogs.update(tiny)
    path = tiny.catalog_path("fr", "beta")
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = pseudo_translate(entry.msgid, "FR-")
    po.find("A claim [#]_ to check.").msgstr = "Une affirmation sans sa note."
    po.save()
    entry_line = next(
        number for number, line in enumerate(path.read_text().splitlines(), start=1)
        if line == 'msgid "A claim [#]_ to check."'
    )

    report = build.build(tiny, ["fr"], jobs=1, strict=True)

    [result] = report.results
    assert result.status == "failed"
    assert [w for w in result.warnings if "[sphinx-i18n]" in w] == [
        f"{path}:{entry_line}: error [sphinx-i18n] inconsistent footnote references in "
        "translated message. original: ['[#]_'], translated: [] (Sphinx, "
        "i18n.inconsistent_references): make the translation's references match the source's"
    ]
    # The same finding, for the workspace's builds page: where the team finds the segment,
    # and the wording to say it in the coordinator's language.
    [finding] = result.findings
    assert {k: v for k, v in finding.items() if k != "wording"} == {
        "code": "finding", "language": "fr", "statement": "beta", "severity": "error",
        "check": "sphinx-i18n", "key": unit_id(Message("A claim [#]_ to check.")),
        "title": po[0].msgstr}
    assert render(decode(finding["wording"]), "fr").endswith(
        ": faites correspondre les références de la traduction à celles de la source")
    # Built and deployed as the workspace does it: the edition's notice, then its finding
    # (read anew: Sphinx warns of a document as it reads it).
    shutil.rmtree(tiny.build_dir / "doctrees" / "fr")
    outcome = deploy.build_and_deploy(load_project(tiny.root))
    assert outcome.notices == [{"code": "edition-warnings", "language": "fr"}, finding]


def test_the_fast_build_writes_exactly_what_plain_sphinx_writes(built: Project) -> None:
    """The speed-ups (a reused state machine, one-line paragraphs parsed inline, memoised
    stemming) must not change a byte of any page or of the search index."""
    from sphinx import locale as sphinx_locale
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    plan = build.policy.plan(built, build.compute_progress(built))
    for code in ("fr", "ar"):
        overrides = {**build._overrides(built, code, plan), "editions_fast_build": False}
        outdir = built.build_dir / "plain" / code
        sphinx_locale.translators.clear()  # as build does: a new edition, new catalogs
        with patch_docutils(built.root), docutils_namespace():
            Sphinx(built.srcdir, built.root, outdir, built.build_dir / "plain-doctrees" / code,
                   "html", confoverrides=overrides, status=None, warning=None).build()
        for name in ("alpha.html", "beta.html", "index.html", "searchindex.js"):
            fast = (built.html_dir / code / name).read_text(encoding="utf-8")
            assert fast == (outdir / name).read_text(encoding="utf-8"), (code, name)


def test_a_statement_page_loads_no_script_and_no_font(built: Project) -> None:
    """Readers on slow connections download what reading needs: no script (only the search
    page runs one), no web font, no code highlighting where there is no code, no CSS chain."""
    edition = built.html_dir / "ar"
    for name in ("alpha.html", "beta.html", "index.html"):
        page = Page(edition / name)
        assert page.all("script") == [], name
        stylesheets = [link["href"].split("?")[0] for link in page.all("link", rel="stylesheet")]
        assert stylesheets == ["_static/basic.css", "_static/editions.css"], name
    for css in (edition / "_static").glob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@import" not in text and "@font-face" not in text, css.name
    search = {script["src"].split("?")[0] for script in Page(edition / "search.html").all("script")
              if "src" in script}
    assert {"_static/documentation_options.js", "_static/searchtools.js",
            "_static/language_data.js", "searchindex.js"} <= search


def test_workers_start_with_sphinx_imported_and_the_collector_set() -> None:
    import multiprocessing

    from editions import collector

    with workers.pool(1) as pool:
        thresholds, imported = pool.submit(_worker_state).result()
    assert thresholds == collector.THRESHOLDS
    if "forkserver" in multiprocessing.get_all_start_methods():
        assert {"sphinx.application", "editions.checks.project"} <= imported
        assert ("weasyprint" in imported) == (not printing.unavailable())


def _worker_state() -> tuple[tuple[int, int, int], set[str]]:
    import gc
    import sys

    return gc.get_threshold(), set(sys.modules)


@pytest.mark.parametrize("first", ["nothing", "an extraction"])
def test_each_editions_inventory_names_its_indexes_in_its_own_language(
        tiny: Project, first: str) -> None:
    """Editions built one after the other in one process (``-j 1``, or a worker's second
    edition), after the templates were extracted in it or not, each label Sphinx's module
    index in their own language: Sphinx translates some labels when their module is
    imported, which an application does after setting up its language (every later
    application of the process had the first one's words)."""
    catalogs.update(tiny)
    translate_all(tiny, "fr", "FR-")
    translate_all(tiny, "ar", "AR-")
    body = ("import sys\nfrom editions import catalogs\nfrom editions.project import "
            "load_project\nfrom editions.site import build\n"
            "project = load_project(sys.argv[1])\n"
            + ("catalogs.extract(project)\n" if first == "an extraction" else "")
            + "assert build.build(project, jobs=1).ok\n")
    built = subprocess.run([sys.executable, "-c", body, str(tiny.root)], capture_output=True,
                           text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
    sphinx_locale = Path(sphinx.locale.__file__).parent
    for code in ("fr", "ar", "en"):
        [label] = [line.split(" ", 4)[4] for line in _inventory(tiny.html_dir / code)
                   if line.startswith("py-modindex std:label")]
        expected = gettext.translation("sphinx", sphinx_locale, [code], fallback=True)
        assert label == expected.gettext("Python Module Index"), code


def _inventory(edition: Path) -> list[str]:
    """The lines of an edition's ``objects.inv`` (its header, then zlib)."""
    data = (edition / "objects.inv").read_bytes()
    header_end = data.index(b"\n", data.index(b"# The remainder")) + 1
    return zlib.decompress(data[header_end:]).decode().splitlines()


def test_the_workers_start_at_once_only_when_a_source_changed(
        built: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed source rewrites every edition: the workers start while the build finds
    what to do. A build with nothing to do starts none (it would wait for them to end)."""
    started: list[object] = []
    monkeypatch.setattr(workers, "start_soon", started.append)
    build.build(built, jobs=2)
    assert started == []
    source = built.statement_source("alpha")
    source.write_text(source.read_text() + "\nOne more paragraph.\n")
    report = build.build(built, jobs=2)
    assert report.ok and len(started) == 1
    build.build(built, jobs=2)
    assert len(started) == 1


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_pool_shut_down_before_its_workers_start_says_nothing() -> None:
    """A build that failed before its first task shuts its pool down: the thread starting
    its workers then ends quietly (an exception in it would print a traceback)."""
    pool = workers.pool(1)
    pool.shutdown()
    workers.start_soon(pool).exception(timeout=10)


def test_a_build_that_started_workers_leaves_nothing_in_the_temporary_folder(
        tiny: Project, tmp_path: Path) -> None:
    """``editions build`` ends at once (``cli.finish``), not without removing what its
    workers' server left in the system's temporary folder (a folder per build, for ever)."""
    catalogs.update(tiny)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    built = subprocess.run([EDITIONS, "--project", str(tiny.root), "build", "-j", "2"],
                           capture_output=True, text=True, timeout=600, check=False,
                           env={**os.environ, "TMPDIR": str(temporary)})
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Built 3 of 3 editions" in built.stdout
    assert list(temporary.iterdir()) == []
