"""The coordinator's desk, without HTTP: bring a statement in, correct a source, publish or
withdraw a translation, add a language, edit a glossary. Each goes through the function the
command line calls (``importer.import_text``, ``corrections.correct`` and its ``update``,
``publishing.publish``, ``catalogs.add_language``, ``glossary.save_glossary``), which holds
the project lock; the views and the tests call these alike.

What a coordinator did wrong is a ``Refusal`` in the interface's language, raised before
anything is written; what the library refuses that this did not foresee is its own one-line
message (without the server's folders).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from editions import catalogs, languages, progress
from editions.catalogs import glossary
from editions.catalogs.entries import unit_id
from editions.catalogs.glossary import GlossaryRow
from editions.catalogs.pofile import load_catalog
from editions.checks import load_glossary
from editions.checks.project import ensure_templates
from editions.errors import ChangedMeanwhile, EditionsError
from editions.progress import publishing, snapshots
from editions.project import Project
from editions.sources import corrections, importer
from editions.storage import project_lock

from . import gitlog
from .context import shown_error
from .models import Change, Comment, Suggestion, Withdrawal
from .rebuilds import request_quietly
from .uploads import MAX_UPLOAD

#: Characters no statement's text holds: a file with one is not text.
_BINARY = {chr(code) for code in range(32)} - {"\t", "\n", "\r", "\f"}


class Refusal(Exception):
    """Why the desk wrote nothing, in one sentence of the interface's language."""


def changed(project: Project, language_codes: Iterable[str], reason: str,
            written: Iterable[Path]) -> None:
    """Called after every write that changes what an edition shows (a statement brought
    in, a correction, a publication or a withdrawal, a language added, a glossary edited):
    the affected editions are rebuilt in the background (``rebuilds``), never in the
    request. ``reason`` is one of ``views.builds.REASONS``' codes. Where the project has
    the workspace commit what it writes, what was ``written`` (files or folders) is
    committed first (by the workspace, naming no one), for the team's CI to build from."""
    gitlog.commit_written(project, written,
                          COMMIT_MESSAGES.get(reason, "The coordinator's desk"))
    request_quietly(project, language_codes, reason)


#: The commit message of each kind of change the desk makes.
COMMIT_MESSAGES = {"import": "A statement brought in at the coordinator's desk",
                   "correction": "A statement's source corrected at the coordinator's desk",
                   "publication": "A translation published or withdrawn at the desk",
                   "language": "A language added at the coordinator's desk",
                   "glossary": "A glossary edited at the coordinator's desk"}


def _library(project: Project, error: EditionsError) -> Refusal:
    """A refusal of the library this desk did not foresee: its own message, in one line."""
    return Refusal(shown_error(project, str(error)))


# -- bringing a statement in ---------------------------------------------------------------

@dataclass(frozen=True)
class Planned:
    """A statement as the import would write it, shown before anything is written."""

    slug: str
    title: str
    author: str
    date: str
    #: (kind, text): "heading" or "paragraph", paragraphs joined across page breaks.
    blocks: list[tuple[str, str]] = field(default_factory=list)

    @property
    def day(self) -> datetime.date | None:
        """The date as a day, to show as the coordinator's language writes one."""
        try:
            return datetime.date.fromisoformat(self.date)
        except ValueError:
            return None


