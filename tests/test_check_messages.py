"""Every word a volunteer reads about the checks is in their interface language (issue 32,
point 1): each check's title and message has a translation in every language the
interface offers, the workspace shows them in the volunteer's, ``LANGUAGE=fr editions
check`` prints them in French, and quoted words are isolated for direction."""

from __future__ import annotations

import html
import re
from pathlib import Path

import polib
import pytest
from babel.messages.extract import extract, extract_from_dir

from editions.catalogs.validity import translation_problem
from editions.checks import CHECKS, Finding, Rules, check_project
from editions.checks.markup import syntax_problem
from editions.checks.messages import (
    FSI,
    KEYWORDS,
    LOCALE_DIR,
    PDI,
    Quoted,
    interface_language,
    msg,
    plural_msg,
    render,
)
from editions.checks.project import CACHE_NAME
from editions.project import Project

from .conftest import _post, _with_number, broken_french_emphasis, run

CHECKS_DIR = Path(__file__).resolve().parent.parent / "editions" / "checks"
VALIDITY = CHECKS_DIR.parent / "catalogs" / "validity.py"
OFFERED = ("fr", "es", "de", "ar", "uk")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")
#: Translations that rightly read as their English (the same word in the language).
SAME_WORD = {("fr", "``code``"), ("fr", "%(count)s *emphases*")}
#: What may stay in Latin letters in an Arabic message: names and codes.
LATIN_IN_ARABIC = {"Sphinx", "URL", "ASCII", "HTML", "PO", "gettext", "Python", "docutils",
                   "reStructuredText", "U", "A", "F", "C", "javascript", "data",
                   "vbscript", "file", "fuzzy", "editions", "update"}


def _extracted() -> list[str | tuple[str, str]]:
    """Every template the checks (and the writers' refusals, ``catalogs/validity.py``) mark
    for translation, as pybabel extract finds them (``make checks-messages``): a counted
    message as its singular and plural."""
    found = [*extract_from_dir(str(CHECKS_DIR), method_map=[("**.py", "python")],
                               keywords=KEYWORDS)]
    with VALIDITY.open("rb") as handle:
        found += [(VALIDITY.name, *item) for item in extract("python", handle, KEYWORDS)]
    return [message for _file, _line, message, _comments, *_context in found]


def _templates() -> set[str]:
    return {message if isinstance(message, str) else message[0] for message in _extracted()}


@pytest.mark.parametrize("language", OFFERED)
def test_every_check_template_is_translated(language: str) -> None:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "checks.po"
    catalog = polib.pofile(str(path))
    entries = {entry.msgid: entry for entry in catalog}
    forms = int(re.search(r"nplurals=(\d+)", catalog.metadata["Plural-Forms"]).group(1))
    templates = _templates()
    assert {summary.summary for summary in CHECKS.values()} <= templates
    missing = [t for t in templates if t not in entries or not entries[t].translated()
               or entries[t].fuzzy]
    assert not missing, f"{language}: no translation for {missing}"
    assert not set(entries) - templates, "entries no check makes any more"
    plurals = {message[0]: message[1] for message in _extracted() if isinstance(message, tuple)}
    assert {msgid: entry.msgid_plural for msgid, entry in entries.items()
            if entry.msgid_plural} == plurals
    for msgid, entry in entries.items():
        if entry.msgid_plural:
            _assert_plural_forms_fit(language, entry, forms)
            continue
        assert sorted(PLACEHOLDER.findall(entry.msgstr)) == sorted(
            PLACEHOLDER.findall(msgid)), (language, msgid)
        if re.search(r"[A-Za-z]{2}", PLACEHOLDER.sub("", msgid)) and (
                (language, msgid) not in SAME_WORD):
            assert entry.msgstr != msgid, f"{language}: a copy of the English: {msgid}"


def _assert_plural_forms_fit(language: str, entry: polib.POEntry, forms: int) -> None:
    """Every form the language's rule declares is written, with every placeholder of its
    source but the count, which a form may say in words ("رابطان", two links)."""
    assert sorted(entry.msgstr_plural) == list(range(forms)), (language, entry.msgid)
    needed = set(PLACEHOLDER.findall(entry.msgid_plural)) - {"%(count)s"}
    for text in entry.msgstr_plural.values():
        assert text and needed <= set(PLACEHOLDER.findall(text)) <= needed | {"%(count)s"}, (
            language, entry.msgid, text)
        if re.search(r"[A-Za-z]{2}", PLACEHOLDER.sub("", entry.msgid_plural)):
            assert (text not in {entry.msgid, entry.msgid_plural}
                    or (language, text) in SAME_WORD), (language, text)


