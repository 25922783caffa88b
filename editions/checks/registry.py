"""Every check's stable id, family, default severity and advice, and the findings they produce."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ERROR, WARNING, OFF = "error", "warning", "off"
SEVERITIES = (ERROR, WARNING, OFF)

#: The flag that silences one check on one PO entry: ``#, editions-ignore:doubled-word``.
IGNORE_FLAG_PREFIX = "editions-ignore:"


@dataclass(frozen=True)
class Check:
    id: str
    family: str
    severity: str
    summary: str
    example: str


CHECKS: dict[str, Check] = {}


def _register(id: str, family: str, severity: str, summary: str, example: str) -> None:
    CHECKS[id] = Check(id, family, severity, summary, example)


# The catalog itself.
_register("po-syntax", "catalog", ERROR,
          "the PO file is malformed (gettext syntax), so nothing in it can be checked or built",
          'msgstr "Bonjour   (no closing quotation mark)')
# Completeness. Severity "error" applies where conf.py publishes the statement in that
# language; elsewhere these are warnings (a translation in progress is not a defect).
_register("untranslated", "completeness", ERROR, "a segment has no translation yet",
          'msgstr ""')
_register("fuzzy", "completeness", ERROR,
          "a translation is marked fuzzy: its source changed and it needs review",
          "#, fuzzy")
_register("obsolete", "completeness", WARNING,
          "the catalog keeps translations of segments removed from the source",
          '#~ msgid "An old paragraph."')
_register("stale-catalog", "completeness", ERROR,
          "a segment of the statement is missing from the catalog: 'editions update' was not run",
          "source has a new paragraph, the PO file does not")
_register("missing-catalog", "completeness", ERROR,
          "a statement has no catalog in a declared language",
          "locale/fr/LC_MESSAGES/new-statement.po does not exist")
# Markup integrity.
_register("rst-syntax", "markup", ERROR,
          "the translation is not valid reStructuredText inline markup",
          "*Gaza  → Inline emphasis start-string without end-string")
_register("markup-mismatch", "markup", ERROR,
          "the translation's inline markup differs from the source's",
          "*Gaza* → Gaza (emphasis lost)")
_register("link-target", "markup", ERROR,
          "a hyperlink, role or reference target differs from the source's",
          "`text <https://a.org>`_ → `texte <https://b.org>`_")
_register("markup-formatting", "markup", WARNING,
          "the markup changes only how words look: emphasis or a formatting role added, a "
          "name in italics rather than as code, a one-word literal kept as plain text, "
          "italics left out where the script has none, a link written as its bare address",
          "timeouts → *timeouts*")
_register("block-structure", "markup", ERROR,
          "the translation is not one paragraph (a leading space, a blank line, a list "
          "marker), so Sphinx drops it silently and shows the source",
          "R. Oui → an enumerated list")
_register("markup-unchecked", "markup", WARNING,
          "a segment longer than docutils' line-length limit, whose markup is not checked",
          "a 12,000-character paragraph")
_register("markup-spacing", "markup", ERROR,
          "inline markup glued to a letter is not recognised",
          "le*mot* → le *mot*; without spaces (zh, ja): 中文\\ *强调*\\ 中文")
# Safety: a translation may not bring in what its source does not have.
_register("unsafe-url", "safety", ERROR, "the translation brings in a URL the source lacks",
          "see https://evil.example")
_register("unsafe-link-scheme", "safety", ERROR,
          "a javascript:, data:, vbscript: or file: link", "`click <javascript:alert(1)>`_")
_register("unsafe-role", "safety", ERROR,
          "the translation brings in raw HTML, or a role the source lacks pointing at "
          "something the source does not name",
          ":raw-html:`<b>x</b>`")
_register("unsafe-directive", "safety", ERROR,
          "the translation brings in a directive, comment or target the source lacks",
          ".. raw:: html")
_register("unsafe-substitution", "safety", ERROR,
          "the translation brings in a substitution the source lacks", "|logo|")
_register("unsafe-bidi", "safety", ERROR,
          "the translation holds an invisible bidirectional control the source lacks, which "
          "can reorder what readers see", "U+202E RIGHT-TO-LEFT OVERRIDE")
_register("unsafe-file", "safety", ERROR,
          "the translation references a file (download, include, image)",
          ":download:`notes <../secret.txt>`")
# Fidelity.
_register("numbers", "fidelity", ERROR, "a number of the source is missing from the translation",
          "600 Palestinians → 60 Palestiniens")
_register("untranslated-copy", "fidelity", ERROR,
          "a long sentence is copied untranslated from the source", "msgstr == msgid")
_register("whitespace", "fidelity", WARNING,
          "the translation starts or ends with line breaks the source lacks (spaces that "
          "change nothing are not reported; a leading space is a block-structure error)",
          '"Gaza" → "Gaza\\n"')
_register("doubled-word", "fidelity", WARNING, "a word is doubled", "la la Palestine")
_register("brackets", "fidelity", WARNING, "brackets are unbalanced", "(comme Sotsialnyi Rukh")
_register("quotes-balance", "fidelity", WARNING, "quotation marks are unbalanced",
          "« Pas en notre nom")
_register("final-punctuation", "fidelity", WARNING,
          "the final punctuation changed in kind (a question became a statement …)",
          "Why? → Pourquoi.")
# Typography of the target language.
_register("typography-spacing", "typography", WARNING,
          "French wants a no-break space before ; : ! ? » and after «",
          "Gaza: → Gaza\u00a0:")
_register("typography-quotes", "typography", WARNING,
          "ASCII quotation marks where the language has its own",
          '"Not in our name" → « Pas en notre nom »')
# Glossary.
_register("glossary", "glossary", ERROR,
          "a glossary term of the source is not rendered as the glossary says",
          "Fourth International → Quatrième Internationale")
# Build.
_register("sphinx-i18n", "build", ERROR,
          "Sphinx reported an inconsistency between source and translation while building",
          "inconsistent footnote references in translated message")


@dataclass(frozen=True)
class Finding:
    """One problem in one PO entry (or one catalog), as every reporter prints it."""

    check: str
    severity: str
    path: str
    line: int
    message: str
    language: str = ""
    statement: str = ""
    source: str = ""
    translation: str = ""

    def as_dict(self) -> dict[str, Any]:
        # (Its fields are strings and numbers: a copy of them, not ``asdict``'s deep walk,
        # which took a twentieth of a check of python-docs-es's 4,950 findings.)
        return dict(vars(self))

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


def severity_in_force(check_id: str, overrides: Mapping[str, str], published: bool,
                      errors_only: bool = False, flags: Iterable[str] = ()) -> str | None:
    """The one severity rule: the severity a finding of ``check_id`` is reported at, or None
    when it is not reported. conf.py's override, else the check's default; in a statement
    not published in that language, completeness errors are warnings (a translation in
    progress); an entry's ``editions-ignore:`` flag or "off" silences the check; counting
    errors alone (``errors_only``) leaves warnings out. The CLI, the build, the workspace and
    every other caller resolve a severity here."""
    if flags and check_id in ignored_checks(flags):  # (read only when there is a finding)
        return None
    check = CHECKS[check_id]
    severity = overrides.get(check_id, check.severity)
    if check.family == "completeness" and not published and severity == ERROR:
        severity = WARNING
    if severity == OFF or (errors_only and severity != ERROR):
        return None
    return severity


def ignored_checks(flags: Iterable[str]) -> set[str]:
    return {flag[len(IGNORE_FLAG_PREFIX):].strip() for flag in flags
            if flag.startswith(IGNORE_FLAG_PREFIX)}
