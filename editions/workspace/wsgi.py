"""The WSGI application a production server (waitress, gunicorn) runs: its state folder is
made the server user's alone first, however it was started (``server.secure_state``)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from .server import secure_state, sqlite_path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "editions.workspace.settings")
secure_state(Path(settings.STATE_DIR), sqlite_path())
application = get_wsgi_application()
