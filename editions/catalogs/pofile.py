"""PO files read strictly and written faithfully: the one reader and writer of every catalog.

The model is babel's ``Catalog`` (what sphinx-intl merges). Around babel's reader and
writer this module adds what a volunteer's file needs and babel does not do:

- **Strict reading.** A file is refused, with its line and what to do, wherever GNU
  ``msgfmt --check`` or polib would refuse it, and where a tool would change its data without
  a word (a header declaring another encoding than the file's UTF-8, escapes tools decode
  differently, a header line babel would stop reading at). The rules are ``syntax``'s (a
  grammar of the whole file) and ``validity``'s (the header, duplicates, plural forms, line
  breaks, placeholders).
- **Format flags as written.** babel guesses ``python-format`` and ``python-brace-format``
  from a message's text and drops them where its guess is no; only what the file declares
  is kept.
- **Previous source texts.** babel reads ``#|`` lines as translator comments and refuses
  ``#~|`` (python-babel/babel#206), and writes a long previous msgid as one wrapped comment
  that gettext cannot read. Here they are read into ``Message.previous_id`` and written line
  by line, as msgmerge writes them; obsolete entries keep their flags (a fuzzy translation
  stays fuzzy when its segment returns).

- **Wrapping in linear time.** babel's ``normalize`` finds where to wrap with a regular
  expression that takes time quadratic in a word's length (a 40,000-character word: 15 s,
  under the project lock). Here the same expression is applied to one word at a time, and
  only to words that hold a hyphen (its only break points within a word) and are shorter than
  ``_LONGEST_SPLIT_WORD``: the lines are babel's, byte for byte, but for words longer than
  any language has, which stay whole.

Everything else is babel's: its parser fills the catalog, its ``escape`` and wrapping rules
write strings, so that a catalog with nothing of the above is written byte for byte as babel
writes it.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import WORD_SEP, PoFileError, PoFileParser, escape, unescape
from babel.util import TextWrapper

from ..errors import EditionsError
from . import syntax, validity
from .syntax import FIX_HINT

#: Width of PO lines, as sphinx-intl writes them.
LINE_WIDTH = 76
BOM = b"\xef\xbb\xbf"

_DECLARED_CHARSET = re.compile(r'"content-type:[^"\n]*?charset\s*=\s*([^"\\\s;]+)', re.IGNORECASE)
_LOCATION_LINE = re.compile(r"^[ \t]*#:.*$", re.MULTILINE)
_PREVIOUS_LINE = re.compile(r"^([ \t]*)#~?\|", re.MULTILINE)
#: babel keeps the previous-text lines, renamed to this, as extracted comments (the one
#: comment it keeps in order and attaches to obsolete entries too); no PO text holds it.
_PREVIOUS_MARK = "\ufdd0"


def load_catalog(path: Path, language: str | None = None) -> Catalog:
    """Read a PO file strictly: any error is an ``EditionsError`` naming its line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise cannot_read(path, exc) from exc
    return parse_catalog(data, path, language)


def cannot_read(path: Path, exc: OSError, shown: Path | str | None = None) -> EditionsError:
    """The error of a catalog the system cannot read, with what to do about it."""
    hint = ("a folder stands where the catalog should be: move it aside, then run "
            "'editions update' (or restore the catalog from git)"
            if isinstance(exc, IsADirectoryError) else
            "check the file's and its folder's permissions"
            if isinstance(exc, PermissionError) else
            "restore the catalog from git or a backup, or run 'editions update'")
    return EditionsError(f"cannot read the catalog: {exc.strerror}", shown or path, hint=hint)


# A live entry's msgid in a template as gettext builders write it: its keyword line at the
# start of a line, the string lines that continue it, and the msgid_plural or msgstr that
# must follow at once (anything else is not that layout: babel reads the file).
_TEMPLATE_MSGID = re.compile(r'\nmsgid (".*")\n((?:".*"\n)*)(?=(msgid_plural )|msgstr)')


