"""How fast the workspace opens a long statement and saves one segment, with the catalogs of
the 200-statement archive in place (8 languages, 1,600 catalogs): prints figures, asserts
nothing. ``make bench-workspace``; the server is ``editions workspace`` on loopback.

One statement of the archive is made 300 paragraphs long, half translated. Each figure is
the median of several requests over HTTP (the first, cold, request printed apart).
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import polib

from editions import catalogs
from editions.catalogs import entries as catalog_entries
from editions.project import load_project

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import LIKE_FOUNDING, REPO, make_archive, pseudo_translation

LONG = "statement-0001"
PARAGRAPHS = 300
RUNS = 15


def long_statement() -> str:
    title = "A statement of three hundred paragraphs"
    parts = [title, "=" * len(title), "", ".. statement::", "   :author: Fourth International",
             "   :date: 2025-05-01", ""]
    for number in range(1, PARAGRAPHS):
        parts += [f"Paragraph {number} says that {number * 7} workers of the movement stood "
                  "together against the war and the occupation, for freedom and justice.", ""]
    return "\n".join(parts)


def prepare(root: Path):
    if not (root / "conf.py").exists():
        print(f"Making the archive in {root} (200 statements × 8 languages)…", flush=True)
        make_archive(root, statements=200, languages=8, rates=LIKE_FOUNDING)
    project = load_project(root)
    source = project.statement_source(LONG)
    if source.read_text(encoding="utf-8") != long_statement():
        source.write_text(long_statement(), encoding="utf-8")
        catalogs.update(project)
        path = project.catalog_path("fr", LONG)
        po = polib.pofile(str(path))
        for index, entry in enumerate(po):
            entry.msgstr = pseudo_translation(entry.msgid, "fr") if index % 2 == 0 else ""
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save()
    return project


def timed(opener: urllib.request.OpenerDirector, request: urllib.request.Request | str
          ) -> tuple[float, bytes]:
    started = time.perf_counter()
    with opener.open(request, timeout=60) as response:
        body = response.read()
    return time.perf_counter() - started, body


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "_build" / "bench" / "workspace")
    project = prepare(root)
    segments = catalog_entries.read_entries(project, "fr", LONG)
    catalog_count = len(list(project.locale_dir.glob("*/LC_MESSAGES/*.po")))
    print(f"{len(project.statements())} statements, {catalog_count} catalogs; {LONG} has "
          f"{len(segments)} segments in French")
    env = {**os.environ, "EDITIONS_WORKSPACE_STATE": str(root / ".workspace")}
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("editions")), "--project", str(root), "workspace",
         "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        base = re.search(r"(http://127\.0\.0\.1:\d+)/", server.stdout.readline()).group(1)
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        statement_url = f"{base}/fr/{LONG}/"
        first, body = timed(opener, statement_url)
        opens = [timed(opener, statement_url)[0] for _ in range(RUNS)]
        print(f"open the statement's {len(segments)} segments: first {first * 1000:.0f} ms, "
              f"then median {statistics.median(opens) * 1000:.0f} ms "
              f"({len(body) / 1024:.0f} KiB of HTML)")
        untranslated = [e for e in segments if not e.translation]
        editor_times, save_times = [], []
        for entry in untranslated[:RUNS]:
            url = f"{base}/fr/{LONG}/{entry.key}/"
            seconds, page = timed(opener, url)
            editor_times.append(seconds)
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            data = urllib.parse.urlencode({
                "csrfmiddlewaretoken": token.decode(), "translation":
                pseudo_translation(entry.source, "fr"), "expected_translation": "",
                "expected_fuzzy": "False", "source": entry.source, "action": "save",
            }).encode()
            request = urllib.request.Request(url, data=data, headers={"Origin": base})
            seconds, _ = timed(opener, request)  # the POST, then its redirect's GET
            save_times.append(seconds)
        print(f"open one segment's editor (checks, memory, glossary, preview): median "
              f"{statistics.median(editor_times) * 1000:.0f} ms")
        print(f"save one segment (locked write, read back, then the page again): median "
              f"{statistics.median(save_times) * 1000:.0f} ms, "
              f"worst {max(save_times) * 1000:.0f} ms")
        saved = catalog_entries.read_entries(project, "fr", LONG)
        done = sum(1 for e in saved if e.translation) - sum(1 for e in segments if e.translation)
        print(f"segments saved: {done} of {len(save_times)}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
