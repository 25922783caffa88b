"""Imported by a printing build's worker server before it forks its workers: WeasyPrint and
Pango, once, where they can start (where Pango is missing, WeasyPrint raises OSError, which
the server's own preloading does not catch; the build says why no PDF is made)."""

import contextlib

from .print_loading import import_weasyprint

with contextlib.suppress(ImportError, OSError):
    import_weasyprint()
