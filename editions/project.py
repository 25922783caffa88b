"""The project as ``conf.py`` declares it: read once, asked by everything else."""

from __future__ import annotations

import ast
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util.tags import Tags

from . import languages
from .checks.registry import CHECKS, SEVERITIES
from .errors import EditionsError
from .sources.slugs import is_slug, validate_slug
from .storage import atomic_write

#: The configuration values the Sphinx extension adds: (name, default, rebuild, types).
CONFIG_VALUES: tuple[tuple[str, Any, str, tuple[type, ...]], ...] = (
    # Languages of the translated editions; the source language is Sphinx's ``language``.
    ("editions_languages", [], "env", (list, tuple)),
    # Folder of the statements, relative to the folder of conf.py.
    ("editions_source_dir", "source", "", (str,)),
    # Statements published per language: {"fr": "*", "ar": ["some-statement"]}. In a
    # published statement an untranslated or fuzzy segment is an error, elsewhere a warning.
    ("editions_published", {}, "", (dict,)),
    # Statements the coordinators withdrew from a language's edition ('editions publish
    # --withdraw'): not shown there even when complete; their address says they were withdrawn.
    ("editions_withdrawn", {}, "", (dict,)),
    # Severity of checks, overriding their defaults: {"doubled-word": "error", "brackets": "off"}.
    ("editions_check_severity", {}, "", (dict,)),
    # Hosts a language's links may point to instead of the source's (a Wikipedia in that
    # language, the translated docs): {"es": ["es.wikipedia.org"]}. Any other new host in a
    # translation is an unsafe-url error.
    ("editions_link_hosts", {}, "", (dict,)),
    # What the site shows: a statement appears in an edition once its translation reaches the
    # threshold (% of words, no fuzzy entry, no check error); "fallback" publishes it below,
    # untranslated paragraphs in the original language under a notice. Per language:
    # {"threshold": 100, "fallback": False, "languages": {"de": {"fallback": True}}}.
    ("editions_publication", {}, "", (dict,)),
    # Where the team's translators' workspace is served ("https://translate.example.org/"):
    # the progress page's "help translate" links open a statement there. "" for none.
    ("editions_workspace_url", "", "", (str,)),
    # Languages whose translators write straight into the PO files in the workspace; in
    # the others a translator's translation is a suggestion until a reviewer accepts it.
    ("editions_direct_translation", [], "", (list, tuple)),
    # Languages whose workspace team anyone may join as a translator (their translations
    # are suggestions until a reviewer accepts them); the others join by invitation only.
    ("editions_open_signup", [], "", (list, tuple)),
    # Whether the workspace commits each translation it writes to git, its author the
    # volunteer's display name.
    ("editions_workspace_commits", False, "", (bool,)),
    # Whether the build makes a print-ready PDF (A4) of each published statement in each
    # edition, linked from its page: movements hand statements out on paper.
    ("editions_print", True, "html", (bool,)),
    # Where the workspace (and ``editions deploy``) puts the built site once a build is
    # clean: "folder", the folder a web server serves (made a link, switched at once to each
    # new site), and/or "git", {"remote": URL, "branch": NAME} the team's CI publishes from.
    ("editions_deploy", {}, "", (dict,)),
)

CONF_FILENAME = "conf.py"


