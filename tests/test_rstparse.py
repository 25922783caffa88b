"""The fast paragraph parser gives exactly what docutils gives, on every text we have and more."""

from __future__ import annotations

import random
from pathlib import Path

import polib
import pytest
from docutils import nodes
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from editions import rstparse
from editions.checks.rst import _SETTINGS

REPO = Path(__file__).parent.parent
TRICKY = [
    "see name_ and other__ here", "a.b-c_d_ joined", "foo_bar_", "_`target` and name_",
    "x_y z_", "(name_)", "«name_»", "name_.", "-name_", "a/name_", "3rd_ edition",
    "`link <https://example.org>`_ then word_", "`anon <https://a.b>`__", "[#]_ and [1]_",
    "[#note]_ [*]_ [CIT2002]_", ":ref:`x` and :doc:`y <z>`", "|sub| and |sub|_",
    "**strong** *em* ``lit`` `interp`", "un*glued*word", "snake_case_name is plain",
    "mail me@example.org or https://x.y/z_", r"escaped \*not em\* and name\_",
    "Україна_ і «Палестина»_", "فلسطين_ حرة", "中文\\ *强调*\\ 中文", "__init__ and _private",
    "trailing_", "_", "__", "a_ _b", "name_: colon", "name__, comma", "x_`y`",
]


def _corpus() -> list[str]:
    texts = set(TRICKY)
    paths = [*(REPO / "tests" / "corpus").rglob("*.po"), *(REPO / "locale").rglob("*.po")]
    for path in paths:
        for entry in polib.pofile(str(path)):
            texts.update(text for text in (entry.msgid, entry.msgstr) if text)
    rng = random.Random(20261125)  # fixed: the same texts on every run
    alphabet = ["a", "b", "7", "_", "__", "-", ".", ":", "*", "`", "|", "[", "]", "#", "<", ">",
                "/", "\\", " ", " ", " ", "é", "ж", "(", ")", "«", "»", "@", "https://x.y", "\t",
                "\u00a0", "\u2028", "::"]
    texts.update("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
                 for _ in range(4000))
    return sorted(texts)


CORPUS = _corpus()


def test_the_corpus_has_names_and_links() -> None:
    assert len(CORPUS) > 4000
    assert sum("_ " in text or text.endswith("_") for text in CORPUS) > 500


def test_the_start_of_inline_markup_is_found_where_docutils_finds_it() -> None:
    document = new_document("<test>", _SETTINGS)
    fast = rstparse._inliner(document.settings).patterns.initial
    assert isinstance(fast, rstparse._InlineStart)  # docutils' pattern has the expected shape
    differences = []
    for text in CORPUS:
        for start in range(len(text)):  # docutils searches each rest of the text in turn
            rest = text[start:]
            found, expected = fast.search(rest), fast.pattern.search(rest)
            if (found and (found.span(), found.groupdict())) != (
                expected and (expected.span(), expected.groupdict())
            ):
                differences.append(rest)
    assert not differences, differences[:10]


@pytest.mark.parametrize("chunk", range(4))
def test_a_paragraph_parses_as_docutils_parses_it(chunk: int) -> None:
    parser = Parser()
    texts = [text for text in CORPUS[chunk::4] if rstparse.is_one_paragraph(text)]
    assert len(texts) > 500
    differences = []
    for text in texts:
        fast, full = new_document("<s>", _SETTINGS), new_document("<s>", _SETTINGS)
        rstparse.parse_paragraph(text, fast)
        parser.parse(text, full)
        if fast.pformat() != full.pformat():
            differences.append(text)
    assert not differences, differences[:10]


def test_a_paragraph_before_a_literal_block_parses_as_docutils_parses_it() -> None:
    """A final ``::`` (Sphinx adds a dummy literal block after it): the paragraph docutils
    makes, without its block parser."""
    parser = Parser()
    texts = [text + end for text in CORPUS[::3] for end in ("::", " ::", r"\::", ":::")]
    fast_ones = [text for text in texts if rstparse.text_before_literal_block(text) is not None]
    assert len(fast_ones) > 1000
    assert rstparse.text_before_literal_block("Example::") == "Example:"
    assert rstparse.text_before_literal_block("Example ::") == "Example"
    assert rstparse.text_before_literal_block(r"Example\::") is None  # escaped: no marker
    differences = []
    for text in fast_ones:
        fast, full = new_document("<s>", _SETTINGS), new_document("<s>", _SETTINGS)
        rstparse.parse_paragraph(rstparse.text_before_literal_block(text), fast)
        parser.parse(text + "\n\n   dummy literal", full)
        literal_blocks = list(full.findall(nodes.literal_block))
        if len(literal_blocks) != 1:
            differences.append(text)
            continue
        full.remove(literal_blocks[0])
        if fast.pformat() != full.pformat():
            differences.append(text)
    assert not differences, differences[:10]


def test_a_parse_leaves_nothing_behind_for_the_next() -> None:
    """One-paragraph segments are parsed into one reused document: what a parse notes (a
    target's name, an id, a reference) must not reach the next, in this thread or another."""
    import threading

    from docutils.utils import new_document

    from editions.checks import rst
    from editions.rstparse import parse_paragraph

    def fresh(text: str) -> rst.Markup:
        document = new_document("<segment>", rst._SETTINGS)
        parse_paragraph(text, document, rst.RoleInliner)
        return rst._summarise(document)

    texts = ["See `the site <https://a.example/>`_ and `the site <https://a.example/>`_.",
             "See `the site <https://b.example/>`_ [1]_ [#]_ [*]_ |name| _`anchor`.",
             "See `the site <https://a.example/>`_ and _`anchor` and `x`__ then `y`_.",
             "Plain *words* and ``code``."] * 3
    for text in texts:
        assert rst._summarise(rst._parse(text)) == fresh(text), text
    assert "Duplicate" not in repr(rst._summarise(rst._parse(texts[2])).problems)
    results: dict[int, list] = {}

    def parse_all(number: int) -> None:
        results[number] = [rst._summarise(rst._parse(text)) for text in texts * 20]

    import sys

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # (threads take turns as often as they can)
    try:
        threads = [threading.Thread(target=parse_all, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    expected = [fresh(text) for text in texts * 20]
    assert all(result == expected for result in results.values())
