"""Benchmark of `editions build` against the plain loop a Sphinx user writes today.

    make bench-build            (or: .venv/bin/python benchmarks/build_benchmark.py)

On a synthetic archive (default 200 statements × 8 languages, plus the source edition), in
one run, whole-process wall time and peak memory (the resident memory of the whole process
tree, sampled) of:

1. the plain loop: `sphinx-intl build`, then one `sphinx-build -b html -D language=X` per
   edition, one after the other, default theme (alabaster);
2. `editions build` from clean;
3. `editions build` again, nothing changed;
4. `editions build` after one PO file of one language changed;
5. `editions build` after one source statement changed;

(3), (4) and (5) are run ``--repeat`` times, one after the other in turn (this machine's
speed drifts from minute to minute: each round sees the same), each a new change: their
median is shown, with the fastest and slowest. Then the scaling of (2) over several archive
sizes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from synthetic import make_archive

from editions.project import Project

BIN = Path(sys.executable).parent


def _tree_rss(root_pid: int) -> int:
    """Resident memory, in bytes, of a process and all its descendants."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total


def run(commands: list[list[str]], cwd: Path) -> tuple[float, int, str]:
    """Run commands one after the other: wall time, peak tree memory, their output."""
    peak, output = 0, []
    started = time.perf_counter()
    for command in commands:
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        done = threading.Event()

        def sample(pid: int = process.pid, done: threading.Event = done) -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss(pid))
                done.wait(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        out, _ = process.communicate()
        done.set()
        sampler.join()
        output.append(out)
        if process.returncode:
            raise SystemExit(f"{' '.join(command)} failed:\n{out[-3000:]}")
    return time.perf_counter() - started, peak, "".join(output)


def clean(root: Path) -> None:
    shutil.rmtree(root / "_build", ignore_errors=True)
    for mo in root.glob("locale/*/LC_MESSAGES/*.mo"):
        mo.unlink()


def written(output: str) -> str:
    """'fr: statement-0001, index' from the verbose build's output."""
    editions, current = [], None
    for line in output.splitlines():
        match = re.search(r"\((\w+)\): (\d+) pages? written", line)
        if match:
            current = match.group(1)
        elif current and line.startswith("    "):
            editions.append(f"{current}: {line.strip()}")
            current = None
    return "; ".join(editions) or "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=200)
    parser.add_argument("--languages", type=int, default=8)
    parser.add_argument("--sizes", default="50,100,200,400")
    parser.add_argument("--workdir", type=Path, default=Path("_build/bench/build"))
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds of (3), (4) and (5), each run in turn (default 3)")
    args = parser.parse_args()
    editions = [str(BIN / "editions"), "build", "--verbose"]
    root = args.workdir.resolve() / "archive"
    print(f"Generating {args.statements} statements × {args.languages} languages …", flush=True)
    project = make_archive(root, args.statements, args.languages)

    clean(root)
    plain = [[str(BIN / "sphinx-intl"), "build", "-d", "locale"]] + [
        [str(BIN / "sphinx-build"), "-q", "-b", "html", "-D", f"language={code}",
         "-D", "html_theme=alabaster", "-c", ".", "source", f"_build/plain/{code}",
         "-d", f"_build/plain-doctrees/{code}"]
        for code in project.editions
    ]
    print("1. plain loop …", flush=True)
    rows = [("1. plain loop (sphinx-intl build + sphinx-build × "
             f"{len(project.editions)})", *run(plain, root)[:2], "all")]
    plain_pages = {p.relative_to(root / "_build" / "plain") for p in
                   (root / "_build" / "plain").glob("*/*.html")}

    clean(root)
    print("2. editions build from clean …", flush=True)
    seconds, peak, _ = run([editions], root)
    rows.append(("2. editions build, from clean", seconds, peak, "all"))
    pages = {p.relative_to(root / "_build" / "html") for code in project.editions
             for p in (root / "_build" / "html" / code).glob("*.html")}
    search_indexes = sum(1 for code in project.editions
                         if (root / "_build" / "html" / code / "searchindex.js").stat().st_size)

    incremental, spread = incremental_rows(project, root, editions, args.repeat)
    rows += incremental

    reference = rows[0][1]
    print(f"\n{args.statements} statements × {len(project.editions)} editions "
          f"({len(project.languages)} translations)")
    # (The plain loop's general index is empty and left out of ours; the parallel views are
    # ours alone.)
    ours = {page for page in pages if not page.name.endswith(".parallel.html")}
    theirs = {page for page in plain_pages if page.name != "genindex.html"}
    print(f"same pages as the plain loop: {ours == theirs} ({len(ours)} pages, and "
          f"{len(pages) - len(ours)} parallel views); search index in {search_indexes} of "
          f"{len(project.editions)} editions\n")
    print(f"{'run':<52}{'seconds':>9}{'vs plain':>10}{'peak MiB':>10}  pages written")
    for name, seconds, peak, pages_written in rows:
        print(f"{name:<52}{seconds:>9.2f}{reference / seconds:>9.1f}×{peak / 2**20:>10.0f}"
              f"  {pages_written[:120]}")
    print(f"(3), (4) and (5): the median of {args.repeat} rounds, run in turn; each round's "
          "figures:")
    for name, times in spread.items():
        print(f"  {name}: " + ", ".join(f"{seconds:.2f}" for seconds in times) + " s")

    print("\nScaling of (2), editions build from clean")
    print(f"{'statements':>10}{'seconds':>10}{'ms per statement × edition':>30}")
    for size in [int(s) for s in args.sizes.split(",")]:
        scaled = args.workdir.resolve() / f"archive-{size}"
        made = make_archive(scaled, size, args.languages)
        clean(scaled)
        seconds = run([editions], scaled)[0]
        per = 1000 * seconds / (size * len(made.editions))
        print(f"{size:>10}{seconds:>10.2f}{per:>30.2f}")


Row = tuple[str, float, int, str]


def incremental_rows(project: Project, root: Path, editions: list[str],
                     rounds: int) -> tuple[list[Row], dict[str, list[float]]]:
    """Rows (3), (4) and (5): each round builds with nothing changed, then after one PO file
    changed, then after one source statement changed. Each row is the median round; with
    every round's seconds, by row."""
    po = project.catalog_path(project.languages[0], project.statements()[0])
    source = project.statement_source(project.statements()[1])
    names = ["3. editions build, nothing changed",
             f"4. one PO file changed ({po.parent.parent.name})",
             "5. one source statement changed"]
    results: dict[str, list[tuple[float, int, str]]] = {name: [] for name in names}
    for _round in range(rounds):
        results[names[0]].append(run([editions], root))
        po.write_text(change_one_translation(po.read_text(encoding="utf-8")), encoding="utf-8")
        results[names[1]].append(run([editions], root))
        source.write_text(source.read_text(encoding="utf-8").rstrip("\n")
                          + " One more sentence.\n", encoding="utf-8")
        results[names[2]].append(run([editions], root))
    rows, spread = [], {}
    for name, runs in results.items():
        spread[name] = [seconds for seconds, _peak, _output in runs]
        seconds, _peak, output = sorted(runs, key=lambda result: result[0])[len(runs) // 2]
        rows.append((name, seconds, max(peak for _seconds, peak, _output in runs),
                     written(output)))
    return rows, spread


def change_one_translation(text: str) -> str:
    """Change the first translated paragraph's last word, as a volunteer's fix would."""
    match = re.search(r'\nmsgstr "(.+?)"\n', text.split("\n\n", 2)[2])
    assert match, "no translated entry to change"
    old = match.group(1)
    return text.replace(f'msgstr "{old}"', f'msgstr "{old[:-1]} (rev.){old[-1]}"', 1)


if __name__ == "__main__":
    main()
