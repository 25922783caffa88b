"""PO files read strictly and written faithfully: the one reader and writer of every catalog.

The model is babel's ``Catalog`` (what sphinx-intl merges). Around babel's reader and
writer this module adds what a volunteer's file needs and babel does not do:

- **Strict reading.** A file is refused, with its line and what to do, wherever GNU
  ``msgfmt --check`` would refuse it (syntax, a byte-order mark, duplicate entries, plural
  forms that do not match the header, line breaks that differ at the start or end of a
  translation) and where babel would change its data without a word (a header declaring
  another encoding than the file's UTF-8, escapes babel does not decode). A grammar of the
  whole file is matched by one regular expression; only a file it rejects is read line by
  line, to say where and why.
- **Previous source texts.** babel reads ``#|`` lines as translator comments and refuses
  ``#~|`` (python-babel/babel#206), and writes a long previous msgid as one wrapped comment
  that gettext cannot read. Here they are read into ``Message.previous_id`` and written line
  by line, as msgmerge writes them; obsolete entries keep their flags (a fuzzy translation
  stays fuzzy when its segment returns).

Everything else is babel's: its parser fills the catalog, its ``normalize`` wraps strings,
so that a catalog with nothing of the above is written byte for byte as babel writes it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, PoFileParser, normalize, unescape
from babel.util import TextWrapper

from ..errors import EditionsError
from ..wording import counted

if TYPE_CHECKING:
    import polib

#: Width of PO lines, as sphinx-intl writes them.
LINE_WIDTH = 76
FIX_HINT = "fix that line in a text editor or Poedit, then run the command again"
BOM = b"\xef\xbb\xbf"

# --- The grammar of a whole PO file -------------------------------------------------------
# A string: escapes that babel, polib and msgfmt all decode alike, no raw line break.
_ESCAPES = '\\"bfnrtv'
_STRING = r'"(?:[^"\\\n\r]++|\\[\\"bfnrtv])*+"'
_END = r"[ \t\r]*+(?:\n|\Z)"  # the end of a line (the CR of a CRLF file is white space)


def _field(prefix: str, keyword: str) -> str:
    """A keyword line and the string lines that continue it, all with the same prefix."""
    return (rf"[ \t]*+{prefix}{keyword}\x20[ \t]*+{_STRING}{_END}"
            rf"(?:[ \t]*+{prefix}{_STRING}{_END})*+")


_PLURAL_FORM = r"msgstr\[[0-9]++\]"


def _body(prefix: str) -> str:
    return (rf"(?:{_field(prefix, 'msgctxt')})?{_field(prefix, 'msgid')}"
            rf"(?:{_field(prefix, 'msgid_plural')}(?:{_field(prefix, _PLURAL_FORM)})++"
            rf"|{_field(prefix, 'msgstr')})")


def _previous(prefix: str) -> str:
    return (rf"(?:{_field(prefix, 'msgctxt')})?{_field(prefix, 'msgid')}"
            rf"(?:{_field(prefix, 'msgid_plural')})?")


# A comment: "#" alone or followed by one of . : , (or more "#"), then a space or the end of
# the line, as polib wants it (msgfmt takes "#anything").
_COMMENT = r"[ \t]*+#(?:[.:,]|\#*+)(?=[ \t\r\n]|\Z)[^\n]*+(?:\n|\Z)"
_LIVE, _OBSOLETE = "", r"\#~[ \t]*+"
_LIVE_PREVIOUS, _OBSOLETE_PREVIOUS = r"\#\|[ \t]*+", r"\#~\|[ \t]*+"
_ENTRY = (rf"(?:{_COMMENT})*+(?:(?:{_previous(_LIVE_PREVIOUS)}(?:{_COMMENT})*+)?{_body(_LIVE)}"
          rf"|(?:{_previous(_OBSOLETE_PREVIOUS)}(?:{_COMMENT})*+)?{_body(_OBSOLETE)})")
_FILE = re.compile(rf"(?:[ \t\r]*+\n|{_ENTRY}|{_COMMENT})*+")

# --- What the semantic checks look for in the text ----------------------------------------
_HEADER = re.compile(r'^[ \t]*msgid[ \t]+""[ \t\r]*\n(?:[ \t]*""[ \t\r]*\n)*[ \t]*msgstr[ \t]',
                     re.MULTILINE)
_CHARSET = re.compile(r'"Content-Type:[^"\n]*?charset=([^"\\\s;]+)')
_PREVIOUS_LINE = re.compile(r"^([ \t]*)#~?\|", re.MULTILINE)
#: babel keeps the previous-text lines, renamed to this, as extracted comments (the one
#: comment it keeps in order and attaches to obsolete entries too); no PO text holds it.
_PREVIOUS_MARK = "\ufdd0"


def load_catalog(path: Path, language: str | None = None) -> Catalog:
    """Read a PO file strictly: any error is an ``EditionsError`` naming its line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EditionsError(f"cannot read the catalog: {exc.strerror}", path) from exc
    return parse_catalog(data, path, language)


