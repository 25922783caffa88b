"""Check one PO file: every entry under its catalog's ``Rules``, then the catalog's state."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from ..catalogs import needs_compiling, parse_catalog, source_words, summarise, write_compiled
from ..catalogs import state as entry_state
from ..errors import EditionsError
from . import safety
from .entry import Rules, Texts
from .messages import Quoted, msg, plural_msg
from .registry import Finding

#: A catalog's findings, the number of entries checked, and its counts and title (None where
#: it could not be read).
Result = tuple[list[Finding], int, dict | None]


def check_catalog(path: Path, rules: Rules,
                  template_ids: Iterable[str] | None = None) -> tuple[list[Finding], int]:
    """Check one PO file; return its findings and the number of entries checked.

    ``template_ids`` are the segments the statement has now (from its ``.pot``), to find a
    stale catalog. Findings name the catalog ``rules.path``, or ``path`` if that is empty.
    """
    findings, entries, _summary = check_file(path, rules, template_ids)
    return findings, entries


def check_file(path: Path, rules: Rules, template_ids: Iterable[str] | None = None,
               compile_mo: bool = False) -> Result:
    """``check_catalog``, plus the catalog's counts, read from the same parse (and, with
    ``compile_mo``, its ``.mo`` written from it where that is older)."""
    rules = dataclasses.replace(rules, path=rules.path or str(path))
    try:
        data = path.read_bytes()
        catalog = parse_catalog(data, path, rules.language, locations=False)
    except OSError as exc:
        return _kept(rules.finding("po-syntax", 0, msg(
            "cannot read the catalog: %(reason)s", reason=Quoted(str(exc.strerror))))), 0, None
    except EditionsError as exc:
        # (What the PO reader says, in English: a coordinator's matter, not a translator's.)
        return _kept(rules.finding("po-syntax", exc.line or 0, msg(
            "the file cannot be read as a catalog: %(reason)s",
            reason=Quoted(f"{exc.message} ({exc.hint})")))), 0, None
    # A shortcut across rooms, for speed: a file with no bidirectional control in its bytes
    # has none in any segment, so the safety check need not look for one segment by segment.
    rules = dataclasses.replace(rules, bidi=bool(safety.BIDI_CONTROLS_UTF8.search(data)))
    if compile_mo and needs_compiling(path):
        # Under the lock the build holds while its plan is made (the caller's, not taken
        # here: a worker process of the build would wait for its own parent). A catalog
        # that cannot be compiled here is compiled, and its failure reported, by its edition.
        with contextlib.suppress(EditionsError):
            write_compiled(catalog, path, rules.path)
    messages = list(catalog)
    findings, untranslated = _check_entries(messages, rules)
    entries = sum(1 for message in messages if message.id)
    findings += _kept(*_untranslated(untranslated, entries, rules),
                      *_catalog_state(catalog, rules, template_ids))
    return findings, entries, summarise(catalog, messages)


def _check_entries(messages: list[Message], rules: Rules) -> tuple[list[Finding],
                                                                   list[Message]]:
    """The findings on every translated and fuzzy entry, and the untranslated entries."""
    findings: list[Finding] = []
    untranslated = []
    for message in messages:
        if not message.id:
            continue
        line = message.lineno or 0
        if isinstance(message.id, str):  # (nearly every entry: no plural forms to unpack)
            kind = ("untranslated" if not message.string else "fuzzy" if message.fuzzy
                    else "translated")
            forms: list[tuple[str, str, str]] | tuple[tuple[str, str, str]] = (
                (message.id, message.string, ""),)
        else:
            kind, forms = entry_state(message), _forms(message)
        if kind == "untranslated":
            untranslated.append(message)
        elif kind == "fuzzy":
            findings += _kept(rules.finding(
                "fuzzy", line, msg("review this translation (its source changed), then "
                                   "remove the fuzzy mark"),
                Texts(_first(message.id), _first(message.string), message.flags)))
        else:
            for source, translation, form in forms:
                findings.extend(rules.check(rules.segment(source, translation), line,
                                            message.flags, form))
    return findings, untranslated


def _untranslated(untranslated: list[Message], entries: int,
                  rules: Rules) -> list[Finding | None]:
    """In a published catalog, each untranslated entry; elsewhere, how many are left."""
    if untranslated and rules.published:
        return [rules.finding("untranslated", message.lineno or 0, msg(
                "translate this segment (every plural form)") if isinstance(message.id, tuple)
                else msg("translate this segment"),
                Texts(_first(message.id), "", message.flags)) for message in untranslated]
    if untranslated:
        words = sum(source_words(message) for message in untranslated)
        return [rules.finding(
            "untranslated", untranslated[0].lineno or 0,
            plural_msg(len(untranslated),
                    "%(count)s segment of %(entries)s (%(words)s) is not translated yet: it "
                    "is here",
                    "%(count)s segments of %(entries)s (%(words)s) are not translated yet; "
                    "the first is here",
                    entries=entries, words=plural_msg(words, "%(count)s word", "%(count)s words")))]
    return []


def _catalog_state(catalog: Catalog, rules: Rules,
                   template_ids: Iterable[str] | None) -> list[Finding | None]:
    """Obsolete entries kept, and segments of the statement missing from the catalog."""
    found = []
    if catalog.obsolete:
        first = min((m.lineno or 0) for m in catalog.obsolete.values())
        found.append(rules.finding(
            "obsolete", first, plural_msg(
                len(catalog.obsolete),
                "%(count)s obsolete entry (#~) is kept from a removed segment: reuse what "
                "helps, then delete it",
                "%(count)s obsolete entries (#~) are kept from removed segments: reuse what "
                "helps, then delete them")))
    if template_ids is not None:
        missing = [msgid for msgid in template_ids if msgid not in catalog]
        if missing:
            found.append(rules.finding(
                "stale-catalog", 1, plural_msg(
                    len(missing), "%(count)s segment of the statement is missing from this "
                    "catalog: run %(command)s", "%(count)s segments of the statement are "
                    "missing from this catalog: run %(command)s",
                    command=Quoted("'editions update'")),
                Texts(missing[0])))
    return found


def _kept(*findings: Finding | None) -> list[Finding]:
    """The findings that are reported (``Rules.finding`` gives None for the others)."""
    return [finding for finding in findings if finding is not None]


def _first(text: str | tuple[str, ...] | list[str]) -> str:
    return text if isinstance(text, str) else text[0]


def _forms(message: Message) -> list[tuple[str, str, str]]:
    """(source, translation, the form's name for a finding) of each form of a plural entry:
    msgstr[0] translates the msgid, every other plural form the msgid_plural."""
    return [(message.id[0] if index == 0 else message.id[1], string,
             f"msgstr[{index}]") for index, string in enumerate(message.string)]
