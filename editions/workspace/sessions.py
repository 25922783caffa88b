"""Sessions that a stolen database cannot replay and that end on their own.

Django's database sessions keep each cookie's value as the row's key: whoever reads the
database signs in as anyone. Here only a SHA-256 digest of the key is stored (the key is 32
random characters, about 165 bits: nothing to guess back), each row names its account (so
that deleting the account deletes its sessions), and a session ends 12 hours after its last
request (``SESSION_COOKIE_AGE``) and 7 days after it began or signed in
(``EDITIONS_SESSION_MAX_DAYS``), whatever the browser does with its cookie.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends import db
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

#: When the session began, or its user last signed in (seconds since the epoch, UTC).
SINCE = "_editions_since"
#: A session read within this long of its last renewal is not written again: a request does
#: not cost a write (SQLite has one writer at a time), and the idle limit moves by at most this.
RENEW_AFTER = timedelta(minutes=5)


def digest(session_key: str) -> str:
    """What the database keeps of a session key: enough to find it, nothing to present."""
    return hashlib.sha256(session_key.encode("ascii", "replace")).hexdigest()


def _lifetime() -> timedelta:
    return timedelta(days=settings.EDITIONS_SESSION_MAX_DAYS)


class SessionStore(db.SessionStore):
    """Django's database store, with every look-up, save and delete by the key's digest."""

    @classmethod
    def get_model_class(cls) -> type:
        from .models import Session

        return Session

    def _get_session_from_db(self) -> Any:
        try:
            return self.model.objects.get(session_key=digest(self.session_key),
                                          expire_date__gt=timezone.now())
        except self.model.DoesNotExist:
            self._session_key = None
            return None

    def load(self) -> dict[str, Any]:
        """The session's data; none once it has passed its 7 days (the row is deleted). A
        session read more than ``RENEW_AFTER`` after its last save is marked for saving,
        which moves its idle limit on."""
        row = self._get_session_from_db()
        if row is None:
            return {}
        data = self.decode(row.session_data)
        now = timezone.now()
        since = data.get(SINCE)
        if not isinstance(since, int | float) or now >= _ends(since):
            row.delete()
            self._session_key = None
            return {}
        if min(now + timedelta(seconds=self.get_session_cookie_age()), _ends(since)) \
                - row.expire_date > RENEW_AFTER:
            self.modified = True
        return data

    def exists(self, session_key: str) -> bool:
        return self.model.objects.filter(session_key=digest(session_key)).exists()

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        """The row: the key's digest, the account, and an expiry that is the earlier of the
        idle limit and the session's 7 days."""
        since = data.setdefault(SINCE, timezone.now().timestamp())
        user = data.get(SESSION_KEY)
        return self.model(
            session_key=digest(self._get_or_create_session_key()),
            session_data=self.encode(data),
            expire_date=min(self.get_expiry_date(), _ends(since)),
            user_id=int(user) if isinstance(user, str) and user.isdigit() else None,
        )

    def delete(self, session_key: str | None = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self.model.objects.filter(session_key=digest(session_key)).delete()

    # The workspace is served by WSGI; the asynchronous variants go through the same code.
    async def aload(self) -> dict[str, Any]:
        return await sync_to_async(self.load)()

    async def aexists(self, session_key: str) -> bool:
        return await sync_to_async(self.exists)(session_key)

    async def acreate_model_instance(self, data: dict[str, Any]) -> Any:
        return await sync_to_async(self.create_model_instance)(data)

    async def adelete(self, session_key: str | None = None) -> None:
        await sync_to_async(self.delete)(session_key)


def _ends(since: float) -> datetime:
    return datetime.fromtimestamp(since, UTC) + _lifetime()


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, but a request that carries a session cookie reads its session, whatever
    the page: every request counts against the idle limit, not only those that look at it."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            request.session.keys()  # (loads it: renewed or refused there)


@receiver(user_logged_in, dispatch_uid="editions.workspace.sessions.signed_in")
def _signed_in(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """Signing in starts the session's 7 days again (its key is new, too: Django cycles it)."""
    if request is not None and hasattr(request, "session"):
        request.session[SINCE] = timezone.now().timestamp()