def test_a_french_message_is_french_and_quotes_are_isolated() -> None:
    [finding] = Rules("fr").check_text("We were 600 in Gaza.", "Nous étions 60 à Gaza.")
    assert finding.message == "the number 600 of the source is missing: keep every number"
    assert finding.message_in("fr") == (
        f"le nombre {FSI}600{PDI} de la source manque\u00a0: gardez chaque nombre")
    assert finding.message_in("fr_CA").startswith("le nombre")  # (its base language)
    # (no catalog: English, its quoted words still isolated)
    assert finding.message_in("ja").replace(FSI, "").replace(PDI, "") == finding.message
    assert finding.title_in("de") == "eine Zahl des Originals fehlt in der Übersetzung"


def test_an_arabic_message_has_no_english_outside_its_quotes() -> None:
    findings = Rules("ar").check_text("Read *this* and `that <https://a.org>`_ now, 600.",
                                      "اقرأ *هذا و`ذاك <https://b.org>`_ الآن.")
    assert findings
    for finding in findings:
        text = finding.message_in("ar")
        outside = re.sub(f"{FSI}[^{PDI}]*{PDI}", "", text)
        latin = set(re.findall(r"[A-Za-z]+", outside)) - LATIN_IN_ARABIC
        assert not latin, (finding.check, text)


def test_docutils_messages_are_told_in_a_translators_words() -> None:
    told = syntax_problem("Inline emphasis start-string without end-string.")
    assert "docutils" not in str(told) and "end-string" not in str(told)
    assert "never closed" in str(told) and "jamais fermée" in render(told, "fr")
    unknown = syntax_problem("Something new docutils says.")
    assert render(unknown, "fr").startswith("le balisage de cette phrase ne peut pas être lu")
    assert f"{FSI}Something new docutils says.{PDI}" in render(unknown, "fr")


def test_a_finding_keeps_its_wording_through_the_cache() -> None:
    wording = msg("the word '%(word)s' is doubled", word=Quoted("la"))
    finding = Finding("doubled-word", "warning", "x.po", 3, render(wording), "fr",
                      wording=wording)
    again = Finding(**finding.as_dict())
    assert again == finding and again.message_in("uk") == f"слово «{FSI}la{PDI}» повторено двічі"


def test_the_terminal_language_is_found_as_gettext_finds_it() -> None:
    assert interface_language({"LANGUAGE": "fr:en", "LANG": "de_DE.UTF-8"}) == "fr"
    assert interface_language({"LANG": "de_DE.UTF-8"}) == "de_DE"
    assert interface_language({"LANG": "C.UTF-8"}) == interface_language({}) == "en"


def test_editions_check_speaks_french_where_language_says_so(tiny: Project,
                                                             monkeypatch) -> None:
    broken_french_emphasis(tiny)
    english = run(tiny, "check", "-l", "fr", "beta").output
    assert "error [rst-syntax] a * that starts *emphasis* is never closed" in english
    monkeypatch.setenv("LANGUAGE", "fr")
    french = run(tiny, "check", "-l", "fr", "beta").output
    assert (f"error [rst-syntax] la marque {FSI}*{PDI} (*emphase*) n’est jamais fermée"
            in french), french
    assert "never closed" not in french
    # (scripts read JSON: its messages stay English)
    assert "never closed" in run(tiny, "check", "-l", "fr", "--format", "json").output
    [finding] = check_project(tiny, ["fr"], ["beta"]).findings  # (from the cache)
    assert finding.message_in("ar").startswith("العلامة")


def _shown_findings(page: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in
            re.findall(r'<li class="finding [^"]*"[^>]*>(.*?)</li>', page, re.S)]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_workspace_page_shows_check_messages_in_the_volunteers_language(
        project, client, language: str) -> None:
    entry = _with_number(project, language)
    number = re.search(r"\d+", entry.source).group()
    broken = entry.translation.replace(number, "") + " *Gaza"
    client.cookies["django_language"] = language
    response = _post(client, entry, broken, language=language)
    assert response.status_code == 400
    page = response.content.decode()
    shown = _shown_findings(page)
    assert len(shown) >= 2, shown  # numbers, and the emphasis never closed
    findings = Rules.live(project, language, "palestine-global-movement").check_text(
        entry.source, broken)
    for finding in findings:
        assert html.escape(finding.message) not in page  # no English message
        assert any(finding.message_in(language) in text for text in shown)
    assert 'data-check="numbers"' in page and "<code>numbers</code>" not in page
    for text in shown:
        outside = re.sub(f"{FSI}[^{PDI}]*{PDI}", "", text)
        assert " the " not in outside and "translation" not in outside, text
        if language == "ar":
            latin = set(re.findall(r"[A-Za-z]+", outside)) - LATIN_IN_ARABIC
            assert not latin, text