def read_upload(size: int, data: bytes) -> str:
    """The text of an uploaded statement file of ``size`` bytes, or a ``Refusal``: at most
    ``MAX_UPLOAD`` bytes of UTF-8 text, no binary file (a PDF, a word processor's file)."""
    if size > MAX_UPLOAD or len(data) > MAX_UPLOAD:
        raise Refusal(_("This file is larger than %(size)d kB: a statement is text, much "
                        "shorter than that.") % {"size": MAX_UPLOAD // 1024})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if not text.strip() or _BINARY.intersection(text):
        raise Refusal(_("This file is not plain text: save the statement as text (.txt) or "
                        "Markdown (.md), in UTF-8, and send that."))
    return text


def plan_import(project: Project, text: str, *, slug: str = "", author: str = ""
                ) -> list[Planned]:
    """What bringing ``text`` in would write, or a ``Refusal`` saying why it cannot be (the
    rules are the importer's, ``importer.plan_import``: the command follows the same)."""
    if not text.strip():
        raise Refusal(_("Paste the statement's text or choose its file."))
    try:
        planned = importer.plan_import(project, text, _("the text given"),
                                       importer.ImportOptions(slug or None, author or None))
    except importer.ImportRefused as refused:
        raise Refusal(_refusal_words(refused)) from refused
    return [Planned(plan.target.stem, plan.statement.title, plan.signatory,
                    plan.statement.date, [(b.kind, b.plain) for b in plan.statement.blocks])
            for plan in planned]


def _refusal_words(refused: importer.ImportRefused) -> str:
    """The importer's refusal, as the desk says it in its reader's language."""
    values = refused.values
    if refused.rule == "one-slug":
        return _("The text holds %(count)d statements separated by ---: leave the file name "
                 "empty, each is named after its title.") % values
    words = {
        "none": _("No statement was found: a statement begins with its title line."),
        "slug": _("A file name has only lowercase letters a-z, digits and single dashes, "
                  "for instance “%(example)s”."),
        "reserved": _("“%(slug)s” is the name of a page every edition has: choose another "
                      "file name."),
        "empty": _("“%(title)s” has a title but no paragraph: paste the statement's text "
                   "under its title."),
        "unsigned": _("“%(title)s” is not signed: give its author or signatory body."),
        "taken": _("A statement named “%(slug)s” exists already: choose another file name."),
        "twice": _("Two statements of the text would be named “%(slug)s”: give them "
                   "different titles."),
    }
    if refused.rule not in words:  # (a rule this desk does not know yet: the command's words)
        return refused.message
    return words[refused.rule] % values


def brought_in_already(project: Project, text: str, *, slug: str = "", author: str = ""
                       ) -> list[str]:
    """The slugs of the statements ``text`` would write, where they exist already just as
    it would write them (a confirm sent twice); else none."""
    return [path.stem for path in importer.brought_in_already(
        project, text, importer.ImportOptions(slug or None, author.strip() or None))]


def import_statements(project: Project, text: str, *, slug: str = "", author: str = ""
                      ) -> list[str]:
    """Write the statements of ``text`` into the sources (as ``editions import`` does) and
    their catalogs in every language (as ``editions update`` then does), under one hold of the
    project lock; if the catalogs cannot be made, the new sources are taken away again.
    Returns the new statements' slugs. (The import checks every rule again under the lock:
    a name may have been taken since the preview.)"""
    with project_lock(project):
        try:
            written = importer.import_text(project, text, _("the text given"),
                                           importer.ImportOptions(slug or None,
                                                                  author.strip() or None))
        except importer.ImportRefused as refused:  # (taken meanwhile, by another hand)
            raise Refusal(_refusal_words(refused)) from refused
        except EditionsError as exc:
            raise _library(project, exc) from exc
        try:
            catalogs.update(project, statements=[path.stem for path in written])
        except EditionsError as exc:
            for path in written:
                path.unlink(missing_ok=True)
            raise _library(project, exc) from exc
    changed(project, project.editions, "import", [
        path for slug in (path.stem for path in written)
        for path in (project.statement_source(slug),
                     *(project.catalog_path(code, slug) for code in project.languages))])
    return [path.stem for path in written]


# -- correcting a source -------------------------------------------------------------------

def source_titles(project: Project) -> list[tuple[str, str]]:
    """Every statement's slug and title, as its source has it."""
    return [(slug, corrections.title_of(
        project.statement_source(slug).read_text(encoding="utf-8")) or slug)
        for slug in project.statements()]


def source_blocks(project: Project, slug: str) -> list[corrections.SourceBlock]:
    """The paragraphs and headings of a statement that may be corrected, in order."""
    return corrections.source_blocks(
        project.statement_source(slug).read_text(encoding="utf-8"))


def correct(project: Project, slug: str, number: int, expected: str, text: str) -> int:
    """Correct one paragraph of a source and merge it into every catalog; return how many
    catalogs changed (0: the text was the same)."""
    problem = corrections.paragraph_problem(text)
    if problem:
        raise Refusal({
            "empty": _("A paragraph needs words: write the corrected text."),
            "structure": _("The text would no longer be one paragraph: write it without a "
                           "blank line, and do not begin it as a list (“- ”, “1. ”) or with "
                           "“..”."),
            "markup": _("Its markup is not closed: each *emphasis*, **strong** and "
                        "`link <https://…>`_ needs its closing mark."),
            "special": _("Some characters are markup in a source: write “|” as “\\|”, a "
                         "“_” at the end of a word as “\\_”, and a final “::” as “\\::”."),
            "unsafe": _("A link may lead only to a web page or an e-mail address (https://, "
                        "http://, mailto:), never to javascript:, data:, vbscript: or file:."),
        }[problem])
    before = _segment_keys(project, slug)
    try:
        results = corrections.correct(project, slug, number, expected, text)
    except ChangedMeanwhile as exc:
        raise Refusal(_("This paragraph was changed by someone else since you opened "
                        "it: open it again.")) from exc
    except EditionsError as exc:
        raise _library(project, exc) from exc
    written = [result for result in results if result.status != "unchanged"]
    if results:
        _carry_over(slug, before, _segment_keys(project, slug))
        changed(project, (project.source_language, *_languages_of(project, written)),
                "correction", [project.statement_source(slug),
                               *(result.path for result in written)])
    return len(written)


def _segment_keys(project: Project, slug: str) -> list[str]:
    """The keys of a statement's segments, from its template (extracted if stale)."""
    try:
        template = load_catalog(ensure_templates(project) / f"{slug}.pot")
    except (EditionsError, OSError):
        return []
    return [unit_id(message) for message in template if message.id]


def _carry_over(slug: str, before: list[str], after: list[str]) -> None:
    """What the team wrote on a paragraph just corrected (suggestions waiting for review,
    comments, its history) follows it to its new segment, in every language: else the
    suggestion would wait for ever on a segment that is gone, and nobody would see it."""
    old = [key for key in before if key not in set(after)]
    new = [key for key in after if key not in set(before)]
    if len(old) == 1 and len(new) == 1:  # (one paragraph, one segment: no guess)
        for model in (Suggestion, Comment, Change):
            model.objects.filter(statement=slug, key=old[0]).update(key=new[0])


def _languages_of(project: Project, results: Sequence[catalogs.MergeResult]) -> list[str]:
    return [code for code in project.languages
            if any(result.path.is_relative_to(project.catalog_dir(code)) for result in results)]


# -- publishing ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Publication:
    """A statement in one language as the desk's publishing table shows it."""

    slug: str
    title: str
    title_translated: bool
    published: bool
    #: Why it cannot be published yet (empty: it can be).
    reasons: list[str]
    #: The latest withdrawal's reason, while it stays withdrawn ("" for none given).
    withdrawn: Withdrawal | None = None


def reasons(cell: progress.Cell) -> list[str]:
    """What keeps a statement's translation from being published: the reasons
    ``editions publish`` gives (``publishing.blocking``), in the interface's language."""
    if cell.error:
        return [cell.error]
    return [_REASONS[name](count) % {"count": count}
            for name, count in publishing.blocking(cell)]


#: Each of ``publishing.BLOCKING`` as the desk says it (one literal ``ngettext`` each, so that
#: ``makemessages`` finds them), translated when it is said.
_REASONS = {
    "untranslated": lambda count: ngettext(
        "%(count)d segment to translate", "%(count)d segments to translate", count),
    "fuzzy": lambda count: ngettext(
        "%(count)d segment that needs work", "%(count)d segments that need work", count),
    "errors": lambda count: ngettext("%(count)d check error", "%(count)d check errors", count),
}


def publications(project: Project, language: str) -> list[Publication]:
    """Every statement in ``language``: published or not, and why it cannot be yet."""
    figures = progress.compute(project, [language])
    withdrawn = {row.statement: row for row in
                 Withdrawal.objects.filter(language=language).order_by("at", "pk")}
    rows = []
    for slug in project.statements():
        cell = figures.cell(language, slug)
        published = project.is_published(language, slug)
        rows.append(Publication(
            slug, cell.title or slug, cell.title_translated, published,
            [shown_error(project, reason) for reason in reasons(cell)],
            None if published else withdrawn.get(slug)))
    return rows


def publish(project: Project, language: str, slug: str) -> bool:
    """Publish ``slug`` in ``language`` through ``publishing.publish``; a ``Refusal`` listing
    what is left if it cannot be. Returns whether conf.py changed."""
    try:
        _project, done = publishing.publish(project, language, [slug])
    except publishing.NotComplete as exc:
        left = "; ".join(shown_error(project, reason) for reason in reasons(exc.cell))
        raise Refusal(_("This translation cannot be published yet: %(reasons)s.")
                      % {"reasons": left}) from exc
    except EditionsError as exc:
        raise _library(project, exc) from exc
    if done:
        changed(project, [language], "publication",
                [project.conf_py, project.locale_dir / language / snapshots.FOLDER])
    return bool(done)


def withdraw(project: Project, language: str, slug: str, reason: str = "") -> bool:
    """Take ``slug`` off ``language``'s published statements (``publish(withdraw=True)``),
    keeping the reason given, if any (no name: who withdrew it is not kept)."""
    try:
        _project, done = publishing.publish(project, language, [slug], withdraw=True)
    except EditionsError as exc:
        raise _library(project, exc) from exc
    if done:
        Withdrawal.objects.create(language=language, statement=slug, reason=reason.strip())
        changed(project, [language], "publication",
                [project.conf_py, project.locale_dir / language / snapshots.FOLDER])
    return bool(done)


# -- languages and glossaries --------------------------------------------------------------

def add_language(project: Project, code: str) -> str:
    """Declare a language and make its catalogs, as ``editions add-language`` does."""
    code = code.strip()
    if not code:
        raise Refusal(_("Give the language's code, for instance “pt” or “pt_BR”."))
    try:
        code = languages.new_language(code)
    except languages.OldLanguageCode as exc:
        raise Refusal(_("“%(code)s” is an old code for this language: give “%(current)s”.")
                      % {"code": code, "current": exc.current}) from exc
    except EditionsError as exc:
        raise Refusal(_("“%(code)s” is not a language code: give one such as “pt”, “fa” or "
                        "“pt_BR”.") % {"code": code}) from exc
    if code in project.editions:
        raise Refusal(_("This language is already translated here."))
    try:
        project, _results = catalogs.add_language(project, code)
    except EditionsError as exc:
        raise _library(project, exc) from exc
    changed(project, [code], "language", [project.conf_py, project.locale_dir / code])
    return code


def glossary_rows(project: Project, language: str) -> tuple[list[GlossaryRow], str]:
    """A language's glossary as rows to edit, and the version they were read from."""
    path = project.glossary_path(language)
    version = glossary.digest(project, language)
    try:
        terms = load_glossary(path)
    except EditionsError as exc:
        raise _library(project, exc) from exc
    return [GlossaryRow(t.term, t.translation, t.note) for t in terms], version


def save_glossary(project: Project, language: str, rows: Sequence[GlossaryRow],
                  version: str) -> Path:
    """Write a language's glossary (``glossary.save_glossary``), if it is still the version
    the coordinator opened. A refusal names the row by its words (the page shows no row
    numbers, and its new rows come before the agreed ones)."""
    problem = glossary.row_problem(rows)
    if problem:
        reason, number = problem
        row = rows[number - 1]
        named = " ".join((row.term.strip() or row.translation.strip() or row.note).split())
        raise Refusal({
            "incomplete": _("The row “%(row)s” needs both a term and its rendering."),
            "invisible": _("The row “%(row)s” holds a line break or an invisible character."),
            "formula": _("The row “%(row)s” begins with =, +, - or @, which a spreadsheet "
                         "runs as a formula: begin it otherwise."),
            "duplicate": _("The term “%(row)s” is given twice: keep one row per term."),
        }[reason] % {"row": named[:60]})
    try:
        path = glossary.save_glossary(project, language, rows, expected=version)
    except ChangedMeanwhile as exc:
        raise Refusal(_("The glossary was changed by someone else since you opened it: "
                        "open it again.")) from exc
    except EditionsError as exc:
        raise _library(project, exc) from exc
    changed(project, [language], "glossary", [path])
    return path
