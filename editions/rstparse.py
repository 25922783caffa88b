"""Parse a one-line reStructuredText paragraph as docutils does, without its block machinery.

A segment (a PO entry's text) is almost always one line of one paragraph. docutils parses it
by building a block-level state machine, then handing the line to its inline parser; when
the line starts no block (by docutils' own ``Body`` patterns), the inline parser alone gives
the same paragraph, three times faster. The checks and the editions' builds both use this.
"""

from __future__ import annotations

import re

from docutils import nodes
from docutils.parsers.rst import languages
from docutils.parsers.rst.states import Body, Inliner, Struct

# docutils' own patterns for the start of any block but a paragraph: lists, tables,
# field lists, explicit markup, transitions …
_BLOCK_START = re.compile("|".join(
    f"(?:{pattern})" for name, pattern in Body.patterns.items() if name != "text"
))


def is_one_paragraph(text: str) -> bool:
    """Whether docutils would read ``text`` as a single one-line paragraph."""
    return bool(text.strip()) and "\n" not in text and not text[0].isspace() and not (
        text.rstrip().endswith("::") or _BLOCK_START.match(text)
    )


_INLINERS: dict[tuple[object, ...], Inliner] = {}


def _inliner(settings: object) -> Inliner:
    """An inline parser set up for these settings, once: ``init_customizations`` appends to
    the inliner's patterns, so it must not run twice on the same one."""
    key = tuple(getattr(settings, name, None) for name in (
        "character_level_inline_markup", "pep_references", "rfc_references",
        "pep_base_url", "rfc_base_url",
    ))
    if key not in _INLINERS:
        inliner = Inliner()
        inliner.init_customizations(settings)
        _INLINERS[key] = inliner
    return _INLINERS[key]


# Without one of these characters, docutils' inline parser finds nothing in a line: no
# start-string (* ` | _ [), no escape, no standalone URI (a scheme's ":") or e-mail ("@").
_INLINE_MARKUP = re.compile(r"[*`|_\\\[\]:@]")


def parse_paragraph(text: str, document: nodes.document) -> None:
    """Append to ``document`` the paragraph (and any system messages) docutils would make."""
    settings = document.settings
    if not _INLINE_MARKUP.search(text) and not (
        getattr(settings, "pep_references", None) or getattr(settings, "rfc_references", None)
    ):
        paragraph = nodes.paragraph(text, "", nodes.Text(text))
        paragraph.source, paragraph.line = document.get("source"), 1
        document += paragraph
        return
    inliner = _inliner(settings)
    language = languages.get_language(document.settings.language_code, document.reporter)
    memo = Struct(document=document, reporter=document.reporter, language=language,
                  title_styles=[], section_level=0, section_bubble_up_kludge=False,
                  inliner=inliner)
    children, messages = inliner.parse(text, 1, memo, document)
    paragraph = nodes.paragraph(text, "", *children)
    paragraph.source, paragraph.line = document.get("source"), 1
    document += paragraph
    document += messages
