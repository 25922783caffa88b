"""The catalog-integrity tests run long: many more edit/update cycles, races and kills than the
test suite can afford, with the figures the suite only asserts (translations lost: 0).

    make bench-integrity            (or: python benchmarks/integrity_stress.py --help)

It reuses the tests' own volunteer, edits and checks, on projects in a temporary folder.
"""

from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from editions import catalogs  # noqa: E402
from editions.catalogs import entries as catalog_entries  # noqa: E402
from editions.catalogs import exchange  # noqa: E402
from editions.errors import EditionsError  # noqa: E402
from tests import test_catalog_properties as properties  # noqa: E402
from tests import test_concurrency as concurrency  # noqa: E402
from tests import test_integrity_second_pass as second_pass  # noqa: E402
from tests.conftest import EDITIONS, write_project  # noqa: E402


def attack(project, rng: random.Random, xliff: Path) -> tuple[int, int]:
    """A blank or a control character sent at a reviewed translation, through the XLIFF
    import or the one-entry writer: (attempts, translations it replaced)."""
    reviewed = [e for e in catalog_entries.read_entries(project, "fr", "alpha")
                if e.translation and not e.fuzzy]
    if not reviewed:
        return 0, 0
    entry = rng.choice(reviewed)
    text = rng.choice([*second_pass.blanks(1, rng.randrange(10**6)),
                       "x" + rng.choice(second_pass.CONTROLS) + "y"])
    try:
        if rng.random() < 0.5:
            exported = exchange.export_xliff(project, "fr", ["alpha"]).decode()
            unit = exported.index(f'id="{entry.key}"')
            start = exported.index("<target", unit)
            end = exported.index("</target>", start) + len("</target>")
            target = f'<target state="translated">{second_pass._xml(text)}</target>'
            xliff.write_text(exported[:start] + target + exported[end:], encoding="utf-8")
            exchange.import_xliff(project, xliff)
        else:
            catalog_entries.edit_entry(
                catalog_entries.StatementCatalog(project, "fr", "alpha"),
                catalog_entries.Edit(entry.key, text, fuzzy=False,
                                     expected=(entry.translation, False)))
    except EditionsError:
        pass
    after = {e.key: e.translation for e in catalog_entries.read_entries(project, "fr", "alpha")}
    return 1, int(after.get(entry.key) != entry.translation)


def cycles(root: Path, seeds: int, count: int) -> None:
    made = lost = checked = fuzzy = attempts = replaced = 0
    started = time.perf_counter()
    for seed in range(seeds):
        rng = random.Random(seed)
        pool = properties.real_paragraphs()
        rng.shuffle(pool)
        project = write_project(root / f"cycles-{seed}", ["fr"])
        paragraphs = [pool.pop() for _ in range(8)]
        removed: list[str] = []
        volunteer = properties.Volunteer(rng)
        path = project.catalog_path("fr", "alpha")
        for _cycle in range(count):
            properties.edit(rng, paragraphs, removed, pool)
            properties.write_statement(project, paragraphs)
            catalogs.update(project, ["fr"])
            try:
                fuzzy += properties.assert_whole(path, volunteer, paragraphs)
            except AssertionError as exc:
                lost += 1
                print(f"  seed {seed}: {exc}")
            volunteer.work(path)
            tried, broken = attack(project, rng, root / f"attack-{seed}.xlf")
            attempts, replaced = attempts + tried, replaced + broken
            checked += 1
        made += volunteer.count
    print(f"edit → update cycles: {checked} ({seeds} seeds × {count}), each catalog passed "
          f"msgfmt --check and polib; {made} translations made, {fuzzy} fuzzy entries checked "
          f"for their previous text; cycles that lost a translation or broke a catalog: {lost}; "
          f"blank or control-character texts sent at a reviewed translation: {attempts}, "
          f"translations they replaced: {replaced} ({time.perf_counter() - started:.0f} s)")