def parse_catalog(data: bytes, path: Path | str, language: str | None = None) -> Catalog:
    """Parse PO bytes strictly (``path`` names them in errors): see the module's rules."""
    if data.startswith(BOM):
        raise EditionsError(
            "the file starts with a byte-order mark (BOM), which msgfmt and other gettext "
            "tools refuse", path, 1,
            "save it as UTF-8 without BOM (your editor may call it 'UTF-8' rather than "
            "'UTF-8 with BOM'; Poedit saves it so)",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        lineno = data[: exc.start].count(b"\n") + 1
        declared = _CHARSET.search(data.decode("latin-1"))
        if declared and not _is_utf8(declared.group(1)):
            raise EditionsError(
                f"the file is not UTF-8 (its header says {declared.group(1)})", path, lineno,
                "save it as UTF-8 with charset=UTF-8 in its header (Poedit does so)",
            ) from exc
        raise EditionsError(
            "this line holds bytes that are not UTF-8 (a character saved in another encoding)",
            path, lineno, "type the character again in an editor that saves UTF-8, or save "
            "the whole file as UTF-8",
        ) from exc
    grammar = _FILE.match(text)
    if grammar.end() != len(text):
        raise diagnose(text, path)
    marked = (_PREVIOUS_LINE.sub(rf"\1#.{_PREVIOUS_MARK}|", text)
              if "#|" in text or "#~|" in text else text)
    if "msgid_plural" in text:
        _check_plurals(text, path)  # before babel, which says less about plural forms
    catalog = Catalog(locale=language, charset="utf-8")
    parser = PoFileParser(catalog, abort_invalid=True)  # (read_po, with its count kept)
    try:
        parser.parse(io.StringIO(marked))
    except PoFileError as exc:
        message = str(exc).rsplit(" on ", 1)[0]
        raise EditionsError(message.lower(), path, exc.lineno + 1, FIX_HINT) from exc
    except (ValueError, IndexError) as exc:
        raise EditionsError(f"unreadable catalog: {exc}", path, hint=FIX_HINT) from exc
    if marked is not text:
        _take_previous_ids(catalog)
    if PYTHON_FORMAT not in text:
        drop_guessed_formats(catalog)
    _check_meaning(catalog, text, path, parser.counter)
    return catalog


def messages_of(catalog: Catalog) -> list[Message]:
    """A catalog's entries but its header, live then obsolete. (Iterating a catalog makes
    babel format its header anew each time: for a status of many catalogs, too slow.)"""
    return [*catalog._messages.values(), *catalog.obsolete.values()]


#: The flag babel adds to every message whose text looks like a %-format string
#: (python-babel/babel#865): a guess, wrong for prose ("70% of"), that would make msgfmt
#: compare placeholders a translation rightly does not have.
PYTHON_FORMAT = "python-format"


def drop_guessed_formats(catalog: Catalog, kept: frozenset[str] | set[str] = frozenset()) -> None:
    """Take babel's guessed python-format flag off every message but those in ``kept``."""
    for message in messages_of(catalog):
        if PYTHON_FORMAT in message.flags and message.id not in kept:
            message.flags.discard(PYTHON_FORMAT)


# --- Line by line, for a file the grammar rejects -----------------------------------------
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[[0-9]+\]|msgstr)(?![\w\[])")
_ORDER = {"msgctxt": 0, "msgid": 1, "msgid_plural": 2, "msgstr": 3}
_ESCAPE_SHOWN = re.compile(r"\\(?:x[0-9A-Fa-f]*|[0-7]{1,3}|.?)")
_COMMENT_START = re.compile(r"#(?:[.:,]|#*)(?:[ \t\r]|$)")


def _string_problem(body: str) -> str:
    """What is wrong with the quoted string that starts ``body`` (or "")."""
    if not body.startswith('"'):
        return "a keyword is followed by its text between quotation marks"
    position = 1
    while position < len(body):
        char = body[position]
        if char == "\\":
            escape = body[position + 1: position + 2]
            if not escape or escape not in _ESCAPES:
                shown = _ESCAPE_SHOWN.match(body, position).group()
                return (f"“{shown}” is an escape that gettext tools read differently: write "
                        "the character itself (a backslash as \\\\, a quotation mark as \\\")")
            position += 2
            continue
        if char == "\r":
            return ("a carriage return (CR) inside the text, which some tools read as a line "
                    "break: delete it, or write \\r")
        if char == '"':
            rest = body[position + 1:].strip(" \t\r")
            if rest.startswith('"'):
                return ("two strings on one line: gettext tools write each string on a line of "
                        "its own (after #| too)")
            if rest:
                return ("text after the closing quotation mark: write a quotation mark inside "
                        "the text as \\\"")
            return ""
        position += 1
    return "string not closed by a quotation mark"


def diagnose(text: str, path: Path | str) -> EditionsError:
    """The first line of ``text`` that is not PO syntax, and what to do about it."""
    state = "between"  # "previous" (#| lines), "entry" (its msgstr to come) or "done"
    obsolete = False  # whether the current entry is (#~)
    last = ""  # the last keyword of the current block
    last_marker: str | None = None  # that of the line above, if a keyword or string line
    entry_line = 0
    plural = False  # whether the current entry has a msgid_plural

    def error(lineno: int, message: str) -> EditionsError:
        return EditionsError(message, path, lineno, FIX_HINT)

    for lineno, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip(" \t\r")
        marker = next((m for m in ("#~|", "#~", "#|") if stripped.startswith(m)), "")
        if stripped.startswith("#") and not marker and not _COMMENT_START.match(stripped):
            return error(lineno, "a comment line starts with '# ' (a space after the #), or "
                         "with #. #: #, followed by a space, as gettext tools write it")
        if not stripped or (stripped.startswith("#") and not marker):
            if state in {"previous", "entry"} and not stripped:
                return error(entry_line, "this entry has no msgstr: each msgid needs one, "
                             'even an empty one (msgstr "")')
            if state == "entry":
                return error(lineno, "a comment in the middle of an entry: comments go "
                             "above its msgid")
            state = "between" if not stripped and state == "done" else state
            last_marker = None
            continue
        rest = stripped[len(marker):].lstrip(" \t")
        keyword_match = _KEYWORD.match(rest)
        keyword = keyword_match.group(1) if keyword_match else ""
        if marker and not rest:
            return error(lineno, f"a {marker} line with nothing after it: delete it")
        if not keyword and not rest.startswith('"'):
            word = rest.split()[0] if rest.split() else rest
            what = ("this previous source text (#|) line" if "|" in marker
                    else "this obsolete entry (#~) line" if marker else "this line")
            return error(lineno, f"{what} holds {word!r}, which is not gettext syntax: a "
                         "line is a comment (#…), a keyword (msgid, msgstr …) with its text "
                         "in quotation marks, or a quoted string continuing the line above")
        body = rest[len(keyword):]
        if keyword and not body.startswith(" "):
            return error(lineno, f"put a space between {keyword} and its text")
        problem = _string_problem(body.lstrip(" \t"))
        if problem:
            return error(lineno, problem)
        if not keyword:
            if last_marker != marker:
                return error(lineno, "a string that continues no msgid or msgstr: put it "
                             "right under the line it continues, with the same #~ or #| "
                             "mark, or delete it")
            continue
        last_marker = marker
        kind = "msgstr" if keyword.startswith("msgstr") else keyword
        if "|" in marker:
            if state == "entry":
                return error(lineno, "a previous source text (#|) line in the middle of an "
                             "entry: it goes above the msgid")
            if kind == "msgstr":
                return error(lineno, "a previous source text (#|) holds no msgstr: delete "
                             "this line")
            if state == "previous" and _ORDER[kind] <= _ORDER[last]:
                return error(lineno, f"{keyword} twice in one previous source text (#|)")
            state, last, obsolete = "previous", kind, marker == "#~|"
            continue
        if state == "previous" and obsolete != (marker == "#~"):
            return error(lineno, "the previous source text and this entry disagree on being "
                         "obsolete: #~| goes above an obsolete (#~) entry, #| above a live one")
        plural_form = keyword.startswith("msgstr[")
        if kind in {"msgctxt", "msgid"} and state != "entry":
            state, last, obsolete, entry_line = "entry", kind, marker == "#~", lineno
            plural = False
            continue
        if state == "done" and plural and plural_form and obsolete == (marker == "#~"):
            continue  # the next form of a plural entry
        if state != "entry":
            return error(lineno, f"{keyword} without the msgid it translates: each entry is "
                         "msgid then msgstr")
        if obsolete != (marker == "#~"):
            return error(lineno, "part of this entry is marked obsolete (#~) and part is not: "
                         "mark every line of it, or none")
        if _ORDER[kind] <= _ORDER[last]:
            return error(lineno, f"{keyword} is out of place: an entry is msgctxt (optional), "
                         "msgid, msgid_plural (optional), then msgstr")
        if kind == "msgstr" and last == "msgctxt":
            return error(lineno, "this entry has no msgid before its msgstr")
        plural = plural or kind == "msgid_plural"
        if kind == "msgstr" and plural != plural_form:
            return error(lineno, "a plural entry (msgid_plural) has msgstr[0], msgstr[1] …; "
                         "any other entry a single msgstr")
        last = kind
        if kind == "msgstr":
            state = "done"
    if state in {"previous", "entry"}:
        return error(entry_line, "the file ends in the middle of an entry: it has no msgstr")
    return error(_first_rejected_line(text), "this line is not PO syntax as gettext writes it")


def _first_rejected_line(text: str) -> int:
    return text.count("\n", 0, _FILE.match(text).end()) + 1


# --- Previous source texts ----------------------------------------------------------------
def _take_previous_ids(catalog: Catalog) -> None:
    """Turn the marked ``#|`` lines babel kept as comments back into ``previous_id``."""
    for message in messages_of(catalog):
        if not any(c.startswith(_PREVIOUS_MARK) for c in message.auto_comments):
            continue
        fields: dict[str, list[str]] = {}
        current: list[str] = []
        comments = []
        for comment in message.auto_comments:
            if not comment.startswith(_PREVIOUS_MARK):
                comments.append(comment)
                continue
            line = comment[len(_PREVIOUS_MARK) + 1:].strip()
            keyword, _, string = line.partition(" ") if not line.startswith('"') else (
                "", "", line)
            if keyword:
                current = fields.setdefault(keyword, [])
            current.append(unescape(string.strip()))
        message.auto_comments = comments
        if "msgid" in fields:
            previous = ["".join(fields["msgid"])]
            if "msgid_plural" in fields:
                previous.append("".join(fields["msgid_plural"]))
            message.previous_id = previous


# --- What the text means, once parsed -----------------------------------------------------
def _is_utf8(charset: str) -> bool:
    return charset.lower().replace("_", "-") in {"utf-8", "utf8"}


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _check_meaning(catalog: Catalog, text: str, path: Path | str, entries: int) -> None:
    """What msgfmt --check refuses in a well-formed file, and a header babel would obey."""
    header = _HEADER.search(text)
    if header is None:
        raise EditionsError(
            'the file has no header entry (msgid "" with its Content-Type)', path, 1,
            "copy the header of another catalog of the language (Poedit adds one)",
        )
    header_end = text.find("\n\n", header.start())
    declared = _CHARSET.search(text, header.start(), len(text) if header_end < 0 else header_end)
    if declared and not _is_utf8(declared.group(1)):
        raise EditionsError(
            f"the header says the file is in {declared.group(1)}, but it is UTF-8 (as every "
            "catalog here is)", path, _line_of(text, declared.start()),
            'make that line "Content-Type: text/plain; charset=UTF-8\\n"',
        )
    _check_duplicates(catalog, text, path, entries)
    if text.find("\\n", max(header_end, 0)) < 0:
        return  # no string past the header holds a line break: none can begin or end with one
    for message in catalog._messages.values():  # (not the header: see messages_of)
        if not message.string or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (
            message.string,)
        for edge, test in (("begin", str.startswith), ("end", str.endswith)):
            wanted = test(ids[0], "\n")
            if any(test(text_, "\n") != wanted for text_ in (*ids, *strings) if text_):
                where = "start" if edge == "begin" else "end"
                raise EditionsError(
                    f"the source and its translation do not both {edge} with a line break "
                    "(\\n)", path, message.lineno,
                    f"{'add' if wanted else 'remove'} the \\n at the {where} of the "
                    "translation, as in the source",
                )


def _check_duplicates(catalog: Catalog, text: str, path: Path | str, entries: int) -> None:
    """Two entries with the same msgctxt and msgid, which babel merges and msgfmt refuses:
    babel read ``entries`` (the header included) and kept fewer."""
    live = set(catalog._messages)  # (babel's own keys: msgid, or (msgid, msgctxt))
    if entries == len(live) + len(catalog.obsolete) + 1 and not live & set(catalog.obsolete):
        return
    seen: dict[tuple[str | None, str], int] = {}
    for entry in _polib_entries(text, path):
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise EditionsError(
                f"a second entry for the same source text (the first is at line {seen[key]})",
                path, entry.linenum, "keep one of the two entries, with the translation you "
                "want, and delete the other",
            )
        seen[key] = entry.linenum


def _polib_entries(text: str, path: Path | str) -> polib.POFile:
    """The entries as polib reads them (with their lines): for the rare files that need it."""
    import polib

    try:
        return polib.pofile(text)
    except (OSError, ValueError) as exc:
        raise EditionsError(f"unreadable catalog: {exc}", path, hint=FIX_HINT) from exc


def _check_plurals(text: str, path: Path | str) -> None:
    """Each plural entry has exactly the header's number of forms, numbered from 0."""
    entries = _polib_entries(text, path)
    plural_forms = entries.metadata.get("Plural-Forms", "")
    match = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)
    for entry in entries:
        if not entry.msgid_plural or entry.obsolete:
            continue
        if match is None or "plural=" not in plural_forms:
            raise EditionsError(
                "this entry has plural forms, but the header has no Plural-Forms line",
                path, entry.linenum,
                "add the language's Plural-Forms line to the header (Poedit: Translation › "
                "Properties)",
            )
        forms = list(entry.msgstr_plural)  # in the file's order
        wanted = int(match.group(1))
        if forms != list(range(wanted)):
            numbered = ", ".join(f"msgstr[{form}]" for form in forms)
            raise EditionsError(
                f"this entry has {counted(len(forms), 'plural form')} ({numbered}); the "
                f"header's Plural-Forms says {wanted}, numbered from 0", path, entry.linenum,
                f"give it msgstr[0] to msgstr[{wanted - 1}]",
            )