@dataclass(frozen=True)
class Project:
    """Paths and languages of one Parallel Editions project."""

    root: Path
    srcdir: Path
    locale_dir: Path
    source_language: str
    languages: tuple[str, ...]
    root_doc: str = "index"
    name: str = ""
    published: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Per language, the statements withdrawn from its edition.
    withdrawn: tuple[tuple[str, tuple[str, ...]], ...] = ()
    check_severity: tuple[tuple[str, str], ...] = ()
    #: Per language, the hosts its links may point to instead of the source's.
    link_hosts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude_patterns: tuple[str, ...] = ()
    #: Per language ("*" for the default): (threshold in %, fallback).
    publication: tuple[tuple[str, float, bool], ...] = (("*", 100.0, False),)
    #: Where the site is served (conf.py's ``html_baseurl``), ending in "/"; "" if not said.
    base_url: str = ""
    #: Where the translators' workspace is served, ending in "/"; "" if not said.
    workspace_url: str = ""
    #: Languages whose translators save directly in the workspace (no review first).
    direct_translation: tuple[str, ...] = ()
    #: Languages whose workspace team anyone may join as a translator.
    open_signup: tuple[str, ...] = ()
    #: Whether the workspace commits each translation it writes to git.
    workspace_commits: bool = False
    #: Whether the build makes a print-ready PDF of each published statement.
    print_pdf: bool = True
    #: The folder a web server serves the site from (``editions_deploy``), or None.
    deploy_folder: Path | None = None
    #: The git remote and branch the site is pushed to (``editions_deploy``), or None.
    deploy_git: tuple[str, str] | None = None

    def link_hosts_of(self, language: str) -> frozenset[str]:
        """The hosts ``language``'s links may point to instead of the source's."""
        return frozenset(dict(self.link_hosts).get(language, ()))

    @property
    def conf_py(self) -> Path:
        return self.root / CONF_FILENAME

    @functools.cached_property
    def build_dir(self) -> Path:
        return self.root / "_build"

    @functools.cached_property
    def html_dir(self) -> Path:
        """(Asked for thousands of times by a large archive's build: made once.)"""
        return self.build_dir / "html"

    @property
    def editions(self) -> tuple[str, ...]:
        """Every edition that is published: the source language first, then the translations."""
        return (self.source_language, *self.languages)

    def statements(self) -> list[str]:
        """Slugs of the statements: every reStructuredText document of ``source/`` but the
        index. A file whose name is no slug is an error to rename, not a statement to skip."""
        slugs = sorted(
            path.stem for path in self.srcdir.glob("*.rst") if path.stem != self.root_doc
        )
        for slug in slugs:
            if not is_slug(slug):
                validate_slug(slug, self.srcdir / f"{slug}.rst")
        return slugs

    def is_published(self, language: str, slug: str) -> bool:
        """Whether conf.py's ``editions_published`` publishes this statement in this language."""
        if language == self.source_language:
            return True
        return slug in dict(self.published).get(language, ())

    def is_withdrawn(self, language: str, slug: str) -> bool:
        """Whether conf.py's ``editions_withdrawn`` takes this statement out of this edition."""
        return slug in dict(self.withdrawn).get(language, ())

    def statement_source(self, slug: str) -> Path:
        """The source of a statement named by a user: an unknown name is a clear error."""
        validate_slug(slug)
        path = self.srcdir / f"{slug}.rst"
        if slug == self.root_doc or not path.is_file():
            known = ", ".join(self.statements()) or "none"
            raise EditionsError(
                f"unknown statement {slug!r}", self.srcdir, hint=f"known statements: {known}"
            )
        return path

    def edition_url(self, language: str) -> str:
        """The absolute address of an edition's folder, or "" when no base URL is set."""
        return f"{self.base_url}{language}/" if self.base_url else ""

    def catalog_dir(self, language: str) -> Path:
        return self.locale_dir / language / "LC_MESSAGES"

    def catalog_path(self, language: str, slug: str) -> Path:
        return self.catalog_dir(language) / f"{slug}.po"

    def glossary_path(self, language: str) -> Path:
        """The language's glossary: its agreed terms, as the checks' CSV."""
        return self.locale_dir / language / "glossary.csv"

    def shown(self, path: Path) -> str:
        """A path as messages and published figures give it: from the project's folder
        (whose name may name a coordinator), or whole where it lies outside."""
        return shown_from(path, self.root)

    def require_languages(self, requested: tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
        """The requested editions, or all of them; an undeclared one is a clear error."""
        if not requested:
            return self.editions
        requested = [_declared_form_of(code, self.editions) for code in requested]
        unknown = [code for code in requested if code not in self.editions]
        if unknown and not _looks_like_a_code(unknown[0]):
            raise EditionsError(
                f"{unknown[0]!r} is not a language code", self.conf_py,
                hint=f"give one of the declared codes: {', '.join(self.editions)}",
            )
        if unknown:
            raise EditionsError(
                f"language {unknown[0]!r} is not declared",
                self.conf_py,
                hint=f"declared: {', '.join(self.editions)}; "
                f"add it with 'editions add-language {unknown[0]}'",
            )
        return tuple(requested)


def _declared_form_of(code: str, editions: tuple[str, ...]) -> str:
    """``code`` as conf.py declares it, where it is another spelling of a declared code
    ("FR", "pt-br" for "fr", "pt_BR"); else as it is."""
    if code in editions:
        return code
    try:
        form = languages.validate(code)
    except EditionsError:
        return code
    return form if form in editions else code


def shown_from(path: Path, root: Path | None) -> str:
    """``path`` from ``root`` where it lies inside it, else whole."""
    return str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)


