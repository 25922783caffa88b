"""Properties of the catalog layer on random inputs (seeded: a failure is reproducible).

- Edit → update cycles over real multi-line paragraphs (reword, delete, re-add, split,
  reorder, translate, review): after each, every catalog passes msgfmt --check, polib reads
  what we read, and no translation is lost (live, fuzzy with the text it was translated
  from, or obsolete).
- Mutated catalogs: whatever msgfmt --check or polib refuses, the strict reader refuses too.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from editions import catalogs
from editions.errors import EditionsError
from editions.project import Project

from .conftest import REPO, write_project

SEED = 20261201
CYCLES = 40


def real_paragraphs() -> list[str]:
    """The founding statements' paragraphs of text, long ones included (wrapped in the PO)."""
    paragraphs = []
    for path in sorted((REPO / "source").glob("*.rst")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            block = block.strip()
            if (block and not block.startswith(("..", " ", ":")) and "\n" not in block
                    and len(block) > 40):
                paragraphs.append(block)
    assert len(paragraphs) >= 20 and max(map(len, paragraphs)) > 300
    return paragraphs


def write_statement(project: Project, paragraphs: list[str]) -> None:
    body = "\n\n".join(paragraphs)
    (project.srcdir / "alpha.rst").write_text(
        "Alpha statement\n===============\n\n.. statement::\n   :author: Fourth International\n\n"
        f"{body}\n", encoding="utf-8")


def msgfmt_problems(path: Path) -> str:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return ""
    check = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)],
                           capture_output=True, text=True, check=False)
    return check.stderr if check.returncode else ""


class Volunteer:
    """Translates and reviews like a volunteer in Poedit (polib writes the file), and
    remembers every translation made and the source it was made from."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.made: dict[str, str] = {}  # translation → the source it translates
        self.count = 0
        #: Translations polib rewrote in an obsolete entry: polib drops the #~| lines, so
        #: their previous text is polib's loss, not the catalog layer's.
        self.through_polib_obsolete: set[str] = set()

    def work(self, path: Path) -> None:
        po = polib.pofile(str(path))
        self.through_polib_obsolete |= {entry.msgstr for entry in po if entry.obsolete}
        for entry in po:
            if entry.obsolete or self.rng.random() < 0.3:
                continue
            if not entry.msgstr or (entry.fuzzy and self.rng.random() < 0.5):
                self.made.pop(entry.msgstr, None)  # the volunteer's own choice to replace it
                self.count += 1
                entry.msgstr = f"[fr {self.count}] {entry.msgid[:30]}"
                self.made[entry.msgstr] = entry.msgid
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = None
        po.save()


def edit(rng: random.Random, paragraphs: list[str], removed: list[str], pool: list[str]) -> str:
    """One random edit of the statement's paragraphs, as a coordinator makes them."""
    operation = rng.choice(["reword", "reword", "delete", "re-add", "split", "reorder", "add"])
    if operation == "reword" or len(paragraphs) < 3:
        index = rng.randrange(len(paragraphs))
        words = paragraphs[index].split(" ")
        position = rng.randrange(len(words))
        words[position] = rng.choice(["really", "now", "still", words[position].upper()])
        paragraphs[index] = " ".join(words)
    elif operation == "delete":
        removed.append(paragraphs.pop(rng.randrange(len(paragraphs))))
    elif operation == "re-add" and removed:
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), removed.pop(rng.randrange(
            len(removed))))
    elif operation == "split":
        index = max(range(len(paragraphs)), key=lambda i: len(paragraphs[i]))
        sentences = re.split(r"(?<=\.) ", paragraphs[index])
        if len(sentences) > 1:
            cut = rng.randrange(1, len(sentences))
            paragraphs[index: index + 1] = [" ".join(sentences[:cut]), " ".join(sentences[cut:])]
    elif operation == "reorder":
        first, second = rng.sample(range(len(paragraphs)), 2)
        paragraphs[first], paragraphs[second] = paragraphs[second], paragraphs[first]
    elif pool:
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), pool.pop())
    return operation


def assert_whole(path: Path, volunteer: Volunteer, sources: list[str]) -> int:
    """The catalog is valid for msgfmt, polib and us, holds every segment of the source and
    every translation ever made; a fuzzy entry names the text its translation was made from
    (returns how many such entries there were)."""
    problems = msgfmt_problems(path)
    assert not problems, problems
    ours = catalogs.load_catalog(path, "fr")
    theirs = polib.pofile(str(path))
    assert [(e.msgid, e.msgstr) for e in theirs if not e.obsolete] == [
        (m.id, m.string) for m in ours if m.id]
    live = {m.id: m for m in ours if m.id}
    assert set(sources) <= set(live)
    kept = {str(m.string) for m in [*live.values(), *ours.obsolete.values()] if m.string}
    lost = set(volunteer.made) - kept
    assert not lost, lost
    changed = 0
    for message in live.values():
        origin = volunteer.made.get(str(message.string))
        if message.fuzzy and origin and origin != message.id and (
                message.previous_id or message.string not in volunteer.through_polib_obsolete):
            assert message.previous_id == [origin], message.id
            changed += 1
    return changed


