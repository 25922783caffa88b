"""`editions import` and `editions new`: statements in as they circulate, catalogs after."""

from __future__ import annotations

import polib
import pytest
from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives

from editions import catalogs
from editions.project import Project, load_project
from editions.sources import importer

from .conftest import REPO, SEED, run


def segments(project: Project) -> dict[str, list[str]]:
    pot_dir = catalogs.extract(project)
    return {slug: [e.msgid for e in polib.pofile(str(pot_dir / f"{slug}.pot"))]
            for slug in project.statements()}


@pytest.mark.skipif(not SEED.exists(), reason=f"the seed file is not beside the repository: {SEED}")
def test_importing_the_seed_gives_the_projects_own_sources_segment_for_segment(
    tiny: Project,
) -> None:
    for path in (tiny.srcdir / "alpha.rst", tiny.srcdir / "beta.rst"):
        path.unlink()
    result = run(tiny, "import", str(SEED), "--author", "Fourth International")
    assert result.exit_code == 0, result.output
    imported = segments(tiny)
    assert sorted(imported) == [
        "building-a-global-movement-against-genocide-in-palestine",
        "vietnam-a-victory-against-imperialism-lessons-for-ukraine",
    ]
    from editions.project import load_project

    own = segments(load_project(REPO))
    assert imported["building-a-global-movement-against-genocide-in-palestine"] == own[
        "palestine-global-movement"]
    assert imported["vietnam-a-victory-against-imperialism-lessons-for-ukraine"] == (
        own["vietnam-ukraine-solidarity"])
    palestine = (tiny.srcdir / "building-a-global-movement-against-genocide-in-palestine.rst")
    text = palestine.read_text()
    assert ":date: 2025-07-13" in text and ".. rst-class:: standfirst" in text
    vietnam = tiny.srcdir / "vietnam-a-victory-against-imperialism-lessons-for-ukraine.rst"
    assert ":author: Duncan Chapel" in vietnam.read_text()  # the signature, not --author
    assert ":date:" not in vietnam.read_text()  # none in the seed: none invented

    update = run(tiny, "update")  # after an import, update creates the new catalogs
    assert update.exit_code == 0 and tiny.catalog_path("ar", palestine.stem).exists()


def test_a_single_markdown_statement_with_links_and_a_slug(tiny: Project, tmp_path) -> None:
    source = tmp_path / "appeal.md"
    source.write_text(
        "# Stop the *war*\n\nRead [the appeal](https://example.org/appeal) and sign it.\n\n"
        "Workers of the\n\nworld unite.\n\nThe Collective\n\n1 May 2026\n"
    )
    assert run(tiny, "import", str(source), "--slug", "appeal").exit_code == 0
    text = (tiny.srcdir / "appeal.rst").read_text()
    assert "Read `the appeal <https://example.org/appeal>`_ and sign it." in text
    assert "Workers of the world unite." in text  # the page break is mended
    assert ":author: The Collective" in text and ":date: 2026-05-01" in text


def test_bad_imports_change_nothing(tiny: Project, tmp_path) -> None:
    unsigned = tmp_path / "unsigned.md"
    unsigned.write_text("# A title\n\nA paragraph that ends.\n")
    before = sorted(p.name for p in tiny.srcdir.iterdir())
    result = run(tiny, "import", str(unsigned))
    assert result.exit_code == 1 and "give the author" in result.stderr
    two = tmp_path / "two.md"
    two.write_text("# One\n\nText.\n\nAnn\n\n---\n\n# Two\n\nText.\n\nBob\n")
    result = run(tiny, "import", str(two), "--slug", "one")
    assert result.exit_code == 1 and "holds 2" in result.stderr
    existing = tmp_path / "alpha.md"
    existing.write_text("# Alpha\n\nText.\n\nAnn\n")
    result = run(tiny, "import", str(existing), "--slug", "alpha")
    assert result.exit_code == 1 and "exists already" in result.stderr
    assert sorted(p.name for p in tiny.srcdir.iterdir()) == before


