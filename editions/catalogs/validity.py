"""What GNU msgfmt --check refuses in a PO file that is well formed, and what would make a tool
change its data: the header (one, whole, in UTF-8, with plural forms gettext can evaluate),
duplicate entries, plural forms, line breaks at the edges of a translation, placeholders.

Each check reads what babel parsed and, where babel keeps too little of the file, the text
itself; polib is asked only for the rare file that needs line numbers babel does not keep.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gettext
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import unescape

from ..checks.messages import Msg, Quoted, msg, plural_msg
from ..errors import EditionsError
from ..wording import counted
from .syntax import FIX_HINT

if TYPE_CHECKING:
    import polib

_HEADER = re.compile(r'[ \t]*msgid[ \t]+""[ \t]*\r?\n(?:[ \t]*""[ \t]*\r?\n)*[ \t]*msgstr[ \t]')
_CONTEXT_LINE = re.compile(r'[ \t]*msgctxt[ \t]|[ \t]*"')
_FIELD_NAME = re.compile(r"[!-9;-~]+")  # a mail header's name: printable ASCII but ":"
_CHARSET = re.compile(r"charset\s*=\s*([^;\s]+)", re.IGNORECASE)
_DATE = re.compile(r"(.*?)([+-]\d{4})?")
_DATE_FIELDS = {"pot-creation-date", "po-revision-date"}
#: A ``#,`` line that declares a format (c-format, python-format …), as written in the file.
FORMAT_FLAG = re.compile(r"^[ \t]*#,.*\b[a-z-]+-format\b", re.MULTILINE)


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def is_utf8(charset: str) -> bool:
    return charset.lower().replace("_", "-") in {"utf-8", "utf8"}


def _lines_from(text: str, start: int) -> Iterator[tuple[int, str]]:
    """(offset, line) of each line from ``start`` on, read no further than asked."""
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield start, text[start:end]
        start = end + 1


class Header:
    """The header entry as written: where it starts and ends, and its text."""

    def __init__(self, text: str, start: int) -> None:
        self.start, self.line = start, _line_of(text, start)
        lines = _lines_from(text, start)
        next(lines)  # the msgid "" line
        offset, line = next(lines, (len(text), ""))
        while line.strip().startswith('""'):  # the msgid's own (empty) continuation strings
            offset, line = next(lines, (len(text), ""))
        offset, line = next(lines, (len(text), ""))  # (past the msgstr line)
        while line.strip().startswith('"'):
            offset, line = next(lines, (len(text), ""))
        self.end = offset
        self.block = text[start:offset]


@functools.lru_cache(maxsize=1024)
def _fields(block: str) -> tuple[tuple[int, str], ...]:
    """Each line of a header entry's msgstr, with the line of the block it starts on (from 1).
    (Cached: the catalogs of a language mostly share their header.)"""
    strings = []
    for lineno, line in enumerate(block.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("msgstr"):
            strings.append((lineno, stripped[len("msgstr"):].strip()))
        elif strings and stripped.startswith('"'):
            strings.append((lineno, stripped))
    fields: list[tuple[int, str]] = []
    current, first = "", 0
    for lineno, string in strings:
        piece = unescape(string)
        if piece and not current:
            first = lineno  # a field starts on this line
        current += piece
        while "\n" in current:
            field, current = current.split("\n", 1)
            fields.append((first, field))
            first = lineno
    if current:
        fields.append((first, current))
    return tuple(fields)


#: The header fields babel reads into its catalog and writes again; any other (Poedit's
#: X-Generator, X-Poedit-Basepath …) is kept by the writer as it was read.
BABEL_FIELDS = frozenset({
    "project-id-version", "report-msgid-bugs-to", "pot-creation-date", "po-revision-date",
    "last-translator", "language", "language-team", "plural-forms", "mime-version",
    "content-type", "content-transfer-encoding", "generated-by",
})


def foreign_fields(header: Header) -> tuple[tuple[str, str], ...]:
    """The header's fields that babel would drop, in their order: (name, value)."""
    kept = []
    for _lineno, field in _fields(header.block):
        name, colon, value = field.partition(":")
        if colon and name.strip() and name.strip().lower() not in BABEL_FIELDS:
            kept.append((name.strip(), value.strip()))
    return tuple(kept)


def _values(fields: tuple[tuple[int, str], ...], name: str) -> Iterator[tuple[int, str]]:
    for lineno, field in fields:
        key, _, value = field.partition(":")
        if key.strip().lower() == name:
            yield lineno, value.strip()


def _header_starts(text: str) -> Iterator[int]:
    """Where each ``msgid ""`` entry with an empty msgstr name line starts (found by a literal
    search: a MULTILINE ``^`` pattern would be tried at every character of the file)."""
    position = text.find('msgid ""')
    while position >= 0:
        line_start = text.rfind("\n", 0, position) + 1
        if _HEADER.match(text, line_start):
            yield line_start
        position = text.find('msgid ""', position + 8)


