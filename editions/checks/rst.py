"""What a segment's reStructuredText contains, as Sphinx parses a translated message (never
guessed at).

A segment is parsed once, and only when it could hold markup at all, the way Sphinx's i18n
transform parses a msgstr: a final ``::`` gets the dummy literal block Sphinx appends, a final
``#noqa`` is taken off, every role is read alike (``title <target>``, ``!target``,
``~target``), and only the first element is what Sphinx publishes. The result is a ``Markup``
summary that the markup, safety, fidelity and typography checks compare.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from urllib.parse import urlsplit

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.parsers.rst.states import Body, Inliner
from docutils.utils import new_document, punctuation_chars, unescape
from sphinx.util.nodes import split_explicit_title

from ..rstparse import is_one_paragraph, parse_paragraph, text_before_literal_block

# Characters without which docutils finds no inline or explicit markup in a segment.
# (What could start a block rather than a paragraph, ``is_one_paragraph`` tells.)
_MARKUP_CHARS = re.compile(r"[*`|_\\\[\]]|://|@")
_DIRECTIVE = next(p for method, p in Body.explicit.constructs if method.__name__ == "directive")
_FILE_ROLES = {"download", "include", "literalinclude", "image", "figure"}
#: Roles whose content is what the reader reads (translated with the rest), with no target
#: to keep: Sphinx's text roles and docutils' own formatting roles.
READ_ROLES = {"abbr", "guilabel", "menuselection", "dfn", "sub", "subscript", "sup",
              "superscript", "emphasis", "strong", "title-reference", "title", "t",
              "abbreviation", "ab", "acronym", "ac"}
#: Roles that format their content (code, a key, a file name) and link nowhere.
CODE_ROLES = {"kbd", "command", "file", "samp", "mailheader", "makevar", "manpage",
              "mimetype", "newsgroup", "program", "regexp", "literal", "code", "math"}
#: Roles that only format: adding one changes how words look, nothing else.
FORMATTING_ROLES = READ_ROLES | CODE_ROLES
#: Cross-reference roles whose target is translated with the text: a translated build
#: translates the glossary its terms point to.
TRANSLATED_TARGET_ROLES = {"term"}
#: Roles whose target Sphinx reads without a final "()" (``fix_parens``): ``f()`` is ``f``.
_FIX_PARENS_ROLES = {"func", "meth", "c:func", "cpp:func"}
#: Sphinx's dummy literal block after a final "::" (its i18n transform appends the same).
_DUMMY_LITERAL = "\n\n   dummy literal"
_NOQA = re.compile(r"(.*)(?<!\\)#\s*noqa\s*$", re.DOTALL)

# The document and its paragraph: what every parsed segment has, and nothing to count.
_CONTAINERS = {nodes.document, nodes.paragraph}
# What explicit markup (``.. name::``, ``.. _target:``, ``.. [1]``, ``.. |sub|``) makes: never
# part of a paragraph of text.
_EXPLICIT = (nodes.raw, nodes.image, nodes.comment, nodes.footnote, nodes.citation,
             nodes.substitution_definition, nodes.target)

_SETTINGS = get_default_settings(Parser)
_SETTINGS.report_level = 5  # collect system messages in the tree, print nothing
_SETTINGS.halt_level = 5
_SETTINGS.file_insertion_enabled = False  # never read a file a volunteer names
_SETTINGS.raw_enabled = False
_SETTINGS.character_level_inline_markup = False
#: docutils' (and so Sphinx's) limit on a line's length: a longer segment is not parsed.
LINE_LENGTH_LIMIT: int = _SETTINGS.line_length_limit
#: More levels of indentation than any message needs: docutils would recurse once per level,
#: so such a text is reported, not parsed.
MAX_INDENT_LEVELS = 40
TOO_DEEP = (f"Indented more than {MAX_INDENT_LEVELS} levels deep: write the text as one "
             "paragraph, without leading spaces.")


class role_reference(nodes.Inline, nodes.TextElement):
    """Interpreted text with a role, read as Sphinx reads any role: its name, its target."""


class RoleInliner(Inliner):
    """docutils' inline parser, reading every role as one ``role_reference``: the checks
    know no role's meaning beyond its name and target, and a role docutils knows (``:rfc:``,
    ``:sup:``) must be read as Sphinx reads it, not as docutils alone would."""

    # docutils builds its patterns from ``vars(type(self))``: the class's own names only.
    vars().update({name: value for name, value in vars(Inliner).items()
                   if not name.startswith("__")})

    def interpreted(self, rawsource, text, role, lineno):  # type: ignore[no-untyped-def]
        if not role:  # `text` alone: docutils' default role, interpreted text
            return super().interpreted(rawsource, text, role, lineno)
        name = role.lower().removeprefix("py:")
        content = unescape(text)
        if name in FORMATTING_ROLES:
            target, shown, read = "", content, name in READ_ROLES
        else:
            titled, title, target = split_explicit_title(content)
            if name not in TRANSLATED_TARGET_ROLES:
                target = target.lstrip("!~")  # (Sphinx: no link; the last part shown)
            if name in _FIX_PARENS_ROLES:
                target = target.removesuffix("()")
            shown, read = (title if titled else content), titled
        node = role_reference(rawsource, shown, role=name, target=target, read=read)
        return [node], []


@cache
def known_roles() -> frozenset[str]:
    """The roles docutils and Sphinx itself know, by every name a message may give them
    (read when a translation has a role its source lacks: the domains take time to import)."""
    from docutils.parsers.rst import roles
    from docutils.parsers.rst.languages import en
    from sphinx import roles as sphinx_roles
    from sphinx.domains.c import CDomain
    from sphinx.domains.cpp import CPPDomain
    from sphinx.domains.javascript import JavaScriptDomain
    from sphinx.domains.math import MathDomain
    from sphinx.domains.python import PythonDomain
    from sphinx.domains.rst import ReSTDomain
    from sphinx.domains.std import StandardDomain

    known = set(roles._role_registry) | set(en.roles) | set(en.roles.values())
    known |= set(sphinx_roles.specific_docroles) | set(sphinx_roles.generic_docroles)
    known |= {"eq", "index", "raw", "code", "math"}
    for domain in (PythonDomain, StandardDomain, CDomain, CPPDomain, JavaScriptDomain,
                   ReSTDomain, MathDomain):
        known |= set(domain.roles) | {f"{domain.name}:{role}" for role in domain.roles}
    return frozenset(known)


def is_formatting_role(role: str) -> bool:
    return role in FORMATTING_ROLES


def is_raw_role(role: str) -> bool:
    """A role made from docutils' ``raw`` (``.. role:: raw-html(raw)``): it publishes HTML."""
    return "raw" in role.split("-")


