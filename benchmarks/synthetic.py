"""A synthetic archive for the benchmarks: N statements of realistic length, L languages of
fully translated catalogs, made by the project's own extraction and merge. How much inline
markup the statements carry is chosen: as much as the founding statements, or far more."""

from __future__ import annotations

import random
import re
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import polib

from editions import catalogs
from editions.checks.rst import analyse
from editions.project import Project, load_project

LANGUAGES = ["fr", "es", "de", "ar", "uk", "it", "pt", "pl"]
REPO = Path(__file__).resolve().parent.parent

_WORDS = [
    "solidarity", "movement", "people", "struggle", "workers", "international", "campaign",
    "against", "war", "occupation", "freedom", "rights", "justice", "peace", "resistance",
    "democracy", "union", "strike", "women", "refugees", "repression", "government",
    "state", "power", "imperialism", "liberation", "support", "action", "mobilisation",
    "demonstration", "city", "country", "world", "history", "future", "together", "organise",
]


@dataclass(frozen=True)
class MarkupRates:
    """How often a sentence gets each kind of inline markup (the standfirst is always
    emphasised, as the Palestine statement's is)."""

    emphasis: float
    strong: float
    link: float


#: Inline markup in about 7 segments in 10: a stress test for whatever parses markup.
HEAVY = MarkupRates(emphasis=0.3, strong=0.2, link=0.1)
#: Inline markup in about 1 segment in 10, as in the founding statements (3 segments of 36).
LIKE_FOUNDING = MarkupRates(emphasis=0.012, strong=0.008, link=0.004)


def _sentence(rng: random.Random, rates: MarkupRates) -> str:
    words = rng.sample(_WORDS, rng.randint(8, 20))
    if rng.random() < rates.emphasis:
        words.insert(rng.randrange(len(words)), f"*{rng.choice(_WORDS)}*")
    if rng.random() < rates.strong:
        words.insert(rng.randrange(len(words)), f"**{rng.choice(_WORDS)}**")
    if rng.random() < 0.25:
        words.insert(rng.randrange(len(words)), str(rng.choice([77, 600, 1948, 2025, 12500])))
    if rng.random() < rates.link:
        word = rng.choice(_WORDS)
        words.append(f"`{word} <https://example.org/{word}/{rng.randint(1, 999)}>`_")
    return " ".join(words).capitalize() + rng.choice([".", ".", ".", "!", "?"])


def statement_text(number: int, rng: random.Random, rates: MarkupRates = HEAVY) -> str:
    title = f"Statement {number}: " + " ".join(rng.choice(_WORDS) for _ in range(5))
    parts = [title, "=" * len(title), "", ".. statement::", "   :author: Fourth International",
             f"   :date: 20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", "",
             ".. rst-class:: standfirst", "",
             "*" + " ".join(rng.sample(_WORDS, 12)).capitalize() + ".*", ""]
    for _section in range(3):
        heading = " ".join(rng.choice(_WORDS) for _ in range(4)).capitalize()
        parts += [heading, "-" * len(heading), ""]
        for _ in range(rng.randint(5, 7)):
            parts += [" ".join(_sentence(rng, rates) for _ in range(rng.randint(2, 5))), ""]
    return "\n".join(parts)


def pseudo_translation(text: str, language: str) -> str:
    """A stand-in translation that keeps markup, URLs and numbers, as a real one would, and,
    as real ones do, differs from language to language: no language's segments are another's,
    so nothing worked out for one language's text (a parse, a check) serves another's."""
    shift = LANGUAGES.index(language) + 1 if language in LANGUAGES else 1

    def translate(match: re.Match[str]) -> str:
        link, word = match.groups()
        if link or len(word) <= 3:
            return link or word
        turn = shift % len(word)
        return (word[turn:] + word[:turn])[::-1]

    translated = re.sub(r"(<[^>]*>)|([^\W\d_]+)", translate, text)
    if language == "fr":  # French typography, which the checks expect (not inside a URL)
        translated = re.sub(r"(<[^>]*>)|(?<=\w)([;:!?])",
                            lambda m: m.group(1) or "\u202f" + m.group(2), translated)
    return translated


def markup_share(project: Project) -> tuple[int, int]:
    """Of the segments of one language's catalogs, how many carry inline markup, and how many
    there are: to compare an archive with the project's own statements."""
    language = next(code for code in project.languages if code != project.source_language)
    segments = [entry.msgid for path in sorted(project.locale_dir.glob(f"{language}/*/*.po"))
                for entry in polib.pofile(str(path)) if entry.msgid]
    return sum(not analyse(text).is_plain for text in segments), len(segments)


def make_archive(root: Path, statements: int = 200, languages: int = 8, seed: int = 1,
                 rates: MarkupRates = HEAVY) -> Project:
    """Write the archive under ``root`` (replacing it) and return the project."""
    if root.exists():
        shutil.rmtree(root)
    (root / "source").mkdir(parents=True)
    codes = LANGUAGES[:languages]
    conf = (REPO / "conf.py").read_text(encoding="utf-8")
    conf = re.sub(r"editions_languages = \[.*?\]", f"editions_languages = {codes!r}", conf)
    conf = re.sub(r"editions_published = \{.*?\n\}", "editions_published = {}", conf,
                  flags=re.DOTALL)
    (root / "conf.py").write_text(conf, encoding="utf-8")
    shutil.copy(REPO / "source" / "index.rst", root / "source" / "index.rst")
    rng = random.Random(seed)
    for number in range(1, statements + 1):
        (root / "source" / f"statement-{number:04d}.rst").write_text(
            statement_text(number, rng, rates), encoding="utf-8"
        )
    project = load_project(root)
    catalogs.update(project)
    for path in sorted(project.locale_dir.glob("*/LC_MESSAGES/*.po")):
        language = path.parent.parent.name
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = pseudo_translation(entry.msgid, language)
        po.save()
    return project


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/bench/archive")
    made = make_archive(target)
    print(textwrap.dedent(f"""\
        {len(made.statements())} statements × {len(made.languages)} languages in {made.root}"""))
