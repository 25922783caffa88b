"""Print-ready PDFs (issue 18): each published statement of each edition, A4, in its own
script and direction, with its byline, linked from its page; nothing made for what an
edition does not publish, nothing fetched from outside the site."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from editions.cli import main
from editions.project import Project
from editions.site import build, printing

from .conftest import REPO, UKRAINIAN, arabic_and_ukrainian, translate_whole

RLE, PDF_MARK = "\u202b", "\u202c"  # what pdftotext puts around right-to-left text


@pytest.fixture
def printed(tmp_path: Path) -> Project:
    if printing.unavailable():
        pytest.skip(printing.unavailable())
    return arabic_and_ukrainian(tmp_path / "tiny", "editions_print = True")


def pdf_text(path: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("pdftotext is not installed (make test installs poppler-utils)")
    return subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_an_arabic_and_a_ukrainian_statement_print_in_their_script_and_direction(
        printed: Project) -> None:
    report = build.build(printed, jobs=1)
    html = printed.html_dir
    arabic, ukrainian = html / "ar" / "beta.pdf", html / "uk" / "beta.pdf"
    assert {arabic, ukrainian} <= set(report.printed)
    assert not (html / "ar" / "alpha.pdf").exists()  # not translated: not published there
    assert not (html / "uk" / "index.pdf").exists()  # an index is not a statement

    text = pdf_text(arabic)
    assert "البيان بيتا" in text and "دنكان تشابل" in text and "فقرة واحدة فقط" in text
    assert RLE in text  # read right to left
    assert "Tiny Editions" not in text  # the site's header is left out
    text = pdf_text(ukrainian)
    assert "Заява бета" in text and "Данкан Чапел" in text and "Лише один абзац" in text
    assert RLE not in text
    info = subprocess.run(["pdfinfo", str(arabic)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    assert 'href="beta.pdf"' in (html / "ar" / "beta.html").read_text(encoding="utf-8")

    # Unchanged pages keep their PDFs; a changed translation makes its PDF again.
    assert build.build(printed, jobs=1).printed == []
    translate_whole(printed, "uk", "beta", {**UKRAINIAN,
                                       "Only one paragraph, and no date.": "Абзац без дати."})
    again = build.build(printed, jobs=1)
    assert ukrainian in again.printed and "Абзац без дати." in pdf_text(ukrainian)
    assert arabic not in again.printed  # its page is the same


def test_a_pdf_reads_only_the_site(printed: Project, tmp_path: Path, monkeypatch) -> None:
    """A page that names an outside stylesheet or image: the PDF is made without them, and
    no request for them is even opened (the movements' readers are watched)."""
    from weasyprint.urls import URLFetcher

    page = tmp_path / "site" / "page.html"
    page.parent.mkdir()
    (page.parent / "style.css").write_text("p { color: #123456; }", encoding="utf-8")
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "s.css").write_text("p { color: red; }", encoding="utf-8")
    page.write_text('<!DOCTYPE html><html lang="en"><head><link rel="stylesheet" '
                    'href="https://tracker.example/s.css"><link rel="stylesheet" '
                    'href="style.css"><link rel="stylesheet" href="../secret/s.css">'
                    f'<link rel="stylesheet" href="{secret.as_uri()}/s.css">'
                    '<link rel="stylesheet" href="%2e%2e/secret/s.css"></head><body>'
                    '<p>Words, and <a href="other.html">a link</a>.</p>'
                    '<img src="https://tracker.example/p.png" alt=""></body></html>',
                    encoding="utf-8")
    opened: list[str] = []
    real_fetch = URLFetcher.fetch

    def recording_fetch(self, url, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(url)  # (what WeasyPrint's own fetcher is asked to open)
        return real_fetch(self, url, *args, **kwargs)

    monkeypatch.setattr(URLFetcher, "fetch", recording_fetch)
    pdf = printing.render_pdf(page, page.parent)
    assert pdf.startswith(b"%PDF")
    assert any(url.endswith("/style.css") for url in opened)  # the site's own: read
    assert not [url for url in opened if "tracker.example" in url or "secret" in url]
    # Its links say the site's address, not a folder of the machine that built it.
    content = pdf + b"".join(_inflated(pdf))
    assert str(tmp_path).encode() not in content and b"file:///site/other.html" in content


def _inflated(pdf: bytes) -> list[bytes]:
    """The PDF's compressed streams, inflated (where its links and text are)."""
    import re
    import zlib

    streams = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            streams.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return streams


def test_without_weasyprint_the_build_says_why_and_goes_on(printed: Project, monkeypatch
                                                             ) -> None:
    monkeypatch.setattr(printing, "unavailable", lambda: "print-ready PDFs left out: no Pango")
    monkeypatch.chdir(printed.root)
    # (In one process: with workers, a worker answers, where this patch does not reach.)
    result = CliRunner().invoke(main, ["build", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "print-ready PDFs left out: no Pango" in result.output
    assert not list(printed.html_dir.rglob("*.pdf"))
    # With workers, the answer is theirs, asked before the first PDF is sent to them.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as workers:
        queue = printing.PdfQueue(printed, workers)
        queue.prepare()
        queue.add(printed.editions)
        assert queue.finish() == ([], ["print-ready PDFs left out: no Pango"])
    assert not list(printed.html_dir.rglob("*.pdf"))


def test_a_page_that_cannot_be_printed_is_named_and_the_rest_are_made(
        printed: Project, monkeypatch) -> None:
    real = printing.render_pdf

    def failing(page: Path, site: Path, base_url: str = "") -> bytes:
        if page.parent.name == "uk":
            raise ValueError("a renderer's failure")
        return real(page, site, base_url)

    monkeypatch.setattr(printing, "render_pdf", failing)
    report = build.build(printed, jobs=1)
    assert report.ok and printed.html_dir / "ar" / "beta.pdf" in report.printed
    assert report.notes == ["uk/beta.html: no PDF made (ValueError: a renderer's failure)"]
    monkeypatch.setattr(printing, "render_pdf", real)
    # Tried again next time; the others, done, are not made again.
    assert build.build(printed, jobs=1).printed == [printed.html_dir / "uk" / "beta.pdf"]
    # A build of one edition keeps the record of the others' PDFs.
    build.build(printed, ["uk"], jobs=1)
    assert build.build(printed, jobs=1).printed == []


def test_a_build_with_nothing_to_print_does_not_start_weasyprint(printed: Project,
                                                                 monkeypatch) -> None:
    """(Importing WeasyPrint takes most of a second: a build with nothing to do must not.)"""
    build.build(printed, jobs=1)

    def refused() -> str:
        raise AssertionError("WeasyPrint started with nothing to print")

    monkeypatch.setattr(printing, "unavailable", refused)
    report = build.build(printed, jobs=1)
    assert report.ok and report.printed == [] and report.notes == []


def test_an_editions_pdfs_are_made_as_soon_as_its_pages_are(printed: Project,
                                                           monkeypatch) -> None:
    """The PDFs of an edition are sent to the workers when its pages are written, not once
    every edition is: they are made while the other editions build."""
    events: list[str] = []
    made = printing._attempt

    def attempt(page: Path, site: Path, base_url: str, hyphenation_dir: Path) -> str:
        events.append(f"pdf {page.parent.name}")
        return made(page, site, base_url, hyphenation_dir)

    monkeypatch.setattr(printing, "_attempt", attempt)
    build.build(printed, jobs=1, on_result=lambda result: events.append(
        f"built {result.language}"))
    assert events.index("pdf ar") < events.index("built ar") < events.index("built uk"), events
    assert events.index("pdf uk") < events.index("built uk") < events.index("built en"), events


def test_a_stylesheet_that_refers_to_nothing_is_parsed_once_for_every_edition(
        tmp_path: Path, monkeypatch) -> None:
    """Each edition has its own copy of the theme's stylesheets: after one source changed,
    every edition's first PDF parsed them again. One that refers to other files is still
    read from where its page linked it."""
    if printing.unavailable():
        pytest.skip(printing.unavailable())
    import weasyprint
    from weasyprint.urls import URLFetcher

    site = tmp_path / "site"
    plain = "p { color: #123456; }"
    referring = "h1 { background: url(mark.png) } /* 2 */"
    for code in ("fr", "ar"):
        (site / code / "_static").mkdir(parents=True)
        (site / code / "_static" / "plain.css").write_text(plain, encoding="utf-8")
        (site / code / "_static" / "referring.css").write_text(referring, encoding="utf-8")
        (site / code / "_static" / "mark.png").write_bytes(b"not really a png")
        (site / code / "page.html").write_text(
            f'<!DOCTYPE html><html lang="{code}"><head>'
            '<link rel="stylesheet" type="text/css" href="_static/plain.css" />'
            '<link rel="stylesheet" type="text/css" href="_static/referring.css" />'
            '</head><body><h1>Title</h1><p>Words.</p></body></html>', encoding="utf-8")
    parsed: list[str] = []
    real_css = weasyprint.CSS

    def recording_css(*args, string: str = "", **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(string)
        return real_css(*args, string=string, **kwargs)

    opened: list[str] = []
    real_fetch = URLFetcher.fetch

    def recording_fetch(self, url, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(url)
        return real_fetch(self, url, *args, **kwargs)

    monkeypatch.setattr(weasyprint, "CSS", recording_css)
    monkeypatch.setattr(URLFetcher, "fetch", recording_fetch)
    for code in ("fr", "ar"):
        assert printing.render_pdf(site / code / "page.html", site).startswith(b"%PDF")
    assert parsed.count(plain) == 1
    assert parsed.count(referring) == 2  # (once per edition: its image is the edition's)
    assert {url for url in opened if url.endswith("mark.png")} == {
        (site / code / "_static" / "mark.png").as_uri() for code in ("fr", "ar")}


def test_hyphenation_patterns_parsed_once_are_read_back_by_the_next_process(
        tmp_path: Path, monkeypatch) -> None:
    """A build's workers are new processes: each that printed a German page parsed German's
    patterns again (0.5-0.7 s of CPU, more than three PDFs). They are kept in the build's
    cache; a damaged copy is parsed again and kept anew."""
    import pyphen

    from editions.site import hyphenation

    parsed: list[str] = []
    real_init = pyphen.HyphDict.__init__

    def counting_init(self, path):  # type: ignore[no-untyped-def]
        parsed.append(path.name)
        real_init(self, path)

    def next_process() -> str:
        """A new worker's pyphen, with nothing parsed yet: how it hyphenates."""
        monkeypatch.setattr(pyphen, "hdcache", {})
        hyphenation.keep_in(kept)
        return pyphen.Pyphen(lang="de").inserted("Donaudampfschifffahrtsgesellschaft")

    monkeypatch.setattr(pyphen.HyphDict, "__init__", counting_init)
    kept = tmp_path / "_build" / "cache" / "hyphenation"
    # What an older pyphen kept, under the same file's name and time: not read, removed.
    german = pyphen.LANGUAGES[pyphen.language_fallback("de")]
    kept.mkdir(parents=True)
    (kept / f"{german.name}-{german.stat().st_size}-{german.stat().st_mtime_ns}-0.1.pickle"
     ).write_bytes(b"an older pyphen's")
    hyphenated = next_process()
    assert "-" in hyphenated and len(parsed) == 1
    assert [path.name.endswith(f"-{pyphen.__version__}.pickle") for path in kept.iterdir()
            ] == [True]
    assert next_process() == hyphenated and len(parsed) == 1
    for path in kept.iterdir():
        path.write_bytes(b"damaged")
    assert next_process() == hyphenated and len(parsed) == 2
    assert next_process() == hyphenated and len(parsed) == 2


def test_weasyprint_loads_without_asking_the_compiler_for_libraries_no_linux_has() -> None:
    """(Each name WeasyPrint tries for another platform ran ldconfig, gcc and ld: 0.44 s of
    its 0.96 s import, before the build's first worker could start.)"""
    if printing.unavailable():
        pytest.skip("WeasyPrint cannot start here")
    probe = (
        "import ctypes.util, json\n"
        "searched = []\n"
        "real = ctypes.util.find_library\n"
        "def recording(name):\n"
        "    found = real(name)\n"
        "    searched.append([name, found])\n"
        "    return found\n"
        "ctypes.util.find_library = recording\n"
        "from editions.site.print_loading import import_weasyprint\n"
        "import_weasyprint()\n"
        "from weasyprint.text import ffi\n"
        "print(json.dumps([searched, ctypes.util.find_library is recording,\n"
        "                  ffi.harfbuzz_subset is not None]))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=REPO)
    searched, restored, subset = json.loads(run.stdout.splitlines()[-1])
    assert searched and all(found for _name, found in searched), searched
    assert restored and subset


def test_without_ldconfig_libraries_are_searched_as_before(monkeypatch) -> None:
    import ctypes.util

    from editions.site import print_loading

    def missing(*_args, **_kwargs):
        raise FileNotFoundError("/sbin/ldconfig")

    monkeypatch.setattr(print_loading.subprocess, "run", missing)
    real = ctypes.util.find_library
    with print_loading._known_libraries_only():
        assert ctypes.util.find_library is real
    monkeypatch.undo()
    with print_loading._known_libraries_only():
        assert ctypes.util.find_library is not real
        assert ctypes.util.find_library("no-such-library-anywhere") is None
    assert ctypes.util.find_library is real
