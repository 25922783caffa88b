"""Small projects built in temporary folders, so tests never touch the real catalogs; and
what more than one test module uses: the CLI, git, catalogs translated by hand, the browser,
the workspace served or through Django's test client. pytest finds the fixtures here without
an import; the helpers are imported ``from .conftest import …``.

This file is also imported outside pytest (the benchmarks), before Django is set up: what
needs the workspace's models imports them when it runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import polib
import pytest
from click.testing import CliRunner
from django.test import Client

from editions import catalogs
from editions.catalogs import entries as catalog_entries
from editions.catalogs import update
from editions.cli import main
from editions.project import Project, load_project
from editions.workspace import preview

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


# -- the command line and git --------------------------------------------------------------

def run(project: Project, *args: str):
    """``editions --project ROOT ARGS…`` in this process, as Click's test runner calls it."""
    return CliRunner().invoke(main, ["--project", str(project.root), *args])


def refused_cleanly(result, *fragments: str) -> None:
    """Exit status 1, one line on stderr naming what to do, no traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception)
    for fragment in fragments:
        assert fragment in result.output, result.output


def git(root: Path, *args: str, **env: str) -> None:
    """git in ``root`` with a test identity and no user configuration; ``env`` adds to its
    environment (dates, another name)."""
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                        "PATH": "/usr/bin:/bin", **env})


# -- catalogs translated by hand -----------------------------------------------------------

def workspace_committing(project: Project) -> Project:
    """The project in a new git repository, all of it committed, with the workspace set to
    commit what it writes (``editions_workspace_commits``): loaded again."""
    git(project.root, "init", "-q")
    project.conf_py.write_text(project.conf_py.read_text(encoding="utf-8")
                               + "\neditions_workspace_commits = True\n", encoding="utf-8")
    git(project.root, "add", ".")
    git(project.root, "commit", "-qm", "start")
    return load_project(project.root)


def catalogs_committed(project: Project) -> None:
    """The project's catalogs made and committed in a new git repository: the first point
    of a progress history."""
    catalogs.update(project)
    git(project.root, "init", "-q")
    git(project.root, "add", ".")
    git(project.root, "commit", "-qm", "catalogs")


def translate(project: Project, code: str, slug: str, translations: dict[str, str],
              fuzzy: tuple[str, ...] = ()) -> None:
    """The entries of ``translations`` translated (those in ``fuzzy`` marked fuzzy)."""
    path = project.catalog_path(code, slug)
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            if entry.msgid in fuzzy:
                entry.flags.append("fuzzy")
    po.save()


def translate_whole(project: Project, code: str, slug: str, texts: dict[str, str]) -> None:
    """Every entry translated from ``texts`` (a KeyError for one it misses)."""
    po = polib.pofile(str(project.catalog_path(code, slug)))
    for entry in po:
        entry.msgstr = texts[entry.msgid]
    po.save()


def translate_beta(project: Project, more: dict[str, str] | None = None) -> None:
    """Translate the French catalog of the tiny project's beta statement, whole."""
    translate_whole(project, "fr", "beta", {
        "Beta statement": "Déclaration bêta", "Duncan Chapel": "Duncan Chapel",
        "Only one paragraph, and no date.": "Un seul paragraphe, sans date.", **(more or {})})


def pseudo_translate(text: str, prefix: str) -> str:
    """A translation the checks accept: markup, numbers and endings kept, words changed."""
    if "statement" in text:
        return text.replace("statement", f"{prefix}statement")
    return re.sub(r"^(\W*)", rf"\g<1>{prefix}", text, count=1)


