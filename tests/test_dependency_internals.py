"""The internals of babel, docutils and Sphinx that the code reads, each named: when a new
release changes one, this test says which, before any volunteer's catalog is touched.

(What make installs is pinned in constraints.txt; pyproject.toml bounds what may be.)"""

from __future__ import annotations

import inspect

import pytest
from babel.messages import pofile as babel_pofile
from babel.messages.catalog import Catalog, Message
from docutils.parsers.rst import states
from docutils.utils import new_document


def test_babel_po_parser_and_catalog_internals() -> None:
    catalog = Catalog(locale="fr")
    parser = babel_pofile.PoFileParser(catalog, abort_invalid=True)
    parser.parse(['msgid "a"', 'msgstr "b"', "", '#~ msgid "c"', '#~ msgstr "d"'])
    assert hasattr(parser, "counter"), "babel's PoFileParser.counter (editions/catalogs/pofile)"
    assert parser.counter == 2, "babel's PoFileParser.counter: every entry read, obsolete too"
    assert isinstance(catalog._messages, dict), "babel's Catalog._messages (catalogs/validity)"
    assert list(catalog._messages) == ["a"]
    assert "c" in catalog.obsolete
    assert babel_pofile.unescape('"a\\tb"') == "a\tb", "babel.messages.pofile.unescape"
    assert "width" in inspect.signature(babel_pofile.normalize).parameters, (
        "babel.messages.pofile.normalize(width=) (catalogs/pofile)")
    assert babel_pofile.WORD_SEP.split("ab-cd e") == ["", "ab-", "cd", " ", "e"], (
        "babel.messages.pofile.WORD_SEP, where babel wraps (catalogs/pofile._chunks)")
    assert babel_pofile.escape('a"\n') == '"a\\"\\n"', "babel.messages.pofile.escape"
    message = Message("x", previous_id="y")
    assert message.previous_id == ["y"] or message.previous_id == "y"
    assert callable(babel_pofile.PoFileError), "babel.messages.pofile.PoFileError"


def test_docutils_inliner_internals() -> None:
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    inliner = states.Inliner()
    settings = get_default_settings(Parser)
    for name in ("init_customizations", "parse"):
        assert callable(getattr(inliner, name, None)), f"docutils Inliner.{name} (rstparse)"
    inliner.init_customizations(settings)
    assert hasattr(inliner, "implicit_dispatch"), "docutils Inliner.implicit_dispatch"
    assert hasattr(inliner.patterns, "initial"), "docutils Inliner.patterns.initial"
    assert any(method.__name__ == "directive" for method, _ in states.Body.explicit.constructs), (
        "docutils Body.explicit.constructs (checks/rst)")
    assert new_document("<x>", settings).reporter is not None


def test_sphinx_and_sphinx_intl_internals() -> None:
    from sphinx.builders.epub3 import HTML_TAG
    from sphinx.builders.gettext import MessageCatalogBuilder
    from sphinx.util.nodes import split_explicit_title
    from sphinx_intl.catalog import update_with_fuzzy

    assert split_explicit_title("a <b>") == (True, "a", "b"), "sphinx split_explicit_title"
    assert "<html" in HTML_TAG, "sphinx.builders.epub3.HTML_TAG (sphinxext)"
    assert MessageCatalogBuilder.name == "gettext"
    from sphinx.application import Sphinx

    # (site/build._write_book: the EPUB builder takes the HTML build's application over.)
    init = inspect.getsource(Sphinx.__init__)
    assert "self.builder = self.create_builder(buildername)" in init, "Sphinx.__init__"
    assert init.index("_post_init_env()") < init.index("_init_builder()"), "Sphinx.__init__"
    assert callable(Sphinx._post_init_env) and callable(Sphinx._init_builder), (
        "Sphinx._post_init_env, Sphinx._init_builder (site/build._write_book)")
    # (sphinxext/kept_index: the toctree's documents are added after "write-started", from
    # env.files_to_rebuild, and the environment is pickled before the write.)
    from sphinx.builders import Builder

    write = inspect.getsource(Builder.write)
    assert write.index("'write-started'") < write.index("files_to_rebuild"), "Builder.write"
    built = inspect.getsource(Builder.build)
    assert built.index("pickle.dump(self.env") < built.index("self.write("), "Builder.build"
    assert len(inspect.signature(update_with_fuzzy).parameters) >= 2, (
        "sphinx_intl.catalog.update_with_fuzzy(catalog, template) (catalogs/merge)")


