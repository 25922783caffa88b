"""One entry of a catalog checked: the per-segment checks under the one severity rule.

``Rules`` says how one catalog's entries are checked (its language and statement, whether it
is published, conf.py's severities, the glossary, the hosts its links may point to); its
``check`` is the one per-segment check that a whole catalog's check (``editions check``, the
build's plan, ``status``), the workspace's live check and an import of translations share.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from ..errors import EditionsError
from ..project import Project
from . import fidelity, glossary, markup, safety, typography
from .glossary import Term, load_glossary
from .messages import Msg, Quoted, msg, render
from .registry import Finding, severity_in_force
from .segment import Segment

#: Each check of a segment, with the ids it reports. Counting errors alone (as the status and
#: the build's publication policy do), a run leaves out the checks that can report nothing but
#: warnings under the project's severities: the form of the translation, its typography.
SegmentCheck = Callable[[Segment], Iterable[tuple[str, Msg]]]
SEGMENT_CHECKS: tuple[tuple[SegmentCheck, tuple[str, ...]], ...] = (
    (markup.check, markup.REPORTS),
    (safety.check, safety.REPORTS),
    (fidelity.check, fidelity.REPORTS),
    (fidelity.check_form, fidelity.FORM_REPORTS),
    (typography.check, typography.REPORTS),
)


class Texts(NamedTuple):
    """What a finding shows of its entry, and the entry's flags (``editions-ignore:``)."""

    source: str = ""
    translation: str = ""
    flags: Iterable[str] = ()


NO_TEXTS = Texts()


@dataclass(frozen=True)
class Rules:
    """How the entries of one catalog are checked, and how their findings are reported."""

    language: str
    statement: str = ""
    #: Published in this language: untranslated and fuzzy entries are errors, not warnings.
    published: bool = False
    #: conf.py's ``editions_check_severity``.
    severity: Mapping[str, str] = field(default_factory=dict)
    #: Report errors alone, and run only the checks that can report one.
    errors_only: bool = False
    terms: tuple[Term, ...] = ()
    source_language: str = "en"
    #: Hosts a link of this language may point to besides the source's (conf.py's
    #: ``editions_link_hosts``).
    allowed_hosts: frozenset[str] = frozenset()
    #: The catalog as findings name it.
    path: str = ""
    #: False where the caller knows no text holds a bidirectional control (none is in the
    #: catalog's bytes), which spares the safety check its search.
    bidi: bool = True

    @classmethod
    def live(cls, project: Project, language: str, statement: str) -> Rules:
        """The rules ``editions check`` applies to this statement's catalog in ``language``,
        for checking one translation at a time (the workspace's live checks)."""
        path = project.catalog_path(language, statement)
        glossary_path = project.glossary_path(language)
        try:
            terms = cached_glossary(glossary_path) if glossary_path.exists() else ()
        except EditionsError:
            terms = ()  # `editions check` reports the glossary; a live check does without it
        return cls(language, statement, project.is_published(language, statement),
                   dict(project.check_severity), terms=terms,
                   source_language=project.source_language,
                   allowed_hosts=project.link_hosts_of(language),
                   path=os.path.relpath(path, project.root))

    def level(self, check_id: str, flags: Iterable[str] = ()) -> str | None:
        """The severity a finding of ``check_id`` is reported at here, None if it is not."""
        return severity_in_force(check_id, self.severity, self.published, self.errors_only,
                                 flags)

    def reports(self, check_ids: Iterable[str]) -> bool:
        """Whether any of these checks can report something under these rules."""
        return any(self.level(check_id) is not None for check_id in check_ids)

    @cached_property
    def segment_checks(self) -> list[SegmentCheck]:
        """The checks of a segment that can report something under these rules."""
        return [check for check, check_ids in SEGMENT_CHECKS if self.reports(check_ids)]

    @cached_property
    def terms_in_force(self) -> tuple[Term, ...]:
        return self.terms if self.reports(glossary.REPORTS) else ()

    def finding(self, check_id: str, line: int, message: Msg,
                texts: Texts = NO_TEXTS) -> Finding | None:
        """A finding on this catalog, at the severity in force; None where it is not reported.
        It keeps the message in English and as made, to be told in any language."""
        level = self.level(check_id, texts.flags)
        if level is None:
            return None
        return Finding(check_id, level, self.path, line, render(message), self.language,
                       self.statement, texts.source, texts.translation, message)

    def segment(self, source: str, translation: str) -> Segment:
        return Segment(source, translation, self.language, self.source_language, self.bidi,
                       self.allowed_hosts)

    def check(self, segment: Segment, line: int, flags: Iterable[str] = (),
              form: str = "") -> Iterator[Finding]:
        """The findings on one translated segment of the entry at ``line``; ``form`` names a
        plural form (``msgstr[1]``) in their messages."""
        texts = Texts(segment.source, segment.translation, flags)
        for check_id, text in segment_findings(segment, self.segment_checks,
                                               self.terms_in_force):
            if form:
                text = msg("%(message)s (plural form %(form)s)", message=text, form=Quoted(form))
            finding = self.finding(check_id, line, text, texts)
            if finding is not None:
                yield finding

    def check_text(self, source: str, translation: str, flags: Iterable[str] = (),
                   line: int = 0) -> list[Finding]:
        """The findings ``editions check`` would report for this translation of ``source`` in
        this catalog. An empty translation has none (it is counted as untranslated)."""
        if not translation:
            return []
        return list(self.check(self.segment(source, translation), line, flags))


def segment_findings(segment: Segment, segment_checks: Iterable[SegmentCheck],
                     terms: tuple[Term, ...]) -> Iterator[tuple[str, Msg]]:
    """(check id, message) of every problem of one translated segment, before severities."""
    for check in segment_checks:
        yield from check(segment)
    yield from glossary.check(segment, terms)


def check_translation(project: Project, language: str, statement: str, source: str,
                      translation: str, flags: Iterable[str] = ()) -> list[Finding]:
    """The findings ``editions check`` would report for this translation of ``source`` in the
    statement's catalog (same ids, messages and severities): the workspace's live checks."""
    return Rules.live(project, language, statement).check_text(source, translation, flags)


def cached_glossary(path: Path) -> tuple[Term, ...]:
    """A language's glossary, read once per process (and again only if the file changes)."""
    return _glossary(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _glossary(path: Path, _mtime_ns: int) -> tuple[Term, ...]:
    return load_glossary(path)