@pytest.fixture
def counted(tiny: Project) -> Project:
    """alpha in French: 3 of 7 segments translated, 1 fuzzy, 1 obsolete; beta in Arabic done."""
    catalogs.update(tiny)
    translate(tiny, "fr", "alpha", {
        "Alpha statement": "Déclaration alpha",                          # 2 words
        "Fourth International": "Quatrième Internationale",              # 2 words
        "The first paragraph speaks of 77 years of struggle.":           # 9 words
            "Le premier paragraphe parle de 77 ans de lutte.",
        "The second paragraph will be edited by a test.":                # 9 words, fuzzy
            "Le deuxième paragraphe sera modifié par un test.",
    }, fuzzy=("The second paragraph will be edited by a test.",))
    path = tiny.catalog_path("fr", "alpha")
    po = polib.pofile(str(path))
    po.append(polib.POEntry(msgid="An old paragraph.", msgstr="Un ancien paragraphe.",
                            obsolete=True))
    po.save()
    translate(tiny, "ar", "beta", {
        "Beta statement": "البيان بيتا",
        "Duncan Chapel": "دنكان تشابل",
        "Only one paragraph, and no date.": "فقرة واحدة فقط، ولا تاريخ.",
    })
    return tiny


ARABIC = {"Beta statement": "البيان بيتا", "Duncan Chapel": "دنكان تشابل",
          "Only one paragraph, and no date.": "فقرة واحدة فقط، ولا تاريخ."}
UKRAINIAN = {"Beta statement": "Заява бета", "Duncan Chapel": "Данкан Чапел",
             "Only one paragraph, and no date.": "Лише один абзац, і без дати."}


def arabic_and_ukrainian(root: Path, conf: str) -> Project:
    """The tiny project with ``conf`` added to its conf.py, beta translated and published in
    Arabic and Ukrainian (alpha in neither)."""
    project = write_project(root, ["ar", "uk"])
    project.conf_py.write_text(project.conf_py.read_text(encoding="utf-8") + conf + "\n",
                               encoding="utf-8")
    project = load_project(project.root)
    catalogs.update(project)
    translate_whole(project, "ar", "beta", ARABIC)
    translate_whole(project, "uk", "beta", UKRAINIAN)
    return project


#: The seed the project's statements were imported from, beside the repository.
SEED = REPO.parent / "shared" / "seeds" / "000_20c14986f6c28657.txt"


# -- what a built site holds ---------------------------------------------------------------

class Page(HTMLParser):
    """The few things the tests read from a page: tags with their attributes, and text."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]

    @property
    def html(self) -> dict[str, str]:
        return self.all("html")[0]

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


def check_epub_structure(path: Path, language: str, pages: set[str]) -> None:
    """Zip layout, mimetype first and stored, container and package present and complete."""
    with zipfile.ZipFile(path) as epub:
        infos = epub.infolist()
        assert infos[0].filename == "mimetype"
        assert infos[0].compress_type == zipfile.ZIP_STORED
        assert epub.read("mimetype") == b"application/epub+zip"
        container = ElementTree.fromstring(epub.read("META-INF/container.xml"))
        ns = {"c": "urn:oasis:names:tc:opendocument:xmlns:container",
              "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
        rootfile = container.find("c:rootfiles/c:rootfile", ns).get("full-path")
        package = ElementTree.fromstring(epub.read(rootfile))
        assert package.find("opf:metadata/dc:language", ns).text == language
        names = set(epub.namelist())
        manifest = [item.get("href") for item in package.findall("opf:manifest/opf:item", ns)]
        assert all(href in names for href in manifest), set(manifest) - names
        assert {href[:-6] for href in manifest if href.endswith(".xhtml")} - {"nav"} == pages
        # The reader's table of contents lists every chapter (it named the index alone), under
        # a title in the book's language.
        nav = ElementTree.fromstring(epub.read("nav.xhtml"))
        xhtml = {"x": "http://www.w3.org/1999/xhtml"}
        listed = {link.get("href").partition("#")[0][:-6]
                  for link in nav.iterfind(".//x:nav//x:a", xhtml)}
        assert listed == pages, pages ^ listed
        title = nav.find(".//x:nav/x:h1", xhtml).text
        assert (title == "Table of Contents") == (language == "en"), (language, title)


# -- the browser ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ServedProject:
    """A project and the loopback address it is served at: the readers' site or the workspace."""

    project: Project
    base_url: str

    def url(self, path: str) -> str:
        """The address of ``path``, given with its leading slash or without."""
        return f"{self.base_url}/{path.removeprefix('/')}"


