"""``editions workspace``: bring the database up to date, then serve with waitress.

waitress is a production WSGI server in pure Python (no compiler, any OS); it writes no
access log, so no volunteer's address is recorded. Static files are served by WhiteNoise
from the package itself.
"""

from __future__ import annotations

import ipaddress
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from editions.errors import EditionsError
from editions.project import Project


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


#: What SQLite writes beside a database: they hold its latest pages, sessions included.
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def _warn(line: str) -> None:
    print(line, file=sys.stderr)


def _state_paths(state: Path, database: Path | None) -> Iterator[Path]:
    """The state folder, everything in it (links left alone), and a database kept elsewhere
    with its side files."""
    yield state
    for folder, folders, files in os.walk(state):
        for name in folders + files:
            path = Path(folder) / name
            if not path.is_symlink():
                yield path
    if database is not None and state not in database.parents:
        for path in (database, *(Path(f"{database}{end}") for end in SQLITE_SIDE_FILES)):
            if path.exists():
                yield path


def secure_state(state: Path, database: Path | None, warn: Callable[[str], None] = _warn
                 ) -> None:
    """Make the state folder (secret key, database, sessions) the server user's alone:
    folders 0700, files 0600, the SQLite database created 0600 before SQLite makes its WAL
    and shared-memory files (which take its mode). Modes left open by an older version are
    repaired, and said once, rather than refused: the workspace made them so itself, and
    the coordinator learns that the files were readable; a folder or file of another user is
    refused, since only they can fix it."""
    if os.name != "posix":
        return
    state.mkdir(parents=True, exist_ok=True, mode=0o700)
    if database is not None and not database.exists() and database.parent.is_dir():
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    opened: list[str] = []
    for path in _state_paths(state, database):
        status = path.stat()
        wanted = 0o700 if stat.S_ISDIR(status.st_mode) else 0o600
        if stat.S_IMODE(status.st_mode) == wanted:
            continue
        if status.st_uid != os.geteuid():
            raise EditionsError(
                f"{path} belongs to another user of this machine: the workspace keeps its "
                "secret key, database and sessions there only if they are its own",
                hint=f"run the workspace as that user, or give it the folder: chown -R "
                f"{os.geteuid()} {state}")
        if stat.S_IMODE(status.st_mode) & 0o077:
            opened.append(f"{path.name or path} ({stat.S_IMODE(status.st_mode):o})")
        try:
            os.chmod(path, wanted)
        except OSError as exc:
            raise EditionsError(f"cannot make {path} the workspace's alone: {exc.strerror}",
                                hint=f"chmod -R go= {state}") from exc
    if opened:
        warn(f"The workspace's state {state} was readable by other users of this machine "
             f"({', '.join(opened[:3])}{', …' if len(opened) > 3 else ''}): it is now its "
             "user's alone (folders 0700, files 0600).")


def sqlite_path() -> Path | None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return None
    name = str(database["NAME"])
    return None if name == ":memory:" or name.startswith("file:") else Path(name)


def configure(project: Project, host: str, warn: Callable[[str], None] = _warn) -> None:
    """Point Django at this project, make its state folder private (``secure_state``), then
    set Django up and migrate its database."""
    os.environ["EDITIONS_PROJECT_ROOT"] = str(project.root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "editions.workspace.settings")
    if not is_loopback(host) and not os.environ.get("EDITIONS_WORKSPACE_HOSTS"):
        if host in ("0.0.0.0", "::", ""):
            raise EditionsError(
                f"--host {host or '(all)'} listens on every address: say which names the "
                "workspace answers to", hint="set EDITIONS_WORKSPACE_HOSTS, e.g. "
                "EDITIONS_WORKSPACE_HOSTS=translate.example.org,192.168.1.10 (any other Host "
                "is refused, so that no web page can reach it through DNS rebinding)")
        os.environ["EDITIONS_WORKSPACE_HOSTS"] = host
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.db import DatabaseError

    state = Path(settings.STATE_DIR)
    secure_state(state, sqlite_path(), warn)  # (before Django compiles or connects)
    django.setup()
    secure_state(state, sqlite_path(), lambda _line: None)  # (catalogs just compiled)
    try:
        call_command("migrate", interactive=False, verbosity=0)
    except DatabaseError as exc:  # (a damaged file, a server that refuses: one line)
        where = sqlite_path()
        raise EditionsError(
            f"the workspace's database cannot be used: {' '.join(str(exc).split())}", where,
            hint=("restore it from a backup, or move it aside to start an empty one (the "
                  "team, claims and history are in it; the translations are in the PO files)"
                  if where else "check EDITIONS_WORKSPACE_DATABASE_URL and that the database "
                  "server runs")) from exc
    from .sessions import SessionStore
    from .team import keep_name_keys

    SessionStore.clear_expired()  # expired sessions are forgotten at each start
    keep_name_keys()  # (made anew if Python's Unicode data or confusables changed)


def serve(project: Project, host: str, port: int, *, threads: int = 8, rebuild: bool = True,
          announce: Callable[[str], None] = print) -> None:
    """Serve until interrupted; ``announce`` gets the address once it listens (port 0 picks
    a free one). With ``rebuild``, a thread of this process rebuilds and deploys the site
    after changes (``rebuilds``; with several processes, the site lock lets one build at a
    time, whichever asked)."""
    from django.core.wsgi import get_wsgi_application
    from waitress.server import create_server

    configure(project, host)
    application = get_wsgi_application()  # (as wsgi.py makes it, which imports this module)
    try:
        server = create_server(application, host=host, port=port, threads=threads,
                               ident="editions-workspace")
    except OSError as exc:
        raise EditionsError(f"cannot listen on {host}:{port}: {exc.strerror}",
                            hint="choose another --port, or stop what uses it") from exc
    if rebuild:
        from .rebuilds import start_watching

        start_watching(project)
    shown = f"[{host}]" if ":" in host else host
    announce(f"Workspace of {Path(project.root).name} on "
             f"http://{shown}:{server.effective_port}/ (Ctrl+C stops)")
    from .permissions import open_without_team
    from .team import accounts_exist

    if not accounts_exist() and not open_without_team():
        announce("It has no team yet, and answers to other names than this machine's: "
                 "nobody is let in until 'editions workspace invite --admin' makes the "
                 "first account.")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