def has_target(role: str) -> bool:
    """Whether a role's target must stay as the source has it."""
    return role not in FORMATTING_ROLES and role not in TRANSLATED_TARGET_ROLES


@dataclass(frozen=True)
class Markup:
    """The markup of one segment: what it counts, links to, and which problems docutils saw."""

    counts: Counter[str] = field(default_factory=Counter)
    urls: tuple[str, ...] = ()
    roles: tuple[tuple[str, str], ...] = ()  # (role, target)
    substitutions: tuple[str, ...] = ()
    #: Footnote and citation references (a named hyperlink's label may be translated:
    #: Sphinx gives a translated label the source's target).
    references: tuple[str, ...] = ()
    directives: tuple[str, ...] = ()  # explicit markup: directive names, "comment", "target" …
    #: What makes the segment more or other than one paragraph ("block_quote", a second
    #: "paragraph" …): Sphinx publishes only a paragraph, and only the first element.
    blocks: tuple[str, ...] = ()
    problems: tuple[tuple[int, str], ...] = ()
    literals: tuple[str, ...] = ()  # the text of each ``literal``
    text: str = ""  # the words a reader reads, outside literals and URLs
    #: The same words with a space where markup separates them ("2\\ :sup:`4`" is "2 4",
    #: not "24"): where numbers are read. Empty where it is ``text`` itself.
    spaced_text: str = ""
    #: Longer than docutils' line-length limit: not parsed (docutils would refuse it).
    too_long: bool = False
    #: A one-paragraph text as its inline constructs and what lies between: how a translation
    #: that keeps every construct verbatim is read without parsing it (see ``analyse_like``).
    template: _Template | None = field(default=None, compare=False, repr=False)

    @property
    def is_plain(self) -> bool:
        return not (self.counts or self.urls or self.directives or self.blocks
                    or self.problems)


