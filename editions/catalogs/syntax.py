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
    reading = _Reading()
    for lineno, line in enumerate(text.split("\n"), start=1):
        found = reading.read(lineno, line)
        if found:
            return EditionsError(found[1], path, found[0], FIX_HINT)
    at, message = reading.at_end(lineno, text)
    return EditionsError(message, path, at, FIX_HINT)


def _mark_problem(line: str, stripped: str, marker: str) -> str:
    """What is wrong with a line's leading mark (#~, #|, #~|) or comment start (or "").

    Read before anything else on the line: a comment or mark written otherwise than polib
    reads it would make every later verdict on the line a guess.
    """
    if marker and stripped[len(marker):len(marker) + 1] not in {"", " ", "\t"}:
        return f"put a space after {marker}"
    if stripped.startswith("#") and not marker and not _COMMENT_START.match(stripped):
        return ("a comment line starts with '# ' (a space after the #), or "
                "with #. #: #, followed by a space, as gettext tools write it")
    if "\r" in line.rstrip("\r") and not marker and stripped.startswith("#"):
        return ("a carriage return (CR) inside a comment, which some tools "
                "read as a line break: delete it")
    return ""


def _line_problem(marker: str, rest: str, keyword: str) -> str:
    """What is wrong with a keyword or string line taken alone (or ""), whatever its block.

    ``rest`` is the line after its mark, ``keyword`` the keyword it opens with ("" for a
    string continuing the line above): these faults need no knowledge of the entry around.
    """
    if marker and not rest:
        return f"a {marker} line with nothing after it: delete it"
    if not keyword and not rest.startswith('"'):
        word = rest.split()[0] if rest.split() else rest
        what = ("this previous source text (#|) line" if "|" in marker
                else "this obsolete entry (#~) line" if marker else "this line")
        return (f"{what} holds {word!r}, which is not gettext syntax: a "
                "line is a comment (#…), a keyword (msgid, msgstr …) with its text "
                "in quotation marks, or a quoted string continuing the line above")
    body = rest[len(keyword):]
    if keyword and not body.startswith(" "):
        return f"put a space between {keyword} and its text"
    return _string_problem(body.lstrip(" \t"))