def find_header(text: str, path: Path | str, *, every: bool = False) -> Header:
    """The header entry (``msgid ""`` with no context), or an error that says what is wrong.
    ``every`` also looks for a second one, at the cost of a look at every empty msgid line:
    only when babel read an entry more than it kept (see ``check_duplicates``)."""
    headers = []
    for start in _header_starts(text):
        above = text.rfind("\n", 0, max(start - 1, 0))
        previous_line = text[above + 1: start]
        if _CONTEXT_LINE.match(previous_line):
            raise EditionsError(
                'an entry with a context (msgctxt) and no source text (msgid ""): gettext '
                "takes it for a second header", path, _line_of(text, start),
                "give it its source text, or delete it",
            )
        headers.append(start)
        if len(headers) == 2 or not every:
            break
    if not headers:
        raise EditionsError(
            'the file has no header entry (msgid "" with its Content-Type)', path, 1,
            "copy the header of another catalog of the language (Poedit adds one)",
        )
    if len(headers) > 1:
        raise EditionsError(
            "a second header entry (as two catalogs pasted one after the other have): the "
            f"first is at line {_line_of(text, headers[0])}", path,
            _line_of(text, headers[1]), "keep the first header and delete this one",
        )
    return Header(text, headers[0])


def check_header(header: Header, path: Path | str, language: str | None = None) -> None:
    """Every line ``Name: value``, the charset UTF-8, dates and plural forms gettext reads."""
    problem = _header_problem(header.block, language)
    if problem:
        lineno, message, hint = problem
        raise EditionsError(message, path, header.line + lineno - 1, hint)


@functools.lru_cache(maxsize=1024)
def _header_problem(block: str, language: str | None) -> tuple[int, str, str] | None:
    """(line in the block, message, hint) of what is wrong with a header, or None."""
    fields = _fields(block)
    for lineno, field in fields:
        name, colon, _value = field.partition(":")
        if field and (not colon or not _FIELD_NAME.fullmatch(name)):
            return (lineno, f"a header line that is not 'Name: value': {field[:60]!r}",
                    "write it as Name: value, with no space in the name (e.g. Reviewed-By: …), "
                    "or put it in a # comment above the header; the lines after it would be "
                    "lost")
    for lineno, value in _values(fields, "content-type"):
        charset = _CHARSET.search(value)
        if charset and not is_utf8(charset.group(1)):
            return (lineno, f"the header says the file is in {charset.group(1)}, but it is "
                    "UTF-8 (as every catalog here is)",
                    'make that line "Content-Type: text/plain; charset=UTF-8\\n"')
    for lineno, field in fields:
        name, _, value = field.partition(":")
        if name.strip().lower() in _DATE_FIELDS and not _is_date(value.strip()):
            return (lineno, f"the header's {name.strip()} {value.strip()!r} is not a date as "
                    "gettext writes it",
                    "write it as YYYY-MM-DD HH:MM+ZZZZ, e.g. 2025-07-13 18:30+0200")
    for lineno, value in _values(fields, "plural-forms"):
        problem = _plural_forms_problem(value)
        if problem:
            return (lineno, f"the header's Plural-Forms {problem}",
                    _plural_forms_hint(language))
    return None


@functools.lru_cache(maxsize=1024)
def _is_date(value: str) -> bool:
    """Whether babel reads this header date (as msgfmt does; blank and "YEAR…" are left)."""
    if not value or "YEAR" in value:
        return True
    moment = _DATE.fullmatch(value)
    try:
        dt.datetime.strptime(moment.group(1) if moment else "", "%Y-%m-%d %H:%M")
    except ValueError:
        return False
    return True


def _plural_forms_hint(language: str | None) -> str:
    if language:
        from babel.messages.plurals import get_plural

        with contextlib.suppress(KeyError, ValueError):
            return f"for {language} it is: Plural-Forms: {get_plural(language).plural_forms}"
    return "copy your language's line from another catalog (Poedit: Translation › Properties)"


@functools.lru_cache(maxsize=256)
def _plural_forms_problem(value: str) -> str:
    """What gettext would refuse in a Plural-Forms value ("" if nothing): worked out once per
    value, which every catalog of a language shares."""
    count = re.search(r"nplurals\s*=\s*(\d+)", value)
    expression = re.search(r"plural\s*=\s*([^;]*)", value)
    if not count or not expression:
        return "needs nplurals=N; plural=EXPRESSION;"
    number = int(count.group(1))
    if number < 1:
        return "says nplurals=0: a language has at least one form"
    try:
        plural = gettext.c2py(expression.group(1).strip())
    except (ValueError, SyntaxError, RecursionError):
        return f"has an expression gettext cannot read: {expression.group(1).strip()!r}"
    for n in (*range(1001), 10_000, 100_000, 1_000_000, 10**9):
        try:
            form = plural(n)
        except ZeroDivisionError:
            return f"divides by zero for n = {n}"
        if not 0 <= form < number:
            return f"gives form {form} for n = {n}, but nplurals is {number}"
    return ""


