"""From a reviewer's accept to the new text on the served site: prints the figure (the target
is under 30 s on a 2-core machine), asserts nothing but that the text arrives.
``make bench-publish``.

On a copy of the real project whose conf.py deploys to a folder (``editions_deploy``), the
site is built and deployed once (a cold build, printed apart: the served site exists before
anyone translates). Then ``editions workspace`` serves it on loopback, rebuilding in its own
thread as it does for a team; this process, on the same database, has a translator suggest a
French sentence of a published statement and a reviewer accept it through Django's test
client, and times until the deployed folder serves the new text. The build's own record
(waiting, building) says where the time went.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from editions.project import load_project  # noqa: E402
from tests.conftest import (  # noqa: E402
    EDITIONS,
    STATEMENT,
    _entries,
    _post,
    _url,
    copy_real_project,
    member,
    serve_workspace,
)

#: A sentence no translation holds, added to a French segment.
MARK = "Solidarité sans frontières, 2031."
LIMIT = 120.0


def prepared(root: Path):
    """The real project, deploying to ``root/www/editions``, built and deployed once."""
    project = copy_real_project(root / "project")
    with project.conf_py.open("a", encoding="utf-8") as conf:
        conf.write(f"\neditions_deploy = {{'folder': {str(root / 'www' / 'editions')!r}}}\n")
    started = time.perf_counter()
    subprocess.run([EDITIONS, "--project", str(project.root), "deploy", "--build"],
                   check=True, capture_output=True)
    print(f"Cold build and first deploy: {time.perf_counter() - started:.1f} s")
    return load_project(project.root)


def accept(project) -> float:
    """A translator's suggestion accepted by a reviewer, through the test client: the time
    of the accept."""
    from django.test import Client

    from editions.workspace.models import Role, Suggestion

    entry = next(e for e in _entries(project) if e.translation and not e.fuzzy
                 and e.source.endswith("."))
    translator, reviewer = (Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1"))
    translator.force_login(member("fr", Role.TRANSLATOR, "Mesange"))
    reviewer.force_login(member("fr", Role.REVIEWER, "Pivert"))
    assert _post(translator, entry, f"{entry.translation} {MARK}").status_code == 302
    suggestion = Suggestion.objects.get(status="pending")
    accepted = time.perf_counter()
    response = reviewer.post(f"{_url(entry)}suggestions/{suggestion.pk}", {
        "action": "accept", "expected_translation": entry.translation,
        "expected_fuzzy": str(entry.fuzzy)})
    assert response.status_code == 302, response.status_code
    return accepted


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as folder:
        root = Path(folder)
        project = prepared(root)
        os.environ["EDITIONS_WORKSPACE_STATE"] = str(root / "state")
        from editions.workspace.server import configure

        configure(project, "127.0.0.1")
        served = root / "www" / "editions" / "fr" / f"{STATEMENT}.html"
        with serve_workspace(project, root / "state", rebuild=True):
            accepted = accept(project)
            took = time.perf_counter() - accepted
            while MARK not in served.read_text(encoding="utf-8"):
                took = time.perf_counter() - accepted
                if took > LIMIT:
                    sys.exit(f"the new text was not served after {LIMIT:.0f} s")
                time.sleep(0.05)
            from editions.workspace.models import Build

            while Build.objects.filter(status__in=["requested", "running"]).exists():
                time.sleep(0.1)  # (the runner records the build once its process has ended)
        build = Build.objects.latest("pk")
        waited = (build.started - build.requested).total_seconds()
        building = (build.finished - build.started).total_seconds()
        print(f"Accept → served: {took:.1f} s (target: under 30 s) = {waited:.1f} s waiting "
              f"for changes to settle and the runner's look, {building:.1f} s building "
              f"({build.built or 'nothing'} rebuilt) and deploying")


if __name__ == "__main__":
    main()