def test_the_progress_page_names_failed_checks_in_its_language() -> None:
    from editions.checks.registry import check_title

    assert check_title("numbers", "fr") == "un nombre de la source manque dans la traduction"
    assert check_title("numbers", "en") == CHECKS["numbers"].summary


def _fewer_emphases(count: int) -> Finding:
    """The finding for a translation that drops ``count`` of its source's three emphases."""
    source = "Read *one*, *two* and *three*."
    kept = ["*un*", "*deux*", "*trois*"]
    for index in range(count):
        kept[index] = kept[index].strip("*")
    [finding] = [found for found in Rules("fr").check_text(
        source, f"Lisez {kept[0]}, {kept[1]} et {kept[2]}.") if found.check == "markup-mismatch"]
    return finding


def test_a_count_reads_in_the_number_it_is() -> None:
    """"1 *emphasis*", "2 *emphases*": each language's plural rule picks the form (Arabic has
    six, and says one and two in words), and the cache keeps the count's wording."""
    one, two = _fewer_emphases(1), _fewer_emphases(2)
    assert one.message.startswith("1 *emphasis* fewer than the source:")
    assert two.message.startswith("2 *emphases* fewer than the source:")
    assert one.message_in("fr") != two.message_in("fr").replace("2", "1")
    for finding in (one, two):
        assert Finding(**finding.as_dict()).message_in("ar") == finding.message_in("ar")
    arabic = {count: render(plural_msg(count, "%(count)s hyperlink", "%(count)s hyperlinks"), "ar")
              for count in (1, 2, 3, 11, 100)}
    assert len(set(arabic.values())) == 5, arabic
    assert not re.search(r"\d", arabic[1] + arabic[2]), arabic
    ukrainian = {count: render(plural_msg(count, "%(count)s word", "%(count)s words"), "uk")
                 for count in (1, 2, 5)}
    assert len(set(ukrainian.values())) == 3, ukrainian
    # (A pasted text too long for its source: 1,001 characters is "символ" in Ukrainian.)
    too_long = {length: render(translation_problem("", "x" * length), "uk")
                for length in (1001, 1002, 1005)}
    assert [text.split(",")[0].split()[-1] for text in too_long.values()] == [
        "символ", "символи", "символів"], too_long


def test_no_other_function_is_named_like_an_extraction_keyword() -> None:
    """pybabel extracts every call of a keyword's name (and, from Python 3.12, inside
    f-strings too): a helper of the same name elsewhere (``wording.counted``) would put
    its English words into the checks' catalogs."""
    package = CHECKS_DIR.parent
    for path in package.rglob("*.py"):
        if path.name == "messages.py" and path.parent == CHECKS_DIR:
            continue
        text = path.read_text(encoding="utf-8")
        for keyword in KEYWORDS:
            assert not re.search(rf"\bdef {keyword}\(|\b{keyword} = ", text), (path, keyword)
            for imported in re.findall(r"from (\S+) import [^\n]*\b" + keyword + r"\b", text):
                assert imported.endswith("messages"), (path, keyword, imported)


def test_a_cache_of_an_older_form_is_removed(tiny: Project) -> None:
    broken_french_emphasis(tiny)
    cache = tiny.build_dir / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    for name in ("checks-v4.json", "checks-errors-v3.json", "checks-notes.json"):
        (cache / name).write_text("{}", encoding="utf-8")
    check_project(tiny, ["fr"], ["beta"])
    assert sorted(path.name for path in cache.glob("checks*.json")) == [
        "checks-notes.json", CACHE_NAME]


def test_an_untranslated_count_of_one_is_singular(tiny: Project) -> None:
    path = broken_french_emphasis(tiny)
    po = polib.pofile(str(path))
    po.find("Only one paragraph, and no date.").msgstr = ""
    po.save()
    [finding] = [found for found in check_project(tiny, ["fr"], ["beta"]).findings
                 if found.check == "untranslated"]
    assert re.fullmatch(r"1 segment of \d+ \(\d+ words\) is not translated yet: it is here",
                        finding.message), finding.message