@pytest.mark.parametrize("name", ["babel", "docutils", "sphinx", "polib", "sphinx_intl",
                                  "num2words", "pyphen"])
def test_installed_versions_are_the_pinned_ones(name: str) -> None:
    """make installs constraints.txt: an unpinned upgrade shows here first."""
    from importlib.metadata import version
    from pathlib import Path

    pins = {}
    for line in (Path(__file__).parent.parent / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            package, pinned = line.split("==")
            pins[package.lower().replace("_", "-")] = pinned
    distribution = {"sphinx_intl": "sphinx-intl"}.get(name, name)
    assert version(distribution) == pins[distribution.lower()], (
        f"{distribution} {version(distribution)} is installed, constraints.txt pins "
        f"{pins[distribution.lower()]}: run make (or make constraints, on purpose)")


def test_pyphen_keeps_what_it_parsed_in_hdcache() -> None:
    pyphen = pytest.importorskip("pyphen")
    init = inspect.getsource(pyphen.Pyphen.__init__)
    assert "path not in hdcache" in init and "hdcache[path] = HyphDict(path)" in init, (
        "pyphen.hdcache, read and filled by Pyphen(): site/hyphenation keeps it on disk")
    assert isinstance(pyphen.hdcache, dict)


def test_python_gettext_cache_and_weasyprint_fetcher() -> None:
    import gettext

    assert isinstance(gettext._translations, dict), (
        "gettext._translations, the .mo cache a build empties (editions/site/build)")
    weasyprint_urls = pytest.importorskip("weasyprint.urls")
    assert "fetch" in vars(weasyprint_urls.URLFetcher), (
        "weasyprint.urls.URLFetcher.fetch, which the PDFs' fetcher narrows (site/printing)")
    assert "allowed_protocols" in inspect.signature(weasyprint_urls.URLFetcher).parameters


def test_a_second_build_in_one_process_reads_the_catalogs_as_they_are_now(tmp_path) -> None:
    """Python's gettext caches each .mo by path: a build after a translation changed, in the
    same process (the tests, a long-running server), must still publish the new text."""
    import polib

    from editions import catalogs
    from editions.project import load_project
    from editions.site import build

    from .conftest import write_project

    project = load_project(write_project(tmp_path / "tiny", ["uk"]).root)
    catalogs.update(project)

    def translate(paragraph: str) -> None:
        po = polib.pofile(str(project.catalog_path("uk", "beta")))
        texts = {"Beta statement": "Заява бета", "Duncan Chapel": "Данкан Чапел",
                 "Only one paragraph, and no date.": paragraph}
        for entry in po:
            entry.msgstr = texts[entry.msgid]
        po.save()

    translate("Лише один абзац, і без дати.")
    build.build(project, jobs=1)
    translate("Один абзац, дати немає.")
    build.build(project, jobs=1)
    page = (project.html_dir / "uk" / "beta.html").read_text(encoding="utf-8")
    assert "Один абзац, дати немає." in page


def test_the_standard_librarys_multiprocessing_finalizers() -> None:
    import multiprocessing.util

    assert callable(multiprocessing.util._run_finalizers), (
        "multiprocessing.util._run_finalizers, run before os._exit (editions/cli.finish)")


def test_the_standard_librarys_zipfile_writer(tmp_path) -> None:
    """(sphinxext/packing appends an entry compressed already, as ZipFile.write leaves one;
    tests/test_packing.py compares its archives with ZipFile.write's, byte for byte.)"""
    import zipfile

    with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
        for name in ("fp", "start_dir", "filelist", "NameToInfo", "_didModify"):
            assert hasattr(archive, name), f"zipfile.ZipFile.{name} (sphinxext/packing)"
        assert callable(archive._writecheck), "zipfile.ZipFile._writecheck (sphinxext/packing)"
    assert callable(zipfile.ZipInfo.FileHeader), "zipfile.ZipInfo.FileHeader (sphinxext/packing)"
    assert zipfile.stringFileHeader == b"PK\003\004", "zipfile.stringFileHeader"


def test_cffi_searches_libraries_through_ctypes_find_library() -> None:
    """(site/print_loading answers those searches while WeasyPrint loads.)"""
    api = pytest.importorskip("cffi.api")
    source = inspect.getsource(api._load_backend_lib)
    assert "ctypes.util.find_library(name)" in source, "cffi.api._load_backend_lib"