class _Reading:
    """Where a line-by-line reading stands: the block it is in and what it has seen of it.

    A fault often shows only against the lines above (a msgstr with no msgid, a blank line
    inside an entry), so each line is judged against this state and then moves it on.
    """

    def __init__(self) -> None:
        self.state = "between"  # "previous" (#| lines), "entry" (its msgstr to come), "done"
        self.obsolete = False  # whether the current entry is (#~)
        self.last = ""  # the last keyword of the current block
        self.last_marker: str | None = None  # that of the line above, if keyword or string
        self.entry_line = 0
        self.plural = False  # whether the current entry has a msgid_plural

    def read(self, lineno: int, line: str) -> tuple[int, str] | None:
        """The fault this line shows (its line number and message), or None to go on."""
        stripped = line.strip(" \t\r")
        marker = next((m for m in ("#~|", "#~", "#|") if stripped.startswith(m)), "")
        problem = _mark_problem(line, stripped, marker)
        if problem:
            return lineno, problem
        if not stripped or (stripped.startswith("#") and not marker):
            return self._blank_or_comment(lineno, stripped)
        rest = stripped[len(marker):].lstrip(" \t")
        keyword_match = _KEYWORD.match(rest)
        keyword = keyword_match.group(1) if keyword_match else ""
        problem = _line_problem(marker, rest, keyword)
        if problem:
            return lineno, problem
        if not keyword:
            if self.last_marker != marker:
                return lineno, ("a string that continues no msgid or msgstr: put it "
                                "right under the line it continues, with the same #~ or #| "
                                "mark, or delete it")
            return None
        self.last_marker = marker
        kind = "msgstr" if keyword.startswith("msgstr") else keyword
        if "|" in marker:
            return self._previous_keyword(lineno, keyword, kind, marker)
        return self._entry_keyword(lineno, keyword, kind, marker)

    def _blank_or_comment(self, lineno: int, stripped: str) -> tuple[int, str] | None:
        """A blank line ends an entry; neither it nor a comment may stand inside one."""
        if self.state == "previous" and not stripped:
            return lineno, ("a blank line after previous source text (#|) lines: "
                            "they go right above their entry's msgid")
        if self.state == "entry" and not stripped:
            return self.entry_line, ("this entry has no msgstr: each msgid needs one, "
                                     'even an empty one (msgstr "")')
        if self.state == "entry":
            return lineno, ("a comment in the middle of an entry: comments go "
                            "above its msgid")
        self.state = "between" if not stripped and self.state == "done" else self.state
        self.last_marker = None
        return None

    def _previous_keyword(self, lineno: int, keyword: str, kind: str,
                          marker: str) -> tuple[int, str] | None:
        """A #| or #~| keyword line: previous source text, which goes above its entry."""
        if self.state == "entry":
            return lineno, ("a previous source text (#|) line in the middle of an "
                            "entry: it goes above the msgid")
        if kind == "msgstr":
            return lineno, ("a previous source text (#|) holds no msgstr: delete "
                            "this line")
        if self.state == "previous" and _ORDER[kind] <= _ORDER[self.last]:
            return lineno, f"{keyword} twice in one previous source text (#|)"
        self.state, self.last, self.obsolete = "previous", kind, marker == "#~|"
        return None

    def _entry_keyword(self, lineno: int, keyword: str, kind: str,
                       marker: str) -> tuple[int, str] | None:
        """A keyword line of an entry (live or #~): it must come in msgctxt-msgid-msgstr order."""
        if self.state == "previous" and self.obsolete != (marker == "#~"):
            return lineno, ("the previous source text and this entry disagree on being "
                            "obsolete: #~| goes above an obsolete (#~) entry, #| above a "
                            "live one")
        plural_form = keyword.startswith("msgstr[")
        if kind in {"msgctxt", "msgid"} and self.state != "entry":
            self.state, self.last, self.obsolete = "entry", kind, marker == "#~"
            self.entry_line, self.plural = lineno, False
            return None
        if (self.state == "done" and self.plural and plural_form
                and self.obsolete == (marker == "#~")):
            return None  # the next form of a plural entry
        problem = self._out_of_order(keyword, kind, marker, plural_form)
        if problem:
            return lineno, problem
        self.last = kind
        if kind == "msgstr":
            self.state = "done"
        return None

    def _out_of_order(self, keyword: str, kind: str, marker: str, plural_form: bool) -> str:
        """What is wrong with a keyword that continues the current entry (or "").

        Records that the entry is plural once its msgid_plural is seen, so that its
        msgstr forms can be checked against it.
        """
        if self.state != "entry":
            return (f"{keyword} without the msgid it translates: each entry is "
                    "msgid then msgstr")
        if self.obsolete != (marker == "#~"):
            return ("part of this entry is marked obsolete (#~) and part is not: "
                    "mark every line of it, or none")
        if _ORDER[kind] <= _ORDER[self.last]:
            return (f"{keyword} is out of place: an entry is msgctxt (optional), "
                    "msgid, msgid_plural (optional), then msgstr")
        if kind == "msgstr" and self.last == "msgctxt":
            return "this entry has no msgid before its msgstr"
        self.plural = self.plural or kind == "msgid_plural"
        if kind == "msgstr" and self.plural != plural_form:
            return ("a plural entry (msgid_plural) has msgstr[0], msgstr[1] …; "
                    "any other entry a single msgstr")
        return ""

    def at_end(self, lineno: int, text: str) -> tuple[int, str]:
        """The fault once every line is read: an unfinished block, or the grammar's first."""
        if self.state == "previous":
            return lineno, ("the file ends with previous source text (#|) lines and no "
                            "entry after them: delete them")
        if self.state == "entry":
            return self.entry_line, "the file ends in the middle of an entry: it has no msgstr"
        return _first_rejected_line(text), "this line is not PO syntax as gettext writes it"


def _first_rejected_line(text: str) -> int:
    return text.count("\n", 0, FILE.match(text).end()) + 1


