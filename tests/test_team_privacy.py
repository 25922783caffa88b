"""What the project publishes names no volunteer and no moment of their work by default
(issue 30, point 12): workspace commits are authored by the language's team and dated to the
day, unless the volunteer chose to be named; the public progress data and the claims file
give days, never times.
"""

from __future__ import annotations

import json
import subprocess

from editions.progress.claims import claims_path
from editions.project import Project
from editions.site import build
from editions.workspace.models import Suggestion

from .conftest import STATEMENT, _as, _post, _url, _with_number, catalogs_committed, git, translate


def _commits_on(project: Project) -> list[str]:
    gitc = ["git", "-C", str(project.root), "-c", "user.name=t", "-c", "user.email=t@invalid"]
    subprocess.run([*gitc[:3], "init", "-q"], check=True)
    subprocess.run([*gitc, "add", "."], check=True)
    subprocess.run([*gitc, "commit", "-qm", "start"], check=True)
    project.conf_py.write_text(project.conf_py.read_text(encoding="utf-8")
                               + "\neditions_workspace_commits = True\n", encoding="utf-8")
    subprocess.run([*gitc, "commit", "-qam", "commits on"], check=True)
    return gitc[:3]


def _last_commit(git_command: list[str]) -> str:
    return subprocess.run([*git_command, "log", "-1", "--format=%an|%aI|%cI|%s"],
                          capture_output=True, text=True, check=True).stdout.strip()


def test_a_workspace_commit_names_the_team_and_the_day_unless_the_volunteer_chose(project,
                                                                                 crew):
    git_command = _commits_on(project)
    entry = _with_number(project)
    reviewer = _as(crew["fr-reviewer"])
    first = entry.translation + " Ensemble."
    assert _post(reviewer, entry, first).status_code == 302
    author, authored, committed, subject = _last_commit(git_command).split("|", 3)
    assert author == "French translation team" and "Pivert" not in subject
    assert authored.endswith("T00:00:00Z") or authored.endswith("T00:00:00+00:00")
    assert committed == authored
    # A translator's suggestion, accepted: the words are the translator's.
    assert _post(_as(crew["fr-translator"]), entry, first + " Toujours.").status_code == 302
    number = Suggestion.objects.get().pk
    assert reviewer.post(f"{_url(entry)}suggestions/{number}", {
        "action": "accept", "expected_translation": first, "expected_fuzzy": "False",
    }).status_code == 302
    author, _, _, subject = _last_commit(git_command).split("|", 3)
    assert author == "French translation team" and subject.endswith("(accepted by a reviewer)")
    # Named on their account page, they are named.
    page = reviewer.get("/account/").content.decode()
    assert 'name="named_in_commits"' in page
    assert reviewer.post("/account/", {"action": "preferences",
                                       "named_in_commits": "on"}).status_code == 302
    assert reviewer.get("/account/?download=1").json()["named_in_commits"] is True
    assert _post(reviewer, entry, first, expected=(first + " Toujours.", False)
                 ).status_code == 302
    assert _last_commit(git_command).startswith("Pivert|")


def test_the_public_progress_history_is_dated_to_the_day(tiny: Project):
    catalogs_committed(tiny)
    translate(tiny, "fr", "beta", {"Beta statement": "Déclaration bêta"})
    git(tiny.root, "commit", "-qam", "a save")
    translate(tiny, "fr", "beta", {"Only one paragraph, and no date.": "Un seul paragraphe."})
    git(tiny.root, "commit", "-qam", "another save, the same day")
    build.build(tiny, jobs=1)
    data = json.loads((tiny.html_dir / "progress" / "progress.json").read_text())
    french = data["history"]["fr"]
    assert len(french) == 1 and len(french[0]["date"]) == 10  # one day, no time of day
    assert "T" not in json.dumps(data["history"])


def test_the_public_claims_file_gives_a_day(project, client):
    client.post(f"/uk/{STATEMENT}/claim", {"pseudonym": "Kalyna-7"})
    rows = json.loads(claims_path(project).read_text(encoding="utf-8"))
    assert rows and all(len(row["expires"]) == 10 for row in rows)


def test_a_deleted_account_leaves_no_claim_session_or_public_trace(project, crew):
    """Found: its claims stayed, in the database and in the public claims file the progress
    page shows, until they lapsed; and so did its other sessions."""
    from editions.workspace.models import Claim, Session

    laptop, phone = _as(crew["fr-translator"]), _as(crew["fr-translator"])
    assert laptop.post(f"/fr/{STATEMENT}/claim", {}).status_code == 302
    assert "Mésange" in claims_path(project).read_text(encoding="utf-8")
    data = laptop.get("/account/?download=1").json()
    assert [c["statement"] for c in data["claims"]] == [STATEMENT]
    assert len(data["sessions"]) == 2  # the laptop's and the phone's
    assert laptop.post("/account/", {"password": "a long passphrase of the team"}
                       ).status_code == 302
    assert not Claim.objects.exists() and not Session.objects.filter(
        user_id=crew["fr-translator"].pk).exists()
    assert json.loads(claims_path(project).read_text(encoding="utf-8")) == []
    assert phone.get("/fr/").status_code == 302  # signed out, to the login page