def _looks_like_a_code(text: str) -> bool:
    """Whether babel knows ``text`` as a language code (``../fr`` is a path, not one)."""
    try:
        languages.validate(text)
    except EditionsError:
        return False
    return True


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds a ``conf.py``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONF_FILENAME).is_file():
            return folder
    raise EditionsError(
        "no conf.py found here or in any parent folder",
        here,
        hint="run the command inside a Parallel Editions project, or pass --project",
    )


def load_project(root: Path | str | None = None) -> Project:
    """Read ``conf.py`` with Sphinx's own config reader and validate its languages with babel."""
    root = find_root(Path(root) if root else None)
    conf_py = root / CONF_FILENAME
    try:
        config = Config.read(root, overrides={}, tags=Tags())
    except ConfigError as exc:
        raise _conf_py_failed(exc, conf_py) from exc
    for name, default, rebuild, types in CONFIG_VALUES:
        config.add(name, default, rebuild, types)
    config.add("html_baseurl", "", "html", (str,))
    for name, _default, _rebuild, types in (*CONFIG_VALUES, ("html_baseurl", "", "", (str,))):
        _require_type(name, config[name], types, conf_py)
    source_language = config.language or "en"
    declared = list(config.editions_languages)
    forms = []
    for code in [source_language, *declared]:
        try:
            forms.append(languages.validate(code))
        except EditionsError as exc:
            raise EditionsError(exc.message, conf_py, hint=exc.hint) from exc
    twice = [code for index, (code, form) in enumerate(zip(declared, forms[1:], strict=True))
             if form in forms[1:index + 1]]
    if twice:  # ("fr" and "FR", "pt_BR" and "pt-BR" too: one language)
        raise EditionsError(f"{twice[0]!r} is in editions_languages twice", conf_py,
                            hint="list each language once")
    srcdir = (root / config.editions_source_dir).resolve()
    if not config.locale_dirs:
        raise EditionsError("locale_dirs is empty", conf_py, hint="set locale_dirs = ['../locale']")
    locale_dir = (srcdir / config.locale_dirs[0]).resolve()
    published = _published(config.editions_published, conf_py)
    withdrawn = _published(config.editions_withdrawn, conf_py, "editions_withdrawn")
    severity = _severities(config.editions_check_severity, conf_py)
    publication = _publication(config.editions_publication, conf_py)
    return Project(
        root=root,
        srcdir=srcdir,
        locale_dir=locale_dir,
        source_language=source_language,
        languages=tuple(code for code in declared if code != source_language),
        root_doc=config.root_doc,
        name=config.project,
        published=published,
        withdrawn=withdrawn,
        check_severity=severity,
        link_hosts=_link_hosts(config.editions_link_hosts, conf_py),
        publication=publication,
        exclude_patterns=tuple(config.exclude_patterns),
        base_url=config.html_baseurl.rstrip("/") + "/" if config.html_baseurl else "",
        workspace_url=workspace_address(config.editions_workspace_url, conf_py),
        direct_translation=tuple(config.editions_direct_translation),
        open_signup=tuple(config.editions_open_signup),
        workspace_commits=config.editions_workspace_commits,
        print_pdf=config.editions_print,
        **_deploy(config.editions_deploy, root, conf_py),
    )


