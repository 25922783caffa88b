"""Print-ready PDFs: each published statement of each edition as an A4 document, made from
its page with WeasyPrint, for movements that hand statements out on paper.

The PDF is the page as printed: the edition's fonts and direction (right to left where the
language is), the title, byline and date, the text; the site's navigation left out. Only
files of the built site are read: no request leaves the machine.
"""

from __future__ import annotations

import atexit
import functools
import gc
import hashlib
import json
import logging
import re
from collections.abc import Iterable
from concurrent.futures import Executor, Future
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import workers
from ..progress.policy import built_statements
from ..project import Project
from ..storage import atomic_write, write_if_changed
from .print_loading import import_weasyprint

PRINT_CSS = Path(__file__).parent / "templates" / "print.css"


def unavailable() -> str:
    """Why no PDF can be made here ("" if one can): WeasyPrint needs Pango, a system library."""
    try:
        import_weasyprint()
    except (ImportError, OSError) as exc:
        return (f"print-ready PDFs left out: WeasyPrint cannot start ({exc}); install Pango "
                "(Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0, or run 'make')")
    return ""


def pdf_name(slug: str) -> str:
    """The PDF of a statement's page, beside it: ``<slug>.pdf``."""
    return f"{slug}.pdf"


def _record_path(project: Project) -> Path:
    """Which page each PDF was made from (its digest), by page: ``_build/cache/print.json``."""
    return project.build_dir / "cache" / "print.json"


