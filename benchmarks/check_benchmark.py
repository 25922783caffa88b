"""Benchmark of `editions check` against translate-toolkit's pofilter on the same catalogs.

    make bench-check            (or: .venv/bin/python benchmarks/check_benchmark.py)

Prints whole-process wall times: a cold check (no cache), a warm re-check of the unchanged
tree, pofilter on the same files, and the cold check's cost per entry at several sizes.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from synthetic import make_archive

BIN = Path(sys.executable).parent


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    return time.perf_counter() - started


def entries_in(root: Path) -> int:
    """PO entries, the header of each file left out."""
    return sum(
        path.read_text(encoding="utf-8").count("\nmsgid ") - 1
        for path in root.glob("locale/*/*/*.po")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=200)
    parser.add_argument("--languages", type=int, default=8)
    parser.add_argument("--sizes", default="50,100,200", help="statement counts for scaling")
    parser.add_argument("--workdir", type=Path, default=Path("_build/bench/check"))
    args = parser.parse_args()
    editions = str(BIN / "editions")

    root = args.workdir.resolve() / "archive"
    print(f"Generating {args.statements} statements × {args.languages} languages …", flush=True)
    make_archive(root, args.statements, args.languages)
    entries = entries_in(root)
    cold = timed([editions, "check", "--no-cache"], root)
    timed([editions, "check"], root)  # fills the cache
    warm = timed([editions, "check"], root)
    pofilter = shutil.which("pofilter", path=str(BIN)) or shutil.which("pofilter")
    filtered = None
    if pofilter:
        output = args.workdir.resolve() / "pofilter-output"
        shutil.rmtree(output, ignore_errors=True)
        filtered = timed([pofilter, "--progress=none", "-i", "locale", "-o", str(output)], root)

    print(f"\n{entries} entries in {args.statements * args.languages} catalogs\n")
    print(f"{'run':<38}{'seconds':>9}{'vs pofilter':>16}")
    rows = [("editions check, cold (no cache)", cold), ("editions check, warm (unchanged)", warm)]
    for name, seconds in rows:
        ratio = f"{filtered / seconds:.1f}× faster" if filtered else "n/a"
        print(f"{name:<38}{seconds:>9.2f}{ratio:>16}")
    if filtered:
        print(f"{'pofilter (translate-toolkit)':<38}{filtered:>9.2f}{'1.0×':>16}")
    else:
        print("pofilter not installed: pip install translate-toolkit")

    print("\nScaling of a cold check")
    print(f"{'statements':>10}{'entries':>10}{'seconds':>10}{'ms/entry':>10}")
    for size in [int(s) for s in args.sizes.split(",")]:
        scaled = args.workdir.resolve() / f"archive-{size}"
        make_archive(scaled, size, args.languages)
        count = entries_in(scaled)
        seconds = timed([editions, "check", "--no-cache"], scaled)
        print(f"{size:>10}{count:>10}{seconds:>10.2f}{1000 * seconds / count:>10.3f}")


if __name__ == "__main__":
    main()
