"""The syntax of a PO file: a grammar of the whole file, and what is wrong with one it rejects.

The grammar is what GNU msgfmt, polib and babel all read alike: one regular expression
matches a well-formed file in one pass (possessive, so without backtracking); only a file
it rejects is read line by line, by ``diagnose``, to say on which line and why.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import EditionsError

FIX_HINT = "fix that line in a text editor or Poedit, then run the command again"

# --- The grammar of a whole PO file -------------------------------------------------------
# A string: escapes that babel, polib and msgfmt all decode alike, no raw line break.
_ESCAPES = '\\"bfnrtv'
_STRING = r'"(?:[^"\\\n\r]++|\\[\\"bfnrtv])*+"'
_END = r"[ \t]*+\r?(?:\n|\Z)"  # the end of a line, of a CRLF file too


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
# the line, as polib wants it (msgfmt takes "#anything"); no carriage return but at the end
# of the line (polib would start a new line there).
_COMMENT = r"[ \t]*+#(?:[.:,]|\#*+)(?=[ \t\r\n]|\Z)[^\n\r]*+\r?(?:\n|\Z)"
# The marks of obsolete entries and previous texts, each followed by a space (polib's rule).
_LIVE, _OBSOLETE = "", r"\#~[ \t]++"
_LIVE_PREVIOUS, _OBSOLETE_PREVIOUS = r"\#\|[ \t]++", r"\#~\|[ \t]++"
_ENTRY = (rf"(?:{_COMMENT})*+(?:(?:{_previous(_LIVE_PREVIOUS)}(?:{_COMMENT})*+)?{_body(_LIVE)}"
          rf"|(?:{_previous(_OBSOLETE_PREVIOUS)}(?:{_COMMENT})*+)?{_body(_OBSOLETE)})")
FILE = re.compile(rf"(?:[ \t]*+\r?\n|{_ENTRY}|{_COMMENT})*+")


def is_well_formed(text: str) -> bool:
    return FILE.match(text).end() == len(text)

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
        if marker and stripped[len(marker):len(marker) + 1] not in {"", " ", "\t"}:
            return error(lineno, f"put a space after {marker}")
        if stripped.startswith("#") and not marker and not _COMMENT_START.match(stripped):
            return error(lineno, "a comment line starts with '# ' (a space after the #), or "
                         "with #. #: #, followed by a space, as gettext tools write it")
        if "\r" in line.rstrip("\r") and not marker and stripped.startswith("#"):
            return error(lineno, "a carriage return (CR) inside a comment, which some tools "
                         "read as a line break: delete it")
        if not stripped or (stripped.startswith("#") and not marker):
            if state == "previous" and not stripped:
                return error(lineno, "a blank line after previous source text (#|) lines: "
                             "they go right above their entry's msgid")
            if state == "entry" and not stripped:
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
    if state == "previous":
        return error(lineno, "the file ends with previous source text (#|) lines and no "
                     "entry after them: delete them")
    if state == "entry":
        return error(entry_line, "the file ends in the middle of an entry: it has no msgstr")
    return error(_first_rejected_line(text), "this line is not PO syntax as gettext writes it")


def _first_rejected_line(text: str) -> int:
    return text.count("\n", 0, FILE.match(text).end()) + 1


