"""Bring statements in: Markdown or plain text, as statements circulate, to clean
reStructuredText sources with their metadata; and new, empty statement skeletons.

Markdown is parsed with markdown-it (never with regular expressions that guess at it);
paragraphs that a page break split mid-sentence are joined again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .. import languages
from ..checks.rst import UNSAFE_SCHEMES, analyse, is_unsafe_url
from ..errors import EditionsError
from ..project import Project
from ..storage import atomic_write, project_lock, write_all
from .slugs import RESERVED, slugify, validate_slug

# A paragraph ending like this ends a sentence; one that does not was split by a page break.
_SENTENCE_END = (".", "!", "?", ":", ";", "…", "”", '"', "’", ")", "»")
_DATE_FORMATS = ("%d %B %Y", "%B %d, %Y", "%Y-%m-%d", "%d %b %Y")
# Characters that would start reStructuredText markup inside plain text.
_RST_SPECIAL = re.compile(r"([*`|\\])")
# The end of a reference reStructuredText would read in words: ``name_``, ``name__``, ``[1]_``.
_REFERENCE_END = re.compile(r"(?<=[\w\]])__?(?![\w])")
# Control characters but tab and the line breaks.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Where a literal starts and ends, until it is known what it touches (``_literals_apart``).
_OPEN, _CLOSE = "\x01", "\x02"
# The inline markup the importer writes: what a paragraph brought in may hold.
_WRITTEN = frozenset({"emphasis", "strong", "literal", "reference"})
# An address docutils would make a link of, that a browser runs or reads from the disk.
_UNSAFE_SCHEME = re.compile(rf"(?i)\b({'|'.join(sorted(UNSAFE_SCHEMES))}):(?=\S)")
# What would make reStructuredText read a line as something else than words: a directive or
# a comment (".. include::" would put a server's file in the site), a list item, a field,
# an option, a doctest, a transition. Its first character is escaped.
_RST_BLOCK_START = re.compile(
    r"\.\.(?:\s|$)|[-+*•‣⁃](?:\s|$)|\(?(?:\d+|[A-Za-z]|[ivxlcdmIVXLCDM]+|#)[.)](?:\s|$)"
    r"|:[^\s:`][^:`]*:(?:\s|$)|--?\w|/\w|>>>|([!-/:-@\[-`{-~])\1{3,}\s*$|__(?:\s|$)")


@dataclass
class Block:
    kind: str  # "heading" or "paragraph"
    text: str  # reStructuredText inline markup
    plain: str  # the words alone
    level: int = 0
    emphasis: str = ""  # "em", "strong" or "both" when the whole paragraph is emphasised
    lines: list[str] = field(default_factory=list)  # the words alone, line by line


@dataclass
class Statement:
    title: str
    blocks: list[Block] = field(default_factory=list)
    author: str = ""
    date: str = ""

    def slug(self) -> str:
        return slugify(self.title)


def _escape(text: str) -> str:
    escaped = _RST_SPECIAL.sub(r"\\\1", text)
    escaped = _REFERENCE_END.sub(lambda end: "\\_" * len(end[0]), escaped)
    return _UNSAFE_SCHEME.sub(r"\1\\:", escaped)


def _literal(content: str) -> str:
    """A code span as an inline literal, where reStructuredText reads it as one: a literal
    ends at the first two backquotes that end a word, so contents holding one, or starting or
    ending with a space or a backquote, are written as words."""
    if (not content or "``" in content or content[0].isspace() or content[-1].isspace()
            or "`" in (content[0], content[-1])):
        return _escape(content)
    return f"{_OPEN}``{content}``{_CLOSE}"


def _literals_apart(text: str) -> str:
    """Each literal set apart from a word it touches (``\\ ``, which reStructuredText reads
    as nothing): the `Widget`s of Markdown is ``Widget``\\ s, else no literal at all."""
    text = re.sub(rf"(?<=[^\s\-:/'\"<(\[{{]){_OPEN}", r"\\ ", text)
    text = re.sub(rf"{_CLOSE}(?=[^\s\-.,:;!?\\/'\")\]}}>])", r"\\ ", text)
    return text.replace(_OPEN, "").replace(_CLOSE, "")


def _checked(text: str, plain: str, links: int, literals: list[str]) -> str:
    """``text`` if reStructuredText reads in it only what the importer writes (emphasis,
    strong, its literals, its links, to safe addresses); else the paragraph's words alone,
    escaped. Whatever the text held, a source brought in never gains a role (``:download:``
    copies a server's file into the site), a directive, a substitution or a footnote."""
    markup = analyse(text)
    if (set(markup.counts) - _WRITTEN or markup.counts.get("reference", 0) != links
            or list(markup.literals) != literals
            or markup.roles or markup.directives or markup.substitutions or markup.references
            or markup.blocks or markup.problems or markup.too_long
            or any(is_unsafe_url(url) for url in markup.urls)):
        return _escape(plain)
    return text


def _as_words(text: str) -> str:
    """A line of the source that reStructuredText reads as the words it holds (its inline
    markup escaped already), never as a directive, a list or a field."""
    return "\\" + text if _RST_BLOCK_START.match(text) else text


def _one_line(text: str) -> str:
    """A value of the statement directive's options: one line (a line break would end the
    directive and let the rest be read as markup of its own)."""
    return " ".join(text.split())


class _Runs:
    """A paragraph's pieces, each plain or emphasised (``*``, ``**``): the pieces of one
    emphasis are written as one run, its spaces outside its marks (reStructuredText ends no
    emphasis after a space, and nests none: strong wins). A piece after a link that starts
    with "_" has it escaped (else the link would read as an anonymous one, the "_" lost)."""

    def __init__(self) -> None:
        self.pieces: list[tuple[str, str]] = []
        self.after_link = False

    def add(self, mark: str, text: str, link: bool = False) -> None:
        if self.after_link and text.startswith("_"):
            text = "\\" + text
        self.after_link = link
        if self.pieces and self.pieces[-1][0] == mark and mark and not link:
            self.pieces[-1] = (mark, self.pieces[-1][1] + text)
        else:
            self.pieces.append((mark, text))

    def text(self) -> str:
        written = []
        for mark, text in self.pieces:
            core = text.strip()
            if mark and core:
                lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
                text = f"{lead}{mark}{core}{mark}{trail}"
            written.append(text)
        return "".join(written)


def _inline(token: Token) -> tuple[str, str, str, list[str]]:
    """reStructuredText, plain text, whole-paragraph emphasis and lines of one inline token."""
    runs = _Runs()
    plain: list[str] = []
    stack: list[str] = []
    link: list[str] | None = None
    href = ""
    kinds: set[str] = set()
    covered = True
    links, literals = 0, []
    for child in token.children or []:
        if child.type in {"em_open", "strong_open"}:
            stack.append(child.type[:-5])
            kinds.add(child.type[:-5])
        elif child.type in {"em_close", "strong_close"}:
            stack.pop()
        elif child.type == "link_open":
            link, href = [], child.attrs.get("href", "")
        elif child.type == "link_close":
            label = "".join(link or [])
            real = bool(href) and not str(href).startswith("#")
            runs.add("", f"`{label} <{href}>`_" if real else label, link=real)
            links += bool(real)
            link = None
        elif child.type in {"text", "code_inline", "softbreak", "hardbreak"}:
            is_break = child.type.endswith("break")
            content = " " if is_break else child.content
            if content.strip() and not stack:
                covered = False
            plain.append("\n" if is_break else content)
            mark = ("**" if "strong" in stack else "*") if stack else ""
            if link is not None:  # (nothing nests: a link's label is words)
                link.append(_escape(content))
            elif child.type == "code_inline" and not mark:
                content = _literal(content)
                literals += [child.content] if content.startswith(_OPEN) else []
                runs.add("", content)
            else:  # (code in emphasis too is written as words)
                runs.add(mark, _escape(content))
    text = _literals_apart(runs.text().strip())
    words = " ".join("".join(plain).split())
    text = _checked(text, words, links, literals) if text != _escape(words) else text
    emphasis = "" if not covered or not kinds else ("both" if len(kinds) == 2 else kinds.pop())
    lines = [" ".join(line.split()) for line in "".join(plain).split("\n") if line.strip()]
    return text, words, emphasis, lines


def parse_statements(source: str) -> list[Statement]:
    """The statements of a Markdown or plain-text file, split at thematic breaks (---)."""
    # (A byte-order mark, as some editors save, is no part of the title; control characters,
    # which no statement holds, are dropped: XLIFF could not carry them.)
    source = _CONTROLS.sub("", source.removeprefix("\ufeff"))
    tokens = MarkdownIt("commonmark").parse(source)
    statements: list[Statement] = []
    current: list[Block] = []
    groups = [current]
    for index, token in enumerate(tokens):
        if token.type == "hr":
            current = []
            groups.append(current)
        elif token.type == "inline":
            opener = tokens[index - 1]
            text, plain, emphasis, lines = _inline(token)
            if opener.type == "heading_open":
                current.append(Block("heading", plain, plain, int(opener.tag[1:])))
            elif opener.type == "paragraph_open" and plain:
                current.append(Block("paragraph", text, plain, emphasis=emphasis, lines=lines))
    for blocks in groups:
        if not blocks:
            continue
        if blocks[0].kind == "heading":
            title, body = blocks[0].text, blocks[1:]
        else:  # plain text: the first line is the title
            title, body = blocks[0].plain, blocks[1:]
        statement = Statement(title, body)
        _take_signature(statement)  # before joining: a signature line ends no sentence
        statement.blocks = _join_page_breaks(statement.blocks)
        statements.append(statement)
    return statements


def _join_page_breaks(blocks: list[Block]) -> list[Block]:
    """Join a paragraph that stops mid-sentence with the paragraph that follows it."""
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (previous and previous.kind == block.kind == "paragraph"
                and not previous.emphasis and not block.emphasis
                and not previous.plain.endswith(_SENTENCE_END)
                and not _as_date(previous.plain)):
            previous.text = f"{previous.text} {block.text}"
            previous.plain = f"{previous.plain} {block.plain}"
        else:
            joined.append(block)
    return joined


def _as_date(text: str) -> str:
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), pattern).date().isoformat()
        except ValueError:
            continue
    return ""