def _deploy(value: dict[str, Any], root: Path, conf_py: Path) -> dict[str, Any]:
    """conf.py's ``editions_deploy``: the served folder (relative to conf.py's folder) and
    the git remote and branch, each optional."""
    unknown = set(value) - {"folder", "git"}
    if unknown:
        raise EditionsError(f"editions_deploy has an unknown key {sorted(unknown)[0]!r}",
                            conf_py, hint=f"it must be {_EXPECTED['editions_deploy']}")
    folder, git = value.get("folder"), value.get("git")
    if folder is not None and (not isinstance(folder, str) or not folder.strip()):
        raise EditionsError(f"editions_deploy['folder'] is {folder!r}", conf_py,
                            hint="it must be a folder's path, e.g. '/srv/www/editions', or None")
    if git is not None and not (isinstance(git, dict) and set(git) <= {"remote", "branch"}
                                and isinstance(git.get("remote"), str) and git["remote"]
                                and isinstance(git.get("branch", "pages"), str)):
        raise EditionsError(f"editions_deploy['git'] is {git!r}"[:120], conf_py,
                            hint="it must be {'remote': 'git@example.org:team/site.git', "
                            "'branch': 'pages'}, or None")
    # (Not resolved: the folder is the link each deploy switches, not where it points.)
    return {"deploy_folder": Path(os.path.abspath(root / folder)) if folder else None,
            "deploy_git": (git["remote"], git.get("branch") or "pages") if git else None}


def workspace_address(value: str, where: Path | None = None,
                      name: str = "editions_workspace_url") -> str:
    """The workspace's address (conf.py's, or a command's ``--url``): http(s), ending in
    "/" (or "" for none); anything else, a link nobody should follow, is refused."""
    if not value:
        return ""
    if not re.match(r"^https?://[^\s/]+", value):
        raise EditionsError(f"{name} {value!r} is not an http(s) address", where,
                            hint="for instance 'https://translate.example.org/'")
    return value.rstrip("/") + "/"


#: What each setting of conf.py must be, as its error says it.
_EXPECTED = {
    "editions_languages": "a list of language codes, e.g. ['fr', 'ar']",
    "editions_source_dir": "a folder name, e.g. 'source'",
    "editions_published": "a dict of lists of statements, e.g. {'fr': ['a-statement']}",
    "editions_check_severity": "a dict of check ids to severities, e.g. {'brackets': 'off'}",
    "editions_publication": "a dict, e.g. {'threshold': 100, 'fallback': False, "
                            "'languages': {'de': {'fallback': True}}}",
    "editions_workspace_url": "an address, e.g. 'https://translate.example.org/', or ''",
    "editions_direct_translation": "a list of language codes, e.g. ['de']",
    "editions_open_signup": "a list of language codes, e.g. ['es']",
    "editions_workspace_commits": "True or False",
    "editions_print": "True or False",
    "editions_deploy": "a dict, e.g. {'folder': '/srv/www/editions', 'git': None}",
    "html_baseurl": "an address, e.g. 'https://editions.example.org/', or ''",
}


def _require_type(name: str, value: Any, types: tuple[type, ...], conf_py: Path,
                  shown: str = "") -> None:
    """One line naming the setting, what it holds and what it should (Sphinx only warns)."""
    if isinstance(value, types) and not (isinstance(value, (list, tuple)) and any(
            not isinstance(item, str) for item in value)):
        return
    found = "None" if value is None else f"{type(value).__name__} {value!r}"[:80]
    expected = _EXPECTED.get(name) or " or ".join(kind.__name__ for kind in types)
    raise EditionsError(f"{shown or name} is {found}", conf_py, hint=f"it must be {expected}")


