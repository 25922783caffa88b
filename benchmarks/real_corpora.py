"""How trustworthy and how fast `editions check` is on real, reviewed Sphinx translations.

    make bench-real          (or: .venv/bin/python benchmarks/real_corpora.py)

Four corpora nobody here wrote, unpacked outside the tree (``--cache``, by default
``~/.cache/parallel-editions/corpora``):

- the Spanish Python documentation (python-docs-es, tutorial and library), from
  ``../shared/corpora/python-docs-es/``;
- OpenStack Horizon's documentation and release notes, translated by OpenStack's i18n teams
  (the pinned sdist of PyPI, checked against its SHA-256), in every language but English;
- Ansible's documentation in Japanese, a professional translation reviewed and published
  with ansible-core (the pinned sdist of PyPI, checked against its SHA-256);
- the calibre User Manual's translations, as Debian ships them (a pinned tarball of
  deb.debian.org, checked against its SHA-256), in every language with at least
  ``--min-entries`` translated entries: crowd translations, many never reviewed, so a
  noisier corpus whose errors are more often true.

Each corpus becomes a throw-away project (a conf.py, a stub source and a template per catalog)
so that `editions check` reads it as it reads ours. It prints, per corpus and language, the
share of reviewed entries (translated, not fuzzy) with at least one error, and per check id
how many entries it finds in error; then it times a cold `editions check -l es --no-cache`
and translate-toolkit's `pofilter` on the same Spanish catalogs, one after the other.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import polib

from editions.checks import CHECKS, check_project
from editions.errors import EditionsError
from editions.languages import validate as validate_language
from editions.project import load_project

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parent.parent
SPANISH_TARBALL = (REPO.parent / "shared" / "corpora" / "python-docs-es"
                   / "python-docs-es-3.12-tutorial-library.tar.xz")
CALIBRE_URL = ("http://deb.debian.org/debian/pool/main/c/calibre/"
               "calibre_6.13.0+repack.orig-translations-git.tar.xz")
CALIBRE_SHA256 = "f5ea8da0d558bdd92f23723657792fae128b84945fcc059f05367dd4356155c5"
HORIZON = "horizon==27.0.0"
HORIZON_SHA256 = "b1e16e3be554b543b1858df3b35dee3e4212e3ed61513512fddbe49584658cc0"
# The last ansible-core whose sdist carries the documentation's Japanese catalogs.
ANSIBLE = "ansible-core==2.12.10"
ANSIBLE_SHA256 = "feb1df61738cfc1f5e893b42a2ec1a7de32977d67e86707b45eb63d0c5c3c236"
#: Hosts each corpus's translators legitimately link to instead of the English pages.
LINK_HOSTS = {
    "python-docs-es": {"es": ["es.wikipedia.org", "docs.python.org"]},
}
#: Not about reviewed entries: what is left to translate, and the catalog's own state.
LEFT_OUT_FAMILIES = {"completeness"}


@dataclass
class Corpus:
    name: str
    catalogs: dict[str, dict[str, Path]]  # language → its PO files by name ("library/os")


def unpack(tarball: Path, into: Path) -> Path:
    """The tarball's contents in ``into`` (unpacked once; trusted members only)."""
    done = into / ".unpacked"
    if not done.exists():
        shutil.rmtree(into, ignore_errors=True)
        into.mkdir(parents=True)
        with tarfile.open(tarball) as archive:
            archive.extractall(into, filter="data")
        done.touch()
    return into


def fetch_calibre(cache: Path) -> Path:
    tarball = cache / CALIBRE_URL.rsplit("/", 1)[1]
    if not tarball.exists():
        print(f"Fetching {CALIBRE_URL} …", flush=True)
        partial = tarball.with_suffix(".part")
        with urllib.request.urlopen(CALIBRE_URL, timeout=120) as response:
            partial.write_bytes(response.read())
        partial.replace(tarball)
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != CALIBRE_SHA256:
        sys.exit(f"{tarball}: SHA-256 {digest} is not the pinned {CALIBRE_SHA256}; delete it")
    return tarball


def fetch_sdist(cache: Path, requirement: str, sha256: str) -> Path:
    """A pinned source distribution from PyPI, checked against its SHA-256."""
    name, version = requirement.split("==")
    sdist = cache / f"{name}-{version}.tar.gz"
    if not sdist.exists():
        print(f"Fetching {requirement} from PyPI …", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--no-binary", ":all:", "--dest", str(cache), requirement],
                       check=True)
    digest = hashlib.sha256(sdist.read_bytes()).hexdigest()
    if digest != sha256:
        sys.exit(f"{sdist}: SHA-256 {digest} is not the pinned {sha256}; delete it")
    return sdist