def _is_signature(line: str) -> bool:
    return len(line.split()) <= 6 and not line.endswith(_SENTENCE_END)


def _split_signature_block(blocks: list[Block]) -> None:
    """A signature and its date written on consecutive lines (one Markdown paragraph) are
    read as if a blank line separated them."""
    last = blocks[-1] if blocks else None
    if (last is None or last.kind != "paragraph" or last.emphasis or len(last.lines) != 2
            or not any(_as_date(line) for line in last.lines)
            or not all(_as_date(line) or _is_signature(line) for line in last.lines)):
        return
    blocks[-1:] = [Block("paragraph", _escape(line), line, lines=[line]) for line in last.lines]


def _take_signature(statement: Statement) -> None:
    """A date and a short signature line at the end become metadata, not text."""
    blocks = statement.blocks
    _split_signature_block(blocks)
    for _ in range(2):
        if not blocks or blocks[-1].kind != "paragraph" or blocks[-1].emphasis:
            return
        last = blocks[-1].plain
        date = _as_date(last)
        if date and not statement.date:
            statement.date = date
        elif not statement.author and _is_signature(last):
            statement.author = last
        else:
            return
        blocks.pop()


def to_rst(statement: Statement, author: str, original_language: str) -> str:
    """The statement as a source document of this project."""
    title = _as_words(_escape(statement.title))
    lines = [title, "=" * len(title), "", ".. statement::", f"   :author: {_one_line(author)}"]
    if statement.date:
        lines.append(f"   :date: {statement.date}")
    lines += [f"   :original-language: {original_language}", ""]
    first_paragraph = True
    for block in statement.blocks:
        if block.kind == "heading":
            heading = _as_words(_escape(block.text))
            lines += [heading, "-" * len(heading), ""]
            continue
        if first_paragraph and block.emphasis == "em":
            lines += [".. rst-class:: standfirst", ""]
        elif block.emphasis in {"strong", "both"}:
            lines += [".. rst-class:: rallying-cry", ""]
        elif block.emphasis == "em" and block is statement.blocks[-1]:
            lines += [".. rst-class:: closing-line", ""]
        first_paragraph = False
        lines += [_as_words(block.text), ""]
    return "\n".join(lines)