def template_ids(path: Path) -> tuple[str, ...]:
    """The msgids of a ``.pot`` template our own gettext build wrote (its singular ones, as
    babel gives them): read without the checks a catalog from a volunteer's hands must pass
    (the template is ours, and only its ids are asked for). Unreadable, it has none: the
    build reports it."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return ()
    ids = _laid_out_ids(text)
    if ids is not None:
        return ids
    template = Catalog(charset="utf-8")
    try:
        # (its lines as one decoded text, split: faster than babel decoding line by line)
        PoFileParser(template, ignore_obsolete=True).parse(
            _LOCATION_LINE.sub("", text).split("\n"))
    except (PoFileError, ValueError):
        return ()
    return tuple(m.id for m in template if m.id and isinstance(m.id, str))


def _laid_out_ids(text: str) -> tuple[str, ...] | None:
    """A template's msgids read from its msgid lines alone, each string decoded by babel
    where it holds an escape: a tenth of the time of babel reading it whole. None where the
    template is not laid out as gettext builders write one, or holds what babel reads its
    own way (contexts, previous texts of obsolete entries, a plural and a singular entry of
    the same msgid): babel reads that one whole."""
    if "\r" in text or "msgctxt" in text or "#~|" in text:
        return None
    ids: dict[str, None] = {}
    plurals: set[str] = set()
    found = 0
    for first, rest, plural in _TEMPLATE_MSGID.findall(text):
        found += 1
        msgid = "".join(string[1:-1] if "\\" not in string else unescape(string)
                        for string in (first, *rest.split("\n")[:-1]))
        if plural:
            plurals.add(msgid)
        elif msgid:
            ids[msgid] = None
    # (each entry's msgid line was found, and none may be written otherwise: indented, or
    # at the very start)
    if (plurals & ids.keys() or found != text.count("\nmsgid ")
            or text.startswith("msgid ") or "\tmsgid " in text
            or text.count(" msgid ") != text.count("#~ msgid ") + text.count("#| msgid ")):
        return None
    return tuple(ids)


def parse_catalog(data: bytes, path: Path | str, language: str | None = None, *,
                  locations: bool = True) -> Catalog:
    """Parse PO bytes strictly (``path`` names them in errors): see the module's rules.
    ``locations=False`` leaves out the ``#:`` source references, which a reader that does
    not ask for them (the checks, the progress) need not have babel take apart."""
    if data.startswith(BOM):
        raise EditionsError(
            "the file starts with a byte-order mark (BOM), which msgfmt and other gettext "
            "tools refuse", path, 1,
            "save it as UTF-8 without BOM (your editor may call it 'UTF-8' rather than "
            "'UTF-8 with BOM'; Poedit saves it so)",
        )
    text = _decoded(data, path)
    if not text.strip():
        raise EditionsError(
            "the file is empty", path, 1,
            "restore it from git ('git checkout -- FILE'), or delete it and run 'editions "
            "update' to create it again",
        )
    if not syntax.is_well_formed(text):
        raise syntax.diagnose(text, path)
    header = validity.find_header(text, path)
    validity.check_header(header, path, language)
    if "msgid_plural" in text:
        validity.check_plural_forms(text, path)  # before babel, which says less about them
    catalog = Catalog(locale=language, charset="utf-8")
    parser = PoFileParser(catalog, abort_invalid=True)  # (read_po, with its count kept)
    try:
        babel_text = _marked(text)
        restore = text is not babel_text or "%" in text or "{" in text  # (babel guesses)
        if not locations and "#:" in babel_text:
            babel_text = _LOCATION_LINE.sub("", babel_text)  # (blank: the line numbers stay)
        parser.parse(babel_text.split("\n"))  # (its lines, as a file has them: the fastest)
    except PoFileError as exc:
        message = str(exc).rsplit(" on ", 1)[0]
        raise EditionsError(message.lower(), path, exc.lineno + 1, FIX_HINT) from exc
    except (ValueError, IndexError) as exc:
        raise EditionsError(f"unreadable catalog: {exc}", path, hint=FIX_HINT) from exc
    if restore:
        _restore_marked(catalog)
    catalog.foreign_fields = validity.foreign_fields(header)  # (serialize writes them back)
    validity.check_duplicates(catalog, text, path, parser.counter)
    validity.check_line_breaks(catalog, text, header, path)
    validity.check_controls(catalog, text, path)
    if "-format" in text and validity.FORMAT_FLAG.search(text):
        validity.check_formats(text, path)
    return catalog


def _decoded(data: bytes, path: Path | str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        lineno = data[: exc.start].count(b"\n") + 1
        declared = _DECLARED_CHARSET.search(data.decode("latin-1"))
        if declared and not validity.is_utf8(declared.group(1)):
            raise EditionsError(
                f"the file is not UTF-8 (its header says {declared.group(1)})", path, lineno,
                "save it as UTF-8 with charset=UTF-8 in its header (Poedit does so)",
            ) from exc
        raise EditionsError(
            "this line holds bytes that are not UTF-8 (a character saved in another encoding)",
            path, lineno, "type the character again in an editor that saves UTF-8, or save "
            "the whole file as UTF-8",
        ) from exc


#: Flags babel adds to every message whose text looks like a format string, and takes off
#: one that does not look like one to it (python-babel/babel#865): a guess, wrong for prose
#: ("70% of", "{name}"), that would make msgfmt compare placeholders a translation rightly
#: does not have. Only what the file itself declares is kept.
GUESSED_FORMATS = frozenset({"python-format", "python-brace-format"})
_DECLARED = "editions-declared-"
_FLAGS_LINE = re.compile(r"^[ \t]*#,.*$", re.MULTILINE)


def _marked(text: str) -> str:
    """The text babel reads: previous-text lines as marked comments (which babel keeps, in
    order, on live and obsolete entries alike), declared format flags renamed."""
    if "#|" in text or "#~|" in text:
        text = _PREVIOUS_LINE.sub(rf"\1#.{_PREVIOUS_MARK}|", text)
    if "-format" in text:
        text = _FLAGS_LINE.sub(lambda line: re.sub(
            r"\b(python-(?:brace-)?format)\b", rf"{_DECLARED}\1", line.group()), text)
    return text


def _restore_marked(catalog: Catalog) -> None:
    """Previous texts into ``previous_id``; each message's format flags as the file wrote them."""
    for message in messages_of(catalog):
        if any(comment.startswith(_PREVIOUS_MARK) for comment in message.auto_comments):
            _take_previous(message)
        if message.flags & GUESSED_FORMATS or any(f.startswith(_DECLARED) for f in message.flags):
            message.flags = {flag.removeprefix(_DECLARED) for flag in message.flags
                             if flag not in GUESSED_FORMATS}


