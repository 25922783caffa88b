"""Progress figures with known counts, the publication policy, status/todo and the site pages."""

from __future__ import annotations

import gettext
import json
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner

from editions import catalogs, progress
from editions.cli import main
from editions.errors import EditionsError
from editions.project import Project, load_project
from editions.site import build, dashboard

from .conftest import catalogs_committed, git, translate, write_project

NINETY_EIGHT = " ".join(["solidarity"] * 97) + " forever."  # 98 words


def test_figures_are_counted_exactly(counted: Project) -> None:
    figures = progress.compute(counted, with_checks=False)
    alpha = figures.cell("fr", "alpha").figures
    # alpha: title 2, author 2, standfirst 5, paragraphs 9 + 9 + 9, heading 2 = 38 words
    assert (alpha.segments, alpha.translated, alpha.fuzzy, alpha.untranslated,
            alpha.obsolete) == (7, 3, 1, 3, 1)
    assert (alpha.words, alpha.translated_words, alpha.fuzzy_words,
            alpha.untranslated_words) == (38, 13, 9, 16)
    assert alpha.percent == pytest.approx(100 * 13 / 38)
    beta = figures.cell("ar", "beta").figures
    assert (beta.segments, beta.translated, beta.words, beta.translated_words) == (3, 3, 10, 10)
    assert beta.percent == 100.0
    french = figures.language_total("fr")
    assert (french.segments, french.words, french.translated_words) == (10, 48, 13)
    assert figures.statement_total("beta").words == 20


def test_a_cell_counts_the_errors_the_checks_find(counted: Project) -> None:
    translate(counted, "fr", "alpha", {  # 77 dropped (an error), a word doubled (a warning)
        "The first paragraph speaks of 77 years of struggle.":
            "Le premier premier paragraphe parle des années de lutte.",
    })
    figures = progress.compute(counted)
    assert figures.cell("fr", "alpha").figures.errors == 1
    page = dashboard.write_progress_site(counted, figures, {}).read_text()
    assert ">1 check error<" in page
    # Which check, in each page's language (issue 32, point 1).
    assert "<li>a number of the source is missing from the translation</li>" in page
    french = (page_path := counted.html_dir / "progress" / "fr.html").read_text()
    assert "<li>un nombre de la source manque dans la traduction</li>" in french, page_path
    counted.conf_py.write_text(counted.conf_py.read_text()
                               + "editions_check_severity = {'doubled-word': 'error'}\n")
    figures = progress.compute(load_project(counted.root))
    assert figures.cell("fr", "alpha").figures.errors == 2
    page = dashboard.write_progress_site(counted, figures, {}).read_text()
    assert ">2 check errors<" in page


def test_publication_follows_the_threshold(tmp_path) -> None:
    project = write_project(tmp_path / "policy", ["fr", "ar"])
    (project.srcdir / "gamma.rst").write_text(
        "Gamma\n=====\n\n.. statement::\n   :author: Collective\n\n" + NINETY_EIGHT + "\n"
    )
    catalogs.update(project)
    translate(project, "fr", "gamma", {"Gamma": "Gamma FR", NINETY_EIGHT: NINETY_EIGHT.replace(
        "solidarity", "solidarité")})
    report = build.build(project, jobs=1)
    assert report.ok
    figures = progress.compute(project)
    assert figures.cell("fr", "gamma").figures.percent == pytest.approx(99.0)
    assert not figures.cell("fr", "gamma").published
    assert not (project.html_dir / "fr" / "gamma.html").exists()
    index = (project.html_dir / "fr" / "index.html").read_text()
    assert "Traductions en cours" in index and "99" in index
    english = (project.html_dir / "en" / "gamma.html").read_text()
    assert 'hreflang="fr"' not in english  # the switcher offers only published translations

    translate(project, "fr", "gamma", {"Collective": "Collectif"})
    report = build.build(project, jobs=1)
    assert report.ok
    assert progress.compute(project).cell("fr", "gamma").published
    assert (project.html_dir / "fr" / "gamma.html").exists()
    assert 'hreflang="fr"' in (project.html_dir / "en" / "gamma.html").read_text()
    assert "gamma.html" in (project.html_dir / "fr" / "index.html").read_text()


