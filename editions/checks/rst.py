"""What a segment's reStructuredText contains, as docutils parses it (never guessed at).

A segment is parsed once, and only when it could hold markup at all; the result is a
``Markup`` summary that the markup, safety, fidelity and typography checks compare.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.parsers.rst.states import Body
from docutils.utils import new_document
from sphinx.util.nodes import split_explicit_title

from ..rstparse import is_one_paragraph, parse_paragraph

# Characters without which docutils finds no inline or explicit markup in a segment.
_MARKUP_CHARS = re.compile(r"[*`|_\\\[\]]|\.\. |://|@|^\s*[-+*#]|^\s*\d+[.)]\s")
_DIRECTIVE = next(p for method, p in Body.explicit.constructs if method.__name__ == "directive")
_UNKNOWN_ROLE = re.compile(r'^Unknown interpreted text role "([^"]+)"\.$')
_FILE_ROLES = {"download", "include", "literalinclude", "image", "figure"}
# Roles whose content is text for the reader (translated), not a target to keep.
_TEXT_ROLES = {"abbr", "kbd", "guilabel", "menuselection", "command", "dfn", "file", "samp",
               "mailheader", "makevar", "manpage", "mimetype", "newsgroup", "program", "regexp"}

# The document and its paragraph: what every parsed segment has, and nothing to count.
_CONTAINERS = {nodes.document, nodes.paragraph}
# Nodes a paragraph of text never holds: their presence means directives or explicit markup.
_BLOCKS = (nodes.raw, nodes.image, nodes.comment, nodes.footnote, nodes.citation,
           nodes.substitution_definition, nodes.Structural)

_PARSER = Parser()
_SETTINGS = get_default_settings(Parser)
_SETTINGS.report_level = 5  # collect system messages in the tree, print nothing
_SETTINGS.halt_level = 5
_SETTINGS.file_insertion_enabled = False  # never read a file a volunteer names
_SETTINGS.raw_enabled = False
_SETTINGS.character_level_inline_markup = False


@dataclass(frozen=True)
class Markup:
    """The markup of one segment: what it counts, links to, and which problems docutils saw."""

    counts: Counter[str] = field(default_factory=Counter)
    urls: tuple[str, ...] = ()
    roles: tuple[tuple[str, str], ...] = ()  # (role, target)
    substitutions: tuple[str, ...] = ()
    references: tuple[str, ...] = ()  # footnote, citation and named hyperlink references
    directives: tuple[str, ...] = ()  # directive names, or "comment", "target", "image" …
    problems: tuple[tuple[int, str], ...] = ()
    text: str = ""  # the words a reader reads, outside literals and URLs

    @property
    def is_plain(self) -> bool:
        return not (self.counts or self.urls or self.directives or self.problems)


def needs_parsing(text: str) -> bool:
    return bool(_MARKUP_CHARS.search(text))


def _role_of(problematic: nodes.Node, messages: dict[str, str]) -> tuple[str, str] | None:
    for ref in problematic.get("refid", "").split():
        match = _UNKNOWN_ROLE.match(messages.get(ref, ""))
        if match:
            role = match.group(1)
            if role.rsplit(":", 1)[-1] in _TEXT_ROLES:
                return role, ""
            body = problematic.astext()
            content = body[body.find("`") + 1 : body.rfind("`")]
            return role, split_explicit_title(content)[2]
    return None


def _parse(text: str) -> nodes.document:
    """Parse as docutils' reStructuredText parser does (a one-line paragraph the fast way)."""
    document = new_document("<segment>", _SETTINGS)
    if is_one_paragraph(text):
        parse_paragraph(text, document)
    else:
        _PARSER.parse(text, document)
    return document


@lru_cache(maxsize=65536)
def analyse(text: str) -> Markup:
    """Parse ``text`` as a reStructuredText fragment and summarise its markup."""
    if not needs_parsing(text):
        return Markup(text=text)
    return _summarise(_parse(text))


