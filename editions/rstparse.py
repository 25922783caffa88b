"""Parse a one-line reStructuredText paragraph as docutils does, without its block machinery.

A segment (a PO entry's text) is almost always one line of one paragraph. docutils parses it
by building a block-level state machine, then handing the line to its inline parser; when
the line starts no block (by docutils' own ``Body`` patterns), the inline parser alone gives
the same paragraph, three times faster. The checks and the editions' builds both use this.
"""

from __future__ import annotations

import re
import threading

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser, languages
from docutils.parsers.rst.states import Body, Inliner, Struct, build_regexp

# docutils' own patterns for the start of any block but a paragraph: lists, tables,
# field lists, explicit markup, transitions …
_BLOCK_START = re.compile("|".join(
    f"(?:{pattern})" for name, pattern in Body.patterns.items() if name != "text"
))


#: docutils' default limit on a line's length, past which it reports an error, not a paragraph.
LINE_LENGTH_LIMIT: int = get_default_settings(Parser).line_length_limit


def is_one_paragraph(text: str) -> bool:
    """Whether docutils would read ``text`` as a single one-line paragraph, as it is: one line
    (by any line break), no space around it (docutils strips it), no tab (expanded), within
    docutils' line-length limit."""
    return (bool(text) and len(text) <= LINE_LENGTH_LIMIT and text == text.strip()
            and "\t" not in text
            and text.splitlines() == [text]
            and not (text.endswith("::") or _BLOCK_START.match(text)))


# docutils' test for a paragraph ending in a literal block's marker (``Text.paragraph``).
_LITERAL_MARKER = re.compile(r"(?<!\\)(\\\\)*::$")


def text_before_literal_block(text: str) -> str | None:
    """For a one-line paragraph ending in a literal block's marker ``::``, the text docutils
    makes the paragraph of ("Example::" → "Example:", "Example ::" → "Example"), as its
    ``Text.paragraph`` does; None where docutils would read it otherwise."""
    if len(text) < 3 or not _LITERAL_MARKER.search(text):
        return None
    shown = text[:-3].rstrip() if text[-3] == " " else text[:-1]
    if (_BLOCK_START.match(text) or not is_one_paragraph(text[:-2] + "x")
            or not is_one_paragraph(shown)):
        return None
    return shown


