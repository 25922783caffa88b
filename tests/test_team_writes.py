"""What a team's saves may write, tried as a careless or hostile volunteer would (issue 30):
a paste of a whole book, damaged text, separators a word processor adds. Each is refused
with one message before any check or the writer works on it, and nothing is written.
"""

from __future__ import annotations

import random
from urllib.parse import quote

from babel.messages.pofile import WORD_SEP
from babel.messages.pofile import normalize as babel_normalize

from editions.catalogs import entries as catalog_entries
from editions.catalogs.pofile import _chunks, normalize
from editions.catalogs.validity import longest_translation
from editions.errors import EditionsError
from editions.workspace.models import Suggestion

from .conftest import STATEMENT, _as, _entries, _post, _url, _with_number, tree_digest

GIANT = "a" * 100_000


def test_a_giant_paste_is_refused_for_its_length_and_nothing_is_written(project, crew):
    """It took 55 s under the project lock, and every other save waited behind it."""
    entry = _with_number(project)
    before = tree_digest(project.root)
    reviewer = _as(crew["fr-reviewer"])
    response = _post(reviewer, entry, GIANT)
    assert response.status_code == 400
    page = response.content.decode()
    assert "100,000 characters long" in page and f"{longest_translation(entry.source):,}" in page
    translator = _as(crew["fr-translator"])
    assert _post(translator, entry, GIANT).status_code == 400
    assert not Suggestion.objects.exists()
    live = translator.post(_url(entry) + "check", {"translation": GIANT}).json()
    assert "characters long" in live["problem"] and live["findings"] == []
    assert tree_digest(project.root) == before


def test_a_refusal_speaks_the_volunteers_language(project, crew):
    """(The writers' refusals were English in every interface: issue 32.)"""
    entry = _with_number(project)
    translator = _as(crew["fr-translator"])
    translator.cookies["django_language"] = "fr"
    page = _post(translator, entry, GIANT).content.decode()
    assert "100\u202f000 caractères" in page or "100\u00a0000 caractères" in page
    assert "characters long" not in page
    live = translator.post(_url(entry) + "check", {"translation": "Gaza\u0007"},
                           HTTP_ACCEPT_LANGUAGE="fr").json()
    assert "caractère de contrôle invisible" in live["problem"], live["problem"]
    assert "\u2068U+0007 bell\u2069" in live["problem"]  # (quoted as written, isolated)


def test_the_writer_refuses_a_translation_longer_than_its_rule(project):
    entry = _with_number(project)
    limit = longest_translation(entry.source)
    before = tree_digest(project.root)
    try:
        catalog_entries.edit_entry(
            catalog_entries.StatementCatalog(project, "fr", STATEMENT),
            catalog_entries.Edit(entry.key, "x" * (limit + 1), fuzzy=False,
                                 expected=(entry.translation, entry.fuzzy)))
    except EditionsError as exc:
        assert "characters long" in exc.message
    else:
        raise AssertionError("a translation over the limit was written")
    assert tree_digest(project.root) == before
    written = catalog_entries.edit_entry(
        catalog_entries.StatementCatalog(project, "fr", STATEMENT),
        catalog_entries.Edit(entry.key, "x" * limit, fuzzy=True,
                             expected=(entry.translation, entry.fuzzy)))
    assert written.translation == "x" * limit