def test_fallback_publishes_with_a_notice(tmp_path) -> None:
    project = write_project(tmp_path / "fallback", ["fr", "ar"])
    project.conf_py.write_text(project.conf_py.read_text() + (
        "editions_publication = {'languages': {'ar': {'fallback': True}}}\n"
    ))
    project = load_project(project.root)
    catalogs.update(project)
    translate(project, "ar", "beta", {"Beta statement": "البيان بيتا"})
    assert build.build(project, jobs=1).ok
    page = (project.html_dir / "ar" / "beta.html").read_text()
    assert "translation-notice" in page and "هذه الترجمة قيد الإنجاز" in page
    assert "Only one paragraph, and no date." in page  # in the original language
    assert not (project.html_dir / "fr" / "beta.html").exists()  # French keeps the default


def test_status_formats_and_todo(counted: Project) -> None:
    runner = CliRunner()
    base = ["--project", str(counted.root)]
    data = json.loads(runner.invoke(main, [*base, "status", "--format", "json"]).output)
    assert data["languages"]["fr"]["translated_words"] == 13
    assert data["languages"]["ar"]["percent"] == 20.8  # 10 of 48 words
    csv_output = runner.invoke(main, [*base, "status", "--format", "csv"]).output.splitlines()
    assert csv_output[0].startswith("language,statement,segments,translated,fuzzy")
    assert "fr,alpha,7,3,1,3,1,38,13,9,16,34.2,0,False" in csv_output
    markdown = runner.invoke(main, [*base, "status", "--format", "markdown"]).output
    assert "| beta |" in markdown and "100% ✓" in markdown
    table = runner.invoke(main, [*base, "status"])
    assert table.exit_code == 0 and "Français fr" in table.output and "العربية ar" in table.output

    todo = runner.invoke(main, [*base, "todo", "-l", "fr"]).output
    assert todo.index("alpha") < todo.index("beta")  # nearest to done first
    assert "25 words left" in todo and "1 fuzzy to review" in todo
    assert "alpha.po" in todo
    assert "2 statements, " in todo and "Translate each file" in todo
    single = runner.invoke(main, [*base, "todo", "-l", "ar"]).output
    assert "\n1 statement, " in single and "Translate the file" in single, single
    done = runner.invoke(main, [*base, "todo", "-l", "en"])
    assert done.exit_code == 1 and "source language" in done.stderr


def test_warm_status_reads_no_catalog(counted: Project, monkeypatch) -> None:
    cold = progress.compute(counted, with_checks=False)

    def fail(*_args, **_kwargs):
        raise AssertionError("a cached catalog was parsed again")

    monkeypatch.setattr(progress.figures, "load_catalog", fail)
    warm = progress.compute(counted, with_checks=False)
    assert warm.as_dict() == cold.as_dict()


def test_history_has_one_point_per_commit_touching_a_catalog(tiny: Project) -> None:
    assert progress.history(tiny) == {}  # no git repository: no series, no error
    catalogs_committed(tiny)
    translate(tiny, "fr", "beta", {"Beta statement": "Déclaration bêta"})
    git(tiny.root, "commit", "-qam", "French title")
    (tiny.root / "README").write_text("not a catalog")
    git(tiny.root, "add", "README")
    git(tiny.root, "commit", "-qm", "not counted")
    translate(tiny, "fr", "beta", {"Duncan Chapel": "Duncan Chapel (FR)",
                                   "Only one paragraph, and no date.": "Un seul paragraphe."})
    git(tiny.root, "commit", "-qam", "French done")
    series = progress.history(tiny)
    assert [p.percent for p in series["fr"]] == [0.0, round(100 * 2 / 48, 1), round(
        100 * 10 / 48, 1)]
    assert [p.percent for p in series["ar"]] == [0.0]


