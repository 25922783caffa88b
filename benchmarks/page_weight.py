"""What a reader downloads to open one statement, per edition: the page, its stylesheets
(with what they @import) and its scripts, raw and gzipped (as most servers send them).

    .venv/bin/python benchmarks/page_weight.py [_build/html]

Run it after `make`; it reads the built site and prints a table, one row per edition.
"""

from __future__ import annotations

import argparse
import gzip
import re
from html.parser import HTMLParser
from pathlib import Path

_IMPORT = re.compile(r"""@import\s+(?:url\()?["']?([^"')]+)["']?\)?""")


class _Assets(HTMLParser):
    """The stylesheets and scripts a page loads, as written in it."""

    def __init__(self) -> None:
        super().__init__()
        self.files: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and found.get("rel") == "stylesheet" and found.get("href"):
            self.files.append(found["href"] or "")
        elif tag == "script" and found.get("src"):
            self.files.append(found["src"] or "")


def _local(base: Path, reference: str) -> Path:
    return (base / reference.split("?", 1)[0]).resolve()


def downloads(page: Path) -> list[Path]:
    """The page and every file it makes the browser fetch (no images: statements have none)."""
    parser = _Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    files, queue = [page], [_local(page.parent, ref) for ref in parser.files]
    while queue:
        path = queue.pop(0)
        if path in files or not path.exists():
            continue
        files.append(path)
        if path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            queue += [_local(path.parent, ref) for ref in _IMPORT.findall(text)]
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=Path("_build/html"))
    args = parser.parse_args()
    print(f"{'edition':<8}{'statement page':<36}{'files':>6}{'HTML':>9}{'CSS+JS':>9}"
          f"{'total':>9}{'gzipped':>9}")
    for edition in sorted(path for path in args.site.iterdir() if (path / "index.html").exists()
                          and (path / "searchindex.js").exists()):
        pages = sorted(p for p in edition.glob("*.html")
                       if p.stem not in {"index", "search", "genindex"})
        if not pages:
            print(f"{edition.name:<8}(publishes no statement yet)")
            continue
        page = pages[0]
        files = downloads(page)
        sizes = [path.stat().st_size for path in files]
        packed = sum(len(gzip.compress(path.read_bytes())) for path in files)
        print(f"{edition.name:<8}{page.name:<36}{len(files):>6}{sizes[0]:>9,}"
              f"{sum(sizes[1:]):>9,}{sum(sizes):>9,}{packed:>9,}")


if __name__ == "__main__":
    main()