class _StandaloneUri:
    """docutils' pattern for a standalone URI, the costliest it searches every run of text
    with, not searched where it cannot match: it needs a scheme's ":" or an e-mail's "@"."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if ":" in text or "@" in text else None


# The characters inline markup other than a reference name (``name_``) starts with: * `` _` |
# [ (a footnote) and : or ` (interpreted text, with or without a role).
_MARKUP_START = re.compile(r"[*`_|\[:]")
# The alternatives of docutils' pattern (as in docutils 0.22) those characters rely on.
_START_STRINGS = [r"\*\*", r"\*(?!\*)", "``", "_`", r"\|(?!\|)"]
_REFERENCE_NAME = "(?P<refname>%s)(?P<refend>__?)"
_NEVER = "(?P<refname>(?!))(?P<refend>)"  # the same groups, never matching


# Where a reference name (``name_``, ``name__``) can end: an "_" right after a letter or digit.
_NAME_END = re.compile(r"[^\W_]_")
# The first letter or digit of a piece of a name (``a.b-c_d`` has four): where one can start.
_NAME_PIECE = re.compile(r"(?<![^\W_])[^\W_]")
_NAME_JOINERS = "._+:-"


def _name_starts(text: str) -> set[int]:
    """Where a reference name can start: the pieces of each run of name characters that ends
    right before an "_" (``simplename`` is word characters joined by ``. _ + : -``)."""
    starts = set()
    for end in _NAME_END.finditer(text):
        start = end.end() - 1  # the "_"
        while start and (text[start - 1].isalnum() or text[start - 1] in _NAME_JOINERS):
            start -= 1
        starts.update(piece.start() for piece in _NAME_PIECE.finditer(text, start, end.end()))
    return starts


class _InlineStart:
    """docutils' pattern for the start of inline markup, found the same, faster. Its costliest
    alternative, a reference name (``name_``), is tried by the regex engine at the start of
    every word; it is tried here only where an "_" can end a name. The others all start with
    one of a few characters: only where one stands is the pattern tried."""

    def __init__(self, pattern: re.Pattern[str], without_names: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.without_names = without_names

    @classmethod
    def of(cls, inliner: Inliner) -> _InlineStart | re.Pattern[str]:
        """The faster search for this inliner, if its pattern is laid out as expected (else
        the pattern itself)."""
        try:
            name, prefix, suffix, (start, whole, backquote) = inliner.parts
            whole_name, whole_prefix, whole_suffix, (reference, footnote) = whole
            expected = (start[3] == _START_STRINGS and footnote[1] == r"\["
                        and backquote[1].startswith("(?P<role>(:") and backquote[3] == ["`(?!`)"]
                        and reference == _REFERENCE_NAME % inliner.simplename)
        except (TypeError, ValueError, IndexError):
            expected = False
        if not expected:
            return inliner.patterns.initial
        without_names = build_regexp((name, prefix, suffix, [
            start, (whole_name, whole_prefix, whole_suffix, [_NEVER, footnote]), backquote,
        ]))
        return cls(inliner.patterns.initial, without_names)

    def search(self, text: str) -> re.Match[str] | None:
        names = _name_starts(text) if "_" in text else None
        if names:  # the whole pattern, where any of its alternatives may start, leftmost first
            names.update(candidate.start() for candidate in _MARKUP_START.finditer(text))
            for start in sorted(names):
                match = self.pattern.match(text, start)
                if match:
                    return match
            return None
        for candidate in _MARKUP_START.finditer(text):  # no name: the rest of the pattern
            match = self.without_names.match(text, candidate.start())
            if match:
                return match
        return None


_THREAD = threading.local()


def _inliner(settings: object, inliner_class: type[Inliner] = Inliner) -> Inliner:
    """An inline parser set up for these settings, once per thread: ``init_customizations``
    appends to the inliner's patterns, so it must not run twice on the same one, and a parse
    keeps its document and position on the inliner, so no two threads may share one (the
    workspace checks segments in several threads)."""
    key = (inliner_class, *(getattr(settings, name, None) for name in (
        "character_level_inline_markup", "pep_references", "rfc_references",
        "pep_base_url", "rfc_base_url",
    )))
    if not hasattr(_THREAD, "inliners"):
        _THREAD.inliners = {}
    inliners: dict[tuple[object, ...], Inliner] = _THREAD.inliners
    if key not in inliners:
        inliner = inliner_class()
        inliner.init_customizations(settings)
        inliner.patterns.initial = _InlineStart.of(inliner)
        # ``implicit_dispatch`` is docutils' extension point for these (pattern, method) pairs.
        inliner.implicit_dispatch = [
            (_StandaloneUri(pattern) if pattern is inliner.patterns.uri else pattern, method)
            for pattern, method in inliner.implicit_dispatch
        ]
        inliners[key] = inliner
    return inliners[key]


# Without one of these characters, docutils' inline parser finds nothing in a line: no
# start-string (* ` | _ [), no escape, no standalone URI (a scheme's ":") or e-mail ("@").
_INLINE_MARKUP = re.compile(r"[*`|_\\\[\]:@]")


def parse_paragraph(text: str, document: nodes.document,
                    inliner_class: type[Inliner] = Inliner) -> None:
    """Append to ``document`` the paragraph (and any system messages) docutils would make
    (with ``inliner_class``'s reading of inline markup, docutils' own by default)."""
    settings = document.settings
    if not _INLINE_MARKUP.search(text) and not (
        getattr(settings, "pep_references", None) or getattr(settings, "rfc_references", None)
    ):
        paragraph = nodes.paragraph(text, "", nodes.Text(text))
        paragraph.source, paragraph.line = document.get("source"), 1
        document += paragraph
        return
    inliner = _inliner(settings, inliner_class)
    reporter = document.reporter
    if not hasattr(reporter, "get_source_and_line"):
        # docutils' block parser gives the reporter this (roles such as Sphinx's :download:
        # ask it where they are); without the block parser, give it the same answer.
        source = document.get("source")
        reporter.get_source_and_line = lambda lineno=None: (source, lineno)
    language = languages.get_language(document.settings.language_code, document.reporter)
    memo = Struct(document=document, reporter=document.reporter, language=language,
                  title_styles=[], section_level=0, section_bubble_up_kludge=False,
                  inliner=inliner)
    children, messages = inliner.parse(text, 1, memo, document)
    paragraph = nodes.paragraph(text, "", *children)
    paragraph.source, paragraph.line = document.get("source"), 1
    document += paragraph
    document += messages
