"""`editions check` on small projects: completeness, severities, silencing, formats, cache."""

from __future__ import annotations

import json
import os

import polib
import pytest

from editions import catalogs
from editions.checks import CHECKS, CheckRun, check_project
from editions.checks import project as checks_project
from editions.checks.project import ensure_templates
from editions.errors import EditionsError
from editions.project import Project, load_project

from .conftest import REPO, broken_french_emphasis, run, translate_all


def publish(project: Project, published: dict) -> Project:
    project.conf_py.write_text(
        project.conf_py.read_text() + f"editions_published = {published!r}\n"
    )
    return load_project(project.root)


def checks_of(report, code: str, slug: str) -> list[str]:
    return [f.check for f in report.findings if (f.language, f.statement) == (code, slug)]


def test_untranslated_is_an_error_only_where_published(tiny: Project) -> None:
    catalogs.update(tiny)
    project = publish(tiny, {"fr": ["beta"]})
    report = check_project(project, use_cache=False)
    beta_fr = [f for f in report.findings if (f.language, f.statement) == ("fr", "beta")]
    assert {f.severity for f in beta_fr} == {"error"}
    assert len(beta_fr) == 3  # title, author, paragraph: one finding each
    alpha_fr = [f for f in report.findings if (f.language, f.statement) == ("fr", "alpha")]
    assert [(f.check, f.severity) for f in alpha_fr] == [("untranslated", "warning")]
    assert "segments" in alpha_fr[0].message and "words" in alpha_fr[0].message


def test_stale_missing_and_obsolete_catalogs(tiny: Project) -> None:
    catalogs.update(tiny)
    translate_all(tiny, "fr")
    project = publish(tiny, {"fr": ["alpha", "beta"]})
    source = project.statement_source("alpha")
    source.write_text(source.read_text().replace(
        "The third paragraph will be removed by a test.", "A new paragraph nobody extracted."
    ))
    project.catalog_path("ar", "beta").unlink()
    report = check_project(project, use_cache=False)
    assert checks_of(report, "fr", "alpha") == ["stale-catalog"]
    assert checks_of(report, "ar", "beta") == ["missing-catalog"]

    catalogs.update(project, ["fr"])
    report = check_project(project, use_cache=False)
    assert sorted(checks_of(report, "fr", "alpha")) == ["obsolete", "untranslated"]