def names(markup: Markup, target: str) -> bool:
    """Whether a segment names ``target`` (in its words, a literal or a role's target), or
    the last part of a dotted name: what a cross-reference to it may be added for."""
    if not target:
        return False
    named = " ".join((markup.text, *markup.literals, *(t for _role, t in markup.roles)))
    return target in named or target.rsplit(".", 1)[-1] in named


def needs_parsing(text: str) -> bool:
    return bool(_MARKUP_CHARS.search(text)) or not is_one_paragraph(text)


def as_sphinx_reads(text: str) -> tuple[str, bool]:
    """The text Sphinx's i18n transform parses for a translated paragraph, and whether it
    added a dummy literal block (after a final ``::``) that is not part of the segment."""
    match = _NOQA.match(text) if "noqa" in text else None
    if match:
        text = match.group(1)
    if text.strip().endswith("::"):
        return text + _DUMMY_LITERAL, True
    return text, False


def _parse(text: str) -> nodes.document:
    """Parse as Sphinx does a message (a one-line paragraph the fast way)."""
    if is_one_paragraph(text):
        document = _emptied_document()
        parse_paragraph(text, document, RoleInliner)
    else:
        document = new_document("<segment>", _SETTINGS)
        # (A new inliner each time: docutils sets one up anew for every parse.)
        Parser(inliner=RoleInliner()).parse(text, document)
    return document


_THREAD = threading.local()


def _emptied_document() -> nodes.document:
    """This thread's document for one-paragraph parses, emptied of the last one's paragraph
    and of what its parse noted (targets, references, ids): as ``new_document`` makes it, but
    made once. A new document per segment, each some thirty objects the collector must go
    through and free, was a tenth of the time of checking a catalog."""
    document = getattr(_THREAD, "document", None)
    if document is None:
        document = _THREAD.document = new_document("<segment>", _SETTINGS)
        blank = {name: _copied(value) for name, value in vars(document).items()}
        _THREAD.empty = [(name, type(value)) for name, value in blank.items()
                         if type(value) in (list, dict) and not value]
        _THREAD.rest = [(name, value) for name, value in blank.items()
                        if (name, type(value)) not in _THREAD.empty]
        return document
    state = vars(document)
    if len(state) != len(_THREAD.empty) + len(_THREAD.rest):
        known = {name for name, _value in (*_THREAD.empty, *_THREAD.rest)}
        for name in [name for name in state if name not in known]:
            del state[name]
    for name, kind in _THREAD.empty:  # (a parse fills few of them: those are made anew)
        if state.get(name, True):
            state[name] = kind()
    for name, value in _THREAD.rest:
        current = state.get(name, _THREAD)  # (this thread's local: never an attribute)
        if current is not value and (type(current) is not type(value) or current != value):
            state[name] = _copied(value)
    return document


def _copied(value: object) -> object:
    """A copy of a document's blank attribute, down to its lists and dicts."""
    if isinstance(value, dict):
        return type(value)({key: _copied(item) for key, item in value.items()})
    return type(value)(_copied(item) for item in value) if isinstance(value, list) else value