def declared_formats(catalog: Catalog) -> dict:
    """The format flags each message of a catalog read by ``parse_catalog`` declares."""
    return {m.id: m.flags & GUESSED_FORMATS for m in messages_of(catalog)
            if m.flags & GUESSED_FORMATS}


def drop_guessed_formats(catalog: Catalog, declared: dict) -> None:
    """After babel made messages anew (as it merges): its guesses off, the declared back."""
    for message in messages_of(catalog):
        if message.flags & GUESSED_FORMATS or message.id in declared:
            message.flags = (message.flags - GUESSED_FORMATS) | declared.get(message.id, set())


def messages_of(catalog: Catalog) -> list[Message]:
    """A catalog's entries but its header, live then obsolete. (Iterating a catalog makes
    babel format its header anew each time: for a status of many catalogs, too slow.)"""
    return [*catalog._messages.values(), *catalog.obsolete.values()]


# --- Previous source texts ----------------------------------------------------------------
def _take_previous(message: Message) -> None:
    """Turn a message's marked ``#|`` lines, kept by babel as comments, into its
    ``previous_id`` (and ``previous_context``, an attribute of our own, if one was given)."""
    fields: dict[str, list[str]] = {}
    current: list[str] = []
    comments = []
    for comment in message.auto_comments:
        if not comment.startswith(_PREVIOUS_MARK):
            comments.append(comment)
            continue
        line = comment[len(_PREVIOUS_MARK) + 1:].strip()
        keyword, _, string = ("", "", line) if line.startswith('"') else line.partition(" ")
        if keyword:
            current = fields.setdefault(keyword, [])
        current.append(unescape(string.strip()))
    message.auto_comments = comments
    if "msgid" in fields:
        message.previous_id = ["".join(fields["msgid"])] + (
            ["".join(fields["msgid_plural"])] if "msgid_plural" in fields else [])
    if "msgctxt" in fields:
        message.previous_context = "".join(fields["msgctxt"])


# --- Writing ------------------------------------------------------------------------------
_COMMENTS = TextWrapper(width=LINE_WIDTH, break_long_words=False)
_HEADER_COMMENT = TextWrapper(width=LINE_WIDTH, subsequent_indent="# ", break_long_words=False)