def import_file(
    project: Project,
    path: Path,
    *,
    slug: str | None = None,
    author: str | None = None,
    original_language: str | None = None,
    overwrite: bool = False,
) -> list[Path]:
    """Write one source document per statement of ``path``; return their paths.

    Nothing is written unless every statement can be: a missing author, a taken slug or an
    unreadable file stops the import before any file changes.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EditionsError(f"cannot read the statement file: {exc}", path,
                            hint="give a UTF-8 Markdown or text file") from exc
    return import_text(project, text, path, ImportOptions(slug, author, original_language,
                                                          overwrite))


@dataclass(frozen=True)
class ImportOptions:
    """What the command (or the workspace's desk) chose for every statement of one text."""

    slug: str | None = None  # the one statement's slug, when given
    author: str | None = None  # the signatory of a statement that names none
    original_language: str | None = None  # default: conf.py's language
    overwrite: bool = False  # whether a statement with the same slug may be replaced


@dataclass
class ImportRefused(EditionsError):
    """Why none of a text's statements can be brought in. The message is the command's;
    ``rule`` names the rule broken (one of ``REFUSALS``) and ``values`` its particulars, for
    the workspace's desk to say it in its reader's language."""

    rule: str = ""
    values: dict[str, object] = field(default_factory=dict)


#: The rules an import may break, each checked here once, for the command and the desk.
REFUSALS = ("none", "one-slug", "slug", "reserved", "empty", "unsigned", "taken", "twice")


@dataclass(frozen=True)
class PlannedStatement:
    """A statement of the text, as it would be written: where, and signed by whom."""

    statement: Statement
    target: Path
    signatory: str


def plan_import(project: Project, text: str, where: Path | str,
                options: ImportOptions = ImportOptions()) -> list[PlannedStatement]:
    """What bringing ``text`` in would write, or an ``ImportRefused`` saying why nothing
    can be: every rule a statement's name and signature must follow, for every front end."""
    path = Path(where)
    slug = options.slug
    statements = parse_statements(text)
    if not statements:
        raise ImportRefused("no statement found in this file", path,
                            hint="a statement starts with its title line", rule="none")
    if slug and len(statements) > 1:
        raise ImportRefused(f"--slug names one statement, but the file holds "
                            f"{len(statements)}", path, hint="leave --slug out",
                            rule="one-slug", values={"count": len(statements)})
    if slug:
        try:
            validate_slug(slug)
        except EditionsError as exc:
            raise ImportRefused(exc.message, path, hint=exc.hint,
                                rule="reserved" if slug in RESERVED else "slug",
                                values={"slug": slug, "example": slugify(slug)}) from exc
    planned: list[PlannedStatement] = []
    for statement in statements:
        planned.append(_planned(project, path, statement, options, planned))
    return planned


def _planned(project: Project, path: Path, statement: Statement, options: ImportOptions,
             before: list[PlannedStatement]) -> PlannedStatement:
    """One statement's name and signatory, checked against the project and the statements
    of the same text before it."""
    if not any(block.kind == "paragraph" and any(char.isalnum() for char in block.plain)
               for block in statement.blocks):
        raise ImportRefused(f"{statement.title!r} has a title but no paragraph", path,
                            hint="put the statement's text under its title", rule="empty",
                            values={"title": statement.title})
    signatory = (statement.author or options.author or "").strip()
    if not signatory:
        raise ImportRefused(f"no signature found for {statement.title!r}", path,
                            hint="give the author or signatory body with --author",
                            rule="unsigned", values={"title": statement.title})
    target = project.srcdir / f"{options.slug or statement.slug()}.rst"
    name = {"slug": target.stem}
    if target.stem == project.root_doc or target.stem in RESERVED:
        raise ImportRefused(f"the slug {target.stem!r} is the name of a page every edition "
                            "has", target, hint="choose another --slug", rule="reserved",
                            values=name)
    if target.exists() and not options.overwrite:
        raise ImportRefused("a statement with this slug exists already", target,
                            hint="choose another --slug, or --overwrite it", rule="taken",
                            values=name)
    if any(target == other.target for other in before):
        raise ImportRefused(f"two statements of the file have the slug {target.stem!r}",
                            path, hint="give them different titles", rule="twice",
                            values=name)
    return PlannedStatement(statement, target, signatory)


def brought_in_already(project: Project, text: str,
                       options: ImportOptions = ImportOptions()) -> list[Path]:
    """The sources ``text`` would write, where every one exists already holding just that
    (the same text brought in twice, a form sent twice); else none."""
    try:
        planned = plan_import(project, text, "-", dataclasses.replace(options, overwrite=True))
    except ImportRefused:
        return []
    language = languages.validate(options.original_language or project.source_language)
    for plan in planned:
        written = to_rst(plan.statement, plan.signatory, language).encode()
        if not plan.target.is_file() or plan.target.read_bytes() != written:
            return []
    return [plan.target for plan in planned]


def import_text(project: Project, text: str, where: Path | str,
                options: ImportOptions = ImportOptions()) -> list[Path]:
    """``import_file`` on text already read (a file, or what the workspace's desk was
    given): ``where`` names it in messages. Nothing is written unless every statement can be
    (``plan_import``, under the project's lock)."""
    language = languages.validate(options.original_language or project.source_language)
    with project_lock(project):
        planned = plan_import(project, text, where, options)
        write_all({plan.target: to_rst(plan.statement, plan.signatory, language).encode()
                   for plan in planned})
    return [plan.target for plan in planned]


def new_statement(
    project: Project,
    title: str,
    *,
    author: str,
    date: str | None = None,
    slug: str | None = None,
    original_language: str | None = None,
) -> Path:
    """Write a skeleton statement (title, metadata, standfirst to write) into the sources."""
    title = " ".join(title.split())  # (a line break would leave the statement untitled)
    if not title or not author.strip():
        raise EditionsError("a statement needs a title and an author")
    if date:
        try:
            date = dt.date.fromisoformat(date).isoformat()
        except ValueError:
            raise EditionsError(f"the date {date!r} is not a date",
                                hint="write it as YYYY-MM-DD, e.g. 2025-07-13") from None
    statement = Statement(title, [Block(
        "paragraph", "*The standfirst: one or two sentences that sum the statement up.*",
        "The standfirst", emphasis="em",
    ), Block("paragraph", "The text of the statement, one paragraph per paragraph.", "")],
        date=date or "")
    target = project.srcdir / f"{validate_slug(slug) if slug else statement.slug()}.rst"
    if target.stem == project.root_doc:
        raise EditionsError(f"the slug {target.stem!r} is the edition's index", target,
                            hint="choose another --slug")
    language = languages.validate(original_language or project.source_language)
    with project_lock(project):
        if target.exists():
            raise EditionsError("a statement with this slug exists already", target,
                                hint="choose another --slug")
        atomic_write(target, to_rst(statement, author.strip(), language).encode("utf-8"))
    return target