def test_history_reads_only_what_was_committed_since(tiny: Project, monkeypatch) -> None:
    """Found: every build parsed every version of every catalog ever committed (a workspace
    commits each save), and the history grew slower with each save. Now each version is read
    once, and a build reads only the commits made since the last; a series kept from
    history since rewritten, or damaged, is made again."""
    from editions.progress import timeline

    catalogs_committed(tiny)
    translate(tiny, "fr", "beta", {"Beta statement": "Déclaration bêta"})
    git(tiny.root, "commit", "-qam", "French title")
    first = progress.history(tiny)
    read: list[str] = []
    parse = timeline.parse_catalog
    monkeypatch.setattr(timeline, "parse_catalog",
                        lambda data, name, *args, **kw: read.append(name) or parse(
                            data, name, *args, **kw))
    assert progress.history(tiny) == first and read == []
    translate(tiny, "fr", "beta", {"Duncan Chapel": "Duncan Chapel (FR)"})
    git(tiny.root, "commit", "-qam", "French name")
    series = progress.history(tiny)
    assert read == ["locale/fr/LC_MESSAGES/beta.po"]
    assert series["fr"][:-1] == first["fr"] and series["fr"][-1].percent > first["fr"][-1].percent
    assert progress.history(tiny, ["ar"]) == {"ar": series["ar"]}
    cache = tiny.build_dir / "cache"
    (cache / timeline.SERIES_CACHE).write_text('{"head": 1}')
    assert progress.history(tiny) == series and len(read) == 1  # (each version known)
    (cache / timeline.HISTORY_CACHE).write_text("{not json")
    (cache / timeline.SERIES_CACHE).unlink()
    assert progress.history(tiny) == series
    git(tiny.root, "commit", "-q", "--amend", "-m", "French name, reworded")
    amended = progress.history(tiny)
    assert [point.percent for point in amended["fr"]] == [p.percent for p in series["fr"]]
    assert amended["fr"][-1].commit != series["fr"][-1].commit


def test_build_writes_progress_page_json_and_badges(counted: Project) -> None:
    build.build(counted, jobs=1)
    folder = counted.html_dir / "progress"
    data = json.loads((folder / "progress.json").read_text())
    assert data["languages"]["fr"]["translated_words"] == 13
    page = (folder / "index.html").read_text()
    assert 'id="matrix"' in page and 'lang="ar" dir="rtl"' in page
    assert "locale/fr/LC_MESSAGES/alpha.po" not in page  # a file to download, not a path
    assert 'href="files/fr/alpha.po" download>Download the file to translate' in page
    assert "<figure>" not in page  # no git history, no chart
    badge = (folder / "badges" / "ar.svg").read_text()
    assert badge.startswith("<svg") and ">21%<" in badge
    published = '<a class="state" href="../ar/beta.html" hreflang="ar">published'
    assert published in page


def test_progress_page_links_to_the_workspace_and_shows_current_claims(counted: Project
                                                                       ) -> None:
    import datetime as dt

    from editions.progress.claims import PublicClaim, publish_claims, publish_waiting

    conf = counted.conf_py
    conf.write_text(conf.read_text(encoding="utf-8")
                    + '\neditions_workspace_url = "https://translate.example.org"\n',
                    encoding="utf-8")
    project = load_project(counted.root)
    # (public times are days: a claim lapses at the latest at the end of its day)
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).date().isoformat()
    earlier = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).date().isoformat()
    publish_claims(project, [PublicClaim("fr", "alpha", "Kalyna-7", later),
                             PublicClaim("ar", "alpha", "Sova", earlier)])
    publish_waiting(project, {("fr", "alpha"): 2})
    build.build(project, jobs=1)
    page = (project.html_dir / "progress" / "index.html").read_text()
    assert 'href="https://translate.example.org/fr/alpha/">Help translate' in page
    assert "Kalyna-7 is translating it" in page
    assert "Sova" not in page  # lapsed
    assert "2 suggestions waiting for review" in page
    conf.write_text(conf.read_text(encoding="utf-8") + '\neditions_workspace_url = "ftp:x"\n',
                    encoding="utf-8")
    with pytest.raises(EditionsError, match="editions_workspace_url"):
        load_project(counted.root)


def test_progress_pages_are_made_again_only_when_what_they_show_changed(
        counted: Project, monkeypatch) -> None:
    from editions.progress.claims import publish_waiting
    from editions.site import dashboard

    build.build(counted, jobs=1)
    made: list[int] = []
    real = dashboard._write_pages
    monkeypatch.setattr(dashboard, "_write_pages",
                        lambda *args: (made.append(1), real(*args))[1])
    indented: list[int] = []  # progress.json, made with Python's slow (indenting) encoder
    write = dashboard._write
    monkeypatch.setattr(dashboard, "_write", lambda path, text: (
        indented.append(1) if path.name == "progress.json" else None, write(path, text))[1])
    build.build(counted, jobs=1)
    assert made == [] and indented == []  # nothing they show changed: not rendered again
    publish_waiting(counted, {("fr", "alpha"): 2})
    build.build(counted, jobs=1)
    assert made == [1] and indented == [1]
    assert json.loads((counted.html_dir / "progress" / "progress.json").read_text())
    page = (counted.html_dir / "progress" / "index.html").read_text()
    assert "2 suggestions waiting for review" in page
    (counted.html_dir / "progress" / "fr.html").unlink()
    build.build(counted, jobs=1)  # a page gone: made again
    assert made == [1, 1] and (counted.html_dir / "progress" / "fr.html").exists()


