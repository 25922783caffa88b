"""Markup integrity: the translation's markup parses, is one paragraph, and keeps the source's.

What a reader would lose is an error: a link, a role, a footnote, a literal that carries a
name, emphasis the source has. What only changes how words look (emphasis added on a
loanword, a parameter name in italics rather than as code) is a warning.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from .rst import (
    LINE_LENGTH_LIMIT,
    Markup,
    has_target,
    is_formatting_role,
    is_unsafe_url,
    known_roles,
    names,
    same_url,
)
from .segment import Segment

#: Languages written without spaces between words: markup needs escaped spaces there.
SCRIPTIO_CONTINUA = {"zh", "ja", "th", "lo", "km", "my", "bo"}
#: Languages that glue words to markup (and Korean its particles): an escaped space parts them.
ESCAPED_SPACE_LANGUAGES = SCRIPTIO_CONTINUA | {"ko"}

# Inline markup that docutils did not recognise because it touches a letter on the outside:
# a mark with a letter on both sides ("le*mot*", "*mot*s", "中文*强调*中文").
_GLUED = re.compile(r"\w(\*\*?|``?)\w")
# A role (":ref:", ":c:func:") and the character before it: glued to a letter there
# ("に:ref:`x`"), docutils reads neither the role nor its target, and readers see ":ref:".
_ROLE_AFTER = re.compile(r"(.?):((?:[\w.+-]+:)?[\w.+-]+):`")
# A mark with a letter on both sides in the text as written ("の``x``", "``x``で",
# "`x <url>`_を"): docutils sees the markup neither start nor end there.
_GLUED_MARK = re.compile(r"[\w>](?>``|`__?|`|\*\*?)(?=[^\W_])")
# Markup broken by a space where none may be: ":role: `x`", "`` x``", "`text <url>` _".
_SPACED_ROLE = re.compile(r"(?<![\w`]):([\w.+-]+(?::[\w.+-]+)?):\s+`")
_SPACED_LINK_END = re.compile(r"`\s+__?(?!\w)")
_LITERAL_PAIR = re.compile(r"``([^`]+?)``")
_BACKQUOTES = re.compile(r"`+")
# Marks of markup left unread, as a reader sees them: backquotes, ":role:" before one.
_VISIBLE_MARKS = re.compile(r"`+|:[\w.+-]+:(?=\s*`)")

_OPENING_QUOTES = re.compile("[«“„「『‹‚]|(?<!\\w)[\"'](?=\\w)")
#: Emphasis and its kin: losing it loses meaning, adding it changes only how words look.
_EMPHASIS = {"emphasis", "strong", "title_reference"}
_NAMES = {
    "emphasis": "*emphasis*", "strong": "**strong**", "literal": "``literal``",
    "title_reference": "`interpreted text`", "reference": "hyperlink",
    "footnote_reference": "footnote reference", "citation_reference": "citation reference",
    "substitution_reference": "|substitution|",
}
# What Sphinx's SmartQuotes changes in running text ("--" becomes "–", quotes curl): a literal
# holding it, written as plain text, is no longer the same code.
_SMARTENED = re.compile(r"--|\.\.\.|[\"']")
#: Languages whose typography has no italics: emphasis left out there is a matter of look.
NO_ITALICS = {"zh", "ja", "ko"}
# Debris of a link whose opening backquote is gone (or became a quote): "<https://…>`__",
# "`_", ">'_".
_LINK_DEBRIS = re.compile(r""">[`'"]?_|[`'"]__?(?!\w)""")
# The cross-reference roles of Python objects: one may stand for another (:meth: for an
# attribute resolves all the same).
_OBJECT_ROLES = {"func", "meth", "class", "attr", "data", "const", "exc", "obj", "mod",
                 "type", "property"}


def _describe(kind: str) -> str:
    return _NAMES.get(kind, f":{kind[5:]}: role" if kind.startswith("role:") else kind)


#: What ``check`` reports.
REPORTS = ("block-structure", "rst-syntax", "markup-mismatch", "markup-spacing",
           "link-target", "markup-formatting", "markup-unchecked")


def check(segment: Segment) -> Iterator[tuple[str, str]]:
    source, translation = segment.source_markup, segment.translation_markup
    if source.too_long or translation.too_long:
        yield "markup-unchecked", (
            f"longer than docutils' line-length limit ({LINE_LENGTH_LIMIT:,} characters on one "
            "line): its markup was not checked; break the paragraph in the source"
        )
        return
    if translation.blocks and not source.blocks:
        yield "block-structure", _block_message(segment.translation, translation)
        return
    # What is broken in the source alike is not the translation's doing.
    problems = [(line, problem) for line, problem in translation.problems
                if problem not in {text for _line, text in source.problems}]
    glued_hint = ""
    if any("without end-string" in problem for _line, problem in problems) and (
            _glued_marks(translation) > _glued_marks(source)):
        glued_hint = (": a mark of it touches a letter, so docutils does not see where the "
                      "markup starts or ends; " + _space_advice(segment))
    for line, problem in problems:
        hint = glued_hint if "without end-string" in problem else ""
        yield "rst-syntax", f"docutils: {problem} (line {line} of the translation){hint}"
    if problems or (source.is_plain and translation.is_plain):
        return  # (plain text on both sides: no markup, link or reference to compare)
    if (source.counts == translation.counts and source.urls == translation.urls
            and source.roles == translation.roles
            and source.references == translation.references):
        return  # the same markup, links and references: the usual case, told at once
    yield from _compare(segment, source, translation)


def _block_message(text: str, translation: Markup) -> str:
    kind = translation.blocks[0]
    if text[:1].isspace():
        why = "it starts with a space, which makes it a block quote"
    elif kind == "paragraph":
        why = "it holds a blank line, which makes it two paragraphs"
    elif kind in {"enumerated_list", "bullet_list"}:
        why = (f"it starts like a list item ({text.split()[0]!r}); write it otherwise, or "
               "escape it with a backslash")
    elif kind == "field_list":
        why = "it starts with a :word: followed by a space, which makes it a field list"
    elif kind == "definition_list":
        why = "a line break followed by an indented line makes it a definition list"
    else:
        why = f"it reads as a {kind.replace('_', ' ')}"
    return (f"Sphinx publishes a translation only as one paragraph, and drops this one "
            f"silently (the reader sees the source instead): {why}")


def _compare(segment: Segment, source: Markup, translation: Markup) -> Iterator[tuple[str, str]]:
    """The markup the translation lacks or adds against the source, explained where it can be.

    Broken or glued marks are told alone (the counts then say nothing more); otherwise each
    difference is explained as a loss for the reader or a change of look, then the links and
    targets are compared.
    """
    missing = source.counts - translation.counts
    extra = translation.counts - source.counts
    broken = _broken_markup(segment.translation, segment.source)
    if broken and (missing or extra):
        yield "markup-mismatch", broken
        return
    glued = _glued(segment, missing, extra)
    if glued:
        yield "markup-spacing", glued
        yield from _targets(segment, source, translation)
        return
    differences = _Differences(segment, source, translation, missing, extra)
    differences.explain()
    yield from differences.findings()
    yield from _targets(segment, source, translation)


@dataclass
class _Differences:
    """The markup counts one side has more of, as they are explained one kind after another.

    Each step takes what it explains out of ``missing`` and ``extra``, so that a later step
    does not tell the same mark twice, and adds its verdict to ``errors`` (the reader loses
    something) or to ``formatting`` (only how words look changes). The steps' order is that
    of the verdicts in the message.
    """

    segment: Segment
    source: Markup
    translation: Markup
    missing: Counter[str]
    extra: Counter[str]
    errors: list[str] = field(default_factory=list)
    formatting: list[str] = field(default_factory=list)

    def explain(self) -> None:
        """Each kind of difference in turn; marks left unread last, when nothing else is lost."""
        self._roles_misspelled()
        self._literals_lost()
        self._written_as_code()
        self._written_in_quotes()
        renamed = _renamed_roles(self.source, self.translation)
        self._fewer(renamed)
        self._more(renamed)
        shown = _marks_shown(self.translation) - _marks_shown(self.source)
        if shown and not self.errors:
            # Markup that docutils did not read is shown to readers as its marks.
            self.errors.append("markup left unread shows its marks to readers "
                               f"({' '.join(sorted(shown))})")

    def findings(self) -> Iterator[tuple[str, str]]:
        """One finding: the losses if there are any, else the changes of look."""
        if self.errors:
            yield "markup-mismatch", (
                "; ".join(self.errors) + ": keep the same markup around the translated words")
        elif self.formatting:
            yield "markup-formatting", (
                "the markup changes only how words look: " + ", ".join(self.formatting)
                + " (check it is meant)"
            )

    def _roles_misspelled(self) -> None:
        """A role unknown to Sphinx but close to the source's: one typo, told as such."""
        for wrong, right in _misspelled_roles(self.source, self.translation).items():
            self.errors.append(
                f"the role :{wrong}: is unknown to Sphinx (:{right}: misspelled?)")
            self.missing.pop(f"role:{right}", None)
            self.extra.pop(f"role:{wrong}", None)

    def _literals_lost(self) -> None:
        """Literals: one whose text the translation still holds (in italics, plain) is a
        change of look; one whose text is gone loses a name.

        (Code the translation keeps as code but changes, as an example's names translated,
        is for a reviewer to judge.)
        """
        lost = self.missing.pop("literal", 0)
        if not lost:
            return
        gone = list((Counter(self.source.literals)
                     - Counter(self.translation.literals)).elements())
        text = self.segment.translation
        for literal in gone[:lost] or ["…"]:
            # (One token, a name, path or option; not a command line or an expression,
            # which only its code look tells apart from the words around it.)
            if (literal and not any(c.isspace() for c in literal) and literal in text
                    and not _SMARTENED.search(literal)):
                self.formatting.append(f"``{literal}`` is no longer shown as code")
            else:
                self.errors.append(f"the literal ``{literal}`` of the source is missing")

    def _written_as_code(self) -> None:
        """Interpreted text or a formatting role (:file:, :kbd:) written as code instead: the
        same words, shown alike."""
        spare = self.extra.get("literal", 0) + self.extra.get("title_reference", 0)
        for kind in list(self.missing):
            if spare and (kind == "title_reference"
                          or (kind.startswith("role:") and is_formatting_role(kind[5:]))):
                swapped = _take(self.missing, kind, spare)
                spare -= swapped
                self.formatting.append(f"{swapped} {_describe(kind)} written as ``code``")
        if self.extra.pop("literal", 0) and not any("``code``" in f for f in self.formatting):
            self.formatting.append("it shows more words as ``code`` than the source")

    def _written_in_quotes(self) -> None:
        """Italics for a label or a title written as quotation marks, as many languages do."""
        spare_quotes = (len(_OPENING_QUOTES.findall(self.segment.translation))
                        - len(_OPENING_QUOTES.findall(self.segment.source)))
        for kind in ("title_reference", "emphasis"):
            if spare_quotes > 0 and self.missing.get(kind):
                swapped = _take(self.missing, kind, spare_quotes)
                spare_quotes -= swapped
                self.formatting.append(f"{swapped} {_describe(kind)} written in quotation marks")

    def _fewer(self, renamed: dict[str, str]) -> None:
        """What the translation has fewer of: roles are kept by name (a Python object's role
        may stand for another's), links by address, italics where the script has them."""
        source, translation = self.source, self.translation
        for kind, count in self.missing.items():
            role = kind[5:] if kind.startswith("role:") else ""
            if role in renamed:
                old, new = role, renamed[role]
                (self.formatting if {old, new} <= _OBJECT_ROLES else self.errors).append(
                    f"the :{old}: role became :{new}:")
            elif role and _every_target_kept(role, source, translation):
                self.formatting.append(f"a repeated :{role}: role written {count} time(s) fewer")
            elif (kind in {"emphasis", "title_reference"}
                  and self.segment.base_language in NO_ITALICS):
                self.formatting.append(
                    f"{count} {_describe(kind)} fewer (no italics in this script)")
            elif kind == "reference" and _links_kept(source, translation):
                if _LINK_DEBRIS.search(self.segment.translation):
                    self.errors.append("a link lost its opening ` (its `_ marks are left in "
                                       "the text: write `text <url>`_)")
                else:
                    self.formatting.append("a link's text became the bare address it links to")
            else:
                self.errors.append(f"{count} {_describe(kind)} fewer than the source")

    def _more(self, renamed: dict[str, str]) -> None:
        """What the translation has more of: emphasis and formatting roles change only the
        look; more of a kind the source has is a fault (a new role, the safety checks name)."""
        for kind, count in self.extra.items():
            if kind in _EMPHASIS:
                self.formatting.append(f"{count} {_describe(kind)} more")
            elif kind.startswith("role:") and kind[5:] not in renamed.values():
                role = kind[5:]
                if is_formatting_role(role) or _names_the_source(role, self.source,
                                                                 self.translation):
                    self.formatting.append(f"{count} {_describe(kind)} more")
                # (any other role it brings in, the safety checks name)
            elif not kind.startswith("role:") and kind in self.source.counts:
                self.errors.append(f"{count} {_describe(kind)} more than the source")


def _targets(segment: Segment, source: Markup, translation: Markup) -> Iterator[tuple[str, str]]:
    """Links, role targets and references that must stay as the source has them."""
    text = segment.translation
    missing_urls = [url for url in source.urls
                    if not any(same_url(url, other) for other in translation.urls)]
    # A link whose text touches its address ("ici<https://…>`_"): no address is read there.
    glued = [url for url in missing_urls if re.search(rf"[^\s`]<{re.escape(url)}>`", text)]
    if glued:
        yield "link-target", (
            f"the link's text touches its address <{glued[0]}>: docutils reads no address "
            "there, and the link leads nowhere; put a space before the <"
        )
    # (An address still written as it is, in a link whose marks broke, is the markup's loss,
    # told above: the volunteer has a link to mend, not an address to restore.)
    links_lost = translation.counts["reference"] < source.counts["reference"]
    missing_urls = [url for url in missing_urls if url not in glued
                    and not (links_lost and f"<{url}>" in text)]
    new_urls = [url for url in translation.urls
                if not any(same_url(other, url) for other in source.urls)]
    if missing_urls and not any(is_unsafe_url(url) for url in translation.urls) and not (
        new_urls and all(segment.localises(old, new)
                         for old, new in zip(missing_urls, new_urls, strict=False))
        and len(new_urls) == len(missing_urls)
    ):
        yield "link-target", (
            f"the link {missing_urls[0]} of the source is missing or changed: translate the "
            "link text, keep the URL exactly as it is"
        )
    source_targets = Counter((role, target) for role, target in source.roles if has_target(role))
    translation_targets = Counter(
        (role, target) for role, target in translation.roles if has_target(role)
    )
    source_names = Counter(role for role, _target in source_targets.elements())
    changed = [
        (role, target) for role, target in (source_targets - translation_targets)
        # (a role gone altogether is the markup's loss, told above)
        if sum(1 for r, _t in translation_targets.elements() if r == role) >= source_names[role]
        and not _localised_in(role, target, segment, translation_targets)
    ]
    if changed:
        role, target = changed[0]
        found = sorted(t for r, t in (translation_targets - source_targets) if r == role)
        became = f", not {found[0]!r}" if found else ""
        yield "link-target", (
            f"the target of the :{role}: role must stay {target!r}{became}: translate the "
            "title inside `…` but keep the target (the <target>, or the whole text)"
        )
    if sorted(source.references) != sorted(translation.references):
        yield "link-target", (
            "a footnote, citation or named reference differs from the source's: "
            "keep its label as it is"
        )


def _localised_in(role: str, target: str, segment: Segment,
                  targets: Counter[tuple[str, str]]) -> bool:
    """Whether the translation gives this role the target's page in its own language."""
    localised = _localised_target(target, segment)
    return localised != target and (role, localised) in targets


def _localised_target(target: str, segment: Segment) -> str:
    """The target with its source-language path part (``generated/en/x``) in the
    translation's language (``generated/fr/x``): the same page in this edition, where the
    project has one per language."""
    parts = target.split("/")
    if segment.source_language not in parts:
        return target
    return "/".join(segment.language if part == segment.source_language else part
                    for part in parts)


def _broken_markup(text: str, source_text: str) -> str:
    """What a space too many breaks, said in the volunteer's terms."""
    role = _SPACED_ROLE.search(text)
    if role:
        return (f"the :{role.group(1)}: role is broken by the space after it: write "
                f":{role.group(1)}:`…` with no space before the backquote")
    if _SPACED_LINK_END.search(text):
        return "a link is broken by the space before its final _: write `text <url>`_ together"
    runs = [len(run) for run in _BACKQUOTES.findall(text)]
    source_runs = [len(run) for run in _BACKQUOTES.findall(source_text)]
    if (runs.count(2) % 2 and not source_runs.count(2) % 2) or (
        max(runs, default=0) > 2 >= max(source_runs, default=0)
    ):
        return ("a ``literal`` lacks one of its `` marks (or has ` or ``` instead): write "
                "two backquotes on each side, ``code``")
    if any(content[:1].isspace() or content[-1:].isspace()
           for content in _LITERAL_PAIR.findall(text)):
        return "a ``literal`` is broken by a space inside its `` marks: write ``code`` tight"
    return ""


def _glued(segment: Segment, missing: Counter[str], extra: Counter[str]) -> str:
    """Markup the translation writes but docutils does not recognise, glued to a letter:
    its marks are left in the text the reader reads."""
    roles_lost = any(kind.startswith("role:") for kind in missing)
    for before, written in _ROLE_AFTER.findall(segment.translation) if roles_lost else ():
        role = written.lower().removeprefix("py:")  # (as Sphinx names it)
        if before and (before.isalnum() or before == "_") and missing.get(f"role:{role}"):
            return (f"the :{written}: role touches the letter before it, so docutils does "
                    f"not read it (readers see :{written}:); " + _space_advice(segment))
    if not missing:
        return ""
    if (extra or not _GLUED.search(segment.translation_markup.text)) and (
        _glued_marks(segment.translation_markup) <= _glued_marks(segment.source_markup)
    ):
        return ""
    if segment.base_language in ESCAPED_SPACE_LANGUAGES:
        return ("markup glued to a character is not recognised: in this language, put an "
                "escaped space around it, as in 中文\\ *强调*\\ 中文")
    return ("markup glued to a letter is not recognised: leave a space (or punctuation) "
            "outside the * or ` marks, as the source does")


def _glued_marks(markup: Markup) -> int:
    """How many marks of inline markup touch a letter on their outside where docutils left
    them unread: in the text a reader reads, and the `` a literal took in (code may hold a
    * or a `, never two backquotes)."""
    return len(_GLUED_MARK.findall(markup.text)) + sum(
        literal.count("``") for literal in markup.literals)


def _space_advice(segment: Segment) -> str:
    """How to part markup from the letter it touches, in the translation's language."""
    if segment.base_language in ESCAPED_SPACE_LANGUAGES:
        return "in this language, put an escaped space between them, as in 中文\\ ``code``\\ 中文"
    return "leave a space (or punctuation) between them, as the source does"


def _renamed_roles(source: Markup, translation: Markup) -> dict[str, str]:
    """Roles of the source the translation writes under another name, same target."""
    lost = Counter(role for role, _t in source.roles) - Counter(r for r, _t in translation.roles)
    gained = Counter(r for r, _t in translation.roles) - Counter(r for r, _t in source.roles)
    renamed = {}
    for old in lost:
        targets = {t for r, t in source.roles if r == old}
        for new in gained:
            if new not in renamed.values() and targets & {t for r, t in translation.roles
                                                          if r == new}:
                renamed[old] = new
                break
    return renamed


def _take(missing: Counter[str], kind: str, available: int) -> int:
    """Take up to ``available`` of ``kind`` off what the translation misses: how many."""
    taken = min(available, missing[kind])
    missing[kind] -= taken
    if not missing[kind]:
        del missing[kind]
    return taken


def _misspelled_roles(source: Markup, translation: Markup) -> dict[str, str]:
    """Roles of the translation that neither Sphinx nor the source knows, each with the
    source's role it misspells (:guilable: for :guilabel:)."""
    source_roles = {role for role, _target in source.roles}
    found = {}
    for role, _target in translation.roles:
        if role not in source_roles and role not in known_roles():
            close = difflib.get_close_matches(role, source_roles, n=1, cutoff=0.75)
            if close:
                found[role] = close[0]
    return found


def _marks_shown(markup: Markup) -> Counter[str]:
    """The markup characters a reader sees in the text: backquotes and role names that no
    markup took in."""
    return Counter(mark for piece in (markup.text, *markup.literals)
                   for mark in _VISIBLE_MARKS.findall(piece))


def _every_target_kept(role: str, source: Markup, translation: Markup) -> bool:
    """Whether the translation still links to every target the source gives this
    cross-reference role: a repeated cross-reference may be said once."""
    targets = {target for r, target in source.roles if r == role}
    return not is_formatting_role(role) and all(targets) and bool(targets) and targets <= {
        target for r, target in translation.roles if r == role}


def _links_kept(source: Markup, translation: Markup) -> bool:
    """Whether every address the source links to is still linked (a bare URL is linked too)."""
    return bool(source.urls) and all(
        any(same_url(url, other) for other in translation.urls) for url in source.urls)


def _names_the_source(role: str, source: Markup, translation: Markup) -> bool:
    """Whether every target of an added cross-reference role is something the source names:
    a link to what the text is about."""
    targets = [target for r, target in translation.roles if r == role]
    return bool(targets) and all(names(source, target) for target in targets)
