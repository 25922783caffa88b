from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "editions.workspace"
    label = "workspace"
    verbose_name = "Parallel Editions workspace"
    default_auto_field = "django.db.models.BigAutoField"