# Headless chromium in a container, as root, with no network but the pages under test: no
# sandbox, no GPU, and none of the background services that would try to reach the internet.
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
]
#: Where the browser tests write screenshots (never committed).
SCREENSHOTS = REPO / "_build" / "screenshots"
SITE_TOOLS = REPO / "tests" / "site-tools" / "node_modules"
AXE = SITE_TOOLS / "axe-core" / "axe.min.js"
VNU = SITE_TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG, read from its header (no imaging library needed)."""
    with path.open("rb") as handle:
        header = handle.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def require_tool(path: Path, name: str) -> Path:
    if not path.exists():
        pytest.skip(f"{name} is not installed in tests/site-tools/node_modules "
                    "(make test installs it with npm ci)")
    return path


def describe_violations(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
    )


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    """Debian's chromium driven by Playwright (which downloads no browser of its own here)."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (make test installs it)"
    )
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


# -- the workspace -------------------------------------------------------------------------

#: The statement of the real project the workspace tests work on.
STATEMENT = "palestine-global-movement"
PASSWORD = "a long passphrase of the team"
#: The workspace's interface translations.
INTERFACE_LOCALE = Path(preview.__file__).parent / "locale"


@contextlib.contextmanager
def serve_workspace(project: Project, state: Path, *, rebuild: bool = False
                    ) -> Iterator[tuple[str, dict[str, str]]]:
    """``editions workspace`` on a free loopback port, its output in a file (a pipe nobody
    reads would stop it once full): its address and environment, stopped afterwards. It
    rebuilds the site after changes only with ``rebuild`` (a build is seconds of both
    cores, and no other test reads the site it makes)."""
    env = {**os.environ, "EDITIONS_WORKSPACE_STATE": str(state),
           "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    state.mkdir(parents=True, exist_ok=True)
    log = state / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen([EDITIONS, "--project", str(project.root), "workspace",
                                    "--port", "0", *([] if rebuild else ["--no-rebuild"])],
                                   stdout=output, stderr=subprocess.STDOUT, env=env)
    try:
        for _ in range(600):
            match = re.search(r"(http://127\.0\.0\.1:\d+)/", log.read_text())
            if match or process.poll() is not None:
                break
            time.sleep(0.1)
        assert match, log.read_text()
        yield match.group(1), env
    finally:
        process.terminate()
        process.wait(timeout=30)


#: The third is the second, two words longer: the memory offers the second's translation.
NEW_PARAGRAPHS = [
    "In 2024, 300 delegates from 12 countries met in solidarity.",
    "The assembly called for an end to the occupation.",
    "The assembly called for an end to the occupation of Gaza.",
]
@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedProject]:
    """The real project with three new paragraphs (untranslated everywhere), served by
    ``editions workspace`` on a free loopback port, stopped afterwards."""
    with served_with_new_paragraphs(tmp_path_factory.mktemp("workspace")) as (
            project, base_url, _env):
        yield ServedProject(project, base_url)


@contextlib.contextmanager
def served_with_new_paragraphs(root: Path) -> Iterator[tuple[Project, str, dict[str, str]]]:
    """A copy of the real project under ``root`` with ``NEW_PARAGRAPHS`` added to its
    statement (untranslated everywhere), served on loopback: the project, its address and
    the server's environment."""
    project = copy_real_project(root / "project")
    source = project.statement_source(STATEMENT)
    source.write_text(source.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
                      + "\n\n".join(NEW_PARAGRAPHS) + "\n", encoding="utf-8")
    update(project)
    with serve_workspace(project, root / "state") as (base_url, env):
        yield project, base_url, env


def translate_all(project: Project, code: str) -> None:
    """Every segment of every catalog of ``code`` translated (a text that differs from its
    source, so that no check takes it for a copy)."""
    for slug in project.statements():
        po = polib.pofile(str(project.catalog_path(code, slug)))
        for entry in po:
            entry.msgstr = f"[{code}] {entry.msgid}"
        po.save()


def broken_french_emphasis(project: Project) -> Path:
    """``project`` updated, French translated, and one French segment given an emphasis
    that is never closed (a markup error every check run reports): its catalog."""
    catalogs.update(project)
    translate_all(project, "fr")
    path = project.catalog_path("fr", "beta")
    po = polib.pofile(str(path))
    po.find("Only one paragraph, and no date.").msgstr = "Un *seul paragraphe."
    po.save()
    return path


