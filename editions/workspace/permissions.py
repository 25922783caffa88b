"""The one question every view asks: may this visitor do this, in this language?

Until teams and roles arrive, a workspace is open to whoever reaches it (it listens on
loopback unless a coordinator opens it), so the answer is the setting
``EDITIONS_WORKSPACE_OPEN``. Teams will answer from memberships, here and nowhere else.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied

#: What a visitor may be allowed to do: read the pages, save translations, claim statements.
ACTIONS = ("view", "translate", "claim")


def can(user, action: str, language: str | None = None) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return bool(settings.EDITIONS_WORKSPACE_OPEN)


def require(user, action: str, language: str | None = None) -> None:
    """Raise Django's 403 unless ``can``."""
    if not can(user, action, language):
        raise PermissionDenied
