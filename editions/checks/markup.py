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

from .messages import (
    COMMAS,
    N_,
    SEMICOLONS,
    Msg,
    N_plural,
    Quoted,
    joined,
    msg,
    plural_msg,
)
from .rst import (
    LINE_LENGTH_LIMIT,
    MAX_INDENT_LEVELS,
    TOO_DEEP,
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
    "emphasis": N_("*emphasis*"), "strong": N_("**strong**"), "literal": N_("``literal``"),
    "title_reference": N_("`interpreted text`"), "reference": N_("hyperlink"),
    "footnote_reference": N_("footnote reference"),
    "citation_reference": N_("citation reference"),
    "substitution_reference": N_("|substitution|"),
}
#: The same kinds counted ("2 hyperlinks"), in the messages that say how many.
_COUNTED = {
    "emphasis": N_plural("%(count)s *emphasis*", "%(count)s *emphases*"),
    "strong": N_plural("%(count)s **strong emphasis**", "%(count)s **strong emphases**"),
    "literal": N_plural("%(count)s ``literal``", "%(count)s ``literals``"),
    "title_reference": N_plural("%(count)s piece of `interpreted text`",
                                 "%(count)s pieces of `interpreted text`"),
    "reference": N_plural("%(count)s hyperlink", "%(count)s hyperlinks"),
    "footnote_reference": N_plural("%(count)s footnote reference",
                                    "%(count)s footnote references"),
    "citation_reference": N_plural("%(count)s citation reference",
                                    "%(count)s citation references"),
    "substitution_reference": N_plural("%(count)s |substitution|", "%(count)s |substitutions|"),
}
#: Code, as an example of how it is written.
_CODE = N_("``code``")
#: What docutils says is left open ("Inline emphasis start-string without end-string."):
#: the kind's name, its opening and closing marks.
_UNCLOSED = re.compile(r"Inline (.+) start-string without end-string\.")
_OPENED = {
    "emphasis": ("emphasis", "*", "*"), "strong": ("strong", "**", "**"),
    "literal": ("literal", "``", "``"),
    "interpreted text or phrase reference": ("title_reference", "`", "`"),
    "substitution_reference": ("substitution_reference", "|", "|"),
    "target": (N_("an inline target"), "_`", "`"),
}
#: Other problems docutils reports in a paragraph, as a translator would be told them.
_PROBLEMS = {
    "Mismatch: both interpreted text role prefix and reference suffix.": N_(
        "a role is written before the backquotes and a link's _ after them: keep only what "
        "the source has"),
    "Multiple roles in interpreted text (both prefix and suffix present; only one allowed).":
        N_("a role is written both before and after the backquotes: keep only the one "
           "before, as the source does"),
    "Unexpected indentation.": N_(
        "a line of the translation starts further in than the line before it: write it as "
        "one paragraph, without leading spaces"),
    "Literal block expected; none found.": N_(
        "a :: at the end of a line announces a block of code that does not follow: write a "
        "single colon there"),
}
#: Kinds of block a translation may read as, with the article a sentence names them by.
_BLOCKS = {
    "section": N_("a section title"), "transition": N_("a horizontal line"),
    "literal_block": N_("a block of code"), "line_block": N_("a block of separate lines"),
    "table": N_("a table"), "doctest_block": N_("a Python example"),
    "option_list": N_("a list of command options"), "block_quote": N_("a block quote"),
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


def _counted(kind: str, count: int) -> Msg:
    """``count`` of a kind of markup, said as the language says that number of them."""
    if kind in _COUNTED:
        return plural_msg(count, *_COUNTED[kind])
    if kind.startswith("role:"):
        return plural_msg(count, "%(count)s %(role)s role", "%(count)s %(role)s roles",
                       role=Quoted(f":{kind[5:]}:"))
    return plural_msg(count, "%(count)s × %(kind)s", "%(count)s × %(kind)s", kind=Quoted(kind))


#: What ``check`` reports.
REPORTS = ("block-structure", "rst-syntax", "markup-mismatch", "markup-spacing",
           "link-target", "markup-formatting", "markup-unchecked")


def check(segment: Segment) -> Iterator[tuple[str, Msg]]:
    source, translation = segment.source_markup, segment.translation_markup
    if source.too_long or translation.too_long:
        yield "markup-unchecked", msg(
            "longer than the %(limit)s characters on one line that Sphinx reads: its markup "
            "was not checked; break the paragraph in the source", limit=LINE_LENGTH_LIMIT)
        return
    if translation.blocks and not source.blocks:
        yield "block-structure", _block_message(segment.translation, translation)
        return
    # What is broken in the source alike is not the translation's doing.
    problems = [(line, problem) for line, problem in translation.problems
                if problem not in {text for _line, text in source.problems}]
    glued = any("without end-string" in problem for _line, problem in problems) and (
        _glued_marks(translation) > _glued_marks(source))
    for line, problem in problems:
        told = syntax_problem(problem)
        if glued and "without end-string" in problem:
            told = msg("%(problem)s: a mark of it touches a letter, so Sphinx does not see "
                       "where the markup starts or ends; %(advice)s", problem=told,
                       advice=_space_advice(segment))
        if "\n" in segment.translation.strip():
            told = msg("%(problem)s (line %(line)s of the translation)", problem=told,
                       line=line)
        yield "rst-syntax", told
    if problems or (source.is_plain and translation.is_plain):
        return  # (plain text on both sides: no markup, link or reference to compare)
    if (source.counts == translation.counts and source.urls == translation.urls
            and source.roles == translation.roles
            and source.references == translation.references):
        return  # the same markup, links and references: the usual case, told at once
    yield from _compare(segment, source, translation)


def syntax_problem(problem: str) -> Msg:
    """What docutils reports in a translation ("Inline emphasis start-string without
    end-string."), told in a translator's words; one it does not expect, said generally."""
    unclosed = _UNCLOSED.fullmatch(problem)
    if unclosed and unclosed.group(1) in _OPENED:
        kind, opening, closing = _OPENED[unclosed.group(1)]
        return msg("a %(opening)s that starts %(kind)s is never closed: close it with "
                   "%(closing)s as the source does, or write %(escaped)s for the character "
                   "itself", opening=Quoted(opening), closing=Quoted(closing),
                   kind=msg(_NAMES.get(kind, kind)),
                   escaped=Quoted("\\" + opening[0]))
    if problem in _PROBLEMS:
        return msg(_PROBLEMS[problem])
    if problem.endswith("ends without a blank line; unexpected unindent."):
        return msg(_PROBLEMS["Unexpected indentation."])
    if problem == TOO_DEEP:
        return msg("indented more than %(levels)s levels deep: write the text as one "
                   "paragraph, without leading spaces", levels=MAX_INDENT_LEVELS)
    return msg("the markup of this sentence cannot be read (%(detail)s): compare its marks "
               "with the source's", detail=Quoted(problem))


def _block_message(text: str, translation: Markup) -> Msg:
    kind = translation.blocks[0]
    if text[:1].isspace():
        why = msg("it starts with a space, which makes it a block quote")
    elif kind == "paragraph":
        why = msg("it holds a blank line, which makes it two paragraphs")
    elif kind in {"enumerated_list", "bullet_list"}:
        why = msg("it starts like a list item ('%(marker)s'); write it otherwise, or escape "
                  "it with a backslash", marker=Quoted(text.split()[0]))
    elif kind == "field_list":
        why = msg("it starts with a %(field)s followed by a space, which makes it a field "
                  "list", field=Quoted(":word:"))
    elif kind == "definition_list":
        why = msg("a line break followed by an indented line makes it a definition list")
    else:
        why = msg("it reads as %(kind)s", kind=msg(_BLOCKS[kind]) if kind in _BLOCKS
                  else Quoted(kind.replace("_", " ")))
    return msg("Sphinx publishes a translation only as one paragraph, and drops this one "
               "silently (the reader sees the source instead): %(why)s", why=why)


def _compare(segment: Segment, source: Markup, translation: Markup) -> Iterator[tuple[str, Msg]]:
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
    errors: list[Msg] = field(default_factory=list)
    formatting: list[Msg] = field(default_factory=list)
    #: A kind of markup told as written as ``code`` (no more words are then told so).
    as_code: bool = False

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
            self.errors.append(msg("markup left unread shows its marks to readers (%(marks)s)",
                                   marks=Quoted(" ".join(sorted(shown)))))

    def findings(self) -> Iterator[tuple[str, Msg]]:
        """One finding: the losses if there are any, else the changes of look."""
        if self.errors:
            yield "markup-mismatch", msg(
                "%(problems)s: keep the same markup around the translated words",
                problems=joined(self.errors, SEMICOLONS))
        elif self.formatting:
            yield "markup-formatting", msg(
                "the markup changes only how words look: %(changes)s (check it is meant)",
                changes=joined(self.formatting, COMMAS))

    def _roles_misspelled(self) -> None:
        """A role unknown to Sphinx but close to the source's: one typo, told as such."""
        for wrong, right in _misspelled_roles(self.source, self.translation).items():
            self.errors.append(msg("the role %(wrong)s is unknown to Sphinx (%(right)s "
                                   "misspelled?)", wrong=Quoted(f":{wrong}:"),
                                   right=Quoted(f":{right}:")))
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
                self.formatting.append(msg("%(literal)s is no longer shown as code",
                                           literal=Quoted(f"``{literal}``")))
            else:
                self.errors.append(msg("the literal %(literal)s of the source is missing",
                                       literal=Quoted(f"``{literal}``")))

    def _written_as_code(self) -> None:
        """Interpreted text or a formatting role (:file:, :kbd:) written as code instead: the
        same words, shown alike."""
        spare = self.extra.get("literal", 0) + self.extra.get("title_reference", 0)
        for kind in list(self.missing):
            if spare and (kind == "title_reference"
                          or (kind.startswith("role:") and is_formatting_role(kind[5:]))):
                swapped = _take(self.missing, kind, spare)
                spare -= swapped
                self.formatting.append(msg("written as %(code)s: %(kinds)s", code=msg(_CODE),
                                           kinds=_counted(kind, swapped)))
                self.as_code = True
        if self.extra.pop("literal", 0) and not self.as_code:
            self.formatting.append(msg("it shows more words as %(code)s than the source",
                                       code=msg(_CODE)))

    def _written_in_quotes(self) -> None:
        """Italics for a label or a title written as quotation marks, as many languages do."""
        spare_quotes = (len(_OPENING_QUOTES.findall(self.segment.translation))
                        - len(_OPENING_QUOTES.findall(self.segment.source)))
        for kind in ("title_reference", "emphasis"):
            if spare_quotes > 0 and self.missing.get(kind):
                swapped = _take(self.missing, kind, spare_quotes)
                spare_quotes -= swapped
                self.formatting.append(msg("written in quotation marks: %(kinds)s",
                                           kinds=_counted(kind, swapped)))

    def _fewer(self, renamed: dict[str, str]) -> None:
        """What the translation has fewer of: roles are kept by name (a Python object's role
        may stand for another's), links by address, italics where the script has them."""
        source, translation = self.source, self.translation
        for kind, count in self.missing.items():
            role = kind[5:] if kind.startswith("role:") else ""
            if role in renamed:
                old, new = role, renamed[role]
                (self.formatting if {old, new} <= _OBJECT_ROLES else self.errors).append(
                    msg("the %(old)s role became %(new)s", old=Quoted(f":{old}:"),
                        new=Quoted(f":{new}:")))
            elif role and _every_target_kept(role, source, translation):
                self.formatting.append(plural_msg(
                    count, "a repeated %(role)s role is written %(count)s time fewer",
                    "a repeated %(role)s role is written %(count)s times fewer",
                    role=Quoted(f":{role}:")))
            elif (kind in {"emphasis", "title_reference"}
                  and self.segment.base_language in NO_ITALICS):
                self.formatting.append(msg("%(kinds)s fewer (no italics in this script)",
                                           kinds=_counted(kind, count)))
            elif kind == "reference" and _links_kept(source, translation):
                if _LINK_DEBRIS.search(self.segment.translation):
                    self.errors.append(msg(
                        "a link lost its opening %(mark)s (its %(marks)s marks are left in the "
                        "text: write %(example)s)", mark=Quoted("`"), marks=Quoted("`_"),
                        example=Quoted("`text <url>`_")))
                else:
                    self.formatting.append(
                        msg("a link's text became the bare address it links to"))
            else:
                self.errors.append(msg("%(kinds)s fewer than the source",
                                       kinds=_counted(kind, count)))

    def _more(self, renamed: dict[str, str]) -> None:
        """What the translation has more of: emphasis and formatting roles change only the
        look; more of a kind the source has is a fault (a new role, the safety checks name)."""
        for kind, count in self.extra.items():
            if kind in _EMPHASIS:
                self.formatting.append(_more(count, kind))
            elif kind.startswith("role:") and kind[5:] not in renamed.values():
                role = kind[5:]
                if is_formatting_role(role) or _names_the_source(role, self.source,
                                                                 self.translation):
                    self.formatting.append(_more(count, kind))
                # (any other role it brings in, the safety checks name)
            elif not kind.startswith("role:") and kind in self.source.counts:
                self.errors.append(msg("%(kinds)s more than the source",
                                       kinds=_counted(kind, count)))


def _more(count: int, kind: str) -> Msg:
    return msg("%(kinds)s more", kinds=_counted(kind, count))


def _targets(segment: Segment, source: Markup, translation: Markup) -> Iterator[tuple[str, Msg]]:
    """Links, role targets and references that must stay as the source has them."""
    text = segment.translation
    missing_urls = [url for url in source.urls
                    if not any(same_url(url, other) for other in translation.urls)]
    # A link whose text touches its address ("ici<https://…>`_"): no address is read there.
    glued = [url for url in missing_urls if re.search(rf"[^\s`]<{re.escape(url)}>`", text)]
    if glued:
        yield "link-target", msg(
            "the link's text touches its address %(address)s: Sphinx reads no address there, "
            "and the link leads nowhere; put a space before the %(mark)s",
            address=Quoted(f"<{glued[0]}>"), mark=Quoted("<"))
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
        yield "link-target", msg(
            "the link %(url)s of the source is missing or changed: translate the link text, "
            "keep the URL exactly as it is", url=Quoted(missing_urls[0]))
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
        advice = msg("translate the title inside %(title)s but keep the target (the "
                     "%(target)s, or the whole text)", title=Quoted("`…`"),
                     target=Quoted("<target>"))
        yield "link-target", msg(
            "the target of the %(role)s role must stay '%(target)s', not '%(found)s': "
            "%(advice)s", role=Quoted(f":{role}:"), target=Quoted(target),
            found=Quoted(found[0]), advice=advice) if found else msg(
            "the target of the %(role)s role must stay '%(target)s': %(advice)s",
            role=Quoted(f":{role}:"), target=Quoted(target), advice=advice)
    if sorted(source.references) != sorted(translation.references):
        yield "link-target", msg(
            "a footnote, citation or named reference differs from the source's: "
            "keep its label as it is")


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


def _broken_markup(text: str, source_text: str) -> Msg | None:
    """What a space too many breaks, said in the volunteer's terms."""
    role = _SPACED_ROLE.search(text)
    if role:
        return msg("the %(role)s role is broken by the space after it: write %(example)s with "
                   "no space before the backquote", role=Quoted(f":{role.group(1)}:"),
                   example=Quoted(f":{role.group(1)}:`…`"))
    if _SPACED_LINK_END.search(text):
        return msg("a link is broken by the space before its final %(mark)s: write "
                   "%(example)s together", mark=Quoted("_"), example=Quoted("`text <url>`_"))
    runs = [len(run) for run in _BACKQUOTES.findall(text)]
    source_runs = [len(run) for run in _BACKQUOTES.findall(source_text)]
    if (runs.count(2) % 2 and not source_runs.count(2) % 2) or (
        max(runs, default=0) > 2 >= max(source_runs, default=0)
    ):
        return msg("a %(literal)s lacks one of its %(marks)s marks (or has %(one)s or %(three)s "
                   "instead): write two backquotes on each side, %(example)s",
                   literal=msg(_NAMES["literal"]), marks=Quoted("``"), one=Quoted("`"),
                   three=Quoted("```"), example=msg(_CODE))
    if any(content[:1].isspace() or content[-1:].isspace()
           for content in _LITERAL_PAIR.findall(text)):
        return msg("a %(literal)s is broken by a space inside its %(marks)s marks: write "
                   "%(example)s tight", literal=msg(_NAMES["literal"]), marks=Quoted("``"),
                   example=msg(_CODE))
    return None


def _glued(segment: Segment, missing: Counter[str], extra: Counter[str]) -> Msg | None:
    """Markup the translation writes but docutils does not recognise, glued to a letter:
    its marks are left in the text the reader reads."""
    roles_lost = any(kind.startswith("role:") for kind in missing)
    for before, written in _ROLE_AFTER.findall(segment.translation) if roles_lost else ():
        role = written.lower().removeprefix("py:")  # (as Sphinx names it)
        if before and (before.isalnum() or before == "_") and missing.get(f"role:{role}"):
            return msg("the %(role)s role touches the letter before it, so Sphinx does not "
                       "read it (readers see %(role)s); %(advice)s",
                       role=Quoted(f":{written}:"), advice=_space_advice(segment))
    if not missing:
        return None
    if (extra or not _GLUED.search(segment.translation_markup.text)) and (
        _glued_marks(segment.translation_markup) <= _glued_marks(segment.source_markup)
    ):
        return None
    if segment.base_language in ESCAPED_SPACE_LANGUAGES:
        return msg("markup glued to a character is not recognised: in this language, put an "
                   "escaped space around it, as in %(example)s",
                   example=Quoted("中文\\ *强调*\\ 中文"))
    return msg("markup glued to a letter is not recognised: leave a space (or punctuation) "
               "outside the %(marks)s marks, as the source does", marks=Quoted("* `"))


def _glued_marks(markup: Markup) -> int:
    """How many marks of inline markup touch a letter on their outside where docutils left
    them unread: in the text a reader reads, and the `` a literal took in (code may hold a
    * or a `, never two backquotes)."""
    return len(_GLUED_MARK.findall(markup.text)) + sum(
        literal.count("``") for literal in markup.literals)


def _space_advice(segment: Segment) -> Msg:
    """How to part markup from the letter it touches, in the translation's language."""
    if segment.base_language in ESCAPED_SPACE_LANGUAGES:
        return msg("in this language, put an escaped space between them, as in %(example)s",
                   example=Quoted("中文\\ ``code``\\ 中文"))
    return msg("leave a space (or punctuation) between them, as the source does")


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
