"""Benchmark of `editions status` against `sphinx-intl stat` on the same catalogs.

    make bench-status            (or: .venv/bin/python benchmarks/status_benchmark.py)

Whole-process wall times, each the best of three runs, on two synthetic archives (default 200
statements × 8 languages): one with as much inline markup as the founding statements, one with
seven times as much, which stresses the checks (docutils parses every segment with markup).
On each: status cold (no cache) and warm (unchanged tree), counts only and with the checks'
errors, next to sphinx-intl stat, which counts only.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from synthetic import HEAVY, LIKE_FOUNDING, REPO, make_archive, markup_share

from editions.project import load_project

BIN = Path(sys.executable).parent


def timed(command: list[str], cwd: Path, runs: int = 3) -> float:
    """The best of ``runs`` whole-process wall times."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)
        best = min(best, time.perf_counter() - started)
    return best


def cold(command: list[str], root: Path, runs: int = 3) -> float:
    """Best wall time with every cache removed before each run."""
    best = float("inf")
    for _ in range(runs):
        shutil.rmtree(root / "_build" / "cache", ignore_errors=True)
        best = min(best, timed(command, root, runs=1))
    return best


def measure(root: Path) -> list[tuple[str, float]]:
    """The five runs on one archive, sphinx-intl stat first."""
    editions = [str(BIN / "editions"), "status", "--format", "json"]
    counts_only = [*editions, "--no-checks"]
    stat = [str(BIN / "sphinx-intl"), "stat", "-d", "locale"]
    return [
        ("sphinx-intl stat", timed(stat, root)),
        ("editions status --no-checks, cold", cold(counts_only, root)),
        ("editions status --no-checks, warm", timed(counts_only, root)),
        ("editions status (with checks), cold", cold(editions, root)),
        ("editions status (with checks), warm", timed(editions, root)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=200)
    parser.add_argument("--languages", type=int, default=8)
    parser.add_argument("--workdir", type=Path, default=Path("_build/bench/status"))
    args = parser.parse_args()
    marked, segments = markup_share(load_project(REPO))
    print(f"The founding statements: inline markup in {marked} of {segments} segments")
    archives = [("archive", "as much markup as the founding statements", LIKE_FOUNDING),
                ("archive-heavy", "heavy markup, a stress test of the checks", HEAVY)]
    for name, label, rates in archives:
        root = args.workdir.resolve() / name
        print(f"\nGenerating {args.statements} statements × {args.languages} languages, "
              f"{label} …", flush=True)
        project = make_archive(root, args.statements, args.languages, rates=rates)
        marked, segments = markup_share(project)
        rows = measure(root)
        reference = rows[0][1]
        print(f"{args.statements * args.languages} catalogs; inline markup in {marked} of "
              f"{segments} segments ({100 * marked / segments:.0f} %)\n")
        print(f"{'run':<40}{'seconds':>9}{'vs sphinx-intl stat':>22}")
        for run, seconds in rows:
            print(f"{run:<40}{seconds:>9.2f}{reference / seconds:>21.1f}×")


if __name__ == "__main__":
    main()