def test_templates_are_extracted_again_only_for_the_statements_that_changed(
        tiny: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogs.update(tiny)
    pot_dir = ensure_templates(tiny)
    source = tiny.statement_source("alpha")
    source.write_text(source.read_text().replace(
        "The third paragraph will be removed by a test.", "A new paragraph nobody extracted."))
    later = (pot_dir / "alpha.pot").stat().st_mtime_ns + 10**9
    os.utime(source, ns=(later, later))
    extracted: list[list[str]] = []
    real_extract = checks_project.extract_statements
    monkeypatch.setattr(checks_project, "extract_statements", lambda project, statements: (
        extracted.append(list(statements)), real_extract(project, statements))[1])

    assert ensure_templates(tiny) == pot_dir
    assert extracted == [["alpha"]]
    assert "A new paragraph nobody extracted." in (pot_dir / "alpha.pot").read_text()

    # A source saved again with the same text: its template, which Sphinx leaves as it is,
    # counts as current from then on, and is not extracted at every check.
    later += 10**9
    os.utime(source, ns=(later, later))
    ensure_templates(tiny)
    ensure_templates(tiny)
    assert extracted == [["alpha"], ["alpha"]]

    # A source put back with an older time than Sphinx last read it at (cp -p, a backup)
    # is read again all the same: its template is not left with the newer text.
    source.write_text(source.read_text().replace(
        "A new paragraph nobody extracted.", "An older paragraph, restored."))
    os.utime(source, ns=(2, 2))  # (long before Sphinx read it)
    os.utime(pot_dir / "alpha.pot", ns=(1, 1))
    ensure_templates(tiny)
    assert "An older paragraph, restored." in (pot_dir / "alpha.pot").read_text()


def test_fuzzy_entries_are_reported_one_by_one(tiny: Project) -> None:
    catalogs.update(tiny)
    translate_all(tiny, "fr")
    path = tiny.catalog_path("fr", "beta")
    po = polib.pofile(str(path))
    po.find("Only one paragraph, and no date.").flags.append("fuzzy")
    po.save()
    report = check_project(tiny, ["fr"], ["beta"], use_cache=False)
    [finding] = report.findings
    assert (finding.check, finding.severity) == ("fuzzy", "warning")
    assert finding.source == "Only one paragraph, and no date."


def test_conf_py_changes_a_severity_and_a_flag_silences_one_entry(tiny: Project) -> None:
    catalogs.update(tiny)
    translate_all(tiny, "fr")
    path = tiny.catalog_path("fr", "alpha")
    po = polib.pofile(str(path))
    entry = po.find("The first paragraph speaks of 77 years of struggle.")
    # (Seventy: a number word, but not the source's 77.)
    entry.msgstr = "Le premier paragraphe parle de soixante-dix ans de lutte."
    po.save()
    report = check_project(tiny, ["fr"], use_cache=False)
    assert [(f.check, f.severity) for f in report.findings] == [("numbers", "error")]

    tiny.conf_py.write_text(
        tiny.conf_py.read_text() + "editions_check_severity = {'numbers': 'warning'}\n"
    )
    project = load_project(tiny.root)
    report = check_project(project, ["fr"], use_cache=False)
    assert [(f.check, f.severity) for f in report.findings] == [("numbers", "warning")]

    entry.flags.append("editions-ignore:numbers")
    po.save()
    assert check_project(project, ["fr"], use_cache=False).findings == []


def test_conf_py_with_an_unknown_check_is_a_clear_error(tiny: Project) -> None:
    conf = tiny.conf_py.read_text() + "editions_check_severity = {'nope': 'off'}\n"
    tiny.conf_py.write_text(conf)
    with pytest.raises(EditionsError, match="unknown check 'nope'"):
        load_project(tiny.root)


def test_warm_check_uses_the_cache_and_gives_the_same_findings(tiny: Project) -> None:
    catalogs.update(tiny)
    cold = check_project(tiny)
    warm = check_project(tiny)
    assert warm.cached == warm.catalogs == 4 and cold.cached == 0
    assert warm.findings == cold.findings and warm.entries == cold.entries
    po = polib.pofile(str(tiny.catalog_path("fr", "beta")))
    po[0].msgstr = "Déclaration bêta"
    po.save()
    assert check_project(tiny).cached == 3


def test_check_command_formats_and_exit_status(tiny: Project) -> None:
    catalogs.update(tiny)
    translate_all(tiny, "fr")
    translate_all(tiny, "ar")
    clean = run(tiny, "check")
    assert clean.exit_code == 0, clean.output
    assert clean.output.strip().splitlines()[-1].startswith("0 errors, ")

    path = tiny.catalog_path("fr", "beta")
    po = polib.pofile(str(path))
    po.find("Only one paragraph, and no date.").msgstr = "Un *seul paragraphe."
    po.save()
    text = run(tiny, "check", "-l", "fr", "beta")
    assert text.exit_code == 1
    assert "error [rst-syntax]" in text.output and "beta.po:" in text.output
    assert "source:" in text.output and "translation:" in text.output
    assert text.output.strip().splitlines()[-1].startswith("1 error, 0 warnings in "), text.output
    assert " of 1 catalog checked" in text.output

    data = json.loads(run(tiny, "check", "-l", "fr", "--format", "json").output)
    assert data["summary"]["errors"] == 1
    assert data["findings"][0]["check"] == "rst-syntax"

    github = run(tiny, "check", "--format", "github").output.splitlines()
    assert github[0].startswith("::error file=") and ",title=rst-syntax::" in github[0]


def test_every_check_is_documented_in_the_readme() -> None:
    from .conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [check for check in CHECKS if f"`{check}`" not in readme]
    assert not missing


def test_a_malformed_catalog_is_one_finding_with_its_line(tiny: Project) -> None:
    catalogs.update(tiny)
    path = tiny.catalog_path("fr", "beta")
    lines = path.read_text().splitlines()
    number = lines.index('msgid "Beta statement"') + 2
    lines[number - 1] = 'msgstr "Déclaration bêta'
    path.write_text("\n".join(lines) + "\n")
    report = check_project(tiny, ["fr"], ["beta"], use_cache=False)
    [finding] = report.findings
    assert (finding.check, finding.line) == ("po-syntax", number)
    assert finding.path.endswith("fr/LC_MESSAGES/beta.po")


@pytest.mark.parametrize(("broken", "newline"), [
    ('msgstr "Déclaration bêta', "\n"),  # no closing quotation mark
    ('msgstr "Déclaration bêta\\"', "\n"),  # the last one escaped
    ('msgstr "Déclaration bêta\u00a0', "\n"),  # a no-break space after the words
    ('msgstr "', "\n"),  # an opening one alone
    ('msgstr "Déclaration bêta', "\r\n"),  # a file saved with Windows line ends
])
def test_an_unclosed_string_is_found_in_any_form(tiny: Project, broken: str,
                                                 newline: str) -> None:
    catalogs.update(tiny)
    path = tiny.catalog_path("fr", "beta")
    lines = path.read_text().splitlines()
    number = lines.index('msgid "Beta statement"') + 2
    lines[number - 1] = broken
    path.write_bytes((newline.join(lines) + newline).encode())
    [finding] = check_project(tiny, ["fr"], ["beta"], use_cache=False).findings
    assert (finding.check, finding.line) == ("po-syntax", number)
    assert "not closed" in finding.message


def test_a_source_segment_is_analysed_once_for_every_language(tiny: Project) -> None:
    from editions.checks import fidelity

    catalogs.update(tiny)
    for code in ("fr", "ar"):
        translate_all(tiny, code)
    fidelity.source_facts.cache_clear()
    check_project(tiny, use_cache=False, run=CheckRun(jobs=1))
    sources = {entry.msgid for slug in tiny.statements()
               for entry in polib.pofile(str(tiny.catalog_path("fr", slug)))}
    info = fidelity.source_facts.cache_info()
    assert info.misses == len(sources)  # worked out for French, then found for Arabic
    assert info.hits >= len(sources)


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_worker_processes_find_what_this_process_finds(tiny: Project, monkeypatch,
                                                       start_method: str) -> None:
    import multiprocessing

    from editions import workers
    from editions.checks import project as checking

    if start_method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"this platform cannot {start_method} a process")
    monkeypatch.setattr(workers, "local_context",
                        lambda: multiprocessing.get_context(start_method))

    catalogs.update(tiny)
    translate_all(tiny, "fr")
    path = tiny.catalog_path("fr", "alpha")
    po = polib.pofile(str(path))
    po[0].msgstr += " see https://evil.example"
    po[1].msgstr = "*" + po[1].msgstr
    po.save()
    alone = check_project(tiny, use_cache=False, run=CheckRun(jobs=1))
    # Every statement a batch of its own, and workers from the first catalog on.
    monkeypatch.setattr(checking, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(checking, "BATCH_SIZE", 1)
    shared = check_project(tiny, use_cache=False, run=CheckRun(jobs=2))
    assert {"unsafe-url", "rst-syntax"} <= {f.check for f in alone.findings}
    assert shared.findings == alone.findings
    assert shared.summaries == alone.summaries
    assert (shared.entries, shared.catalogs) == (alone.entries, alone.catalogs)


def test_workers_are_forked_only_while_no_other_thread_runs(monkeypatch) -> None:
    import sys

    from editions import workers

    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    assert workers.local_context().get_start_method() == (
        "fork" if sys.platform == "linux" else "spawn")
    monkeypatch.setattr(workers.threading, "active_count", lambda: 2)  # a progress bar's thread
    assert workers.local_context().get_start_method() == "spawn"


@pytest.mark.parametrize(("text", "doubled"), [
    ("the the end", ["the"]),
    ("(The the) end", ["The"]),
    ("«\u00a0nous nous\u00a0» disons", ["nous"]),
    ("Ми ми живемо.", ["Ми"]),
    ("1 000 000 people", []),  # digit groups are not words
    ("the theory", []),
    ("the, the end", []),  # a comma between: a repetition on purpose
])
def test_doubled_words_are_found_as_the_regex_finds_them(text: str, doubled: list[str]) -> None:
    from editions.checks import fidelity

    assert fidelity.doubled_words(text) == doubled
    assert doubled == [m.group(1) for m in fidelity._DOUBLED.finditer(text)]


def _segment_findings_all(source: str, translation: str, language: str) -> list[tuple[str, str]]:
    from editions.checks.entry import SEGMENT_CHECKS, segment_findings
    from editions.checks.segment import Segment

    segment = Segment(source, translation, language)
    return [(check, str(message)) for check, message in
            segment_findings(segment, [check for check, _ids in SEGMENT_CHECKS], ())]


def _segment_findings(source: str, translation: str, language: str) -> dict[str, str]:
    return dict(_segment_findings_all(source, translation, language))


# Each from a real, reviewed catalog's class of entries (python-docs-es, OpenStack Horizon,
# calibre's manual): how Sphinx publishes the translation decides the finding.
@pytest.mark.parametrize(("source", "translation", "language", "expected"), [
    # A literal's name kept as plain text: its look changed, not the name.
    ("Provided by the ``cinder-volume`` API.", "Bereitgestellt von der API cinder-volume.",
     "de", {"markup-formatting"}),
    # ... but not a command line, which only its code look sets apart.
    ("Run ``editions update`` first.", "Lancez d'abord editions update.", "fr",
     {"markup-mismatch"}),
    # ... nor an option SmartQuotes would change (-- becomes an en dash).
    ("Use ``--url-prefix`` here.", "Utilisez --url-prefix ici.", "fr", {"markup-mismatch"}),
    # A role left out is lost, even one that only formats.
    ("Click :guilabel:`Minimum Disk (GB)`.", "Cliquez sur Espace disque minimal (Go).", "fr",
     {"markup-mismatch"}),
    # A role misspelled: Sphinx does not know it.
    ("Click the :guilabel:`Edit` button.", ":guilable:`Edit` 버튼을 클릭합니다.", "ko",
     {"markup-mismatch"}),
    # A literal glued to a Korean particle: its marks shown to readers, told as glued.
    ("Create ``local_settings.py``. Copy ``local_settings.py.example``.",
     "``local_settings.py``를 생성하십시오. ``local_settings.py.example`` 을 복사하십시오.", "ko",
     {"markup-spacing"}),
    # Interpreted text whose opening backquote is gone: no italics in Japanese, but the
    # backquote left is seen.
    ("Run the `manage.py compress` command.", "manage.py compress` コマンドを実行します。", "ja",
     {"markup-mismatch"}),
    # A repeated cross-reference said once.
    ("Replace the :term:`CSS` with our own :term:`CSS`.", "Zastąp :term:`CSS` własnym.", "pl",
     {"markup-formatting"}),
    # No italics in Japanese typography.
    ("This is *not* supported.", "これはサポートされていません。", "ja", {"markup-formatting"}),
    # ... but emphasis lost in French loses the stress.
    ("This is *not* supported.", "Ce n'est pas pris en charge.", "fr", {"markup-mismatch"}),
    # A link written as its bare address: still a link.
    ("See `this <https://example.org/spec>`__ for details.",
     "자세한 내용은 <https://example.org/spec> 을 보세요.", "ko", {"markup-formatting"}),
    # ... whose opening backquote is gone: the `__ is left for readers to see.
    ("See `this <https://example.org/spec>`__ for details.",
     "Voir ceci <https://example.org/spec>`__ pour les détails.", "fr", {"markup-mismatch"}),
    # The same page over https, or with a final slash.
    ("See `the docs <http://docs.python.org>`_.", "Voir `la doc <https://docs.python.org/>`_.",
     "fr", set()),
    # ... but not over plain http where the source says https.
    ("See `the docs <https://docs.python.org>`_.", "Voir `la doc <http://docs.python.org>`_.",
     "fr", {"link-target"}),
    # A link written in quotes: its address still linked, its quotes and _ left for readers.
    ("`PyGObject <https://wiki.gnome.org/Projects/PyGObject>`_",
     "'PyGObject <https://wiki.gnome.org/Projects/PyGObject>'_", "es", {"markup-mismatch"}),
    # The project's own page in this language (calibre builds generated/<lang>/).
    ("Documented at :doc:`generated/en/ebook-convert`.",
     "Dokumentiert unter :doc:`generated/de/ebook-convert`.", "de", set()),
    # ... but a target changed otherwise is still an error.
    ("Documented at :doc:`generated/en/ebook-convert`.",
     "Dokumentiert unter :doc:`generated/de/ebook-konvertieren`.", "de", {"link-target"}),
    # A backquote missing is said so, not "a space inside the marks".
    ("Set ``title`` and ``name``.", "Définir ``titre` et ``nom``.", "fr", {"markup-mismatch"}),
    # An exponent: the source's 2 and 4 are two numbers, as in the translation.
    ("Compute 2\\ :sup:`4` now.", "Calcule 2\\ :sup:`4` ahora.", "es", set()),
    # An address the source writes as code is not brought in by the translation.
    ("Use ``http://example.com`` as the host.",
     "Utilisez «\u00a0http://example.com\u00a0» comme hôte.", "fr", {"markup-formatting"}),
    # A date's two-digit year written with four digits; not any number a year ends with.
    ("As of 5/11/15, this was pending.", "Au 11/05/2015, c'était en cours.", "fr", set()),
    ("We were 15 in 2015.", "Nous étions en 2015.", "fr", {"numbers"}),
    # A link's text that touches its address: a link to nowhere, said so.
    ("See `the list <https://example.org/list>`_.", "Ver `la lista<https://example.org/list>`_.",
     "es", {"link-target"}),
    # A * in code is no glued mark: the emphasis lost is what is wrong.
    ("Set *x* to ``a``.", "Réglez x à ``a*b``.", "fr", {"markup-mismatch"}),
    # A domain role (:c:func:) holds no glued :func:; a :py:func: glued to a letter is one.
    ("The :c:func:`PyObject_Call` function calls :func:`call`.",
     "Die Funktion :c:func:`PyObject_Call` ruft call auf.", "de", {"markup-mismatch"}),
    ("Call :py:func:`foo` now.", "今すぐ:py:func:`foo` を呼ぶ。", "ja", {"markup-spacing"}),
    # Neither a version's last part nor a sentence that only links out is a date or a title.
    ("Python 3.10 was released in 2010.", "Python 3.1 est sorti en 2010.", "fr", {"numbers"}),
    ("See `how to set the proxy for your whole network <https://example.com/proxy>`_.",
     "See `how to set the proxy for your whole network <https://example.com/proxy>`_.", "fr",
     {"untranslated-copy"}),
])
def test_findings_follow_what_sphinx_publishes(source: str, translation: str, language: str,
                                                expected: set[str]) -> None:
    findings = _segment_findings(source, translation, language)
    assert set(findings) == expected, findings


def test_a_glued_link_address_hides_no_other_finding() -> None:
    """A link to nowhere is told, and the changed targets beside it still are."""
    findings = [message for check, message in _segment_findings_all(
        "See the `docs <https://example.com/>`_, :ref:`install` and `B <https://b.org/3/>`_.",
        "`ドキュメント<https://example.com/>`_、:ref:`インストール`、"
        "`B <https://b.org/2/>`_ を参照。",
        "ja") if check == "link-target"]
    assert any("touches its address <https://example.com/>" in m for m in findings), findings
    assert any("must stay 'install'" in m for m in findings), findings
    assert any("https://b.org/3/ of the source is missing" in m for m in findings), findings


def test_a_missing_backquote_and_a_glued_mark_are_diagnosed_as_such() -> None:
    missing = _segment_findings("Set ``title`` and ``name``.", "Définir ``titre` et ``nom``.",
                                "fr")
    assert "lacks one of its `` marks" in missing["markup-mismatch"]
    spaced = _segment_findings("Set ``title`` now.", "Définir `` titre`` maintenant.", "fr")
    assert "space inside" in spaced["markup-mismatch"]
    glued = _segment_findings("A **general** strike.", "Ein General**streik**.", "de")
    assert "glued" in glued["markup-spacing"]
    # A role's opening lost is no glued mark: nothing touches a letter on both sides.
    opened = _segment_findings("Click :guilabel:`Compute` now.",
                               "Klicken Sie :guilabel: Compute` jetzt.", "de")
    assert "markup-spacing" not in opened


def test_a_target_typo_is_caught_where_the_right_target_also_appears() -> None:
    """python-docs-es: :exc:`OsError` beside a correct :exc:`OSError` in the same entry."""
    findings = _segment_findings(
        "The rest raise :exc:`OSError`; it was :exc:`IOError`, now an alias of :exc:`OSError`.",
        "El resto levanta :exc:`OsError`; era :exc:`IOError`, ahora alias de :exc:`OSError`.",
        "es")
    assert "'OSError', not 'OsError'" in findings["link-target"]


def test_conf_py_allows_a_language_its_own_link_hosts(tiny: Project) -> None:
    from editions.checks import check_translation

    tiny.conf_py.write_text(tiny.conf_py.read_text()
                            + "editions_link_hosts = {'fr': ['FR.wikipedia.org']}\n")
    project = load_project(tiny.root)
    statement = next(iter(project.statements()))
    source = "See `the article <https://en.wikipedia.org/wiki/Dock>`_."

    def ids(language: str, translation: str) -> set[str]:
        return {f.check for f in check_translation(project, language, statement, source,
                                                   translation)}

    allowed = "Voir `l’article <https://fr.wikipedia.org/wiki/Docker_(métier)>`_."
    assert ids("fr", allowed) == set()
    # Only for the language conf.py names, and only that host: the source's link replaced
    # by another is a changed target, one brought in beside it an unsafe address.
    assert ids("ar", "انظر `المقال <https://fr.wikipedia.org/wiki/Docker>`_.") == {
        "link-target"}
    assert ids("fr", "Voir `l’article <https://evil.example/wiki/Dock>`_.") == {"link-target"}
    assert "unsafe-url" in ids("fr", "Voir `l’article <https://en.wikipedia.org/wiki/Dock>`_ "
                                     "et https://evil.example/.")


def test_a_malformed_link_hosts_setting_is_one_clear_error(tiny: Project) -> None:
    tiny.conf_py.write_text(tiny.conf_py.read_text()
                            + "editions_link_hosts = {'fr': 'https://fr.wikipedia.org/'}\n")
    with pytest.raises(EditionsError) as raised:
        load_project(tiny.root)
    assert "editions_link_hosts['fr']" in str(raised.value)


def test_the_editions_program_ends_at_once_with_its_output_whole(tiny: Project) -> None:
    """Run as a program, ``check`` ends without tearing down the heap: its output must still
    be whole (flushed), its exit status right, and no worker process left behind."""
    import subprocess

    from tests.conftest import EDITIONS

    broken_french_emphasis(tiny)
    done = subprocess.run([EDITIONS, "check", "--no-cache", "--format", "json"], cwd=tiny.root,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["summary"]["errors"] == 1  # (whole: it parses)
    status = subprocess.run([EDITIONS, "status", "--format", "csv"], cwd=tiny.root,
                            capture_output=True, text=True, timeout=120)
    assert status.returncode == 0 and status.stdout.count("\n") > 2, status.stderr


def test_a_check_leaves_the_collector_as_it_found_it(tiny: Project, monkeypatch) -> None:
    import gc

    from editions import collector
    from editions.checks import project as checking

    catalogs.update(tiny)
    translate_all(tiny, "fr")
    before = gc.get_threshold()
    seen = []
    real = checking._run_tasks
    monkeypatch.setattr(checking, "_run_tasks", lambda tasks: (seen.append(gc.get_threshold()),
                                                            real(tasks))[1])
    check_project(tiny, use_cache=False, run=CheckRun(jobs=1))
    assert seen and seen[0][2] == collector.CHECK_FULL_COLLECTIONS_EVERY
    assert gc.get_threshold() == before


# -- numbers written as words (issue 32) ----------------------------------------------------

MILLIONS = "The campaign raised 2 million dollars."


@pytest.mark.parametrize(("translation", "language"), [
    # The Arabic dual alone stands for 2 × a million: in construct, nominative, oblique,
    # with the article and attached prepositions, with its short vowels written or not.
    ("جمعت الحملة مليونا دولار.", "ar"),
    ("جمعت الحملة مليونَيْ دولار.", "ar"),
    ("المبلغ مليونان من الدولارات.", "ar"),
    ("تبرع الناس بالمليونين من الدولارات.", "ar"),
    ("La campagne a réuni deux millions de dollars.", "fr"),
    ("Die Kampagne sammelte zwei Millionen Dollar.", "de"),
    ("Кампанія зібрала два мільйони доларів.", "uk"),
    ("Кампанія зібрала понад двох мільйонів доларів.", "uk"),
    ("La campaña recaudó dos millones de dólares.", "es"),
    ("Kampania zebrała dwa miliony dolarów.", "pl"),
])
def test_a_number_written_in_words_is_kept(translation: str, language: str) -> None:
    assert "numbers" not in _segment_findings(MILLIONS, translation, language)


@pytest.mark.parametrize(("translation", "language"), [
    ("Nous étions deux dans la salle.", "fr"),
    ("Wir waren Zwei im Raum.", "de"),
    ("Нас було двоє, а кімнат два.", "uk"),
    ("Éramos dos en la sala.", "es"),
    ("Mamy dwa pokoje.", "pl"),
    ("كنا اثنين في القاعة.", "ar"),
    ("كانت اثنتان منهن في القاعة.", "ar"),
    ("واثنان في القاعة.", "ar"),
])
def test_two_in_words_keeps_a_two(translation: str, language: str) -> None:
    assert "numbers" not in _segment_findings("We were 2 in the room.", translation, language)


@pytest.mark.parametrize(("source", "translation", "language"), [
    # Another number in words is no rendering of the source's.
    ("We were 2 in the room.", "Nous étions trois dans la salle.", "fr"),
    ("We were 2 in the room.", "Wir waren drei im Raum.", "de"),
    ("We were 2 in the room.", "Éramos tres en la sala.", "es"),
    ("We were 2 in the room.", "Нас було три.", "uk"),
    ("We were 2 in the room.", "كنا اثني عشر في القاعة.", "ar"),  # twelve
    (MILLIONS, "La campagne a réuni trois millions de dollars.", "fr"),
    (MILLIONS, "جمعت الحملة ثلاثة ملايين دولار.", "ar"),
    # مليونا after a number word is a counted singular: eleven million, not a dual.
    (MILLIONS, "جمعت الحملة أحد عشر مليونا.", "ar"),
    # The shipped statement's 600, made 60, in digits and in words.
    ("In one month, more than 600 Palestinians were killed.",
     "En un mois, plus de 60 Palestiniens ont été tués.", "fr"),
    ("In one month, more than 600 Palestinians were killed.",
     "En un mois, plus de soixante Palestiniens ont été tués.", "fr"),
    # 1 is not looked for in words: its word is the article of many languages.
    ("Scroll 1 line forward.", "Faire défiler une ligne, un peu.", "fr"),
    # Nor a year: prose writes years in digits.
    ("Since 1948.", "Desde mil novecientos cuarenta y nueve.", "es"),
])
def test_a_wrong_or_unlooked_for_number_word_is_still_an_error(source: str, translation: str,
                                                               language: str) -> None:
    assert "numbers" in _segment_findings(source, translation, language)


@pytest.mark.parametrize("language", ["zh", "gd", "xx"])
def test_a_language_num2words_lacks_says_what_it_said_before(language: str) -> None:
    """No words, no exception: a missing number is an error, one in digits is kept."""
    assert "numbers" in _segment_findings(MILLIONS, "两百万 deux zwei dos مليونا", language)
    assert "numbers" not in _segment_findings(MILLIONS, "2 百万", language)


def test_a_library_that_fails_leaves_the_numbers_check_as_it_was(monkeypatch) -> None:
    import num2words

    from editions.checks import number_words

    def broken(*_args, **_kwargs):
        raise RuntimeError("a converter's bug")

    number_words._library_forms.cache_clear()
    number_words.number_phrases.cache_clear()
    monkeypatch.setattr(num2words, "num2words", broken)
    try:
        findings = _segment_findings("We were 7 in the room.", "Nous étions sept.", "fr")
        assert "numbers" in findings
    finally:
        number_words._library_forms.cache_clear()
        number_words.number_phrases.cache_clear()


def test_words_are_read_only_when_the_digits_are_missing(monkeypatch) -> None:
    """The check's speed: a number kept in digits never asks for words."""
    from editions.checks import fidelity

    def refused(*_args, **_kwargs):
        raise AssertionError("number words consulted for a number kept in digits")

    monkeypatch.setattr(fidelity, "said_in_words", refused)
    assert "numbers" not in _segment_findings(MILLIONS, "مليونا دولار (2 مليون).", "ar")


def test_only_small_numbers_and_round_thousands_are_looked_for_in_words() -> None:
    from editions.checks.number_words import looked_for, source_values

    assert [looked_for(n) for n in (0, 2, 600, 999, 3000, 2 * 10**6, 600 * 10**9)] == [True] * 7
    assert [looked_for(n) for n in (1, 1948, 2025, 1001, 10**15, 2 * 10**15)] == [False] * 6
    assert source_values("2", MILLIONS, "en") == (2, 2_000_000)
    assert source_values("2", "2 thousand and 2 million", "en") == (2, 2000, 2_000_000)
    assert source_values("1.5", "1.5 million", "en") == ()


SHIPPED = REPO / "locale"


def _shipped(language: str, source_start: str) -> polib.POEntry:
    po = polib.pofile(str(SHIPPED / language / "LC_MESSAGES" / "palestine-global-movement.po"))
    [entry] = [e for e in po if e.msgid.startswith(source_start) and e.msgstr]
    return entry


@pytest.mark.parametrize(("language", "source_start", "digits", "words"), [
    # The shipped translations' numbers, written as words the way each language says them.
    ("ar", "For 77 years", "منذ 77 عامًا", "منذ سبعة وسبعين عامًا"),
    ("ar", "The massacres in Gaza", "أكثر من 600 فلسطيني", "أكثر من ستمائة فلسطيني"),
    ("ar", "The massacres in Gaza", "أكثر من 600 فلسطيني", "أكثر من ستمئة فلسطيني"),
    ("ar", "Preventing the continuation", "بمناسبة 7 أكتوبر", "بمناسبة السابع من أكتوبر"),
    ("fr", "For 77 years", "Depuis 77 ans", "Depuis soixante-dix-sept ans"),
    ("fr", "The massacres in Gaza", "plus de 600 Palestiniens", "plus de six cents Palestiniens"),
    ("es", "For 77 years", "Desde hace 77 años", "Desde hace setenta y siete años"),
    ("es", "The massacres in Gaza", "más de 600 palestinos", "más de seiscientos palestinos"),
    ("de", "For 77 years", "Seit 77 Jahren", "Seit siebenundsiebzig Jahren"),
])
def test_the_shipped_translations_numbers_in_words(language: str, source_start: str,
                                                   digits: str, words: str) -> None:
    entry = _shipped(language, source_start)
    assert digits in entry.msgstr
    assert "numbers" not in _segment_findings(entry.msgid, entry.msgstr, language)
    in_words = entry.msgstr.replace(digits, words)
    assert "numbers" not in _segment_findings(entry.msgid, in_words, language)
    # ... and the number taken out altogether is still missing.
    dropped = entry.msgstr.replace(digits, words.split()[0])
    assert "numbers" in _segment_findings(entry.msgid, dropped, language)
