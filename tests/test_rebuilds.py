"""Editions that publish themselves: a change in the workspace asks for a rebuild (never made
in the request), requests coalesce, one build runs at a time and survives failures, the
coordinators see each build and its log, and the site reaches its served folder (or git
branch) whole, never half-written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from html import unescape
from pathlib import Path

import pytest
from django.test import Client

from editions import catalogs
from editions.checks.messages import Quoted, decode, msg, render
from editions.errors import EditionsError
from editions.project import load_project
from editions.site import deploy as site_deploy
from editions.site.deploy import SiteOutcome
from editions.storage import try_lock
from editions.workspace import rebuilds
from editions.workspace.models import Build, Role, Suggestion

from .conftest import (
    AXE,
    PASSWORD,
    REPO,
    SCREENSHOTS,
    _as,
    _entries,
    _post,
    _second_process,
    _url,
    _with_number,
    describe_violations,
    git,
    member,
    refused_cleanly,
    run,
    serve_workspace,
    workspace_committing,
    write_project,
)


def _seen(entry) -> dict[str, str]:
    return {"expected_translation": entry.translation, "expected_fuzzy": str(entry.fuzzy)}


class Builder:
    """A stand-in for the site's build: counts its runs, fails when told, and may run
    something while it "builds" (a request arriving meanwhile)."""

    def __init__(self, outcomes: list[SiteOutcome] | None = None, during=None) -> None:
        self.runs: list[Build] = []
        self.outcomes = outcomes or []
        self.during = during

    def __call__(self, project, lock: int) -> SiteOutcome:
        self.runs.append(Build.objects.get(status=Build.Status.RUNNING))
        if self.during:  # (once: the first build)
            self.during()
            self.during = None
        if self.outcomes:
            outcome = self.outcomes.pop(0)
            if isinstance(outcome, Exception):
                raise outcome
            return outcome
        return SiteOutcome(ok=True, built=["fr"])


# -- asked for by the workspace's writes ---------------------------------------------------

def test_an_accept_asks_for_a_rebuild_and_the_request_builds_nothing(project, crew):
    entry = _with_number(project)
    assert _post(_as(crew["fr-translator"]), entry, entry.translation + " Encore.").status_code \
        == 302
    assert not Build.objects.exists()  # a suggestion changes no file: nothing to rebuild
    suggestion = Suggestion.objects.get()
    started = time.monotonic()
    response = _as(crew["fr-reviewer"]).post(f"{_url(entry)}suggestions/{suggestion.pk}",
                                             {"action": "accept", **_seen(entry)})
    assert response.status_code == 302 and time.monotonic() - started < 5
    build = Build.objects.get()
    assert (build.status, build.languages, build.reasons) == ("requested", "fr", "accept")
    assert not (project.build_dir / "html").exists()  # built later, in the background
    # A coordinator's direct save joins the same waiting build.
    other = next(e for e in reversed(_entries(project))
                 if e.translation and not e.fuzzy and e.key != entry.key)
    assert _post(_as(crew["fr-coordinator"]), other, other.translation + " !").status_code == 302
    assert Build.objects.count() == 1
    assert Build.objects.get().reasons == "accept,save"


def test_three_quick_requests_make_one_build_and_requests_during_it_one_more(project, settings):
    settings.EDITIONS_REBUILD_SETTLE = 0
    for language, reason in (("fr", "accept"), ("ar", "save"), ("fr", "revert")):
        rebuilds.request_rebuild(project, [language], reason)
    waiting = Build.objects.get()
    assert waiting.languages == "fr,ar" and waiting.reasons == "accept,save,revert"

    def two_more() -> None:  # saves made while the build runs
        rebuilds.request_rebuild(project, ["uk"], "accept")
        rebuilds.request_rebuild(project, ["es"], "save")

    builder = Builder(during=two_more)
    assert rebuilds.run_due(project, builder).status == "succeeded"
    assert rebuilds.run_due(project, builder).status == "succeeded"
    assert rebuilds.run_due(project, builder) is None  # nothing more waits
    assert [b.languages for b in builder.runs] == ["fr,ar", "uk,es"]
    assert Build.objects.count() == 2


def test_a_build_waits_for_changes_to_settle_but_not_for_ever(project, settings):
    settings.EDITIONS_REBUILD_SETTLE, settings.EDITIONS_REBUILD_LONGEST = 60, 120
    build = rebuilds.request_rebuild(project, ["fr"], "accept")
    assert rebuilds.run_due(project, Builder()) is None  # not due yet
    Build.objects.filter(pk=build.pk).update(requested=build.requested.replace(year=2000))
    rebuilds.request_rebuild(project, ["fr"], "accept")  # due at most LONGEST after the first
    assert rebuilds.run_due(project, Builder()).status == "succeeded"


def test_one_build_at_a_time_whichever_process_holds_the_site_lock(project, settings):
    settings.EDITIONS_REBUILD_SETTLE = 0
    rebuilds.request_rebuild(project, ["fr"], "accept")
    script = ("import fcntl, os, sys, time; f = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
              "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)")
    lock = site_deploy.site_lock_path(project)
    lock.parent.mkdir(parents=True, exist_ok=True)
    other = subprocess.Popen(["python3", "-c", script, str(lock)], stdout=subprocess.PIPE,
                             text=True)
    try:
        assert other.stdout.readline().strip() == "held"
        assert rebuilds.run_due(project, Builder()) is None
        assert Build.objects.get().status == "requested"
    finally:
        other.kill()
        other.wait()
    assert rebuilds.run_due(project, Builder()).status == "succeeded"


def test_a_failed_build_is_recorded_with_its_log_and_the_next_one_still_runs(
        transactional_db, project, settings):
    """The runner's own loop, in a thread as the workspace's server runs it."""
    settings.EDITIONS_REBUILD_SETTLE = 0
    builder = Builder([SiteOutcome(ok=False, problems=[
                          "fr: locale/fr/LC_MESSAGES/x.po:3: a broken entry",
                          "not deployed: an edition failed"],
                          notices=[{"code": "edition-failed", "language": "fr"},
                                   {"code": "not-deployed"}]),
                       RuntimeError("the disk is full"), SiteOutcome(ok=True, built=["fr"])])
    stop = threading.Event()
    watcher = threading.Thread(target=rebuilds.watch, args=(project, stop, 0.05, builder))
    watcher.start()
    try:
        for _turn in range(3):
            rebuilds.request_rebuild(project, ["fr"], "accept")
            for _ in range(200):
                if not Build.objects.filter(status__in=["requested", "running"]).exists():
                    break
                time.sleep(0.05)
    finally:
        stop.set()
        rebuilds._asked.set()
        watcher.join(10)
    builds = list(Build.objects.order_by("pk"))
    assert [b.status for b in builds] == ["failed", "failed", "succeeded"]
    assert builds[0].log_lines == ["fr: locale/fr/LC_MESSAGES/x.po:3: a broken entry",
                                   "not deployed: an edition failed"]
    assert builds[0].notices == [{"code": "edition-failed", "language": "fr"},
                                 {"code": "not-deployed"}]
    assert builds[1].log_lines == ["RuntimeError: the disk is full"]
    assert builds[1].notices == [{"code": "crashed"}]
    assert all(b.started and b.finished for b in builds)


def test_a_build_whose_runner_was_killed_is_recorded_as_interrupted(project, settings):
    settings.EDITIONS_REBUILD_SETTLE = 0
    Build.objects.create(status="running", languages="fr", reasons="accept")
    rebuilds.request_rebuild(project, ["ar"], "save")
    assert rebuilds.run_due(project, Builder()).languages == "ar"
    gone = Build.objects.get(languages="fr")
    assert gone.status == "failed" and gone.log == rebuilds.INTERRUPTED


# -- the page ------------------------------------------------------------------------------

def test_only_coordinators_and_administrators_see_the_builds_and_ask_for_one(project, crew):
    from editions.workspace import team

    Build.objects.create(status="failed", languages="fr", reasons="accept",
                         log=f"fr: {project.root}/locale/fr/LC_MESSAGES/a.po:3: broken")
    for who in ("fr-translator", "fr-reviewer", "ar-translator"):
        client = _as(crew[who])
        assert client.get("/builds/").status_code == 403
        assert client.post("/builds/").status_code == 403
        assert "/builds/" not in client.get("/").content.decode()
    assert Client().get("/builds/")["Location"].startswith("/login/")
    assert Build.objects.count() == 1  # nobody of them asked for one
    coordinator = _as(crew["fr-coordinator"])
    assert "/builds/" in coordinator.get("/").content.decode()
    page = coordinator.get("/builds/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Constructions du site" in page and "échouée" in page
    assert "locale/fr/LC_MESSAGES/a.po:3: broken" in page
    assert str(project.root) not in page  # (the server's folders may name someone)
    assert coordinator.post("/builds/").status_code == 302
    assert Build.objects.filter(status="requested", reasons="manual").exists()
    assert "reload this page" in coordinator.get("/builds/").content.decode()
    admin = team.accept(team.pending_invitation(team.invite("", "translator",
                                                            administrator=True)),
                        "Grue", PASSWORD)
    assert _as(admin).get("/builds/").status_code == 200
    ar_coordinator = member("ar", Role.COORDINATOR, "Faucon")
    assert _as(ar_coordinator).get("/builds/").status_code == 200


def test_the_builds_page_says_where_the_site_went_in_the_readers_language(project, crew):
    """The deploy's lines ("folder PATH", "git REMOTE BRANCH (unchanged)") are the library's
    English: the page says them in the coordinator's language, the path and names as they
    are."""
    Build.objects.create(status="succeeded", languages="fr", reasons="accept", built="fr",
                         deployed="folder /srv/www/editions\n"
                                  "git git@example.org:team/site.git pages (unchanged)\n"
                                  "somewhere else")
    page = _as(crew["fr-coordinator"]).get("/builds/", HTTP_ACCEPT_LANGUAGE="fr")
    html = page.content.decode()
    assert 'le dossier <code dir="ltr">/srv/www/editions</code>' in html
    assert ('la branche <code dir="ltr">pages</code> du dépôt git <code dir="ltr">'
            'git@example.org:team/site.git</code> (inchangée') in html
    assert '<code dir="ltr">somewhere else</code>' in html  # (a line it cannot read: as is)
    assert "folder /srv" not in html and "(unchanged)" not in html


def test_the_builds_page_says_what_went_wrong_in_the_readers_language(project, crew):
    """What the build wrote is its English (Sphinx's lines, a path): above it, the page says
    what went wrong, and what readers see meanwhile, in the coordinator's language."""
    from editions.site.deploy import NOTICES

    notices = [{"code": "edition-failed", "language": "ar"}, {"code": "pdf-left-out"},
               {"code": "not-deployed"}, {"code": "deploy-failed"},
               {"code": "timeout", "minutes": "30"}, {"code": "stopped", "status": "-9"},
               {"code": "crashed"}, {"code": "edition-warnings", "language": "uk"},
               {"code": "finding", "language": "uk", "statement": "beta",
                "key": "0123456789abcdef", "title": "Заява", "severity": "error",
                "check": "sphinx-i18n", "wording": msg(
                    "%(warning)s (Sphinx, %(kind)s): make the translation's references "
                    "match the source's", warning=Quoted("inconsistent references"),
                    kind=Quoted("i18n")).encode()}]
    assert {notice["code"] for notice in notices} == set(NOTICES)
    Build.objects.create(status="failed", languages="ar,uk", reasons="accept,save",
                         log="ar: locale/ar/LC_MESSAGES/a.po:3: broken", notices=notices)
    client = _as(crew["fr-coordinator"])
    said = {}
    for language in ("en", "fr", "ar"):
        html = unescape(client.get("/builds/", HTTP_ACCEPT_LANGUAGE=language).content.decode())
        said[language] = re.findall(r"<li>(.+?)</li>",
                                    html.split('class="build-notices"')[1].split("</ul>")[0])
        assert len(said[language]) == len(notices)
        assert "locale/ar/LC_MESSAGES/a.po:3: broken" in html  # (the build's own words)
    assert said["fr"][0].startswith("L’édition en arabe n’a pas pu être construite")
    assert "code de sortie -9" in said["fr"][5] and "30 minutes" in said["fr"][4]
    assert said["ar"][0].startswith("تعذّر بناء الطبعة العربية")
    assert said["fr"][7].startswith("L’édition en ukrainien a été construite")
    for number in range(len(notices)):
        assert len({said[language][number] for language in said}) == 3
    # A translation Sphinx could not use: said in the reader's language, Sphinx's own words
    # quoted as they are, the statement's title a link to the segment.
    link = '<a href="/uk/beta/0123456789abcdef/" lang="uk" dir="ltr">Заява</a>'
    sphinx_said = render(decode(notices[8]["wording"]), "fr")
    assert sphinx_said.startswith("\u2068inconsistent references\u2069 (Sphinx, \u2068i18n")
    assert said["fr"][8] == f"<strong>Erreur</strong> dans {link}\u00a0: {sphinx_said}"
    assert said["ar"][8].startswith("<strong>خطأ</strong>") and link in said["ar"][8]
    assert said["en"][8] == (f"<strong>Error</strong> in {link}: inconsistent references "
                             "(Sphinx, i18n): make the translation's references match the "
                             "source's")
    # Lists as each language joins them (CLDR): "A et B", "A وB", never an English comma.
    french = unescape(client.get("/builds/", HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert "une suggestion acceptée et une traduction enregistrée" in french
    assert ('<span lang="ar" dir="rtl">العربية</span> et '
            '<span lang="uk" dir="ltr">Українська</span>') in french
    arabic = unescape(client.get("/builds/", HTTP_ACCEPT_LANGUAGE="ar").content.decode())
    assert "قبول اقتراح وحفظ ترجمة" in arabic and "قبول اقتراح," not in arabic


def test_a_notice_the_page_cannot_read_does_not_take_the_page_down(project, crew):
    Build.objects.create(status="failed", languages="fr", reasons="accept", log="a line",
                         notices=[{"code": "timeout"}, "junk", {"code": 5}, {},
                                  {"code": "edition-failed", "language": 5},
                                  {"code": "finding", "language": "fr"},
                                  {"code": "finding", "language": "fr", "statement": "a/b",
                                   "key": "x", "title": "T", "severity": "error",
                                   "wording": "w"},
                                  {"code": "finding", "language": "fr", "statement": "beta",
                                   "key": "0123456789abcdef", "title": "T",
                                   "severity": "error", "wording": {"msg": 5, "args": {}}},
                                  {"code": "not-deployed"}])
    page = _as(crew["fr-coordinator"]).get("/builds/", HTTP_ACCEPT_LANGUAGE="fr")
    html = unescape(page.content.decode())
    assert page.status_code == 200 and "Le site n’a pas été publié" in html
    assert "<li>timeout</li>" in html and "<li></li>" not in html


# -- the deploy ----------------------------------------------------------------------------

def _site(root: Path, marker: str, files: int = 30) -> Path:
    """A site whose every file says ``marker``."""
    for number in range(files):
        path = root / ("index.html" if number == 0 else f"fr/page-{number}.html")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<p>{marker}</p>" * 2000, encoding="utf-8")
    return root


def test_the_served_folder_switches_at_once_a_reader_never_sees_a_mix(tmp_path):
    sites = [_site(tmp_path / "a", "A"), _site(tmp_path / "b", "B")]
    served = tmp_path / "www" / "editions"
    site_deploy.deploy_to_folder(sites[0], served)
    seen: list[str] = []
    problems: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            release = Path(os.path.realpath(served))
            try:
                texts = {path.read_text(encoding="utf-8")[:8]
                         for path in release.rglob("*.html")}
                count = len(list(release.rglob("*.html")))
                trouble = "" if len(texts) == 1 and count == 30 else \
                    f"{release.name}: {sorted(texts)}, {count} files"
            except FileNotFoundError as exc:
                trouble = f"{exc.filename} missing"
            # A release is retired (renamed away at once, then removed) two deploys after it
            # stopped being served: a read that slow (a loaded machine) may see it go, as a
            # server never would mid-request. A release still there was read whole or mixed.
            if trouble and release.exists():
                problems.append(trouble)
            elif not trouble:
                seen.append(texts.pop())

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for turn in range(16):
            site_deploy.deploy_to_folder(sites[(turn + 1) % 2], served)
            time.sleep(0.01)
    finally:
        stop.set()
        thread.join()
    assert not problems, problems[:3]
    assert {"<p>A</p>", "<p>B</p>"} <= set(seen)
    assert served.is_symlink() and (served / "index.html").read_text().startswith("<p>A</p>")
    releases = sorted(site_deploy.releases_of(served).iterdir())
    assert len(releases) == 2  # the one served and the one before


def test_a_clock_set_back_between_deploys_leaves_the_served_site_whole(tmp_path, monkeypatch):
    """Releases are named by the time: a clock set back (by NTP, by hand) names the new one
    as the oldest, and it must still be the one kept and served."""
    sites = [_site(tmp_path / "a", "A", files=3), _site(tmp_path / "b", "B", files=3)]
    served = tmp_path / "www" / "editions"
    for site in sites:
        site_deploy.deploy_to_folder(site, served)
    monkeypatch.setattr(site_deploy.time, "time_ns", lambda: 10**18)  # (2001: long ago)
    site_deploy.deploy_to_folder(sites[0], served)
    assert (served / "index.html").read_text(encoding="utf-8").startswith("<p>A</p>")
    assert len(list(site_deploy.releases_of(served).iterdir())) == 2


def test_a_deploy_killed_midway_leaves_the_served_site_whole(tmp_path):
    old, new = _site(tmp_path / "old", "old"), _site(tmp_path / "new", "new", files=3000)
    served = tmp_path / "www" / "editions"
    site_deploy.deploy_to_folder(old, served)
    deploying = subprocess.Popen([sys.executable, "-c", (
        "import sys; from pathlib import Path; from editions.site.deploy import "
        "deploy_to_folder; deploy_to_folder(Path(sys.argv[1]), Path(sys.argv[2]))"),
        str(new), str(served)])
    releases = site_deploy.releases_of(served)
    try:
        for _ in range(2000):  # killed once its copy has begun
            partial = [p for p in releases.iterdir() if p.name.endswith(site_deploy.PARTIAL)]
            if partial and len(list(partial[0].rglob("*.html"))) > 100:
                break
            time.sleep(0.005)
        else:
            pytest.fail("the deploy's copy was never seen")
    finally:
        deploying.kill()
        deploying.wait()
    assert {p.read_text()[:10] for p in served.rglob("*.html")} == {"<p>old</p>"}
    assert len(list(served.rglob("*.html"))) == 30
    site_deploy.deploy_to_folder(new, served)
    assert not [p for p in releases.iterdir()
                if p.name.endswith(site_deploy.PARTIAL)]  # the unfinished copy is gone
    assert (served / "index.html").read_text().startswith("<p>new</p>")


def test_a_folder_the_deploy_did_not_make_is_not_replaced(tmp_path):
    served = tmp_path / "www"
    (served / "old").mkdir(parents=True)
    with pytest.raises(EditionsError, match="not the link"):
        site_deploy.deploy_to_folder(_site(tmp_path / "a", "A"), served)
    assert (served / "old").is_dir()


def test_the_site_is_pushed_to_the_branch_the_ci_publishes(tmp_path):
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    work = tmp_path / "work"
    assert site_deploy.deploy_to_git(_site(tmp_path / "a", "A", 3), str(remote), "pages", work)
    assert not site_deploy.deploy_to_git(tmp_path / "a", str(remote), "pages", work)
    assert site_deploy.deploy_to_git(_site(tmp_path / "b", "B", 2), str(remote), "pages", work)
    files = subprocess.run(["git", "ls-tree", "-r", "--name-only", "pages"], cwd=remote,
                           capture_output=True, text=True, check=True).stdout.split()
    assert sorted(files) == [".nojekyll", "fr/page-1.html", "index.html"]
    log = subprocess.run(["git", "log", "--format=%an <%ae>", "pages"], cwd=remote,
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert log == ["Parallel Editions <editions@localhost>"] * 2


def test_the_sites_commits_say_the_day_never_the_moment_of_a_volunteers_accept(tmp_path):
    """A public branch whose commits are dated to the second tells, build after build,
    when the team works (a rebuild follows an accept by seconds): dated to the day, as the
    workspace's own commits are."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    assert site_deploy.deploy_to_git(_site(tmp_path / "a", "A", 2), str(remote), "pages",
                                     tmp_path / "work")
    dates = subprocess.run(["git", "log", "--format=%ad %cd", "--date=iso-strict", "pages"],
                           cwd=remote, capture_output=True, text=True, check=True).stdout
    assert dates.split() and all(d.endswith("T00:00:00+00:00") for d in dates.split()), dates


def test_a_remotes_password_or_token_is_never_shown_nor_kept(project, crew, monkeypatch):
    """The remote in conf.py may carry the token that lets this machine push: no
    coordinator sees it on the builds page, and no build row keeps it."""
    import dataclasses

    from editions.workspace.views import builds as builds_view

    remote = "https://deployer:ghp_S3CRETTOKEN@example.org/team/site.git"
    secret = dataclasses.replace(project, deploy_git=(remote, "pages"))
    (project.html_dir).mkdir(parents=True, exist_ok=True)
    (project.html_dir / "index.html").write_text("<p>site</p>", encoding="utf-8")
    monkeypatch.setattr(site_deploy, "deploy_to_git", lambda *args: True)
    done = site_deploy.deploy(secret)
    assert done == ["git https://example.org/team/site.git pages"]
    monkeypatch.setattr(builds_view, "current_project", lambda: secret)
    Build.objects.create(status="succeeded", deployed="\n".join(done))
    page = _as(crew["fr-coordinator"]).get("/builds/").content.decode()
    assert "S3CRETTOKEN" not in page and "deployer" not in page
    assert "https://example.org/team/site.git" in page


def test_conf_py_says_where_the_site_goes_and_a_mistake_is_one_line(tmp_path):
    project = write_project(tmp_path / "p", ["fr"])
    with project.conf_py.open("a", encoding="utf-8") as conf:
        conf.write("editions_deploy = {'folder': '../www/site', "
                   "'git': {'remote': '/srv/site.git'}}\n")
    project = load_project(project.root)
    assert project.deploy_folder == tmp_path / "www" / "site"
    assert project.deploy_git == ("/srv/site.git", "pages")
    with project.conf_py.open("a", encoding="utf-8") as conf:
        conf.write("editions_deploy = {'folders': '/srv'}\n")
    with pytest.raises(EditionsError, match="unknown key 'folders'") as refused:
        load_project(project.root)
    assert "conf.py" in str(refused.value)


def test_the_real_build_deploys_only_a_clean_site(tiny, tmp_path):
    """``editions deploy --build`` and the workspace's runner (its build in a process of its
    own) run the same function; a broken catalog fails the build, and readers keep the site
    as it was."""
    catalogs.update(tiny)
    with tiny.conf_py.open("a", encoding="utf-8") as conf:
        conf.write(f"editions_deploy = {{'folder': {str(tmp_path / 'www')!r}}}\n")
    result = run(tiny, "deploy", "--build")
    assert result.exit_code == 0, result.output
    served = tmp_path / "www"
    assert (served / "fr" / "index.html").is_file() and served.is_symlink()
    release = os.path.realpath(served)
    catalog = tiny.catalog_path("fr", "beta")
    catalog.write_text(catalog.read_text(encoding="utf-8") + '\nmsgid "unclosed\n',
                       encoding="utf-8")
    with try_lock(site_deploy.site_lock_path(tiny)) as lock:
        outcome = rebuilds.build_in_child(load_project(tiny.root), lock)
    assert not outcome.ok and outcome.deployed == []
    assert any("beta.po" in line for line in outcome.problems), outcome.problems
    assert "not deployed" in outcome.problems[-1]
    assert outcome.notices == [{"code": "edition-failed", "language": "fr"},
                               {"code": "not-deployed"}]
    assert os.path.realpath(served) == release


def test_deploy_says_what_to_do_when_conf_py_names_no_place(tiny):
    refused_cleanly(run(tiny, "deploy"), "no built site")
    (tiny.html_dir).mkdir(parents=True)
    (tiny.html_dir / "index.html").write_text("<p>site</p>")
    refused_cleanly(run(tiny, "deploy"), "editions_deploy")


def test_the_repository_ships_pages_workflows_that_run_make():
    """(Read as text: no YAML library is installed.) GitHub's with the official actions,
    GitLab's ``pages`` job publishing ``public/``; the real conf.py documents the setting."""
    github = (REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    for step in ("actions/checkout@v4", "run: make", "actions/upload-pages-artifact@v3",
                 "path: _build/html", "actions/deploy-pages@v4", "pages: write",
                 "id-token: write", "fetch-depth: 0"):  # (the history: progress, sitemap)
        assert step in github, step
    gitlab = (REPO / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert gitlab.startswith("#") and "\npages:\n" in gitlab
    for line in ("- make", "cp -r _build/html public", "- public", "GIT_DEPTH: 0"):
        assert line in gitlab, line
    real = load_project(REPO)
    assert (real.deploy_folder, real.deploy_git) == (None, None)
    assert "editions_deploy" in (REPO / "conf.py").read_text(encoding="utf-8")


def test_the_builds_page_on_a_360_px_phone_in_arabic_with_javascript_off(
        project_and_state, browser):
    """Served by ``editions workspace`` (no team: its one loopback user coordinates): long
    log lines wrap, nothing scrolls sideways, axe finds nothing, and "Rebuild now" works as
    a plain form."""
    project, state = project_and_state
    _second_process(project, state, """
        from editions.workspace.models import Build
        Build.objects.create(status="failed", languages="fr,ar", reasons="accept,save",
                             log="fr: locale/fr/LC_MESSAGES/palestine-global-movement.po:123: "
                             + "an-unbroken-word-" * 12 + "\\nnot deployed: an edition failed",
                             notices=[{"code": "edition-failed", "language": "fr"},
                                      {"code": "finding", "language": "fr",
                                       "statement": "palestine-global-movement",
                                       "key": "0123456789abcdef", "title": "Un mouvement mondial",
                                       "severity": "error", "check": "sphinx-i18n",
                                       "wording": {"msg": "%(warning)s (Sphinx, %(kind)s): make "
                                                   "the translation's references match the "
                                                   "source's", "args": {
                                           "warning": {"quoted": "inconsistent footnote "
                                                       "references in translated message. "
                                                       "original: ['[#]_'], translated: []"},
                                           "kind": {"quoted": "i18n.inconsistent_references"}}}},
                                      {"code": "not-deployed"}])
        Build.objects.create(status="succeeded", languages="uk", reasons="revert", built="uk,en",
                             deployed="folder /srv/www/editions/with/a/rather/long/path/indeed")
        print("{}")
        """)
    with serve_workspace(project, state) as (base_url, _env):
        context = browser.new_context(viewport={"width": 360, "height": 800}, locale="ar",
                                      java_script_enabled=False)
        page = context.new_page()
        assert page.goto(f"{base_url}/builds/").ok
        assert page.get_attribute("html", "dir") == "rtl"
        assert page.locator("ol.builds > li").count() == 2
        assert page.locator(".build-notices li").first.inner_text().startswith(
            "تعذّر بناء الطبعة الفرنسية")
        finding = page.locator(".build-notices li").nth(1)
        assert finding.inner_text().startswith("خطأ في Un mouvement mondial")
        assert finding.locator("a[lang=fr][dir=ltr]").get_attribute("href") == (
            "/fr/palestine-global-movement/0123456789abcdef/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "builds-ar-360.png"), full_page=True)
        page.get_by_role("button", name="أعد البناء الآن").click()
        assert page.locator("ol.builds > li").count() == 3
        assert page.locator("p[role=status] a[href='/builds/']").count() == 1
        context.close()
        if AXE.exists():
            checked = browser.new_context(viewport={"width": 360, "height": 800},
                                          locale="ar", bypass_csp=True)
            page = checked.new_page()
            page.goto(f"{base_url}/builds/")
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate("axe.run()")["violations"]
            checked.close()
            assert not violations, describe_violations(violations)


def test_only_the_newest_finished_builds_are_kept(db, project, monkeypatch):
    """Builds kept for ever would say when each team worked: past the newest ``KEPT``
    finished ones, they go (one waiting or running is never removed)."""
    monkeypatch.setattr(rebuilds, "KEPT", 3)
    builder = Builder()
    for _turn in range(5):
        rebuilds.request_rebuild(project, ["fr"], "accept", settle=0)
        assert rebuilds.run_due(project, builder) is not None
    rebuilds.request_rebuild(project, ["uk"], "accept", settle=0)
    kept = list(Build.objects.order_by("pk"))
    assert [b.status for b in kept] == ["succeeded"] * 3 + ["requested"]
    assert kept[-2].pk == builder.runs[-1].pk  # the newest finished are those kept


def test_the_kept_versions_a_build_refreshed_are_committed(db, project):
    """Where the workspace commits what it writes, what a successful build refreshed (the
    kept versions under locale/) is committed after it, by the workspace."""
    project = workspace_committing(project)
    kept = project.locale_dir / "fr" / "published" / "kept-by-the-build.po"

    def refreshing(project, lock: int) -> SiteOutcome:
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
        return SiteOutcome(ok=True)

    def log() -> list[str]:
        return subprocess.run(["git", "-C", str(project.root), "log", "--format=%an|%s"],
                              capture_output=True, text=True, check=True).stdout.splitlines()

    rebuilds.request_rebuild(project, ["fr"], "accept", settle=0)
    assert rebuilds.run_due(project, refreshing) is not None
    assert log()[0].startswith("Parallel Editions workspace|The kept versions")
    assert subprocess.run(["git", "-C", str(project.root), "status", "--porcelain", "--",
                           "locale"], capture_output=True, text=True, check=True).stdout == ""
    rebuilds.request_rebuild(project, ["fr"], "accept", settle=0)
    assert rebuilds.run_due(project, refreshing) is not None
    assert len(log()) == 2  # nothing changed since: no empty commit


def test_a_builds_commit_takes_the_kept_versions_and_no_hand_edit(db, project):
    """After a build, the workspace commits the kept versions the build refreshed, never a
    file somebody edited by hand and has not committed (a source, a catalog, conf.py): that
    edit is theirs to commit, under their own message, or to drop."""
    project = workspace_committing(project)
    kept = project.locale_dir / "fr" / "published" / "kept-by-the-build.po"
    source = project.statement_source(project.statements()[0])
    catalog = next((project.locale_dir / "fr" / "LC_MESSAGES").glob("*.po"))
    for path in (source, catalog, project.conf_py):
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    def refreshing(project, lock: int) -> SiteOutcome:
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
        return SiteOutcome(ok=True)

    rebuilds.request_rebuild(project, ["fr"], "accept", settle=0)
    assert rebuilds.run_due(project, refreshing) is not None
    committed = subprocess.run(["git", "-C", str(project.root), "show", "--name-only",
                                "--format=", "HEAD"], capture_output=True, text=True,
                               check=True).stdout.split()
    assert committed == [str(kept.relative_to(project.root))]
    left = subprocess.run(["git", "-C", str(project.root), "status", "--porcelain"],
                          capture_output=True, text=True, check=True).stdout
    for path in (source, catalog, project.conf_py):
        assert f" M {path.relative_to(project.root)}" in left.splitlines()