def horizon_corpus(cache: Path) -> Corpus:
    root = unpack(fetch_sdist(cache, HORIZON, HORIZON_SHA256), cache / "horizon")
    by_language: dict[str, dict[str, Path]] = defaultdict(dict)
    for path in sorted(root.glob("*/*/source/locale/*/LC_MESSAGES/*.po")):
        language = path.parent.parent.name
        if not language.startswith("en"):  # en_GB: English "translations" of English
            part = path.parent.parent.parent.parent.parent.name  # doc, releasenotes
            by_language[language][f"{part}/{path.stem}"] = path
    return Corpus("horizon", dict(by_language))


def ansible_corpus(cache: Path) -> Corpus:
    root = unpack(fetch_sdist(cache, ANSIBLE, ANSIBLE_SHA256), cache / "ansible")
    by_language: dict[str, dict[str, Path]] = defaultdict(dict)
    for path in sorted(root.glob("*/docs/docsite/rst/locales/*/LC_MESSAGES/*.po")):
        by_language[path.parent.parent.name][path.stem] = path
    return Corpus("ansible", dict(by_language))


def reviewed(path: Path) -> int:
    return sum(1 for entry in polib.pofile(str(path))
               if entry.msgid and entry.translated() and not entry.obsolete)


def spanish_corpus(cache: Path) -> Corpus:
    root = unpack(SPANISH_TARBALL, cache / "python-docs-es")
    return Corpus("python-docs-es", {"es": {
        str(path.relative_to(root).with_suffix("")): path for path in sorted(root.rglob("*.po"))
    }})


def calibre_corpus(cache: Path, min_entries: int) -> Corpus:
    root = unpack(fetch_calibre(cache), cache / "calibre")
    by_language: dict[str, dict[str, Path]] = defaultdict(dict)
    for path in sorted(root.glob("*/manual/*/*.po")):
        by_language[path.parent.name][path.stem] = path
    catalogs = {}
    for language, paths in sorted(by_language.items()):
        if language.startswith("en"):
            continue  # English "translations" of an English manual
        try:
            validate_language(language)
        except EditionsError:  # a code babel cannot read: sr@latin, uz@Latn …
            continue
        if sum(reviewed(path) for path in paths.values()) >= min_entries:
            catalogs[language] = paths
    return Corpus("calibre", catalogs)


def slug_of(name: str) -> str:
    """A statement slug for a catalog's name: ``library/os.path`` → ``library-os-path``."""
    slug = "-".join("".join(c if c.isascii() and c.isalnum() else " " for c in name.lower())
                    .split())[:80] or "catalog"
    return "index-page" if slug == "index" else slug