def test_status_counts_suggestions_waiting_for_review_apart(counted: Project) -> None:
    from editions.progress.claims import publish_waiting

    publish_waiting(counted, {("fr", "alpha"): 3})
    figures = progress.compute(counted, with_checks=False)
    assert figures.cell("fr", "alpha").figures.review == 3
    assert figures.language_total("fr").review == 3
    assert figures.cell("fr", "alpha").figures.translated == 3  # (not counted as translated)
    result = CliRunner().invoke(main, ["--project", str(counted.root), "status", "-l", "fr"])
    assert "To review" in result.output
    data = json.loads(CliRunner().invoke(main, ["--project", str(counted.root), "status",
                                                "--format", "json"]).output)
    assert data["languages"]["fr"]["review"] == 3


def test_progress_page_reads_right_in_every_script(counted: Project) -> None:
    """Item 6 of issue 18: rows name statements by title, not slug; a right-to-left
    language's name in the legend is isolated from its figure ("78.4 العربية%" no more);
    commits of one day give a time axis whose ends differ."""
    from editions.progress import Point

    build.build(counted, jobs=1)
    page = (counted.html_dir / "progress" / "index.html").read_text(encoding="utf-8")
    assert ('<a href="../en/alpha.html" lang="en" hreflang="en" dir="ltr">Alpha statement</a>'
            in page)
    series = {"ar": [Point("a", "2026-12-03T09:00:00+00:00", 10.0),
                     Point("b", "2026-12-03T17:30:00+00:00", 78.4)],
              "fr": [Point("a", "2026-12-03T09:00:00+00:00", 50.0)]}
    figures = progress.compute(counted)
    chart_page = dashboard.write_progress_site(counted, figures, series).read_text()
    assert '<span lang="ar" dir="rtl">العربية</span> <bdi>78%</bdi>' in chart_page
    assert "Dec 3, 2026 9:00\u202fAM" in chart_page and "Dec 3, 2026 5:30\u202fPM" in chart_page
    french = (counted.html_dir / "progress" / "fr.html").read_text(encoding="utf-8")
    assert "3 déc. 2026 09:00" in french and "3 déc. 2026 17:30" in french


def test_the_progress_page_speaks_each_editions_language(counted: Project) -> None:
    """Readers of every edition are sent to the progress page to help: it is there in their
    language (its words, numbers, direction), and what it offers to download names no one."""
    import polib

    from editions.site.interface import SOURCE_DIR

    alpha = counted.catalog_path("fr", "alpha")
    po = polib.pofile(str(alpha))
    po.metadata["Last-Translator"] = "Real Name <real.name@example.org>"
    po.metadata["Language-Team"] = "Team Lead <lead@example.org>"
    po.metadata["PO-Revision-Date"] = "2026-11-30 21:04+0300"
    po.metadata["X-Poedit-Basepath"] = "/home/third.name/statements"
    po.header = "French translation.\nOther Name <other@example.org>, 2026."
    po[1].tcomment = "Ask Zephyrine (zephyrine@example.org) about this one"
    po.save()
    build.build(counted, jobs=1)
    folder = counted.html_dir / "progress"
    french = (folder / "fr.html").read_text()
    arabic = (folder / "ar.html").read_text()
    english = (folder / "index.html").read_text()
    assert '<html lang="fr" dir="ltr">' in french and "Avancement des traductions" in french
    assert "Télécharger le fichier à traduire" in french and "Comment aider" in french
    assert '<html lang="ar" dir="rtl">' in arabic and "كيف تساعد" in arabic
    assert " %" in french  # "62 %": numbers as a French reader writes them
    for page in (french, arabic):
        for english_words in ("How to help", "Statement<", "words left", "Download the file",
                              "Figures as JSON", "Embed one", "scroll the table"):
            assert english_words not in page, english_words
    assert 'hreflang="fr" href="fr.html"' in english and 'aria-current="page"' in french
    # Every string the page says is translated in each interface catalog.
    template = (Path(build.__file__).parent / "templates" / "progress.html").read_text()
    for code in ("fr", "es", "de", "ar", "uk"):
        catalog = polib.pofile(str(SOURCE_DIR / code / "LC_MESSAGES" / "editions.po"))
        missing = [e.msgid for e in catalog if not e.translated() and e.msgid in template]
        assert not missing, (code, missing)
    download = (folder / "files" / "fr" / "alpha.po").read_text()
    assert "Real Name" not in download and "real.name" not in download
    for trace in ("Other Name", "@", "Team Lead", "+0300", "third.name", "Zephyrine",
                  "An old paragraph"):  # (the last, an obsolete entry's)
        assert trace not in download, trace
    assert download.startswith("# French translation of the statement 'alpha'")
    assert polib.pofile(download).find(po[0].msgid) is not None
    # An unchanged catalog is not read again for its download on the next build.
    from editions.site import dashboard as dashboard_module

    def unread(*_args, **_kwargs):  # (would the build parse it again)
        raise AssertionError("parsed again")

    original = dashboard_module.parse_catalog
    dashboard_module.parse_catalog = unread
    try:
        dashboard.write_progress_site(counted, progress.compute(counted), {})
    finally:
        dashboard_module.parse_catalog = original
    assert (folder / "files" / "fr" / "alpha.po").read_text() == download
    # The editions send their readers to the page in their own language.
    assert "../progress/fr.html#fr" in (counted.html_dir / "fr" / "index.html").read_text()