def _read_record(project: Project) -> dict[str, str]:
    try:
        return json.loads(_record_path(project).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def forget_pdfs(project: Project, pages: Iterable[Path]) -> None:
    """Forget the PDFs of pages taken out of the site: published again, each is made anew."""
    record = _read_record(project)
    keys = {_key(page, project) for page in pages}
    if keys & record.keys():
        atomic_write(_record_path(project), json.dumps(
            {key: digest for key, digest in record.items() if key not in keys},
            indent=1, sort_keys=True).encode())


class PdfQueue:
    """A build's PDFs, sent to the pool edition by edition as soon as each edition's pages
    are written (they wait behind the editions still to build, and are made while the last
    ones are: a whole edition's PDFs no longer wait for the slowest edition), then recorded.

    A page's PDF is made again where it is missing or its page changed since it was made.
    (Sphinx writes a page again whenever the plan changes: its bytes, not its time, tell
    whether it changed.)"""

    def __init__(self, project: Project, executor: Executor | None = None, *,
                 only: Iterable[str] | None = None) -> None:
        """``only``: the editions that print at all (those that publish), if not every one."""
        self.project, self.executor = project, executor
        self.printing = set(project.editions if only is None else only)
        self.added: set[str] = set()
        self.digests: dict[Path, str] = {}
        self.outcomes: dict[Path, Future[str] | str] = {}
        self.problem = ""
        self.loading: Future[str] | None = None
        #: Where the workers keep the hyphenation patterns they parse (``hyphenation``).
        self.hyphenation_dir = project.build_dir / "cache" / "hyphenation"

    def prepare(self) -> None:
        """Ask now, in a thread, whether PDFs can be made (only where an edition is to be
        built: a build with nothing to do does not load WeasyPrint). With workers, one of
        them answers: asking starts them, the fork server loading Sphinx and WeasyPrint on
        another core while this process builds (a single edition is built here), and the
        first PDF finds a worker ready (it waited most of a second for one to start).
        Without, WeasyPrint is loaded in this process meanwhile."""
        if self.loading is None:
            self.loading = workers.ask_soon(self.executor, unavailable)

    def _unavailable(self) -> str:
        """Why no PDF can be made here ("" if one can), asked once."""
        self.prepare()
        assert self.loading is not None
        return self.loading.result()

    @functools.cached_property
    def record(self) -> dict[str, str]:
        """The record as it is when the first edition is done (after the build took the
        pages that went, and their entries, away)."""
        return _read_record(self.project)

    def add(self, editions: Iterable[str]) -> None:
        """Send the PDFs these editions' pages need (once per edition)."""
        codes = [code for code in editions if code not in self.added and code in self.printing]
        self.added.update(codes)
        pages = [self.project.html_dir / code / f"{item['slug']}.html"
                 for code in codes for item in built_statements(self.project, code)]
        for page in pages:
            recorded = self.record.get(_key(page, self.project), "")
            digest = _page_digest(page, recorded)
            if digest is None:  # (no such page)
                continue
            self.digests[page] = digest
            if _same_bytes(recorded, digest) and page.with_name(pdf_name(page.stem)).exists():
                continue
            # (WeasyPrint takes most of a second to import: not when there is nothing to print.)
            self.problem = self.problem or self._unavailable()
            if self.problem:
                return
            site, base = self.project.html_dir, self.project.base_url
            kept = self.hyphenation_dir
            self.outcomes[page] = (_attempt(page, site, base, kept) if self.executor is None
                                   else self.executor.submit(_attempt, page, site, base, kept))

    def finish(self) -> tuple[list[Path], list[str]]:
        """Wait for the PDFs sent; record them; return those written and the problems."""
        if self.problem:
            return [], [self.problem]
        outcomes = {page: outcome if isinstance(outcome, str) else outcome.result()
                    for page, outcome in self.outcomes.items()}
        failed = {page for page, problem in outcomes.items() if problem}
        problems = [f"{_key(page, self.project)}: no PDF made ({outcomes[page]})"
                    for page in failed]
        # (Other editions' pages keep their entries; a page that failed is tried again.)
        seen = {_key(page, self.project) for page in self.digests}
        record = {key: digest for key, digest in self.record.items()
                  if key in seen or (self.project.html_dir / key).exists()}
        record.update({_key(page, self.project): digest
                       for page, digest in self.digests.items() if page not in failed})
        write_if_changed(_record_path(self.project),
                         json.dumps(record, indent=1, sort_keys=True).encode())
        return [page.with_name(pdf_name(page.stem)) for page in outcomes
                if page not in failed], problems


def _page_digest(page: Path, recorded: str) -> str | None:
    """The page's bytes' digest, with its time and size (``digest mtime size``): where the
    record has the same time and size, its digest, without reading the page (a build with
    nothing to do read every page of every edition). None where there is no such page."""
    try:
        stat = page.stat()
    except FileNotFoundError:
        return None
    when = f"{stat.st_mtime_ns} {stat.st_size}"
    digest, _, recorded_when = recorded.partition(" ")
    if recorded_when != when:
        digest = hashlib.sha256(page.read_bytes()).hexdigest()
    return f"{digest} {when}"


def _same_bytes(recorded: str, digest: str) -> bool:
    return recorded.partition(" ")[0] == digest.partition(" ")[0]


def _attempt(page: Path, site: Path, base_url: str, hyphenation_dir: Path) -> str:
    """Write one page's PDF; "" if done, else why not (never an exception: one page that
    WeasyPrint cannot print must not stop the others, nor the build). Its language's
    hyphenation patterns are read from ``hyphenation_dir`` if a process parsed them before."""
    try:
        from . import hyphenation  # (pyphen, which WeasyPrint loads: where a PDF is made)

        hyphenation.keep_in(hyphenation_dir)
        write_pdf(page, site, base_url)
    except Exception as exc:  # (whatever a renderer may raise: reported)
        return f"{type(exc).__name__}: {exc}"
    return ""


def _key(page: Path, project: Project) -> str:
    """``<lang>/<page>.html``: every page printed is in an edition's folder (a string, not
    ``relative_to``: a build that has nothing to print still names every page)."""
    return f"{page.parent.name}/{page.name}"


def write_pdf(page: Path, site: Path, base_url: str = "") -> None:
    """Write one page's PDF beside it."""
    atomic_write(page.with_name(pdf_name(page.stem)), render_pdf(page, site, base_url))


#: The address a page is printed from where the site has none (``html_baseurl``): links in
#: a PDF then name no folder of the machine that built it.
LOCAL_ROOT = "file:///site/"


def render_pdf(page: Path, site: Path, base_url: str = "") -> bytes:
    """The PDF of one built page, its relative addresses read as under ``base_url`` (the
    site's public address, or ``LOCAL_ROOT``): that is what the PDF's links say, and each
    stylesheet, font or image is read from the same path under ``site``, never from
    anywhere else (no request leaves the machine, no file outside the site is read).

    The page's stylesheets are parsed once per process, not once per page (parsing them
    was a fifth of a PDF's time): they are taken out of the page and given to WeasyPrint
    already parsed, in their order, before ``print.css``, which therefore has the last word
    (as author stylesheets they used to override it)."""
    from weasyprint import HTML  # (imported when a PDF is made: it loads Pango)

    root, base, page = site.resolve(), base_url or LOCAL_ROOT, page.resolve()
    fetcher = _site_fetcher(root, base)
    address = base + page.relative_to(root).as_posix()
    text = page.read_text(encoding="utf-8")
    linked = [(page.parent / unquote(urlsplit(href).path)).resolve()
              for href in _STYLESHEET.findall(text)]
    sheets = [_stylesheet(path, base, root) for path in linked
              if path.is_relative_to(root) and path.is_file()]  # (else left out, as before)
    document = HTML(string=_STYLESHEET.sub("", text), base_url=address, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[*sheets, _stylesheet(PRINT_CSS, base, root)],
                              font_config=_fonts())


#: A stylesheet link as Sphinx writes it (the only kind a built page has).
_STYLESHEET = re.compile(r'<link rel="stylesheet" type="text/css" href="([^"]+)" />')


@functools.cache
def _fonts():  # type: ignore[no-untyped-def]
    """One font configuration per process, shared by the stylesheets parsed with it; let go
    of before the interpreter's teardown, while fontconfig and Pango are still there."""
    from weasyprint.text.fonts import FontConfiguration

    atexit.register(_let_go)
    return FontConfiguration()


def _let_go() -> None:
    _parsed.cache_clear()
    _parsed_text.cache_clear()
    _fonts.cache_clear()
    gc.collect()


@functools.cache
def _site_fetcher(root: Path, base: str):  # type: ignore[no-untyped-def]
    """What WeasyPrint may read: files of the built site under ``base``, and data: URLs;
    anything else is left out."""
    from weasyprint.urls import URLFetcher

    class SiteOnly(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None):  # type: ignore[no-untyped-def]
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if not url.startswith(base):
                raise ValueError(f"not an address of the site: {url}")
            relative = unquote(urlsplit(url[len(base):]).path)
            path = (root / relative).resolve()
            if not path.is_relative_to(root) or not path.is_file():
                raise ValueError(f"not a file of the site: {url}")
            return super().fetch(path.as_uri(), headers)

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # (a left-out URL is expected)
    return SiteOnly(allowed_protocols={"file", "data"})


def _stylesheet(path: Path, base: str, root: Path):  # type: ignore[no-untyped-def]
    """A stylesheet of the site (or ``print.css``), parsed once per process and version of
    its file; its relative addresses read from where the page's link pointed.

    A stylesheet that refers to no other file (no ``url(`` and no ``@import``) means the
    same wherever it is: it is parsed once per process and content, not once per edition.
    Every edition has its own copy of the theme's stylesheets, so each edition's first PDF
    parsed them again (half a PDF's time, after one source changed)."""
    stat = path.stat()
    text = _text(path, stat.st_mtime_ns, stat.st_size)
    if "url(" not in text and "@import" not in text:
        return _parsed_text(text, base, root)
    return _parsed(path, stat.st_mtime_ns, stat.st_size, base, root)


@functools.lru_cache(maxsize=64)
def _text(path: Path, _mtime: int, _size: int) -> str:
    return path.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=64)
def _parsed_text(text: str, base: str, root: Path):  # type: ignore[no-untyped-def]
    """(With the site's fetcher all the same, as every stylesheet printed.)"""
    from weasyprint import CSS

    return CSS(string=text, url_fetcher=_site_fetcher(root, base), font_config=_fonts())


@functools.lru_cache(maxsize=64)
def _parsed(path: Path, _mtime: int, _size: int, base: str, root: Path):  # type: ignore[no-untyped-def]
    from weasyprint import CSS

    address = (base + path.relative_to(root).as_posix() if path.is_relative_to(root)
               else None)
    return CSS(string=_text(path, _mtime, _size), base_url=address,
               url_fetcher=_site_fetcher(root, base), font_config=_fonts())
