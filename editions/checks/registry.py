"""Every check's stable id, family, default severity and advice, and the findings they produce."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .messages import N_, Msg, decode, render

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
          N_("the PO file is malformed (gettext syntax), so nothing in it can be checked or built"),
          'msgstr "Bonjour   (no closing quotation mark)')
# Completeness. Severity "error" applies where conf.py publishes the statement in that
# language; elsewhere these are warnings (a translation in progress is not a defect).
_register("untranslated", "completeness", ERROR, N_("a segment has no translation yet"),
          'msgstr ""')
_register("fuzzy", "completeness", ERROR,
          N_("a translation is marked fuzzy: its source changed and it needs review"),
          "#, fuzzy")
_register("obsolete", "completeness", WARNING,
          N_("the catalog keeps translations of segments removed from the source"),
          '#~ msgid "An old paragraph."')
_register("stale-catalog", "completeness", ERROR,
          N_("a segment of the statement is missing from the catalog: 'editions update' was "
             "not run"),
          "source has a new paragraph, the PO file does not")
_register("missing-catalog", "completeness", ERROR,
          N_("a statement has no catalog in a declared language"),
          "locale/fr/LC_MESSAGES/new-statement.po does not exist")
# Markup integrity.
_register("rst-syntax", "markup", ERROR,
          N_("the translation is not valid reStructuredText inline markup"),
          "*Gaza  → Inline emphasis start-string without end-string")
_register("markup-mismatch", "markup", ERROR,
          N_("the translation's inline markup differs from the source's"),
          "*Gaza* → Gaza (emphasis lost)")
_register("link-target", "markup", ERROR,
          N_("a hyperlink, role or reference target differs from the source's"),
          "`text <https://a.org>`_ → `texte <https://b.org>`_")
_register("markup-formatting", "markup", WARNING,
          N_("the markup changes only how words look: emphasis or a formatting role added, a "
          "name in italics rather than as code, a one-word literal kept as plain text, "
          "italics left out where the script has none, a link written as its bare address"),
          "timeouts → *timeouts*")
_register("block-structure", "markup", ERROR,
          N_("the translation is not one paragraph (a leading space, a blank line, a list "
          "marker), so Sphinx drops it silently and shows the source"),
          "R. Oui → an enumerated list")
_register("markup-unchecked", "markup", WARNING,
          N_("a segment longer than docutils' line-length limit, whose markup is not checked"),
          "a 12,000-character paragraph")
_register("markup-spacing", "markup", ERROR,
          N_("inline markup glued to a letter is not recognised"),
          "le*mot* → le *mot*; without spaces (zh, ja): 中文\\ *强调*\\ 中文")
# Safety: a translation may not bring in what its source does not have.
_register("unsafe-url", "safety", ERROR, N_("the translation brings in a URL the source lacks"),
          "see https://evil.example")
_register("unsafe-link-scheme", "safety", ERROR,
          N_("a javascript:, data:, vbscript: or file: link"), "`click <javascript:alert(1)>`_")
_register("unsafe-role", "safety", ERROR,
          N_("the translation brings in raw HTML, or a role the source lacks pointing at "
          "something the source does not name"),
          ":raw-html:`<b>x</b>`")
_register("unsafe-directive", "safety", ERROR,
          N_("the translation brings in a directive, comment or target the source lacks"),
          ".. raw:: html")
_register("unsafe-substitution", "safety", ERROR,
          N_("the translation brings in a substitution the source lacks"), "|logo|")
_register("unsafe-bidi", "safety", ERROR,
          N_("the translation holds an invisible bidirectional control the source lacks, which "
          "can reorder what readers see"), "U+202E RIGHT-TO-LEFT OVERRIDE")
_register("unsafe-file", "safety", ERROR,
          N_("the translation references a file (download, include, image)"),
          ":download:`notes <../secret.txt>`")
# Fidelity.
_register("numbers", "fidelity", ERROR,
          N_("a number of the source is missing from the translation"),
          "600 Palestinians → 60 Palestiniens")
_register("untranslated-copy", "fidelity", ERROR,
          N_("a long sentence is copied untranslated from the source"), "msgstr == msgid")
_register("whitespace", "fidelity", WARNING,
          N_("the translation starts or ends with line breaks the source lacks (spaces that "
          "change nothing are not reported; a leading space is a block-structure error)"),
          '"Gaza" → "Gaza\\n"')
_register("doubled-word", "fidelity", WARNING, N_("a word is doubled"), "la la Palestine")
_register("brackets", "fidelity", WARNING, N_("brackets are unbalanced"), "(comme Sotsialnyi Rukh")
_register("quotes-balance", "fidelity", WARNING, N_("quotation marks are unbalanced"),
          "« Pas en notre nom")
_register("final-punctuation", "fidelity", WARNING,
          N_("the final punctuation changed in kind (a question became a statement …)"),
          "Why? → Pourquoi.")
# Typography of the target language.
_register("typography-spacing", "typography", WARNING,
          N_("French wants a no-break space before ; : ! ? » and after «"),
          "Gaza: → Gaza\u00a0:")
_register("typography-quotes", "typography", WARNING,
          N_("ASCII quotation marks where the language has its own"),
          '"Not in our name" → « Pas en notre nom »')
# Glossary.
_register("glossary", "glossary", ERROR,
          N_("a glossary term of the source is not rendered as the glossary says"),
          "Fourth International → Quatrième Internationale")
# Build.
_register("sphinx-i18n", "build", ERROR,
          N_("Sphinx reported an inconsistency between source and translation while building"),
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
    #: ``message`` as the check made it, to be told in another language (``message_in``).
    wording: Msg | None = None

    def __post_init__(self) -> None:
        if isinstance(self.wording, dict):  # (read back from the cache: ``as_dict``)
            object.__setattr__(self, "wording", decode(self.wording))

    def as_dict(self) -> dict[str, Any]:
        # (Its fields are strings and numbers: a copy of them, not ``asdict``'s deep walk,
        # which took a twentieth of a check of python-docs-es's 4,950 findings.)
        fields = dict(vars(self))
        if self.wording is not None:
            fields["wording"] = self.wording.encode()
        return fields

    def message_in(self, language: str) -> str:
        """The message in ``language`` (the interface's, not the catalog's), English where
        it has no translation."""
        return render(self.wording, language) if self.wording is not None else self.message

    def title_in(self, language: str) -> str:
        """What the check is about, in ``language``."""
        return check_title(self.check, language)

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


def check_title(check_id: str, language: str) -> str:
    """A check's summary in ``language``: what a volunteer reads it is about."""
    check = CHECKS.get(check_id)
    return render(Msg(check.summary), language) if check else check_id


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
