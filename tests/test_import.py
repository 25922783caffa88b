"""`editions import` and `editions new`: statements in as they circulate, catalogs after."""

from __future__ import annotations

import polib
import pytest

from editions import catalogs
from editions.project import Project

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