def check_duplicates(catalog: Catalog, text: str, path: Path | str, entries: int) -> None:
    """Two entries with the same msgctxt and msgid, which babel merges and msgfmt refuses:
    babel read ``entries`` (the header included) and kept fewer."""
    live = set(catalog._messages)  # (babel's own keys: msgid, or (msgid, msgctxt))
    if entries == len(live) + len(catalog.obsolete) + 1 and not live & set(catalog.obsolete):
        return
    find_header(text, path, every=True)  # babel takes a second header, or an entry with a
    seen: dict[tuple[str | None, str], int] = {}  # context and no msgid, for its header
    for entry in polib_entries(text, path):
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise EditionsError(
                f"a second entry for the same source text (the first is at line {seen[key]})",
                path, entry.linenum, "keep one of the two entries, with the translation you "
                "want, and delete the other",
            )
        seen[key] = entry.linenum


def polib_entries(text: str, path: Path | str) -> polib.POFile:
    """The entries as polib reads them from a file (with their lines), for the rare catalogs
    that need it. (Given a string, polib would split it at every line break Python knows.)"""
    import polib

    with _as_file(text) as name:
        try:
            return polib.pofile(name)
        except (OSError, ValueError, UnicodeError) as exc:
            raise EditionsError(f"unreadable catalog: {exc}", path, hint=FIX_HINT) from exc


class _as_file:
    """``text`` in a temporary file, removed afterwards."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __enter__(self) -> str:
        handle, self.name = tempfile.mkstemp(suffix=".po", prefix="editions-")
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(self.text)
        return self.name

    def __exit__(self, *exc_info: object) -> None:
        os.unlink(self.name)


def check_plural_forms(text: str, path: Path | str) -> None:
    """Each plural entry has exactly the header's number of forms, numbered from 0 in order."""
    entries = polib_entries(text, path)
    plural_forms = entries.metadata.get("Plural-Forms", "")
    match = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)
    for entry in entries:
        if not entry.msgid_plural:
            continue
        what = "this obsolete entry" if entry.obsolete else "this entry"
        if match is None or "plural=" not in plural_forms:
            raise EditionsError(
                f"{what} has plural forms, but the header has no Plural-Forms line",
                path, entry.linenum,
                "add the language's Plural-Forms line to the header (Poedit: Translation › "
                "Properties)",
            )
        forms = list(entry.msgstr_plural)  # in the file's order
        wanted = int(match.group(1))
        if forms != list(range(wanted)):
            numbered = ", ".join(f"msgstr[{form}]" for form in forms)
            raise EditionsError(
                f"{what} has {counted(len(forms), 'plural form')} ({numbered}); the "
                f"header's Plural-Forms says {wanted}, numbered from 0", path, entry.linenum,
                f"give it msgstr[0] to msgstr[{wanted - 1}]"
                + (", or delete it" if entry.obsolete else ""),
            )


def line_break_problem(message: Message) -> tuple[str, str]:
    """How a translation's line breaks at its start or end differ from its source's, as
    msgfmt refuses them, and what to do (("", "") if they do not)."""
    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    for edge, test in (("begin", str.startswith), ("end", str.endswith)):
        wanted = test(ids[0], "\n")
        if any(test(text, "\n") != wanted for text in (*ids, *strings) if text):
            where = "start" if edge == "begin" else "end"
            return (f"the source and its translation do not both {edge} with a line break "
                    "(\\n)", f"{'add' if wanted else 'remove'} the line break at the {where} "
                    "of the translation, as in the source")
    return "", ""


#: Control characters (C0 and C1) but tab and line feed: invisible to readers, refused by XML
#: (XLIFF) and never typed on purpose; and, by the same rule, the line and paragraph
#: separators (a browser or a word processor's, which Sphinx does not read as a break) and
#: U+FFFD, the mark a decoder leaves where bytes were damaged on their way.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffd]")
#: What a PO file holds where any translation of it has a control character or a tab.
_MAY_HOLD_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffd]|\\[rt]")
_CONTROL_NAMES = {"\x00": "null", "\x07": "bell", "\x08": "backspace", "\t": "tab",
                  "\r": "carriage return", "\x1b": "escape", "\x7f": "delete",
                  "\x85": "next line", "\u2028": "line separator",
                  "\u2029": "paragraph separator"}


#: Characters that show as nothing, though neither white space nor format controls: Hangul
#: and braille fillers.
_FILLERS = frozenset("\u115f\u1160\u3164\u2800\uffa0")


