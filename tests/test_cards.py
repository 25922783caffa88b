"""Social cards (issue 18): an image per statement and edition, its title in its own script
and direction, named by the page's og:image; none where text cannot be shaped."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from editions.project import Project
from editions.site import build
from editions.sphinxext import cards

from .conftest import ARABIC, UKRAINIAN, arabic_and_ukrainian

BASE = "https://editions.example.org/"


@pytest.fixture
def shared(tmp_path: Path) -> Project:
    if cards.unavailable():
        pytest.skip(cards.unavailable())
    return arabic_and_ukrainian(tmp_path / "tiny", f"html_baseurl = {BASE!r}")


def meta(page: str, name: str) -> list[str]:
    return re.findall(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', page)


def ink_columns(png: bytes, top: int, bottom: int) -> tuple[int, int]:
    """The leftmost and rightmost columns with dark ink between two heights."""
    image = Image.open(io.BytesIO(png)).convert("L").crop((0, top, cards.SIZE[0], bottom))
    dark = image.point(lambda value: 255 if value < 100 else 0)
    left, _top, right, _bottom = dark.getbbox()
    return left, right


def test_each_published_statement_has_its_card_named_by_its_page(shared: Project) -> None:
    build.build(shared, jobs=1)
    html = shared.html_dir
    for code, title in (("ar", ARABIC["Beta statement"]), ("uk", UKRAINIAN["Beta statement"]),
                        ("en", "Beta statement")):
        card = html / code / "_cards" / "beta.png"
        with Image.open(card) as image:
            assert image.size == cards.SIZE and image.format == "PNG"
        page = (html / code / "beta.html").read_text(encoding="utf-8")
        assert meta(page, "og:image") == [f"{BASE}{code}/_cards/beta.png"]
        assert meta(page, "og:image:width") == ["1200"] and meta(page, "og:image:height") == ["630"]
        assert meta(page, "og:image:alt")[0].startswith(title)
        assert meta(page, "twitter:card") == ["summary_large_image"]
    assert not (html / "ar" / "_cards" / "alpha.png").exists()  # not published in Arabic
    index = (html / "ar" / "index.html").read_text(encoding="utf-8")
    assert not meta(index, "og:image") and meta(index, "twitter:card") == ["summary"]


def test_a_card_sets_its_title_in_its_own_direction_and_joined_letters() -> None:
    if cards.unavailable():
        pytest.skip(cards.unavailable())
    arabic = cards.render_card(ARABIC["Beta statement"], ARABIC["Duncan Chapel"], "Site", "ar")
    ukrainian = cards.render_card(UKRAINIAN["Beta statement"], "", "Site", "uk")
    left, right = ink_columns(arabic, 90, 200)
    assert right > cards.SIZE[0] - cards.MARGIN - 10 and left > 400  # set from the right
    left, right = ink_columns(ukrainian, 90, 200)
    assert left < cards.MARGIN + 10 and right < 800  # set from the left
    # Shaped, the Arabic letters join: the same word set letter by letter, unjoined, differs.
    joined = cards.render_card("بيان", "", "Site", "ar")
    apart = cards.render_card("\u200c".join("بيان"), "", "Site", "ar")
    assert joined != apart


def test_without_shaping_no_card_is_made_or_named(shared: Project, monkeypatch) -> None:
    monkeypatch.setattr(cards, "unavailable", lambda: "social cards left out: no libraqm")
    build.build(shared, jobs=1)
    assert not list(shared.html_dir.rglob("_cards/*.png"))
    page = (shared.html_dir / "ar" / "beta.html").read_text(encoding="utf-8")
    assert not meta(page, "og:image") and meta(page, "twitter:card") == ["summary"]


def test_a_card_fits_any_title_and_author() -> None:
    """A title written without spaces (Chinese), one too long for the card, an author that
    is only a no-break space: each card is made, its ink within the card's margins."""
    if cards.unavailable():
        pytest.skip(cards.unavailable())
    chinese = "全球团结运动反对在巴勒斯坦进行的种族灭绝并要求立即停火和结束占领" * 2
    for title, author, language in ((chinese, "第四国际", "zh"),
                                    ("Solidarity " * 60, "\u00a0", "en"),
                                    ("", "", "ar")):
        png = cards.render_card(title, author, "Site", language)
        if title.strip():
            left, right = ink_columns(png, 80, cards.SIZE[1] - 140)
            assert left >= cards.MARGIN - 5 and right <= cards.SIZE[0] - cards.MARGIN + 5
    assert png.startswith(b"\x89PNG")


def test_an_unchanged_card_is_not_drawn_again(tmp_path: Path, monkeypatch) -> None:
    if cards.unavailable():
        pytest.skip(cards.unavailable())
    statements = {"beta": {"title": ARABIC["Beta statement"], "author": "دنكان تشابل"}}
    assert cards.write_cards(tmp_path, statements, "Site", "ar") == [tmp_path / "_cards/beta.png"]
    drawn = []
    real = cards.render_card
    monkeypatch.setattr(cards, "render_card", lambda *args: drawn.append(args) or real(*args))
    assert cards.write_cards(tmp_path, statements, "Site", "ar") == []
    assert drawn == []
    statements["beta"]["author"] = "Duncan Chapel"
    assert cards.write_cards(tmp_path, statements, "Site", "ar") == [tmp_path / "_cards/beta.png"]
    assert len(drawn) == 1


def test_a_card_is_drawn_again_only_when_its_words_change(tmp_path: Path, monkeypatch) -> None:
    """(Every build looks at every card of every edition it builds: an unchanged card must
    be recognised from the words kept in it, without drawing or decoding it.)"""
    if cards.unavailable():
        pytest.skip(cards.unavailable())
    statements = {"alpha": {"title": "Солідарність", "author": "Рух"}}
    card = [tmp_path / cards.card_name("alpha")]
    assert cards.write_cards(tmp_path, statements, "Editions", "uk") == card
    drawn: list[str] = []
    real = cards.render_card
    monkeypatch.setattr(cards, "render_card", lambda title, *rest: (drawn.append(title),
                                                                    real(title, *rest))[1])
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("a card was decoded"))
    assert cards.write_cards(tmp_path, statements, "Editions", "uk") == []
    assert drawn == []
    monkeypatch.undo()
    statements["alpha"]["title"] = "Солідарність з Україною"
    assert cards.write_cards(tmp_path, statements, "Editions", "uk") == card