def analyse(text: str) -> Markup:
    """Parse ``text`` as a reStructuredText message and summarise its markup (with the
    template a translation of it may be read by, see ``analyse_like``)."""
    return _analysed(text, True)


@lru_cache(maxsize=65536)
def _analysed(text: str, template: bool) -> Markup:
    if not needs_parsing(text):
        return Markup(text=text)
    if len(text) > LINE_LENGTH_LIMIT or "\n" in text:  # (else one short line)
        if any(len(line) > LINE_LENGTH_LIMIT for line in text.splitlines()):
            return Markup(text=text, too_long=True)
        if _indent_levels(text) > MAX_INDENT_LEVELS:
            return Markup(text=text, problems=((1, TOO_DEEP),))
    parsed, dummy = as_sphinx_reads(text)
    # A paragraph ending in "::" is the paragraph docutils makes of its text (the dummy
    # literal block after it, which the summary leaves out, need not be made at all).
    shown = text_before_literal_block(parsed.removesuffix(_DUMMY_LITERAL)) if dummy else None
    if shown is not None:
        parsed, dummy = shown, False
    try:
        document = _parse(parsed)
    except RecursionError:  # docutils recurses once per level of nesting
        return Markup(text=text, problems=((1, TOO_DEEP),))
    return _summarise(document, dummy, parsed if template else "")


@lru_cache(maxsize=65536)
def analyse_like(source: str, text: str) -> Markup:
    """``analyse(text)`` for a translation of ``source``: where the translation keeps each of
    the source's inline constructs verbatim, in order, in the same surroundings, with nothing
    but plain words between them, docutils reads it as it reads the source (the same
    constructs, other words), and the source's reading is reused; anywhere else it is parsed.
    ``tests/test_checks_corpus.py`` holds the two ways to agreeing on real catalogs."""
    template = analyse(source).template
    if template is not None:
        words = template.words_of(text)
        if words is not None:
            return replace(analyse(source), text="".join(words), spaced_text=_spaced(words),
                           template=None)
    return _analysed(text, False)


def _spaced(words: list[str]) -> str:
    pieces = [word for word in words if word]
    return " ".join(pieces) if len(pieces) > 1 else ""


# What may stand right before or after an inline construct in a translation read without
# parsing it: what stood there in the source; or, where the source had a character docutils
# lets inline markup start after (end before), another such character: a space, the text's
# edge, or punctuation of docutils' own classes (``Inliner.init_customizations``). Never a
# character that is markup itself (a neighbouring construct's), and never ":", "<" or ">"
# (":role:`x`", "`x`:role:" would make a role of it).
_NOT_NEUTRAL = set("*`|_\\[]:<>@")
_START_PREFIX = re.compile(
    rf"\s|[{punctuation_chars.openers}{punctuation_chars.delimiters}]")
_END_SUFFIX = re.compile(rf"\s|[{punctuation_chars.closing_delimiters}"
                         rf"{punctuation_chars.delimiters}{punctuation_chars.closers}]")


def _neutral(char: str, pattern: re.Pattern[str]) -> bool:
    return not char or (char not in _NOT_NEUTRAL and pattern.fullmatch(char) is not None)


def _same_before(source_char: str, char: str, construct: str) -> bool:
    if char == source_char:
        return char != ":"
    if not (_neutral(char, _START_PREFIX) and _neutral(source_char, _START_PREFIX)):
        return False
    # docutils does not start markup "quoted" by an opener and its closer: "(*)". The
    # character after the start-string is among the construct's first few (after its role).
    # (A literal's start-string is two backquotes: '"``"x"``' is quoted too.)
    tick = construct.find("`")
    if tick < 0:
        quoted = construct[1:3]
    else:
        quoted = construct[1:tick + (3 if construct.startswith("``", tick) else 2)]
    return not any(punctuation_chars.match_chars(char, after) for after in quoted)