# --- Writing ------------------------------------------------------------------------------
_COMMENTS = TextWrapper(width=LINE_WIDTH, break_long_words=False)
_HEADER_COMMENT = TextWrapper(width=LINE_WIDTH, subsequent_indent="# ", break_long_words=False)


def _comment(text: str, prefix: str = "") -> list[str]:
    return [f"#{prefix} {line.strip()}\n" for line in _COMMENTS.wrap(text)]


def _location(filename: str, lineno: int | None) -> str:
    location = filename.replace("\\", "/")
    if " " in location or "\t" in location:  # as gettext encloses them
        location = f"\u2068{location.strip(chr(0x2068) + chr(0x2069))}\u2069"
    return f"{location}:{lineno:d}" if lineno else location


def _strings(catalog: Catalog, message: Message, prefix: str) -> list[str]:
    """The msgctxt, msgid and msgstr lines of one entry (``prefix`` "#~ " if obsolete)."""
    def field(keyword: str, value: str) -> str:
        return f"{prefix}{keyword} {normalize(value, prefix=prefix, width=LINE_WIDTH)}\n"

    lines = [field("msgctxt", message.context)] if message.context else []
    if isinstance(message.id, (list, tuple)):
        lines += [field("msgid", message.id[0]), field("msgid_plural", message.id[1])]
        strings = message.string if isinstance(message.string, (list, tuple)) else (
            message.string or "",)
        for index in range(catalog.num_plurals):
            lines.append(field(f"msgstr[{index:d}]",
                               strings[index] if index < len(strings) else ""))
    else:
        lines += [field("msgid", message.id), field("msgstr", message.string or "")]
    return lines


