"""The planted-defect corpus: every defect caught by the right check, and nothing else flagged.

Each entry of ``tests/corpus/defects/<lang>.po`` says, in an ``expect:`` comment, which check
must catch it; the clean corpus (``tests/corpus/clean/``) holds correct translations with
varied markup, on which no check may say a word.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import polib
import pytest

from editions.checks import CHECKS, Rules, check_catalog, load_glossary
from editions.checks.report import format_finding

CORPUS = Path(__file__).parent / "corpus"
DEFECTS = sorted((CORPUS / "defects").glob("*.po"))
CLEAN = sorted((CORPUS / "clean").glob("*.po"))
ENTRY_CHECKS = {"untranslated", "fuzzy"} | {
    check.id for check in CHECKS.values()
    if check.family not in {"catalog", "completeness", "build"}
}


def _check(path: Path):
    language = path.stem
    glossary = load_glossary(path.parent / f"glossary-{language}.csv")
    return check_catalog(path, Rules(language, published=True, terms=glossary))


def _expected(path: Path) -> dict[int, str]:
    return {
        entry.linenum: entry.comment.removeprefix("expect: ").strip()
        for entry in polib.pofile(str(path)) if entry.comment.startswith("expect:")
    }


@pytest.mark.parametrize("path", DEFECTS, ids=lambda p: p.stem)
def test_every_planted_defect_is_caught_by_its_check_only(path: Path) -> None:
    findings, _entries = _check(path)
    expected = _expected(path)
    found: dict[int, set[str]] = {}
    for finding in findings:
        found.setdefault(finding.line, set()).add(finding.check)
    # polib numbers an entry from its first line (the comment); babel from its msgid line.
    by_entry = {line: found.get(line + 1, set()) | found.get(line + 2, set())
                | found.get(line + 3, set()) | found.get(line + 4, set())
                for line in expected}
    wrong = {
        line: (check, sorted(by_entry[line]))
        for line, check in expected.items() if by_entry[line] != {check}
    }
    assert not wrong, "\n".join(format_finding(f) for f in findings)


def test_the_defect_corpus_covers_every_check_in_four_languages() -> None:
    expected = Counter(check for path in DEFECTS for check in _expected(path).values())
    assert sum(expected.values()) >= 60
    assert set(expected) >= ENTRY_CHECKS, ENTRY_CHECKS - set(expected)
    languages = {path.stem for path in DEFECTS}
    assert {"fr", "ar"} <= languages and len(languages) >= 4


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.stem)
def test_clean_corpus_has_no_finding(path: Path) -> None:
    findings, entries = _check(path)
    assert entries >= 40
    assert not findings, "\n".join(format_finding(f) for f in findings)


def test_clean_corpus_is_large_and_varied() -> None:
    entries = [e for path in CLEAN for e in polib.pofile(str(path)) if e.msgid]
    assert len(entries) >= 150
    sources = " ".join(e.msgid for e in entries)
    for markup in ("**", "``", "`_", "__", ":ref:`", ":doc:`", "[#]_", "|", "https://"):
        assert markup in sources, markup


def _segments(path: Path):
    from editions.checks.segment import Segment

    return [Segment(entry.msgid, entry.msgstr, path.stem) for entry in polib.pofile(str(path))
            if entry.msgid and entry.msgstr and not entry.fuzzy]


def test_each_segment_check_reports_only_the_ids_it_declares() -> None:
    from editions.checks.entry import SEGMENT_CHECKS

    declared = [check_id for _check_function, ids in SEGMENT_CHECKS for check_id in ids]
    assert len(declared) == len(set(declared))  # each id is reported by one check alone
    assert set(declared) | {"glossary"} == ENTRY_CHECKS - {"untranslated", "fuzzy"}
    for check_function, ids in SEGMENT_CHECKS:
        reported = {check_id for path in DEFECTS + CLEAN for segment in _segments(path)
                    for check_id, _message in check_function(segment)}
        assert reported == set(ids), check_function.__qualname__


@pytest.mark.parametrize("severity", [{}, {"doubled-word": "error", "numbers": "warning"}],
                         ids=["defaults", "overridden"])
def test_counting_errors_alone_finds_every_error_and_nothing_else(severity) -> None:
    found: list = []
    for path in DEFECTS:
        glossary = load_glossary(path.parent / f"glossary-{path.stem}.csv")
        rules = Rules(path.stem, published=True, severity=severity, terms=glossary)
        every, _entries = check_catalog(path, rules)
        errors, _entries = check_catalog(path, dataclasses.replace(rules, errors_only=True))
        assert errors == [finding for finding in every if finding.severity == "error"]
        found += errors
    checks = {finding.check for finding in found}
    assert "final-punctuation" not in checks  # a warning by default: left out
    assert ("doubled-word" in checks) == bool(severity)
    assert ("numbers" in checks) != bool(severity)


def _translations_keeping_markup() -> list[tuple[str, str]]:
    """Every source of the corpora and catalogs with markup, each made into translations that
    keep its inline constructs but change the words and what surrounds each construct: a
    character glued on, a colon, an underscore, a bracket, a space taken away."""
    import random

    from editions.checks.rst import analyse

    sources = {entry.msgid for path in [*DEFECTS, *CLEAN, *sorted(REPO_LOCALE.rglob("*.po"))]
               for entry in polib.pofile(str(path)) if entry.msgid}
    rng = random.Random(20261203)
    edges = ["", " ", "a", "é", "中", ":", "_", "(", ")", "«", "»", ".", "-", "/", "*", "`",
             "\u00a0", "\\", "1", "::", ",", ";", "!", "?", "¿", "'", '"', "—", "[", "]", "<",
             ">", "{", "}", "“", "”", "’", "、", "。", "@", "|", "، "]
    pairs = []
    for source in sorted(sources):
        template = analyse(source).template
        if template is None:
            continue
        for _ in range(12):
            pieces = []
            for construct in template.constructs:
                pieces += [rng.choice(["Les mots ", "palabras y ", "", "слова "]),
                           rng.choice(edges), construct, rng.choice(edges)]
            pieces.append(rng.choice([" fin.", "", "::", " ::", " fin::", "\n", "  "]))
            pairs.append((source, "".join(pieces)))
        pairs.append((source, source))
    return pairs


REPO_LOCALE = CORPUS.parent.parent / "locale"


def test_a_translation_that_keeps_the_markup_is_read_as_docutils_reads_it() -> None:
    """``analyse_like`` reads a translation that keeps the source's constructs without
    parsing it: it must give what parsing gives, whatever surrounds the constructs."""
    from editions.checks.rst import _analysed, analyse_like

    pairs = _translations_keeping_markup()
    assert len(pairs) > 2000
    differences = [(source, text) for source, text in pairs
                   if analyse_like(source, text) != _analysed(text, False)]
    read_without_parsing = sum(1 for source, text in pairs
                               if analyse_like(source, text).template is None
                               and analyse_like(source, text) is not _analysed(text, False))
    assert read_without_parsing > 150  # (the fast way is taken, not only the slow one)
    assert not differences, differences[:5]


def test_a_literal_quoted_by_the_characters_around_it_is_parsed_not_templated() -> None:
    """docutils starts no markup between an opener and its closer ('"``"x"``' stays text):
    a literal's start-string is two backquotes, so the character after both is what closes."""
    from editions.checks.rst import _analysed, analyse_like

    source = 'the string ``"last"`` which refers to the last menu item;'
    for text in ('слова "``"last"`` fin.', 'слова "``"last"``、::', "(``(x)`` y"):
        assert analyse_like(source, text) == _analysed(text, False), text