def _same_after(source_char: str, char: str, construct: str) -> bool:
    if char == source_char:
        # (a ":" after interpreted text may start a suffix role: "`x`:role:")
        return char != ":" or construct.endswith("``") or not construct.endswith("`")
    return _neutral(char, _END_SUFFIX) and _neutral(source_char, _END_SUFFIX)


@dataclass(frozen=True)
class _Template:
    """A source's one paragraph as its inline constructs (each as written) and the characters
    around each, with the words a reader reads in each."""

    constructs: tuple[str, ...]
    before: tuple[str, ...]  # the character before each construct ("" at the start)
    after: tuple[str, ...]  # the character after it ("" at the end)
    words: tuple[tuple[str, ...], ...]  # the read text of each construct, piece by piece

    def words_of(self, text: str) -> list[str] | None:
        """The words a reader reads in ``text``, piece by piece as docutils would give them,
        if ``text`` keeps this template; else None."""
        if "noqa" in text:
            return None
        if text.endswith("::"):  # the paragraph's text, as ``_analysed`` reads it
            text = text_before_literal_block(text)  # type: ignore[assignment]
            if text is None:
                return None
        if not is_one_paragraph(text):
            return None
        words: list[str] = []
        position = 0
        for number, construct in enumerate(self.constructs):
            found = text.find(construct, position)
            if found < 0:
                return None
            between = text[position:found]
            if _MARKUP_CHARS.search(between) or not _same_before(
                self.before[number], text[found - 1] if found else "", construct
            ):
                return None
            end = found + len(construct)
            if not _same_after(self.after[number], text[end] if end < len(text) else "",
                               construct):
                return None
            words.append(between)
            words.extend(self.words[number])
            position = end
        rest = text[position:]
        if _MARKUP_CHARS.search(rest):
            return None
        words.append(rest)
        return words


def _template_of(document: nodes.document, text: str) -> _Template | None:
    """The template of a parsed one-paragraph text whose constructs and plain pieces lay end
    to end as written (no escapes, nothing docutils found by context: a standalone URL)."""
    children = document.children
    if len(children) != 1 or type(children[0]) is not nodes.paragraph:
        return None
    constructs: list[str] = []
    before: list[str] = []
    after: list[str] = []
    words: list[tuple[str, ...]] = []
    position = 0
    for child in children[0].children:
        if type(child) is nodes.Text:
            piece = str(child)
            if not text.startswith(piece, position):
                return None
            position += len(piece)
            continue
        raw = child.rawsource
        if (not raw or not text.startswith(raw, position)
                or (isinstance(child, nodes.reference) and "`" not in raw)):
            return None  # (a bare URL or name: where it ends depends on what follows)
        constructs.append(raw)
        before.append(text[position - 1] if position else "")
        position += len(raw)
        after.append(text[position] if position < len(text) else "")
        words.append(tuple(_read_pieces(child)))
    if position != len(text):
        return None
    return _Template(tuple(constructs), tuple(before), tuple(after), tuple(words))


def _in_order(node: nodes.Node) -> Iterator[tuple[nodes.Node, bool]]:
    """Every element and text under ``node`` (itself first), in document order, each with
    whether a reader reads its text as words (not in a literal, a system message, or a URL
    shown as itself): the one walk of the summary and of a template's constructs."""
    stack: list[tuple[nodes.Node, bool]] = [(node, True)]
    while stack:
        current, read = stack.pop()
        yield current, read
        if type(current) is not nodes.Text and current.children:
            inside = read and _reads_its_text(current)
            stack.extend((child, inside) for child in reversed(current.children))


def _read_text(node: nodes.Text) -> str:
    # (``astext`` takes out the null characters escapes leave: where there are any)
    return node.astext() if "\x00" in node else str(node)


def _read_pieces(node: nodes.Node) -> list[str]:
    """The read text of an inline construct, piece by piece, as ``_summarise`` takes it."""
    return [_read_text(current) for current, read in _in_order(node)
            if read and type(current) is nodes.Text]