#: A text that breaks each rule of ``importer.REFUSALS``, with the options it is given.
_REFUSED = [
    ("none", "", importer.ImportOptions()),
    ("one-slug", "# One\n\nText.\n\nAnn\n\n---\n\n# Two\n\nText.\n\nBob\n",
     importer.ImportOptions(slug="one")),
    ("slug", "# One\n\nText.\n\nAnn\n", importer.ImportOptions(slug="Not a slug")),
    ("reserved", "# One\n\nText.\n\nAnn\n", importer.ImportOptions(slug="search")),
    ("empty", "# Only a title\n\nFourth International\n", importer.ImportOptions()),
    ("unsigned", "# One\n\nA paragraph that ends.\n", importer.ImportOptions(author="  ")),
    ("taken", "# Alpha\n\nText.\n\nAnn\n", importer.ImportOptions()),
    ("twice", "# One\n\nText.\n\nAnn\n\n---\n\n# One\n\nMore.\n\nBob\n",
     importer.ImportOptions()),
]


@pytest.mark.parametrize(("rule", "text", "options"), _REFUSED)
def test_each_import_rule_is_checked_in_one_place_and_named(
        tiny: Project, rule: str, text: str, options: importer.ImportOptions) -> None:
    """The command and the workspace's desk both refuse through ``plan_import``: the desk
    words the rule it names in its reader's language (``test_workspace_desk``)."""
    before = sorted(p.name for p in tiny.srcdir.iterdir())
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_text(tiny, text, "pasted", options)
    assert refused.value.rule == rule
    assert sorted(p.name for p in tiny.srcdir.iterdir()) == before
    assert {rule for rule, _text, _options in _REFUSED} == set(importer.REFUSALS)


def test_a_statement_named_like_the_edition_index_is_refused_as_such(tiny: Project) -> None:
    """conf.py may name its index otherwise than "index": a statement of that name (whose
    file exists, being the index) is told it names a page every edition has."""
    with tiny.conf_py.open("a", encoding="utf-8") as conf:
        conf.write('\nroot_doc = "alpha"\n')
    project = load_project(tiny.root)
    assert project.root_doc == "alpha"
    with pytest.raises(importer.ImportRefused) as refused:
        importer.plan_import(project, "# Alpha\n\nText.\n\nAnn\n", "pasted")
    assert refused.value.rule == "reserved"


def test_overwrite_replaces_a_statement_and_nothing_else(tiny: Project, tmp_path) -> None:
    again = tmp_path / "alpha.md"
    again.write_text("# Alpha\n\nA new first paragraph.\n\nAnn\n", encoding="utf-8")
    before = sorted(p.name for p in tiny.srcdir.iterdir())
    assert run(tiny, "import", str(again), "--slug", "alpha").exit_code == 1
    assert run(tiny, "import", str(again), "--slug", "alpha", "--overwrite").exit_code == 0
    assert "A new first paragraph." in (tiny.srcdir / "alpha.rst").read_text(encoding="utf-8")
    assert sorted(p.name for p in tiny.srcdir.iterdir()) == before
    result = run(tiny, "import", str(again), "--slug", "index", "--overwrite")
    assert result.exit_code == 1 and "every edition has" in result.stderr


def test_new_statement_skeleton_is_listed_and_gets_catalogs(tiny: Project) -> None:
    result = run(tiny, "new", "A new appeal", "--author", "Fourth International",
                 "--date", "2026-03-08")
    assert result.exit_code == 0, result.output
    path = tiny.srcdir / "a-new-appeal.rst"
    assert ":date: 2026-03-08" in path.read_text()
    assert run(tiny, "update").exit_code == 0
    assert tiny.catalog_path("fr", "a-new-appeal").exists()
    bad = run(tiny, "new", "Another", "--author", "X", "--date", "8 March")
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.stderr