def is_blank(text: str) -> bool:
    """Whether a translation shows nothing at all (spaces, no-break spaces, zero-width and
    other invisible characters): treated as no translation by every writer, so that it
    never replaces one."""
    return all(char.isspace() or char in _FILLERS or unicodedata.category(char) in ("Cf", "Cc")
               for char in text)


def control_problem(source: str, translation: str, *, inner_line_breaks: bool = True
                    ) -> Msg | str:
    """A control character the translation holds that its source does not ("" if none),
    said in words a volunteer can read in their language (``checks.messages.render``).

    May stand in a translation: what its source holds, and line feeds (inside a paragraph
    Sphinx reads one as a space; those at its ends are ``line_break_problem``'s) unless
    ``inner_line_breaks`` is False, as in a browser's field where one is an Enter pressed.
    """
    found = _CONTROL.search(translation)
    if found is None and "\t" not in translation and (inner_line_breaks
                                                       or "\n" not in translation):
        return ""
    for char in dict.fromkeys(translation):
        if char in source or not (_CONTROL.match(char) or char == "\t" or (
                char == "\n" and not inner_line_breaks)):
            continue
        if char == "\n":
            return msg("the translation has a line break (U+000A) that its source does not: "
                       "join its lines into one")
        if char == "\ufffd":
            return msg("the translation holds U+FFFD REPLACEMENT CHARACTER (�), the mark of "
                       "text damaged on its way, that its source does not: retype the damaged "
                       "words")
        name = _CONTROL_NAMES.get(char, "control character")
        return msg("the translation holds an invisible control character (%(character)s) that "
                   "its source does not", character=Quoted(f"U+{ord(char):04X} {name}"))
    return ""


def control_character(text: str) -> str:
    """The first control character (by ``control_problem``'s rule) ``text`` holds, else ""."""
    found = _CONTROL.search(text)
    return found.group() if found else ""


def longest_translation(source: str) -> int:
    """The most characters a translation of ``source`` may have: five times its source and a
    thousand more is far beyond any language's translation of it, and bounds the work a
    paste makes every writer do."""
    return 5 * len(source) + 1000


def translation_problem(source: str, translation: str, *, inner_line_breaks: bool = True
                        ) -> Msg | str:
    """Why no catalog may be given this translation of ``source`` ("" if it may): its length,
    else a control character (``control_problem``). The one rule of every writer: the
    workspace, its suggestions and the XLIFF import."""
    limit = longest_translation(source)
    if len(translation) > limit:
        return plural_msg(
            len(translation), "the translation is %(count)s character long, for a source of "
            "%(source)s: at most %(limit)s are taken; paste the translation of this segment "
            "only", "the translation is %(count)s characters long, for a source of %(source)s: "
            "at most %(limit)s are taken; paste the translation of this segment only",
            source=len(source), limit=limit)
    return control_problem(source, translation, inner_line_breaks=inner_line_breaks)


def check_controls(catalog: Catalog, text: str, path: Path | str) -> None:
    """No translation holds a control character its source lacks (a NUL would pass msgfmt
    and the build, and make every XLIFF export unreadable)."""
    if not _MAY_HOLD_CONTROL.search(text):
        return
    for message in catalog._messages.values():  # (not the header)
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (
            message.string,)
        for string in strings:
            problem = control_problem("".join(ids), string or "")
            if problem:
                raise EditionsError(str(problem), path, message.lineno,
                                    "delete it; retype the segment if you cannot see it")


def check_line_breaks(catalog: Catalog, text: str, header: Header, path: Path | str) -> None:
    if text.find("\\n", header.end) < 0 and "msgid " not in text[: header.start]:
        return  # no string but the header's holds a line break: none begins or ends with one
    for message in catalog._messages.values():  # (not the header)
        if message.string and not message.fuzzy:
            problem, what_to_do = line_break_problem(message)
            if problem:
                raise EditionsError(problem, path, message.lineno, what_to_do)


def check_formats(text: str, path: Path | str) -> None:
    """Entries the file declares format strings (``#, c-format``, ``python-format`` …) keep
    the source's placeholders, by msgfmt's own rules for each format language, where
    msgfmt is installed (no catalog written here declares one: babel's guesses are dropped)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return
    with _as_file(text) as name:
        result = subprocess.run([msgfmt, "--check-format", "-o", os.devnull, name],
                                capture_output=True, text=True, check=False)
    if result.returncode == 0:
        return
    for line in result.stderr.splitlines():
        found = re.match(rf"{re.escape(name)}:(\d+)(?::\d+)?: (.*)", line)
        if found and "warning" not in found.group(2):
            raise EditionsError(
                f"msgfmt: {found.group(2)}", path, int(found.group(1)),
                "keep the source's placeholders (%s, %(name)s, {name} …), or take the format "
                "flag off the entry's #, line if its text is no format string",
            )