def _indent_levels(text: str) -> int:
    return len({len(line) - len(line.lstrip()) for line in text.splitlines() if line.strip()})


def _dropped_blocks(document: nodes.document, dummy: bool) -> list[str]:
    """The kinds of block structure of a parsed message that Sphinx, which publishes only
    its first element and only if a paragraph, would drop."""
    children = document.children
    if len(children) == 1 and type(children[0]) is nodes.paragraph:
        return []  # the usual case: one paragraph, nothing else
    elements = [node for node in children
                if not isinstance(node, (nodes.system_message, *_EXPLICIT))]
    if dummy and elements and isinstance(elements[-1], nodes.literal_block):
        elements.pop()  # Sphinx's own dummy literal block
    if not elements:
        return []
    first, rest = elements[0], elements[1:]
    blocks = [] if isinstance(first, nodes.paragraph) else [type(first).__name__]
    return blocks + [type(node).__name__ for node in rest]


def _summarise(document: nodes.document, dummy: bool = False, text: str = "") -> Markup:
    """What a parsed segment's markup counts, links to and breaks.

    One walk of the tree: the words read, each inline element tallied, the system messages
    kept aside to be read after (they say what broke, and which directives were written).
    """
    blocks = _dropped_blocks(document, dummy)
    found = _Found()
    messages: list[nodes.system_message] = []
    for node, read in _in_order(document):
        node_type = type(node)
        if node_type is nodes.Text:
            if read:
                found.words.append(_read_text(node))
            continue
        if node_type in _CONTAINERS:
            continue  # the usual elements, which none of the tests below is about
        if node_type is nodes.system_message:
            messages.append(node)
            continue
        found.tally(node, document)
    # (What the system messages say comes first, as they come first in the tree's summary.)
    reported, problems = _read_messages(messages)
    found.directives[:0] = reported
    template = (_template_of(document, text)
                if text and not dummy and not messages and not blocks and not found.directives
                else None)
    return Markup(
        counts=found.counts,
        urls=tuple(found.urls),
        roles=tuple(found.roles),
        substitutions=tuple(found.substitutions),
        references=tuple(found.references),
        directives=tuple(found.directives),
        blocks=tuple(blocks),
        problems=tuple(problems),
        literals=tuple(found.literals),
        text="".join(found.words),
        spaced_text=_spaced(found.words),
        template=template,
    )


@dataclass
class _Found:
    """What ``_summarise`` has found so far in its walk, field by field of ``Markup``."""

    counts: Counter[str] = field(default_factory=Counter)
    urls: list[str] = field(default_factory=list)
    roles: list[tuple[str, str]] = field(default_factory=list)
    substitutions: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    directives: list[str] = field(default_factory=list)
    literals: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)

    def tally(self, node: nodes.Element, document: nodes.document) -> None:
        """One element that is neither text, a plain container nor a system message: what
        it counts as, and the role target, URL, reference or literal text it carries."""
        kind = type(node).__name__
        if isinstance(node, role_reference):
            self.counts[f"role:{node['role']}"] += 1
            self.roles.append((node["role"], node["target"]))
        elif isinstance(node, nodes.literal):
            self.counts[kind] += 1
            self.literals.append(node.astext())
        elif isinstance(node, (nodes.emphasis, nodes.strong, nodes.title_reference)):
            self.counts[kind] += 1
        elif isinstance(node, nodes.reference):
            if node.astext() != node.get("refuri"):  # a standalone URL is text, not markup
                self.counts["reference"] += 1
            if node.get("refuri"):
                self.urls.append(node["refuri"])
        elif isinstance(node, nodes.target):
            if node.get("refuri") and node["refuri"] not in self.urls:
                self.urls.append(node["refuri"])
            if node.parent is document:
                self.directives.append("target")
        elif isinstance(node, (nodes.footnote_reference, nodes.citation_reference)):
            self.counts[kind] += 1
            self.references.append(node.get("refname") or "#" + str(node.get("auto", "")))
        elif isinstance(node, nodes.substitution_reference):
            self.counts[kind] += 1
            self.substitutions.append(node["refname"])
        elif isinstance(node, _EXPLICIT) and node.parent is document:
            self.directives.append(kind)


