"""Benchmark of what reads the git history, on an archive with a long one.

    make bench-history            (or: .venv/bin/python benchmarks/history_benchmark.py)

A workspace commits each save, so a long-lived archive has thousands of commits, each
touching one catalog. On a synthetic archive (default 200 statements × 8 languages) with
that many commits (default 3,000, written with git fast-import), prints the wall time of:

1. the progress history (the public progress page's chart), cold (no cache) and warm;
2. the last change of every source and catalog (the sitemap's dates);
3. `editions build` after one more commit that changes no file;
4. `editions build` after one translation changed and committed, as the workspace commits
   each accepted segment.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from build_benchmark import change_one_translation
from synthetic import make_archive

from editions.filedates import last_changed
from editions.progress import history, timeline

BIN = Path(sys.executable).parent


def git(root: Path, *args: str, data: bytes | None = None) -> str:
    return subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=b@example.org",
                           *args], cwd=root, input=data, capture_output=True, check=True
                          ).stdout.decode()


def saves(root: Path, count: int) -> bytes:
    """A fast-import stream of ``count`` commits, each changing one catalog's entry."""
    catalogs = sorted(root.glob("locale/*/LC_MESSAGES/*.po"))
    texts = {path: path.read_text(encoding="utf-8") for path in catalogs}
    rng, head = random.Random(1), git(root, "rev-parse", "HEAD").strip()
    stream = []
    for number in range(count):
        path = rng.choice(catalogs)
        texts[path] = texts[path].replace('msgstr "', f'msgstr "{number % 10}', 1)
        data, message = texts[path].encode(), f"save {number}".encode()
        stream += [b"commit refs/heads/main\n",
                   f"committer Bench <b@example.org> {1_790_000_000 + 60 * number} +0000\n"
                   .encode(), b"data %d\n%s\n" % (len(message), message)]
        if number == 0:
            stream.append(f"from {head}\n".encode())
        stream += [f"M 100644 inline {path.relative_to(root).as_posix()}\n".encode(),
                   b"data %d\n%s\n" % (len(data), data)]
    return b"".join(stream)


def timed(action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=200)
    parser.add_argument("--languages", type=int, default=8)
    parser.add_argument("--commits", type=int, default=3000)
    parser.add_argument("--workdir", type=Path, default=Path("_build/bench/history"))
    args = parser.parse_args()
    root = args.workdir.resolve() / "archive"
    print(f"Generating {args.statements} statements × {args.languages} languages, "
          f"{args.commits} commits …", flush=True)
    project = make_archive(root, args.statements, args.languages)
    (root / ".gitignore").write_text("_build/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "archive")
    git(root, "fast-import", "--quiet", data=saves(root, args.commits))
    git(root, "reset", "-q", "--hard", "main")
    shutil.rmtree(root / "_build", ignore_errors=True)
    files = [*(project.srcdir / f"{slug}.rst" for slug in project.statements()),
             *(project.catalog_path(code, slug) for code in project.languages
               for slug in project.statements())]
    editions = [str(BIN / "editions"), "build"]
    subprocess.run(editions, cwd=root, capture_output=True, check=True)  # (from clean)
    git(root, "commit", "-q", "--allow-empty", "-m", "one more save")
    rows = [
        ("progress history, cold (no cache)", timed(lambda: (
            [(root / "_build" / "cache" / name).unlink(missing_ok=True)
             for name in (timeline.HISTORY_CACHE, timeline.SERIES_CACHE)],
            history(project)))),
        ("progress history, warm", timed(lambda: history(project))),
        (f"last change of {len(files)} sources and catalogs", timed(
            lambda: last_changed(root, files))),
        ("editions build after one more commit", timed(
            lambda: subprocess.run(editions, cwd=root, capture_output=True, check=True))),
    ]
    accepted = project.catalog_path(project.languages[0], project.statements()[0])
    accepted.write_text(change_one_translation(accepted.read_text(encoding="utf-8")),
                        encoding="utf-8")
    git(root, "commit", "-qam", "one accepted segment")
    rows.append(("editions build after one accepted segment", timed(
        lambda: subprocess.run(editions, cwd=root, capture_output=True, check=True))))
    print(f"\n{args.statements} statements × {args.languages} languages, "
          f"{int(git(root, 'rev-list', '--count', 'HEAD'))} commits")
    for name, seconds in rows:
        print(f"{name:<48}{seconds:>9.2f} s")


if __name__ == "__main__":
    main()
