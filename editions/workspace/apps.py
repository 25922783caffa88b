from pathlib import Path

from django.apps import AppConfig
from django.conf import settings

from editions.interface_catalogs import compile_if_newer


class WorkspaceConfig(AppConfig):
    name = "editions.workspace"
    label = "workspace"
    verbose_name = "Parallel Editions workspace"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Compile the interface's PO files (kept in the package, edited like any catalog)
        into the ``.mo`` files Django reads, where they are missing or older."""
        from . import sessions  # noqa: F401  (its sign-in receiver dates each session)

        source = Path(__file__).resolve().parent / "locale"
        target = Path(settings.LOCALE_PATHS[0])
        for po_path in sorted(source.glob("*/LC_MESSAGES/django.po")):
            language = po_path.parent.parent.name
            compile_if_newer(po_path, target / language / "LC_MESSAGES" / "django.mo",
                             language)
