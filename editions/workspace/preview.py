"""A translation rendered as the reader will see it: docutils' HTML of the one paragraph.

Nothing a volunteer types can reach the page as code: docutils reads no file and passes no
raw HTML, roles it does not know (Sphinx's :ref:, :doc: …) are shown as their text, and the
HTML then goes through an allow-list sanitizer (nh3) that keeps no script, style, image or
event attribute, and no link but http(s) and mailto.
"""

from __future__ import annotations

import html
import re

import nh3
from docutils import nodes
from docutils.core import publish_doctree, publish_parts
from docutils.io import DocTreeInput
from docutils.readers.doctree import Reader as DoctreeReader

_SETTINGS = {
    "raw_enabled": False,
    "file_insertion_enabled": False,
    "report_level": 5,  # problems are the live checks' to report, not the preview's
    "halt_level": 5,
    "input_encoding": "unicode",
    "output_encoding": "unicode",
    "doctitle_xform": False,
    "sectsubtitle_xform": False,
    "embed_stylesheet": False,
    "_disable_config": True,
    "line_length_limit": 200_000,  # (a translation is at most 100,000 characters)
}
_ROLE_TEXT = re.compile(r"^(?::[\w:+.-]+:)?`(?P<body>.*)`(?::[\w:+.-]+:)?$", re.DOTALL)
_EXPLICIT_TITLE = re.compile(r"^(?P<title>.+?)\s*<[^<>]*>$", re.DOTALL)
_TAGS = {"p", "em", "strong", "code", "a", "span", "sup", "sub", "abbr", "br", "ul", "ol",
         "li", "blockquote", "cite", "q", "dl", "dt", "dd", "div", "tt"}
# No class: a translation must not dress up as the workspace's own boxes (a conflict, an error).
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


def _as_text(problem: nodes.problematic) -> nodes.Node:
    """An unknown role (``:ref:`the demands <demands>```) as the words a reader sees."""
    match = _ROLE_TEXT.match(problem.astext())
    if not match:
        return nodes.Text(problem.astext())
    body = match.group("body")
    titled = _EXPLICIT_TITLE.match(body)
    return nodes.emphasis("", titled.group("title") if titled else body)


def render(text: str) -> str:
    """Sanitised HTML of one segment's reStructuredText (a paragraph, as Sphinx renders it)."""
    if not text.strip():
        return ""
    try:
        return _render(text)
    except Exception:  # docutils on hostile input (deep nesting: RecursionError): as text
        return f"<p>{html.escape(text)}</p>"


def _render(text: str) -> str:
    document = publish_doctree(text, settings_overrides=_SETTINGS)
    for problem in list(document.findall(nodes.problematic)):
        problem.parent.replace(problem, _as_text(problem))
    for message in list(document.findall(nodes.system_message)):
        message.parent.remove(message)
    parts = publish_parts(
        source=document, source_class=DocTreeInput, reader=DoctreeReader(parser="null"),
        writer="html5", settings_overrides=_SETTINGS,
    )
    return nh3.clean(parts["body"], tags=_TAGS, attributes=_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