def test_the_published_figures_name_no_folder_and_say_what_is_wrong_in_each_language(
        counted: Project) -> None:
    """The progress page and its JSON are public: a catalog is named from the project's
    folder (whose name may name a coordinator), and a cell whose file is missing or
    unreadable says so in the page's language, the technical reason after it in English."""
    folder = counted.html_dir / "progress"
    counted.catalog_path("ar", "alpha").write_text('msgid "broken\n', encoding="utf-8")
    counted.catalog_path("fr", "beta").unlink()
    figures = progress.compute(counted, with_checks=False)
    dashboard.write_progress_site(counted, figures, {})
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in {".json", ".html"}:
            assert str(counted.root) not in path.read_text(encoding="utf-8"), path
    data = json.loads((folder / "progress.json").read_text())
    cells = {(c["language"], c["statement"]): c for c in data["cells"]}
    assert cells[("fr", "alpha")]["path"] == "locale/fr/LC_MESSAGES/alpha.po"
    assert cells[("ar", "alpha")]["error"].startswith("locale/ar/LC_MESSAGES/alpha.po:1: ")
    french = (folder / "fr.html").read_text(encoding="utf-8")
    assert "pas encore de fichier à traduire" in french
    missing_cell = french[french.rindex("<td", 0, french.index("pas encore de fichier")):]
    assert 'class="bar"' not in missing_cell.split("</td>")[0]  # (not "100 %" of nothing)
    assert "le fichier est illisible" in french
    assert '<span class="detail" lang="en" dir="ltr">locale/ar/LC_MESSAGES/alpha.po:1:' in french
    arabic = (folder / "ar.html").read_text(encoding="utf-8")
    assert "تتعذّر قراءة الملف" in arabic and "no catalog" not in arabic


_FRENCH = {"%(name)s is translating it": "%(name)s le traduit",
           "100%% done": "fait à 100 %% <em>(R&amp;D)</em>"}


class _Words(gettext.NullTranslations):
    """A French catalog of three phrases, one with markup of its own."""

    def gettext(self, message: str) -> str:
        return _FRENCH.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return "%(num)s flou" if n == 1 else "%(num)s flous"


def test_the_progress_pages_say_their_phrases_as_jinjas_i18n_would() -> None:
    """The matrix's phrases are made without Jinja's i18n extension (60,000 of them took a
    third of the pages' time), the same way: the translation as markup, the values put in
    it escaped, "%%" a percent sign, the count as ``num``."""
    source = ("{{ _('%(name)s is translating it', name=who) }}|{{ _('100%% done') }}|"
              "{{ ngettext('%(num)s fuzzy', '%(num)s fuzzy', 1) }}|"
              "{{ ngettext('%(num)s fuzzy', '%(num)s fuzzy', 3, num=shown) }}|"
              "{{ _('%(name)s is translating it', name=who) }}")
    values = {"who": "<b>Zoé</b> & co", "shown": "3\u00a0"}
    jinja = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    jinja.install_gettext_translations(_Words(), newstyle=True)  # type: ignore[attr-defined]
    ours = jinja2.Environment(autoescape=True)
    ours.globals.update(dashboard._page_gettext(_Words()))
    expected = jinja.from_string(source).render(values)
    assert "&lt;b&gt;Zoé&lt;/b&gt; &amp; co le traduit" in expected  # (the check checks)
    assert ours.from_string(source).render(values) == expected
