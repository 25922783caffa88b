"""The WSGI application a production server (waitress, gunicorn) runs."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "editions.workspace.settings")
application = get_wsgi_application()