def _conf_py_failed(exc: ConfigError, conf_py: Path) -> EditionsError:
    """conf.py raised while it ran: its line and the exception, not Sphinx's traceback."""
    text = str(exc)
    lines = [line for line in re.findall(r'File "([^"]+)", line (\d+)', text)
             if Path(line[0]).name == CONF_FILENAME]
    last = [line.strip() for line in text.splitlines() if line.strip()]
    cause = last[-1] if last else "an error"
    return EditionsError(f"conf.py stopped with {cause}", conf_py,
                         int(lines[-1][1]) if lines else None, "correct that line of conf.py")


def _publication(value: dict[str, Any], conf_py: Path) -> tuple[tuple[str, float, bool], ...]:
    """conf.py's publication policy, checked: a threshold from 0 to 100, a boolean fallback."""

    def rule(language: str, settings: dict[str, Any], default: tuple[float, bool]):
        _require_type("editions_publication", settings, (dict,), conf_py,
                      f"editions_publication['languages'][{language!r}]" if language != "*"
                      else "")
        unknown = set(settings) - {"threshold", "fallback", "languages"}
        threshold = settings.get("threshold", default[0])
        fallback = settings.get("fallback", default[1])
        if unknown or not isinstance(threshold, (int, float)) or not 0 <= threshold <= 100 or (
            not isinstance(fallback, bool)
        ):
            raise EditionsError(
                f"editions_publication for {language!r} is not valid", conf_py,
                hint="use {'threshold': 0 to 100, 'fallback': True or False}",
            )
        return language, float(threshold), fallback

    default = rule("*", value, (100.0, False))
    rules = [default]
    languages_rules = value.get("languages") or {}
    _require_type("editions_publication", languages_rules, (dict,), conf_py,
                  "editions_publication['languages']")
    for language, settings in languages_rules.items():
        rules.append(rule(language, settings, default[1:]))
    return tuple(rules)