def test_damaged_text_and_separators_are_refused_where_the_source_has_none(project, crew):
    """Invalid UTF-8 arrives as U+FFFD; U+2028 and U+2029 come from word processors."""
    entry = _with_number(project)
    before = tree_digest(project.root)
    reviewer = _as(crew["fr-reviewer"])
    body = ("translation=Texte%20ab%FFm%C3%A9&expected_translation="
            + quote(entry.translation, safe="") + "&expected_fuzzy=False&action=save")
    response = reviewer.post(_url(entry), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and "U+FFFD" in response.content.decode()
    for separator in ("\u2028", "\u2029"):
        response = _post(reviewer, entry, f"Une ligne{separator}une autre")
        assert response.status_code == 400, separator
        assert f"U+{ord(separator):04X}" in response.content.decode()
    assert tree_digest(project.root) == before
    for text in ("abîmé \ufffd", "deux\u2028lignes"):
        try:
            catalog_entries.edit_entry(
                catalog_entries.StatementCatalog(project, "fr", STATEMENT),
                catalog_entries.Edit(entry.key, text, fuzzy=True, expected=(entry.translation,
                                                                   entry.fuzzy)))
        except EditionsError:
            pass
        else:
            raise AssertionError(f"{text!r} was written")
    assert tree_digest(project.root) == before


def test_wrapping_is_babels_line_for_line():
    """The linear wrapping writes what babel's normalize writes, on random text with every
    kind of separator babel knows (white space, hyphens after a word, dashes)."""
    rng = random.Random(30)
    alphabet = ["a", "Z", "é", "ж", "ب", "1", "_", "-", "--", " ", "  ", "\n", "\t", "!", '"',
                "'", ".", ",", "?", "&", "(", "\u00a0"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 260)))
        assert _chunks(text) == WORD_SEP.split(text), text
        for prefix in ("", "#~ ", "#| "):
            assert normalize(text, prefix) == babel_normalize(text, prefix, 76), text


def test_a_word_longer_than_any_language_has_is_written_whole_and_read_back(project):
    entry = _entries(project)[2]
    word = "pré-" + "x" * (longest_translation(entry.source) - 30) + "-fin"
    written = catalog_entries.edit_entry(
        catalog_entries.StatementCatalog(project, "fr", STATEMENT),
        catalog_entries.Edit(entry.key, f"Un mot : {word}.", fuzzy=True,
                             expected=(entry.translation, entry.fuzzy)))
    assert word in written.translation
    assert any(e.translation == f"Un mot : {word}." for e in _entries(project))


def test_an_accept_carries_what_the_reviewer_saw_and_credits_the_author(project, crew):
    """Found: reviewer B, on a page loaded before A's correction, accepted a suggestion over
    it; A's text was gone with no conflict shown, the change credited to B."""
    from editions.workspace.models import Change

    entry = _with_number(project)
    suggested = entry.translation + " Suggéré."
    assert _post(_as(crew["fr-translator"]), entry, suggested).status_code == 302
    suggestion = Suggestion.objects.get()
    seen = {"expected_translation": entry.translation, "expected_fuzzy": "False"}
    corrected = entry.translation + " Corrigé par A."
    assert _post(_as(crew["fr-coordinator"]), entry, corrected).status_code == 302
    before = tree_digest(project.root)
    reviewer = _as(crew["fr-reviewer"])
    decide = f"{_url(entry)}suggestions/{suggestion.pk}"
    answer = reviewer.post(decide, {"action": "accept", **seen})
    page = answer.content.decode()
    assert answer.status_code == 409 and "Corrigé par A." in page and "Suggéré." in page
    assert tree_digest(project.root) == before
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"
    # Reloaded, the page carries what the file holds now: the accept goes through, credited
    # to the suggestion's author, accepted by the reviewer.
    assert reviewer.post(decide, {"action": "accept", "expected_translation": corrected,
                                  "expected_fuzzy": "False"}).status_code == 302
    change = Change.objects.order_by("-pk").first()
    assert (change.author, change.accepted_by, change.before, change.after) == (
        crew["fr-translator"], crew["fr-reviewer"], corrected, suggested)
    assert "accepted by" in reviewer.get(_url(entry)).content.decode()


def test_a_revert_carries_what_the_coordinator_saw(project, crew):
    from editions.workspace.models import Change

    entry = _with_number(project)
    reviewer, coordinator = _as(crew["fr-reviewer"]), _as(crew["fr-coordinator"])
    first = entry.translation + " Un."
    _post(reviewer, entry, first)
    change = Change.objects.get()
    newer = entry.translation + " Deux."
    _post(reviewer, entry, newer, expected=(first, False))
    before = tree_digest(project.root)
    revert = f"{_url(entry)}history/{change.pk}/revert"
    assert coordinator.post(revert, {"expected_translation": first,
                                     "expected_fuzzy": "False"}).status_code == 302
    assert tree_digest(project.root) == before  # the page they saw was older: nothing written
    assert coordinator.post(revert, {}).status_code == 400
    assert coordinator.post(revert, {"expected_translation": newer,
                                     "expected_fuzzy": "False"}).status_code == 302
    assert _entries(project)[entry.position].translation == entry.translation