def comment_lines(text: str) -> list[str]:
    """A comment as the writer writes it and the reader reads it back: one per line, wrapped
    (its white space, line breaks included, read as spaces), trimmed; none if it is blank."""
    return [line.strip() for line in _COMMENTS.wrap(text) if line.strip()]


def _comment(text: str, prefix: str = "") -> list[str]:
    return [f"#{prefix} {line}\n" for line in comment_lines(text)]


def _location(filename: str, lineno: int | None) -> str:
    location = filename.replace("\\", "/")
    if " " in location or "\t" in location:  # as gettext encloses them
        location = f"\u2068{location.strip(chr(0x2068) + chr(0x2069))}\u2069"
    return f"{location}:{lineno:d}" if lineno else location


#: Words (runs without white space) longer than this are never split at their hyphens.
_LONGEST_SPLIT_WORD = 200
_SPACES = re.compile(r"(\s+)")


def _chunks(line: str) -> list[str]:
    """``WORD_SEP.split(line)``, as babel wraps at it, in time linear in the line's length.

    babel's separators are white space or sit within a word before a hyphen, never across
    white space: so the line is split at white space first, and only its words with a hyphen
    go through babel's expression (each alone, its cost bounded by the word's length).
    """
    chunks: list[str] = []
    for index, piece in enumerate(_SPACES.split(line)):
        if index % 2 or "-" not in piece or len(piece) > _LONGEST_SPLIT_WORD:
            chunks.append(piece)
        else:
            chunks += WORD_SEP.split(piece)
    return chunks


def normalize(string: str, prefix: str = "", width: int = LINE_WIDTH) -> str:
    """A string as PO lines: babel's ``normalize``, its wrapping done by ``_chunks``."""
    prefixlen = len(prefix)
    lines = []
    for line in string.splitlines(True):
        if len(escape(line)) + prefixlen <= width:
            lines.append(line)
            continue
        chunks = _chunks(line)
        chunks.reverse()
        while chunks:
            buf: list[str] = []
            size = 2
            while chunks:
                length = len(escape(chunks[-1])) - 2 + prefixlen
                if size + length < width:
                    buf.append(chunks.pop())
                    size += length
                else:
                    if not buf:  # a chunk longer than a line has a line of its own
                        buf.append(chunks.pop())
                    break
            lines.append("".join(buf))
    if len(lines) <= 1:
        return escape(string)
    if lines and not lines[-1]:  # (babel's: an empty last line is dropped)
        del lines[-1]
        lines[-1] += "\n"
    return '""\n' + "\n".join(prefix + escape(line) for line in lines)


def _strings(catalog: Catalog, message: Message, prefix: str) -> list[str]:
    """The msgctxt, msgid and msgstr lines of one entry (``prefix`` "#~ " if obsolete)."""
    def field(keyword: str, value: str) -> str:
        return f"{prefix}{keyword} {normalize(value, prefix=prefix, width=LINE_WIDTH)}\n"

    lines = [field("msgctxt", message.context)] if message.context is not None else []
    if isinstance(message.id, (list, tuple)):
        lines += [field("msgid", message.id[0]), field("msgid_plural", message.id[1])]
        strings = message.string if isinstance(message.string, (list, tuple)) else (
            message.string or "",)
        for index in range(catalog.num_plurals):
            lines.append(field(f"msgstr[{index:d}]",
                               strings[index] if index < len(strings) else ""))
    else:
        string = message.string or ""
        if not message.id:  # the header: with the fields babel does not know, as read
            string += "".join(f"{name}: {value}\n"
                              for name, value in getattr(catalog, "foreign_fields", ()))
        lines += [field("msgid", message.id), field("msgstr", string)]
    return lines


def _previous_lines(message: Message, prefix: str) -> list[str]:
    if not message.previous_id:
        return []
    context = getattr(message, "previous_context", None)
    lines = ([f"{prefix} msgctxt {normalize(context, prefix=f'{prefix} ', width=LINE_WIDTH)}\n"]
             if context is not None else [])
    for keyword, value in zip(("msgid", "msgid_plural"), message.previous_id,
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
            # (split at "\n" alone: a form feed or U+2028 is part of a comment's line)
            out.append("\n".join(line for source in catalog.header_comment.split("\n")
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