def make_project(corpus: Corpus, root: Path) -> Path:
    """A project whose catalogs are the corpus's, with a template per catalog (its msgids)."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "source").mkdir(parents=True)
    (root / "_build" / "gettext").mkdir(parents=True)
    languages = sorted(corpus.catalogs)
    (root / "conf.py").write_text(
        f"project = {corpus.name!r}\nlanguage = 'en'\neditions_languages = {languages!r}\n"
        f"editions_link_hosts = {LINK_HOSTS.get(corpus.name, {})!r}\n"
        "root_doc = 'index'\nlocale_dirs = ['../locale']\n", encoding="utf-8")
    (root / "source" / "index.rst").write_text("Index\n=====\n", encoding="utf-8")
    templates: dict[str, dict[str, polib.POEntry]] = defaultdict(dict)
    for language, paths in corpus.catalogs.items():
        folder = root / "locale" / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        for name, path in paths.items():
            slug = slug_of(name)
            shutil.copyfile(path, folder / f"{slug}.po")
            for entry in polib.pofile(str(path)):
                if entry.msgid and not entry.obsolete:
                    templates[slug].setdefault((entry.msgctxt, entry.msgid), polib.POEntry(
                        msgctxt=entry.msgctxt, msgid=entry.msgid,
                        msgid_plural=entry.msgid_plural,
                        msgstr_plural={0: "", 1: ""} if entry.msgid_plural else {}))
    for slug in templates:
        (root / "source" / f"{slug}.rst").write_text(f"{slug}\n{'=' * len(slug)}\n")
    time.sleep(0.01)  # the templates are newer than the stub sources: no extraction runs
    for slug, entries in templates.items():
        template = polib.POFile()
        template.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        template.extend(entries.values())
        template.save(str(root / "_build" / "gettext" / f"{slug}.pot"))
    return root


def figures(corpus: Corpus, root: Path) -> None:
    project = load_project(root)
    report = check_project(project, use_cache=False)
    by_language: dict[str, set[tuple[str, int]]] = defaultdict(set)
    by_check: dict[str, Counter] = defaultdict(Counter)
    for finding in report.findings:
        if finding.severity != "error" or CHECKS[finding.check].family in LEFT_OUT_FAMILIES:
            continue
        place = (finding.path, finding.line)
        by_language[finding.language].add(place)
        by_check[finding.check][finding.language] += 1
    total_entries = total_errors = 0
    print(f"\n{corpus.name}: entries with an error, of the reviewed (translated, not fuzzy)")
    print(f"{'language':<10}{'catalogs':>9}{'reviewed':>10}{'in error':>10}{'share':>8}")
    for language, paths in sorted(corpus.catalogs.items()):
        entries = sum(reviewed(path) for path in paths.values())
        errors = len(by_language[language])
        total_entries += entries
        total_errors += errors
        print(f"{language:<10}{len(paths):>9}{entries:>10}{errors:>10}"
              f"{100 * errors / max(entries, 1):>7.2f}%")
    print(f"{'all':<10}{sum(map(len, corpus.catalogs.values())):>9}{total_entries:>10}"
          f"{total_errors:>10}{100 * total_errors / max(total_entries, 1):>7.2f}%")
    print(f"\n{'check id':<22}{'errors':>8}  by language")
    for check, counts in sorted(by_check.items(), key=lambda item: -item[1].total()):
        spread = ", ".join(f"{lang} {n}" for lang, n in counts.most_common(6))
        print(f"{check:<22}{counts.total():>8}  {spread}")


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time, and CPU time (user and system, of the command and every process it
    started): a tool that uses both cores is faster on the wall, not in the work it does."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def speed(root: Path, repeats: int) -> None:
    pofilter = shutil.which("pofilter", path=str(BIN)) or shutil.which("pofilter")
    catalogs = root / "locale" / "es" / "LC_MESSAGES"
    editions = [str(BIN / "editions"), "check", "-l", "es", "--no-cache"]
    print(f"\nSpeed on python-docs-es ({len(list(catalogs.glob('*.po')))} catalogs), "
          f"best of {repeats}, whole processes, one after the other in turn (this machine's "
          "speed drifts: each pair of runs sees the same)")
    if not pofilter:
        ours = min(timed(editions, root)[0] for _ in range(repeats))
        print(f"{'editions check -l es, cold (no cache)':<40}{ours:>8.2f} s")
        print("pofilter not installed: pip install translate-toolkit (make bench-real does)")
        return
    output = root / "_build" / "pofilter-output"
    mine, theirs = [], []
    for _ in range(repeats):
        mine.append(timed(editions, root))
        shutil.rmtree(output, ignore_errors=True)
        theirs.append(timed([pofilter, "--progress=none", "-i", str(catalogs), "-o",
                             str(output)], root))
    for kind, index in (("wall", 0), ("CPU", 1)):
        ours, best = min(m[index] for m in mine), min(t[index] for t in theirs)
        print(f"{'editions check -l es, cold (no cache)':<40}{ours:>8.2f} s {kind}")
        print(f"{'pofilter (translate-toolkit)':<40}{best:>8.2f} s {kind}")
        ratios = sorted(t[index] / m[index] for m, t in zip(mine, theirs, strict=True))
        print(f"{'editions check is':<40}{best / ours:>8.1f}× faster in {kind} time, best "
              f"against best (pair by pair: median {statistics.median(ratios):.1f}×, from "
              f"{ratios[0]:.1f}× to {ratios[-1]:.1f}×)")
    sphinx_lint = shutil.which("sphinx-lint", path=str(BIN))
    if sphinx_lint:
        # sphinx-lint reads each msgstr alone (no source to compare with): what it finds.
        started = time.perf_counter()
        run = subprocess.run([sphinx_lint, str(catalogs)], capture_output=True, text=True,
                             check=False)
        found = [line for line in (run.stdout + run.stderr).splitlines() if ".po:" in line]
        seconds = time.perf_counter() - started
        kinds = Counter(line.rsplit("(", 1)[-1].rstrip(")") for line in found if "(" in line)
        print(f"{'sphinx-lint on the same catalogs':<40}{seconds:>8.2f} s, {len(found)} "
              f"findings: " + ", ".join(f"{kind} {n}" for kind, n in kinds.most_common(4)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path,
                        default=Path.home() / ".cache" / "parallel-editions" / "corpora")
    parser.add_argument("--min-entries", type=int, default=1000,
                        help="calibre languages with at least this many translated entries")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--corpora", default="python-docs-es,ansible,horizon,calibre",
                        help="which corpora to measure, comma-separated")
    parser.add_argument("--no-speed", action="store_true", help="the error figures alone")
    args = parser.parse_args()
    cache = args.cache.expanduser().resolve()
    cache.mkdir(parents=True, exist_ok=True)
    makers = {"python-docs-es": spanish_corpus, "ansible": ansible_corpus,
              "horizon": horizon_corpus,
              "calibre": lambda cache: calibre_corpus(cache, args.min_entries)}
    chosen = args.corpora.split(",")
    unknown = set(chosen) - set(makers)
    if unknown:
        parser.error(f"unknown corpus {', '.join(sorted(unknown))}: choose among "
                     f"{', '.join(makers)}")
    for name in chosen:
        corpus = makers[name](cache)
        figures(corpus, make_project(corpus, cache / "projects" / corpus.name))
    if not args.no_speed:
        speed(make_project(spanish_corpus(cache), cache / "projects" / "python-docs-es"),
              args.repeats)


if __name__ == "__main__":
    main()