def test_random_edits_and_updates_lose_no_translation_and_keep_catalogs_valid(
    tmp_path: Path,
) -> None:
    rng = random.Random(SEED)
    pool = real_paragraphs()
    rng.shuffle(pool)
    project = write_project(tmp_path / "cycles", ["fr"])
    paragraphs = [pool.pop() for _ in range(8)]
    removed: list[str] = []
    volunteer = Volunteer(rng)
    path = project.catalog_path("fr", "alpha")
    operations = []
    fuzzy_with_previous = 0
    for _cycle in range(CYCLES):
        operations.append(edit(rng, paragraphs, removed, pool))
        write_statement(project, paragraphs)
        catalogs.update(project, ["fr"])
        fuzzy_with_previous += assert_whole(path, volunteer, paragraphs)
        volunteer.work(path)
        assert_whole(path, volunteer, paragraphs)
    assert {"reword", "delete", "re-add", "split", "reorder"} <= set(operations)
    assert volunteer.count > 30 and fuzzy_with_previous > 10


# --- Mutated catalogs -----------------------------------------------------------------------
def _mutants(rng: random.Random, text: str) -> list[tuple[str, str]]:
    """Ways a careless hand or a broken tool damages a PO file, each applied at random."""
    lines = text.split("\n")

    def at_random_line(change) -> str:
        index = rng.randrange(len(lines))
        return "\n".join(lines[:index] + change(lines[index]) + lines[index + 1:])

    entries = text.split("\n\n")
    header_end = text.index("\n\n")
    return [
        ("drop a quotation mark", at_random_line(lambda line: [line.replace('"', "", 1)])),
        ("drop the last quotation mark",
         at_random_line(lambda line: [line[::-1].replace('"', "", 1)[::-1]])),
        ("add a quotation mark", at_random_line(lambda line: [line.replace(" ", ' "', 1)])),
        ("delete a line", at_random_line(lambda _line: [])),
        ("duplicate a line", at_random_line(lambda line: [line, line])),
        ("junk line", at_random_line(lambda line: [line, "some words typed here"])),
        ("stray string", at_random_line(lambda line: [line, '"a stray string"'])),
        ("bad escape", at_random_line(lambda line: [line.replace('"', '"\\q', 1)])),
        ("octal escape", at_random_line(lambda line: [line.replace('"', '"\\101', 1)])),
        ("previous text as one comment", at_random_line(
            lambda line: ['#| msgid "" "two strings"', "#| on one line", line])),
        ("unmarked continuation", at_random_line(lambda line: ['#| msgid "x"', '"y"', line])),
        ("comment inside an entry", text.replace("\nmsgstr ", "\n# a note\nmsgstr ", 1)),
        ("msgstr twice", text.replace("\nmsgstr ", '\nmsgstr "x"\nmsgstr ', 1)),
        ("keyword typo", text.replace("\nmsgstr ", "\nmsgstrr ", 1)),
        ("keyword glued", text.replace("\nmsgid ", "\nmsgid", 2)),
        ("duplicate entry", text + "\n" + rng.choice(entries[1:]) + "\n"),
        ("obsolete duplicate", text + "\n" + "\n".join(
            "#~ " + line for line in rng.choice(entries[1:]).split("\n")
            if line.startswith(("msgid", "msgstr", '"'))) + "\n"),
        ("byte-order mark", "\ufeff" + text),
        ("another charset", text.replace("charset=utf-8", "charset=ISO-8859-1")),
        ("no header", text[header_end + 2:]),
        ("newline at the end of the translation only", re.sub(
            r'(\nmsgstr "[^"\n]+)"\n', r'\1\\n"\n', text, count=1)),
        ("plural with too few forms", text + '\nmsgid "one"\nmsgid_plural "many"\n'
         'msgstr[0] "un"\n'),
        ("plural form out of order", text + '\nmsgid "one"\nmsgid_plural "many"\n'
         'msgstr[0] "un"\nmsgstr[2] "deux"\nmsgstr[1] "trois"\n'),
        ("half-obsolete entry", text.replace("\nmsgid ", "\n#~ msgid ", 2).replace(
            "\n#~ msgid ", "\nmsgid ", 1)),
        ("two headers (two catalogs pasted together)", text + "\n" + text[:header_end + 1]),
        ("plural expression gettext cannot read", text.replace("plural=", "plural=(", 1)),
        ("plural expression out of range", re.sub(r"nplurals=\d+", "nplurals=1", text, count=1)),
        ("header line with no name", text.replace('"MIME-Version: 1.0\\n"',
                                                  '"MIME version 1.0\\n"', 1)),
        ("context and an empty msgid", text + '\nmsgctxt "x"\nmsgid ""\nmsgstr "y"\n'),
        ("mark with no space", text.replace("\nmsgid ", "\n#|msgid \"old\"\nmsgid ", 1)),
        ("lone carriage return in a comment", text.replace("\n#: ", "\n# note\r#: ", 1)),
        ("placeholders of a declared format", text + '\n#, python-format\nmsgid "%(count)s '
         'people"\nmsgstr "des gens"\n'),
        ("truncated", text[: rng.randrange(len(text))]),
        ("random character deleted", (lambda i: text[:i] + text[i + 1:])(rng.randrange(len(text)))),
        ("random quote inserted", (lambda i: text[:i] + '"' + text[i:])(rng.randrange(len(text)))),
        ("random backslash inserted", (lambda i: text[:i] + "\\" + text[i:])(
            rng.randrange(len(text)))),
        ("random line break inserted", (lambda i: text[:i] + "\n" + text[i:])(
            rng.randrange(len(text)))),
    ]