def _read_messages(messages: list[nodes.system_message]) -> tuple[list[str], list[tuple[int, str]]]:
    """The directives docutils reported (by name) and the problems it found (line, text).

    A warning about a directive names a directive written in the text, not a fault of the
    markup: it is kept with the directives, for the checks that compare those.
    """
    reported: list[str] = []
    problems: list[tuple[int, str]] = []
    for message in messages:
        if message["level"] < 2:
            continue
        body = message.children[0].astext() if message.children else ""
        if "directive" in body.lower():
            literal = next(iter(message.findall(nodes.literal_block)), None)
            match = _DIRECTIVE.match(literal.astext()) if literal else None
            reported.append(match.group(1) if match else body)
        else:
            problems.append((message.get("line") or 1, body))
    return reported, problems


#: Elements whose text no reader reads as words.
_UNREAD = (nodes.literal, nodes.problematic, nodes.literal_block, nodes.footnote_reference,
           nodes.citation_reference, nodes.system_message)


def _reads_its_text(node: nodes.Node) -> bool:
    """Whether a reader reads the text inside this element as words: not a literal, a
    system message, a reference label, a URL shown as itself."""
    if isinstance(node, role_reference):
        return node["read"]
    if isinstance(node, _UNREAD):
        return False
    return not (isinstance(node, nodes.reference) and node.get("refuri")
                and node.get("refuri") == node.astext())


UNSAFE_SCHEMES = {"javascript", "data", "vbscript", "file"}


@lru_cache(maxsize=4096)
def is_unsafe_url(url: str) -> bool:
    """A link that runs code or reads local files when clicked: never published."""
    return urlsplit("".join(url.split())).scheme.lower() in UNSAFE_SCHEMES


def same_url(source_url: str, url: str) -> bool:
    """Whether a translation's address is the source's page: any case of scheme and host,
    with or without a final "/", over https where the source says http (never the other
    way: a plain-http link can be read and changed on its way)."""
    if source_url == url:
        return True
    first, second = urlsplit(source_url.strip()), urlsplit(url.strip())
    schemes = (first.scheme.lower(), second.scheme.lower())
    return (
        (schemes[0] == schemes[1] or schemes == ("http", "https"))
        and first.netloc.lower() == second.netloc.lower()
        and first.path.rstrip("/") == second.path.rstrip("/")
        and (first.query, first.fragment) == (second.query, second.fragment)
    )


def is_localised_url(old: str, new: str, language: str, allowed_hosts: frozenset[str]) -> bool:
    """Whether ``new`` is ``old``'s page in the translation's language: on a host conf.py
    allows for it, or on the same site with the language's code added to the host or path
    (en.wikipedia.org → es.wikipedia.org, docs.python.org/3/ → docs.python.org/es/3/)."""
    before, after = urlsplit(old.strip()), urlsplit(new.strip())
    host = (after.hostname or "").lower()
    if after.scheme not in {"http", "https"} or not host:
        return False
    if host in allowed_hosts:
        return True
    if host.split(".")[-2:] != (before.hostname or "").lower().split(".")[-2:]:
        return False
    code = language.replace("_", "-").lower()
    marks = {code, code.split("-")[0]}
    added_to_host = set(host.split(".")) - set((before.hostname or "").lower().split("."))
    added_to_path = set(after.path.lower().split("/")) - set(before.path.lower().split("/"))
    return bool(marks & (added_to_host | added_to_path))


def is_file_role(role: str) -> bool:
    return role.rsplit(":", 1)[-1] in _FILE_ROLES