def _summarise(document: nodes.document) -> Markup:
    """What a parsed segment's markup counts, links to and breaks."""
    counts: Counter[str] = Counter()
    urls: list[str] = []
    roles: list[tuple[str, str]] = []
    substitutions: list[str] = []
    references: list[str] = []
    directives: list[str] = []
    problems: list[tuple[int, str]] = []
    words: list[str] = []

    in_order = _in_order(document)
    messages: dict[str, str] = {}  # system message id → its text
    for message in (node for node in in_order if isinstance(node, nodes.system_message)):
        body = message.children[0].astext() if message.children else ""
        messages.update(dict.fromkeys(message["ids"], body))
        if message["level"] < 2 or _UNKNOWN_ROLE.match(body):
            continue
        if "directive" in body.lower():
            literal = next(iter(message.findall(nodes.literal_block)), None)
            match = _DIRECTIVE.match(literal.astext()) if literal else None
            directives.append(match.group(1) if match else body)
        else:
            problems.append((message.get("line") or 1, body))

    for node in in_order:
        if isinstance(node, nodes.Text):
            if _is_read(node):
                # (``astext`` takes out the null characters escapes leave: where there are any)
                words.append(node.astext() if "\x00" in node else str(node))
            continue
        if type(node) in _CONTAINERS:
            continue  # the usual elements, which none of the tests below is about
        kind = type(node).__name__
        if isinstance(node, nodes.problematic):
            role = _role_of(node, messages)
            if role:
                counts[f"role:{role[0]}"] += 1
                roles.append(role)
        elif isinstance(node, nodes.Inline) and node.rawsource.startswith(":") and (
            "`" in node.rawsource
        ):
            # Markup written with a role that docutils knows (:sup:`x`, :code:`y` …).
            role = node.rawsource[1:].split(":`", 1)[0]
            counts[f"role:{role}"] += 1
            roles.append((role, ""))
        elif isinstance(node, (nodes.emphasis, nodes.strong, nodes.literal,
                               nodes.title_reference)):
            counts[kind] += 1
        elif isinstance(node, nodes.reference):
            if node.astext() != node.get("refuri"):  # a standalone URL is text, not markup
                counts["reference"] += 1
            if node.get("refuri"):
                urls.append(node["refuri"])
            elif node.get("refname"):
                references.append(node["refname"])
        elif isinstance(node, nodes.target):
            if node.get("refuri") and node["refuri"] not in urls:
                urls.append(node["refuri"])
            if node.parent is document:
                directives.append("target")
        elif isinstance(node, (nodes.footnote_reference, nodes.citation_reference)):
            counts[kind] += 1
            references.append(node.get("refname") or "#" + str(node.get("auto", "")))
        elif isinstance(node, nodes.substitution_reference):
            counts[kind] += 1
            substitutions.append(node["refname"])
        elif isinstance(node, _BLOCKS) or (
            isinstance(node, nodes.Body)
            and not isinstance(node, (nodes.paragraph, nodes.system_message))
            and node.parent is document
        ):
            directives.append(kind)
    return Markup(
        counts=counts,
        urls=tuple(urls),
        roles=tuple(roles),
        substitutions=tuple(substitutions),
        references=tuple(references),
        directives=tuple(directives),
        problems=tuple(problems),
        text="".join(words),
    )


def _in_order(document: nodes.document) -> list[nodes.Node]:
    """Every element and text of the document, in document order (as ``findall()`` gives
    them, without a generator per level of the tree)."""
    found: list[nodes.Node] = []
    stack: list[nodes.Node] = [document]
    while stack:
        node = stack.pop()
        found.append(node)
        if not isinstance(node, nodes.Text) and node.children:
            stack.extend(reversed(node.children))
    return found


def _is_read(text: nodes.Text) -> bool:
    """Whether a reader reads this text as words: not a literal, a URL shown as itself, a
    reference label or a system message."""
    parent = text.parent
    if isinstance(parent, (nodes.literal, nodes.system_message, nodes.paragraph)) and (
        isinstance(parent.parent, nodes.system_message)
    ):
        return False
    if isinstance(parent, (nodes.literal, nodes.problematic, nodes.literal_block,
                           nodes.footnote_reference, nodes.citation_reference)):
        return False
    return not (isinstance(parent, nodes.reference) and parent.get("refuri") == text.astext())


UNSAFE_SCHEMES = {"javascript", "data", "vbscript", "file"}


@lru_cache(maxsize=4096)
def is_unsafe_url(url: str) -> bool:
    """A link that runs code or reads local files when clicked: never published."""
    return urlsplit("".join(url.split())).scheme.lower() in UNSAFE_SCHEMES


def is_file_role(role: str) -> bool:
    return role.rsplit(":", 1)[-1] in _FILE_ROLES