def _previous_lines(message: Message, prefix: str) -> list[str]:
    lines = []
    for keyword, value in zip(("msgid", "msgid_plural"), message.previous_id or (),
                              strict=False):
        lines.append(f"{prefix} {keyword} "
                     f"{normalize(value, prefix=f'{prefix} ', width=LINE_WIDTH)}\n")
    return lines


def serialize(catalog: Catalog) -> bytes:
    """A catalog as UTF-8 PO bytes, entries in order: obsolete ones kept at the end with their
    flags, previous msgids as ``#|`` lines, as msgmerge writes them."""
    out: list[str] = []
    for message in catalog:
        if not message.id:  # the header
            out.append("\n".join(line for source in catalog.header_comment.splitlines()
                                 for line in _HEADER_COMMENT.wrap(source)) + "\n")
        for comment in message.user_comments:
            out += _comment(comment)
        for comment in message.auto_comments:
            out += _comment(comment, ".")
        try:
            locations = sorted(message.locations,
                               key=lambda loc: (loc[0], (isinstance(loc[1], int) and loc[1]) or -1))
        except TypeError:
            locations = list(message.locations)
        if locations:
            out += _comment(" ".join(dict.fromkeys(_location(*loc) for loc in locations)), ":")
        if message.flags:
            out.append(f"#{', '.join(['', *sorted(message.flags)])}\n")
        out += _previous_lines(message, "#|")
        out += _strings(catalog, message, "")
        out.append("\n")
    for message in catalog.obsolete.values():
        for comment in message.user_comments:
            out += _comment(comment)
        if message.flags:
            out.append(f"#{', '.join(['', *sorted(message.flags)])}\n")
        out += _previous_lines(message, "#~|")
        out += _strings(catalog, message, "#~ ")
        out.append("\n")
    return "".join(out).encode("utf-8")
