"""``editions workspace``: bring the database up to date, then serve with waitress.

waitress is a production WSGI server in pure Python (no compiler, any OS); it writes no
access log, so no volunteer's address is recorded. Static files are served by WhiteNoise
from the package itself.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable
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


def configure(project: Project, host: str) -> None:
    """Point Django at this project, then set it up and migrate its database."""
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
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from .sessions import SessionStore

    SessionStore.clear_expired()  # expired sessions are forgotten at each start


def serve(project: Project, host: str, port: int, *, threads: int = 8,
          announce: Callable[[str], None] = print) -> None:
    """Serve until interrupted; ``announce`` gets the address once it listens (port 0 picks
    a free one)."""
    from waitress.server import create_server

    configure(project, host)
    from .wsgi import application

    try:
        server = create_server(application, host=host, port=port, threads=threads,
                               ident="editions-workspace")
    except OSError as exc:
        raise EditionsError(f"cannot listen on {host}:{port}: {exc.strerror}",
                            hint="choose another --port, or stop what uses it") from exc
    shown = f"[{host}]" if ":" in host else host
    announce(f"Workspace of {Path(project.root).name} on "
             f"http://{shown}:{server.effective_port}/ (Ctrl+C stops)")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