def busy_project(root: Path):
    project = write_project(root, ["fr", "ar"])
    body = "\n\n".join(f"Paragraph {n} of the long statement says something of its own."
                       for n in range(concurrency.PARAGRAPHS))
    (project.srcdir / "gamma.rst").write_text(
        "Gamma statement\n===============\n\n.. statement::\n   :author: Fourth International\n"
        f"\n{body}\n", encoding="utf-8")
    catalogs.update(project)
    return project


def races(root: Path, rounds: int) -> None:
    import polib

    project = busy_project(root / "races")
    rng = random.Random(1)
    xliff = root / "gamma-fr.xlf"
    written = missing = waited = 0
    for number in range(rounds):
        wanted = concurrency.translated_xliff(project, xliff, f"R{number}")
        source = project.statement_source("gamma")
        source.write_text(source.read_text() + f"\nRound {number} adds this paragraph.\n")
        commands = [("import-translations", str(xliff)), ("update",)]
        rng.shuffle(commands)
        writers = [concurrency.start(project, *commands[0])]
        time.sleep(rng.uniform(0, 0.15))
        writers.append(concurrency.start(project, *commands[1]))
        outputs = [writer.communicate(timeout=120) for writer in writers]
        waited += sum("waiting for" in err for _out, err in outputs)
        assert all(writer.returncode == 0 for writer in writers), outputs
        french = {e.msgid: e.msgstr for e in polib.pofile(
            str(project.catalog_path("fr", "gamma")))}
        written += len(wanted)
        missing += sum(french.get(source) != target for source, target in wanted.items())
        missing += f"Round {number} adds this paragraph." not in french
        assert not concurrency.msgfmt_problems(concurrency.every_catalog(project))
    print(f"races of import-translations and update: {rounds} rounds, {waited} writers waited "
          f"for the lock; {written} translations reported written, {missing} missing")


def kills(root: Path, count: int) -> None:
    project = busy_project(root / "kills")
    rng = random.Random(2)
    versions = [{path: catalogs.serialize(catalog) for path, catalog in version.items()}
                for version in concurrency.two_versions(project)]
    originals = {path: path.read_bytes() for path in versions[0]}
    broken = 0
    for _kill in range(count):
        writer = subprocess.Popen([sys.executable, "-c", concurrency.WRITER, str(project.root)],
                                  cwd=REPO, stdout=subprocess.PIPE, text=True)
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.2))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        for path, original in originals.items():
            data = path.read_bytes()
            broken += data not in {versions[0][path], versions[1][path], original}
    problems = concurrency.msgfmt_problems(list(originals))
    print(f"writers killed with SIGKILL mid-write: {count}, over {len(originals)} catalogs; "
          f"catalogs found neither as they were nor as they became: {broken}; failing msgfmt: "
          f"{len(problems)}")
    made = concurrency.translations_kept(project)
    killed = 0
    for number in range(count // 4):
        source = project.statement_source("gamma")
        source.write_text(source.read_text() + f"\nParagraph {number} added.\n")
        update = concurrency.start(project, "update")
        time.sleep(rng.uniform(0.1, 0.9))
        killed += update.poll() is None
        update.send_signal(signal.SIGKILL)
        update.communicate(timeout=60)
    lost = made - concurrency.translations_kept(project)
    print(f"'editions update' killed at random moments: {killed} of {count // 4} runs (the "
          f"others had finished); translations lost: "
          f"{len(lost)}; failing msgfmt: "
          f"{len(concurrency.msgfmt_problems(concurrency.every_catalog(project)))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--cycles", type=int, default=200, help="edit/update cycles per seed")
    parser.add_argument("--races", type=int, default=20)
    parser.add_argument("--kills", type=int, default=60)
    options = parser.parse_args()
    assert Path(EDITIONS).exists(), EDITIONS
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        cycles(root, options.seeds, options.cycles)
        races(root, options.races)
        kills(root, options.kills)


if __name__ == "__main__":
    main()
