"""Writers at the same time, and writers killed midway: nothing interleaves, nothing is lost.

Real processes of the ``editions`` command, started together or killed with SIGKILL at random
moments (seeded), on a project with enough catalogs for the writes to take a while.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest
from babel.messages.catalog import Catalog

from editions import catalogs
from editions.catalogs import exchange
from editions.project import Project
from editions.storage import TEMP_PATTERN, project_lock

from .conftest import EDITIONS, REPO, write_project

SEED = 14
PARAGRAPHS = 80
NS = {"x": exchange.NS}


@pytest.fixture
def busy(tmp_path: Path) -> Project:
    """Three statements, one of eighty paragraphs, in French and Arabic."""
    project = write_project(tmp_path / "busy", ["fr", "ar"])
    body = "\n\n".join(f"Paragraph {n} of the long statement says something of its own."
                       for n in range(PARAGRAPHS))
    (project.srcdir / "gamma.rst").write_text(
        "Gamma statement\n===============\n\n.. statement::\n   :author: Fourth International\n"
        f"\n{body}\n", encoding="utf-8")
    catalogs.update(project)
    return project


def start(project: Project, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([EDITIONS, "--project", str(project.root), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def translated_xliff(project: Project, path: Path, label: str) -> dict[str, str]:
    """An XLIFF of gamma in French with every segment translated; returns source → target."""
    root = ET.fromstring(exchange.export_xliff(project, "fr", ["gamma"]))
    wanted = {}
    for unit in root.iter(f"{{{exchange.NS}}}trans-unit"):
        source = unit.findtext("x:source", namespaces=NS) or ""
        target = unit.find("x:target", NS)
        target.text = f"{label}: {source[:40]}"
        target.set("state", "translated")
        wanted[source] = target.text
    path.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
    return wanted


def msgfmt_problems(paths: list[Path]) -> list[str]:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return []
    return [check.stderr for path in paths
            if (check := subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)],
                                        capture_output=True, text=True)).returncode]


def every_catalog(project: Project) -> list[Path]:
    return sorted(project.locale_dir.rglob("*.po"))


def translations_kept(project: Project) -> set[str]:
    kept = set()
    for path in every_catalog(project):
        catalog = catalogs.load_catalog(path)
        kept |= {str(m.string) for m in [*catalog, *catalog.obsolete.values()] if m.string}
    return kept


def test_update_and_import_translations_at_once_lose_nothing(busy: Project,
                                                              tmp_path: Path) -> None:
    rng = random.Random(SEED)
    xliff = tmp_path / "gamma-fr.xlf"
    waited = 0
    for round_number in range(4):
        wanted = translated_xliff(busy, xliff, f"R{round_number}")
        source = busy.statement_source("gamma")
        added = f"Round {round_number} adds this paragraph."
        source.write_text(source.read_text() + f"\n{added}\n")
        if round_number == 0:  # both wait for a third writer, then race for the lock
            with project_lock(busy):
                writers = [start(busy, "import-translations", str(xliff)), start(busy, "update")]
                time.sleep(1.0)
        else:
            commands = [("import-translations", str(xliff)), ("update",)]
            rng.shuffle(commands)
            writers = [start(busy, *commands[0])]
            time.sleep(rng.uniform(0, 0.15))
            writers.append(start(busy, *commands[1]))
        results = [writer.communicate(timeout=120) for writer in writers]
        for writer, (out, err) in zip(writers, results, strict=True):
            assert writer.returncode == 0, (out, err)
        waited += sum("waiting for" in err for _out, err in results)
        french = {e.msgid: e for e in polib.pofile(str(busy.catalog_path("fr", "gamma")))}
        missing = [s for s, target in wanted.items() if french[s].msgstr != target]
        assert not missing, missing[:3]
        assert added in french
        assert added in {e.msgid for e in polib.pofile(str(busy.catalog_path("ar", "gamma")))}
        assert not msgfmt_problems(every_catalog(busy))
    assert waited >= 2  # round 0 at least: each writer waited for the lock


def test_a_writer_that_reads_while_another_writes_waits_and_loses_nothing(
    busy: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The interleaving that lost translations, made certain: an update has read every
    catalog and is about to write its merge when an XLIFF import comes in."""
    import threading

    from editions.catalogs import merge

    xliff = tmp_path / "gamma-fr.xlf"
    wanted = translated_xliff(busy, xliff, "imported")
    source = busy.statement_source("gamma")
    source.write_text(source.read_text() + "\nA paragraph the update brings.\n")
    merged = threading.Event()
    real_save = merge.save_catalogs

    def slow_save(project, changed):
        merged.set()  # the update has read and merged every catalog: now the import starts
        time.sleep(0.5)
        real_save(project, changed)

    monkeypatch.setattr(merge, "save_catalogs", slow_save)
    update = threading.Thread(target=catalogs.update, args=(busy,))
    update.start()
    assert merged.wait(timeout=30)
    [result] = exchange.import_xliff(busy, xliff)
    update.join(timeout=30)
    french = {e.msgid: e.msgstr for e in polib.pofile(str(busy.catalog_path("fr", "gamma")))}
    assert result.changed == len(wanted)
    assert {s: french[s] for s in wanted} == wanted
    assert "A paragraph the update brings." in french