def _catalogs_to_damage() -> list[Path]:
    paths = sorted((REPO / "locale").rglob("*.po")) + sorted((REPO / "tests" / "corpus").rglob(
        "*.po"))
    assert len(paths) >= 15
    return paths


def test_whatever_msgfmt_or_polib_refuses_the_reader_refuses(tmp_path: Path,
                                                            msgfmt: str) -> None:
    rng = random.Random(SEED)
    mutant = tmp_path / "mutant.po"
    tried = refused = 0
    misses = []
    for _round in range(3):
        for path in _catalogs_to_damage():
            for name, text in _mutants(rng, path.read_text(encoding="utf-8")):
                mutant.write_text(text, encoding="utf-8")
                tried += 1
                msgfmt_refuses = subprocess.run(
                    [msgfmt, "--check", "-o", "/dev/null", str(mutant)], capture_output=True,
                    check=False).returncode != 0
                try:
                    polib_entries = [(e.msgctxt, e.msgid, e.msgstr, e.msgstr_plural)
                                     for e in polib.pofile(str(mutant)) if not e.obsolete]
                except (OSError, ValueError, UnicodeError):
                    polib_entries = None
                try:
                    ours = catalogs.load_catalog(mutant, path.stem if len(path.stem) == 2
                                                 else None)
                except EditionsError as exc:
                    refused += 1
                    assert exc.line is not None and exc.message and exc.hint, (name, exc)
                    continue
                if msgfmt_refuses or polib_entries is None:
                    misses.append((path.name, name, "accepted what msgfmt or polib refuses"))
                    continue
                ours_entries = [(m.context, m.id if isinstance(m.id, str) else m.id[0],
                                 m.string if isinstance(m.string, str) else "",
                                 {} if isinstance(m.string, str) else dict(enumerate(m.string)))
                                for m in ours if m.id]
                if ours_entries != polib_entries:
                    misses.append((path.name, name, "reads otherwise than polib"))
    assert not misses, "\n".join(map(str, misses[:40]))
    assert tried > 1000 and refused > tried / 2


def _entries(catalog) -> list[tuple]:
    return [(m.context, m.id, m.string, sorted(m.flags), m.previous_id, m.user_comments,
             m.auto_comments, m.locations) for m in [*catalog, *catalog.obsolete.values()]]


@pytest.mark.parametrize("path", _catalogs_to_damage(), ids=lambda p: f"{p.parent.name}-{p.stem}"
                         if p.parent.name != "LC_MESSAGES" else f"{p.parts[-3]}-{p.stem}")
def test_what_is_read_is_written_back_as_babel_writes_it(path: Path) -> None:
    """The writer keeps every entry as read, writes what babel writes right (so an update
    changes only what changed), and a second round trip changes no byte."""
    import io

    from babel.messages.pofile import write_po

    catalog = catalogs.parse_catalog(path.read_bytes(), path)
    written = catalogs.serialize(catalog)
    babel = io.BytesIO()
    write_po(babel, catalog, width=catalogs.LINE_WIDTH, include_previous=True)
    assert written == babel.getvalue()
    again = catalogs.parse_catalog(written, path)
    assert _entries(again) == _entries(catalog)
    assert catalogs.serialize(again) == written


def test_previous_texts_and_obsolete_flags_survive_a_round_trip() -> None:
    """What babel gets wrong: a long previous msgid (it wraps it as one comment, which gettext
    cannot read), #~| lines (refused), the flags of obsolete entries (dropped)."""
    text = (REPO / "locale" / "fr" / "LC_MESSAGES" / "palestine-global-movement.po").read_text(
        encoding="utf-8")
    long = "For 77 years, " + "imperialists have been trying to destroy " * 6
    text += (f'\n#, fuzzy\n#| msgid "{long}"\nmsgid "A new text."\nmsgstr "Un texte."\n'
             f'\n#, fuzzy\n#~| msgid "An older text."\n#~ msgid "Old."\n#~ msgstr "Vieux."\n')
    catalog = catalogs.parse_catalog(text.encode(), "test.po")
    assert catalog["A new text."].previous_id == [long]
    assert catalog.obsolete["Old."].fuzzy and catalog.obsolete["Old."].previous_id == [
        "An older text."]
    written = catalogs.serialize(catalog).decode()
    assert '#| msgid ""\n#| "For 77 years, imperialists' in written
    assert '#, fuzzy\n#~| msgid "An older text."\n#~ msgid "Old."' in written
    assert _entries(catalogs.parse_catalog(written.encode(), "test.po")) == _entries(catalog)