class _Statement(Directive):
    """The ``statement`` directive, as far as docutils alone needs it in these tests."""

    has_content, option_spec = False, {"author": str, "date": str, "original-language": str}

    def run(self) -> list:
        return [nodes.field_list("", *[nodes.field("", nodes.field_name("", name),
                                                   nodes.field_body("", nodes.paragraph(
                                                       "", value)))
                                       for name, value in self.options.items()])]


def test_imported_text_is_only_words_never_markup_that_reads_a_file(
        tiny: Project, tmp_path, monkeypatch) -> None:
    """What the desk is given is text: a line that reStructuredText would read as a
    directive (``.. include::`` of a server file), a list, a field or a substitution, in a
    paragraph, a heading or the signatory given, is written so that it reads as those
    words, and the source parses without an error."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-OF-THE-SERVER\n", encoding="utf-8")
    include = f".. include:: {secret}"
    text = (f"# Our |appeal| to `all`\n\n{include}\n\n## {include}\n\nA. Not a list.\n\n"
            f":author: Nobody\n\n(1) Nor this.\n\nThe Collective\n\n---\n\n"
            f"# Second appeal\n\nIts words.\n")
    written = importer.import_text(tiny, text, "pasted", importer.ImportOptions(
        author=f"Ann\n\n{include}\n\n.. raw:: html\n\n   <script>alert(1)</script>"))
    monkeypatch.setitem(directives._directives, "statement", _Statement)
    for path in written:
        source = path.read_text(encoding="utf-8")
        doctree = publish_doctree(source, source_path=str(path), settings_overrides={
            "report_level": 5, "halt_level": 5, "_disable_config": True,
            "file_insertion_enabled": True, "raw_enabled": True})
        assert "SECRET-OF-THE-SERVER" not in doctree.astext(), source
        assert not list(doctree.findall(nodes.raw)), source
        problems = [m.astext() for m in doctree.findall(nodes.system_message)]
        assert problems == [], (source, problems)
    first = written[0].read_text(encoding="utf-8")
    assert first.count("include::") == 2 and ":author: The Collective" in first
    words = publish_doctree(first, settings_overrides={"report_level": 5,
                                                       "_disable_config": True}).astext()
    for shown in ("Our |appeal| to all", include, "A. Not a list.", ":author: Nobody",
                  "(1) Nor this."):
        assert shown in words, (shown, first)
    assert ":author: Ann .. include::" in written[1].read_text(encoding="utf-8")


def test_imported_text_makes_no_link_a_browser_would_run(tiny: Project) -> None:
    """markdown-it refuses such links; a bare address in the words must not become one
    either (docutils makes a link of any "javascript:…" it meets)."""
    text = ("# Appeal\n\nSee javascript:alert(document.domain) and DATA:text/html,x and "
            "[this](javascript:alert(1)) and https://example.org/ok.\n\nThe Collective\n")
    (path,) = importer.import_text(tiny, text, "pasted")
    doctree = publish_doctree(path.read_text(encoding="utf-8"), settings_overrides={
        "report_level": 5, "_disable_config": True})
    links = [node["refuri"] for node in doctree.findall(nodes.reference)]
    assert links == ["https://example.org/ok"], links
    assert "javascript:alert(document.domain)" in doctree.astext()


def test_a_code_span_never_lets_its_contents_out_as_markup(tiny: Project, monkeypatch) -> None:
    """A code span is written as an inline literal; one whose contents hold a literal's own
    end-string (a Markdown span of three backticks may hold two) would end it early and let
    the rest be read as markup: a ``:download:`` of a server's file, which Sphinx copies into
    the public site, or a link a browser runs. Such a paragraph is written as its words. So
    are words reStructuredText would read as a reference (``name_``, ``[1]_``)."""
    text = ("# Solidarity now\n\n"
            "We say ``` a``  :download:`the statement <../.workspace/secret_key>` x ``` and "
            "more.\n\n"
            "Read ``` b`` `our appeal <javascript:alert(document.domain)>`_ c ``` now.\n\n"
            "Then `` a`|x|`` and `c`d `` :sub:`1` `` and `ok` here.\n\n"
            "Words like snake_case_ and note [1]_ and *kept* stay words.\n\n"
            "The Collective\n")
    (path,) = importer.import_text(tiny, text, "pasted")
    source = path.read_text(encoding="utf-8")
    monkeypatch.setitem(directives._directives, "statement", _Statement)
    doctree = publish_doctree(source, settings_overrides={"report_level": 5,
                                                          "_disable_config": True})
    problems = [m.astext() for m in doctree.findall(nodes.system_message)]
    assert problems == [], (source, problems)
    assert not list(doctree.findall(nodes.problematic)), source
    assert [node.get("refuri") for node in doctree.findall(nodes.reference)] == [], source
    assert not list(doctree.findall(nodes.footnote_reference)), source
    assert not list(doctree.findall(nodes.substitution_reference)), source
    words = doctree.astext()
    for shown in (":download:`the statement <../.workspace/secret_key>`",
                  "`our appeal <javascript:alert(document.domain)>`_", "snake_case_",
                  "note [1]_", "ok"):
        assert shown in words, (shown, source)
    assert [node.astext() for node in doctree.findall(nodes.emphasis)] == ["kept"], source
    # A code span that can be a literal still is one, set apart from a word it touches.
    assert [node.astext() for node in doctree.findall(nodes.literal)] == ["c", "ok"], source
    assert "and cd" in words, source


def test_a_byte_order_mark_is_no_part_of_the_title(tiny: Project) -> None:
    """Found: a file saved with a byte-order mark kept it at the head of the source."""
    (path,) = importer.import_text(tiny, "\ufeff# Appeal\n\nIts words.\n\nThe Collective\n",
                                   "pasted")
    assert path.read_text(encoding="utf-8").startswith("Appeal\n======\n")


def test_emphasis_with_code_or_a_break_inside_keeps_its_words_and_its_links(
        tiny: Project) -> None:
    """Found by a review of the code span fix: emphasis holding a code span (or a line
    break) was written as pieces reStructuredText cannot read, so the whole paragraph fell
    back to its words and lost its link; and a "_" right after a link was lost, the link
    made anonymous."""
    text = ("# Appeal\n\nSee [the appeal](https://example.org/appeal) and *read `this`*, "
            "**Strong *both*\nend**.\n\nSign [here](https://example.org/sign)_ now.\n\n"
            "The Collective\n")
    (path,) = importer.import_text(tiny, text, "pasted")
    source = path.read_text(encoding="utf-8")
    doctree = publish_doctree(source.split(":original-language: en\n", 1)[1],
                              settings_overrides={"report_level": 5, "_disable_config": True})
    assert [m.astext() for m in doctree.findall(nodes.system_message)] == [], source
    assert [node["refuri"] for node in doctree.findall(nodes.reference)] == [
        "https://example.org/appeal", "https://example.org/sign"], source
    assert [node.astext() for node in doctree.findall(nodes.emphasis)] == ["read this"]
    assert [node.astext() for node in doctree.findall(nodes.strong)] == ["Strong both end"]
    assert "here_ now." in doctree.astext(), source


def test_control_characters_are_no_part_of_an_imported_statement(tiny: Project) -> None:
    """Found by a review: a control character pasted in was written into the source (then
    no XLIFF could carry it), and two of them were taken for the importer's own marks."""
    (path,) = importer.import_text(
        tiny, "# Ap\x07peal\n\nIts\x00 `co\x01de` a\x02b words.\n\nThe Collective\n", "pasted")
    source = path.read_text(encoding="utf-8")
    assert source.startswith("Appeal\n======\n") and "Its ``code`` ab words." in source
    assert not [char for char in source if ord(char) < 32 and char not in "\n"], source