def test_two_updates_at_once_leave_one_consistent_result(busy: Project) -> None:
    for round_number in range(2):
        source = busy.statement_source("gamma")
        source.write_text(source.read_text().replace(
            f"Paragraph {round_number} of", f"Paragraph number {round_number} of"))
        writers = [start(busy, "update"), start(busy, "update")]
        for writer in writers:
            out, err = writer.communicate(timeout=120)
            assert writer.returncode == 0, (out, err)
        entries = polib.pofile(str(busy.catalog_path("fr", "gamma")))
        ids = [e.msgid for e in entries]
        assert len(ids) == len(set(ids))
        assert f"Paragraph number {round_number} of the long statement says something of its " \
               "own." in ids
        assert not msgfmt_problems(every_catalog(busy))


def test_an_update_killed_at_any_moment_leaves_every_catalog_whole(busy: Project) -> None:
    rng = random.Random(SEED)
    # Every segment translated, so that a lost translation shows.
    for path in every_catalog(busy):
        po = polib.pofile(str(path))
        for number, entry in enumerate(po):
            entry.msgstr = f"{path.parts[-3]} {path.stem} {number}"
        po.save()
    made = translations_kept(busy)
    source = busy.statement_source("gamma")
    started = time.monotonic()
    source.write_text(source.read_text().replace("says something", "says a thing"))
    subprocess.run([EDITIONS, "--project", str(busy.root), "update"], check=True,
                   capture_output=True)
    full_run = time.monotonic() - started
    kills = 0
    for attempt in range(6):
        old, new = ("says a thing", "says something") if attempt % 2 == 0 else (
            "says something", "says a thing")
        source.write_text(source.read_text().replace(old, new))
        writer = start(busy, "update")
        time.sleep(rng.uniform(0.2, full_run))
        if writer.poll() is None:
            writer.send_signal(signal.SIGKILL)
            kills += 1
        writer.communicate(timeout=60)
        assert not msgfmt_problems(every_catalog(busy))
        assert made <= translations_kept(busy)
    assert kills >= 3
    subprocess.run([EDITIONS, "--project", str(busy.root), "update"], check=True,
                   capture_output=True)
    assert not [p for folder in busy.locale_dir.rglob("LC_MESSAGES")
                for p in folder.glob(TEMP_PATTERN)]  # the next writer cleared what was left
    assert made <= translations_kept(busy)


def two_versions(project: Project) -> list[dict[Path, Catalog]]:
    """Every catalog of the project twice, each time with all its entries translated anew."""
    versions = []
    for label in ("A", "B"):
        version = {}
        for path in every_catalog(project):
            catalog = catalogs.load_catalog(path)
            for message in catalog:
                if message.id:
                    message.string = f"{label} {message.id}"
            version[path] = catalog
        versions.append(version)
    return versions


#: A writer that saves the two versions in turn, for ever (until it is killed).
WRITER = textwrap.dedent("""\
    import sys
    from editions import catalogs
    from editions.project import load_project
    from tests.test_concurrency import two_versions

    project = load_project(sys.argv[1])
    versions = two_versions(project)
    print("ready", flush=True)
    while True:
        for version in versions:
            catalogs.save_catalogs(project, version)
""")


def test_a_writer_killed_midway_leaves_each_catalog_as_it_was_or_as_it_became(
    busy: Project,
) -> None:
    """SIGKILL at random moments of a loop of writes: each catalog holds one version whole
    (never a mix, never a truncated file), and the next writer clears what was left."""
    rng = random.Random(SEED)
    paths = every_catalog(busy)
    versions = [{path: catalogs.serialize(catalog) for path, catalog in version.items()}
                for version in two_versions(busy)]
    originals = {path: path.read_bytes() for path in paths}
    seen_leftovers = 0
    for _kill in range(12):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(busy.root)], cwd=REPO,
                                  stdout=subprocess.PIPE, text=True)
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.15))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        seen_leftovers += bool(list(busy.catalog_dir("fr").glob(TEMP_PATTERN)))
        for path in paths:
            data = path.read_bytes()
            assert data in {versions[0][path], versions[1][path], originals[path]}, path
            catalogs.parse_catalog(data, path)
    with project_lock(busy):  # the next writer clears what killed ones left
        pass
    assert not list(busy.catalog_dir("fr").glob(TEMP_PATTERN))
    assert not msgfmt_problems(paths)
    print(f"12 kills, {seen_leftovers} left a temporary file behind")