@pytest.fixture
def project(tmp_path: Path, settings, db) -> Project:
    """A copy of the real project, served by the workspace (through Django's test client)."""
    project = copy_real_project(tmp_path / "project")
    settings.EDITIONS_PROJECT_ROOT = project.root
    return project


@pytest.fixture
def project_and_state(tmp_path: Path) -> tuple[Project, Path]:
    """A copy of the project and the state folder its workspace will use."""
    return copy_real_project(tmp_path / "project"), tmp_path / "state"


def member(language: str, role: str, name: str):
    """A member of ``language``'s team in ``role``, joined from an invitation."""
    from editions.workspace import team  # (its models need Django set up: see the top)

    return team.accept(team.pending_invitation(team.invite(language, role)), name, PASSWORD)


@pytest.fixture
def crew(project):
    """French translator, reviewer and coordinator, and an Arabic translator."""
    from editions.workspace.models import Role  # (needs Django set up: see the top)

    return {"fr-translator": member("fr", Role.TRANSLATOR, "Mésange"),
            "fr-reviewer": member("fr", Role.REVIEWER, "Pivert"),
            "ar-translator": member("ar", Role.TRANSLATOR, "Hudhud"),
            "fr-coordinator": member("fr", Role.COORDINATOR, "Chouette")}


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _entries(project: Project, language: str = "fr") -> list[catalog_entries.Entry]:
    return catalog_entries.read_entries(project, language, STATEMENT)


def _with_number(project: Project, language: str = "fr") -> catalog_entries.Entry:
    """A translated segment whose source holds a number (for the numbers check)."""
    return next(e for e in _entries(project, language)
                if re.search(r"\d", e.source) and e.translation and not e.fuzzy)


def _url(entry: catalog_entries.Entry, language: str = "fr") -> str:
    return f"/{language}/{STATEMENT}/{entry.key}/"


def _post(client: Client, entry: catalog_entries.Entry, text: str, *, fuzzy: bool = False,
          action: str = "save", language: str = "fr", expected: tuple[str, bool] | None = None):
    expected = expected or (entry.translation, entry.fuzzy)
    data = {"translation": text, "expected_translation": expected[0],
            "expected_fuzzy": "True" if expected[1] else "False", "source": entry.source,
            "action": action}
    if fuzzy:
        data["fuzzy"] = "on"
    return client.post(_url(entry, language), data)


def _po(project: Project, language: str = "fr", statement: str = STATEMENT) -> polib.POFile:
    return polib.pofile(str(project.catalog_path(language, statement)))


#: What a second process runs first: the workspace's start, as ``editions workspace`` does it.
START = """\
import json, os, sys
os.umask(0o022)
from editions.project import load_project
from editions.workspace import server
server.configure(load_project(sys.argv[1]), "127.0.0.1")
from django.test import Client
from editions.workspace import team
from editions.workspace.models import Role

def mode(path):
    return oct(os.stat(path).st_mode & 0o777) if os.path.exists(path) else None
"""


def _environment(state: Path, **extra: str) -> dict[str, str]:
    hidden = ("EDITIONS_WORKSPACE_HOSTS", "EDITIONS_WORKSPACE_HTTPS", "EDITIONS_PROJECT_ROOT",
              "EDITIONS_WORKSPACE_DB", "EDITIONS_WORKSPACE_DATABASE_URL",
              "EDITIONS_WORKSPACE_SECRET_KEY")
    return {**{k: v for k, v in os.environ.items() if k not in hidden},
            "EDITIONS_WORKSPACE_STATE": str(state), **extra}


def _second_process(project: Project, state: Path, body: str, *arguments: str,
                    **environment: str) -> dict:
    """Run ``body`` after the workspace's start in another process; what it printed last
    (JSON)."""
    result = subprocess.run(
        [sys.executable, "-c", START + textwrap.dedent(body), str(project.root), *arguments],
        capture_output=True, text=True, timeout=300, env=_environment(state, **environment))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