def _published(value: dict[str, Any], conf_py: Path, name: str = "editions_published"
               ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """What the coordinators published, by name: never "every statement", which would make
    each new statement an error in every such language before anyone could translate it."""
    published = []
    for language, statements in value.items():
        if statements == "*" or (isinstance(statements, (list, tuple)) and "*" in statements):
            raise EditionsError(
                f"{name}[{language!r}] is '*', which would also hold every new "
                "statement to be complete before anyone could translate it", conf_py,
                hint=f"list the statements published in {language!r} instead: 'editions "
                f"publish -l {language} --all' writes those that are complete",
            )
        if not isinstance(statements, (list, tuple)) or not all(
                isinstance(s, str) for s in statements):
            raise EditionsError(
                f"{name}[{language!r}] must be a list of statement slugs", conf_py,
                hint="for instance ['palestine-global-movement']",
            )
        for slug in statements:
            validate_slug(slug, conf_py)
        published.append((language, tuple(statements)))
    return tuple(published)


def _link_hosts(value: dict[str, Any], conf_py: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """conf.py's allowed link hosts, checked: host names, lower-cased, per language."""
    hosts = []
    for language, names in value.items():
        if not isinstance(names, (list, tuple)) or not all(
            isinstance(name, str) and name and "/" not in name and " " not in name
            for name in names
        ):
            raise EditionsError(
                f"editions_link_hosts[{language!r}] must be a list of host names", conf_py,
                hint="for instance ['es.wikipedia.org'], without https:// or a path",
            )
        hosts.append((language, tuple(sorted(name.lower() for name in names))))
    return tuple(sorted(hosts))


def _severities(value: dict[str, str], conf_py: Path) -> tuple[tuple[str, str], ...]:
    for check_id, severity in value.items():
        if not isinstance(check_id, str) or check_id not in CHECKS:
            raise EditionsError(
                f"editions_check_severity names an unknown check {check_id!r}", conf_py,
                hint="the check ids are listed in README.md",
            )
        if severity not in SEVERITIES:
            raise EditionsError(
                f"editions_check_severity[{check_id!r}] must be one of {', '.join(SEVERITIES)}",
                conf_py,
            )
    return tuple(sorted(value.items()))


#: The lines of Python source, as the parser counts them (str.splitlines would also split at
#: a form feed or U+2028, which conf.py may hold in a comment).
_SOURCE_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _conf_with(project: Project, name: str, value: str, comment: str = "",
               raw: bytes | None = None) -> bytes:
    """conf.py (or ``raw``, conf.py as another edit left it) with the value of ``name = …``
    replaced by ``value`` (Python source), every other byte kept (line endings included).
    Where conf.py has no such line, it is added after a ``comment`` line if one is given,
    else that is a clear error."""
    raw = project.conf_py.read_bytes() if raw is None else raw
    text = raw.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    value = value.replace("\n", newline)
    tree = ast.parse(text, filename=str(project.conf_py))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == name
        ):
            found = node.value
            break
    else:
        if comment:
            return (text.rstrip("\r\n") + f"{newline}{newline}# {comment}{newline}"
                    f"{name} = {value}{newline}").encode("utf-8")
        raise EditionsError(
            f"conf.py has no '{name} = …' line", project.conf_py,
            hint=f"add one ({name} = {value}); nothing was changed",
        )
    offsets = [0]
    for line in _SOURCE_LINE.findall(text):
        offsets.append(offsets[-1] + len(line.encode("utf-8")))
    start = offsets[found.lineno - 1] + found.col_offset
    end = offsets[found.end_lineno - 1] + found.end_col_offset  # type: ignore[operator]
    return raw[:start] + value.encode("utf-8") + raw[end:]


def _write_conf(project: Project, data: bytes) -> Project:
    """Replace conf.py with ``data`` once it parses, and read the project anew; if that fails,
    conf.py is put back as it was."""
    old = project.conf_py.read_bytes()
    try:
        ast.parse(data, filename=str(project.conf_py))
    except SyntaxError as exc:  # a defect of this program, never of the user's file
        raise EditionsError(f"conf.py would not be valid once edited ({exc.msg})",
                            project.conf_py, exc.lineno,
                            "nothing was changed; please report this bug") from exc
    atomic_write(project.conf_py, data)
    try:
        return load_project(project.root)
    except EditionsError:
        atomic_write(project.conf_py, old)
        raise


def declare_language(project: Project, code: str) -> Project:
    """Add ``code`` to ``editions_languages`` in conf.py, keeping the rest of the file as it is."""
    codes = [*project.languages, code]
    return _write_conf(project, _conf_with(
        project, "editions_languages", "[" + ", ".join(repr(c) for c in codes) + "]"))


def declare_published(project: Project, published: dict[str, list[str]],
                      withdrawn: dict[str, list[str]] | None = None) -> Project:
    """Write ``editions_published`` (and ``editions_withdrawn``, if given) into conf.py, one
    language a line, the rest kept as it is: both in one write, so that no failure leaves
    a statement in both lists."""
    data = None
    if withdrawn is not None and dict(project.withdrawn) != {
            code: tuple(slugs) for code, slugs in withdrawn.items() if slugs}:
        data = _conf_with(
            project, "editions_withdrawn", _per_language(withdrawn),
            "Statements withdrawn from a language's edition ('editions publish --withdraw'): "
            "their address says so.")
    return _write_conf(project, _conf_with(
        project, "editions_published", _per_language(published),
        "Statements published in each language ('editions publish'): they must stay complete.",
        data))


def _per_language(lists: dict[str, list[str]]) -> str:
    """A dict of statements per language as conf.py writes it: one language a line."""
    lines = [f"    {language!r}: [{', '.join(repr(slug) for slug in slugs)}],"
             for language, slugs in lists.items() if slugs]
    return "{\n" + "\n".join(lines) + "\n}" if lines else "{}"
