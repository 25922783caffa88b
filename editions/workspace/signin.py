"""Signing in, without letting a stranger lock a volunteer out or slow the team down.

Device cookies (OWASP's "Slow Down Online Guessing Attacks with Device Cookies"): a browser
that signs in to an account gets a signed cookie holding a random nonce and a tag that
names the account to the server alone (a keyed digest: a seized computer's cookie says
whose it is to no one without the server's secret); nothing about the browser is kept.
Wrong passwords from browsers without such a cookie lock out only browsers without one
(``MAX_FAILURES`` per ``FAILURE_WINDOW`` and account); a
browser with one counts its own failures (``MAX_DEVICE_FAILURES``), so whoever guesses
cannot shut the owner out, and guessing stays bounded either way.

A failure is kept as a row of its account (the time, and for a trusted browser a digest of
its nonce), deleted with the account and shown in its export; a name that is nobody's
records nothing, so nothing typed (a passphrase in the name field) is ever written.

Password hashing (Argon2, about 0.3 s of both cores here) for login attempts is bounded per
process: ``ANONYMOUS_SLOTS`` checks at once for browsers without a device cookie of the
account, one more for browsers with one, taken without waiting; an attempt that finds no
free slot is answered "busy" at once, without hashing. Signed-in members never hash, so
their pages do not wait on it; and the anonymous checks run in one thread at the lowest CPU
priority (``Argon2PasswordHasher``), so that members' pages come first for the processor.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, hashers
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import LoginFailure

#: Wrong passwords to one account from browsers without its device cookie, within the
#: window, after which such browsers wait out the window (the right password included).
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
#: Wrong passwords from one browser holding the account's device cookie, within the window.
MAX_DEVICE_FAILURES = 5

DEVICE_COOKIE = "workspace_device"
_DEVICE_SALT = "editions.workspace.device"
DEVICE_LIFETIME = timedelta(days=90)

#: Password checks at once, per process, for attempts without the account's device cookie,
#: and for attempts with one (their own lane: a flood cannot keep the owner out).
ANONYMOUS_SLOTS = 1
_slots = {False: threading.BoundedSemaphore(ANONYMOUS_SLOTS), True: threading.BoundedSemaphore(1)}
_anonymous = threading.local()
#: Slots taken now, per lane (read without a lock by ``turn_free``: a glance may be stale by
#: one request, and the semaphore decides).
_in_use = {False: 0, True: 0}


def _lowest_priority() -> None:
    """Make the hashing thread yield the processor to everything else (Argon2's own worker
    threads, started from it, inherit its priority)."""
    if sys.platform == "linux":  # (there a thread has its own nice value)
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


_hashing = ThreadPoolExecutor(max_workers=ANONYMOUS_SLOTS, thread_name_prefix="login-hash",
                              initializer=_lowest_priority)


class Argon2PasswordHasher(hashers.Argon2PasswordHasher):
    """Django's Argon2 hasher (the same hashes and parameters), whose work for an anonymous
    attempt (``hashing_turn``) runs in the low-priority hashing thread."""

    def encode(self, password: str, salt: str) -> str:
        return _in_turn(super().encode, password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        return _in_turn(super().verify, password, encoded)


def _in_turn(work: Callable, *arguments: str):
    if getattr(_anonymous, "active", False):
        return _hashing.submit(work, *arguments).result()
    return work(*arguments)


@dataclass(frozen=True)
class Device:
    """A browser trusted for one account: the account, and its cookie's nonce's digest."""

    user_id: int
    digest: str


@dataclass(frozen=True)
class DeviceCookie:
    """What a device cookie holds: a nonce, and a tag that names its account only to the
    server (a keyed digest of the account and the nonce). The cookie of a seized computer
    says that it signed in somewhere, not as whom."""

    tag: str
    nonce: str

    def for_account(self, user) -> Device | None:
        """The trusted browser of ``user``, if this cookie is that account's."""
        if user is None or not constant_time_compare(self.tag, _tag(user.pk, self.nonce)):
            return None
        return Device(user.pk, hashlib.sha256(self.nonce.encode("ascii", "replace")).hexdigest())


def _tag(user_id: int, nonce: str) -> str:
    return salted_hmac(_DEVICE_SALT, f"{user_id}:{nonce}", algorithm="sha256").hexdigest()[:32]


def device(request: HttpRequest) -> DeviceCookie | None:
    """The browser's device cookie, if its signature holds and it is under 90 days old."""
    value = request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=_DEVICE_SALT,
                                      max_age=DEVICE_LIFETIME)
    tag, _, nonce = (value or "").partition(":")
    if len(tag) != 32 or not nonce:  # (an older cookie named its account: no trust)
        return None
    return DeviceCookie(tag, nonce)


def session_lane(request: HttpRequest) -> Device:
    """A signed-in member's own count of wrong passwords (deleting their account asks for
    it), kept by their session as a trusted browser's is by its cookie: a stranger's
    guesses never touch it, and its bound holds for whoever sits at a session left open."""
    key = request.session.session_key or ""
    return Device(request.user.pk,
                  hashlib.sha256(f"session {key}".encode("ascii", "replace")).hexdigest())


def remember_device(response: HttpResponse, user) -> None:
    """Give the browser that just signed in its (new) device cookie."""
    nonce = secrets.token_urlsafe(24)
    response.set_signed_cookie(DEVICE_COOKIE, f"{_tag(user.pk, nonce)}:{nonce}",
                               salt=_DEVICE_SALT, max_age=DEVICE_LIFETIME, httponly=True,
                               samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)


def forget_device(response: HttpResponse) -> None:
    response.delete_cookie(DEVICE_COOKIE, samesite="Lax")


def account(username: str):
    """The account this name signs in to (as Django's backend finds it), or None."""
    model = get_user_model()
    return model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()


def refused(user, trusted: Device | None) -> bool:
    """Whether this browser may not try a password for ``user`` now: too many failures from
    untrusted browsers, or (with the account's device cookie) from this very browser."""
    recent = LoginFailure.objects.filter(user=user, at__gte=timezone.now() - FAILURE_WINDOW)
    if trusted is not None:
        return recent.filter(device=trusted.digest).count() >= MAX_DEVICE_FAILURES
    return recent.filter(device="").count() >= MAX_FAILURES


def record_failure(user, trusted: Device | None) -> None:
    LoginFailure.objects.filter(at__lt=timezone.now() - FAILURE_WINDOW).delete()
    LoginFailure.objects.create(user=user, device=trusted.digest if trusted else "")


def forget_failures(user, trusted: Device | None) -> None:
    """A trusted browser that signs in starts its own count again; failures from untrusted
    browsers lapse on their own (the owner's sign-in does not give a guesser more tries)."""
    if trusted is not None:
        LoginFailure.objects.filter(user=user, device=trusted.digest).delete()


def dummy_hash(password: str) -> None:
    """The work a real check does (what Django's backend does for an unknown name): a
    refused attempt takes as long as a wrong password, and tells nothing more."""
    make_password(password)


def turn_free(trusted: bool) -> bool:
    """Whether a password-check slot of this lane is free now: a glance for answering a
    flood cheaply, not a reservation (``hashing_turn`` takes one)."""
    return _in_use[trusted] < (1 if trusted else ANONYMOUS_SLOTS)


@contextmanager
def hashing_turn(trusted: bool) -> Iterator[bool]:
    """One of the process's password-check slots, if one is free now (never waited for)."""
    slot = _slots[trusted]
    if not slot.acquire(blocking=False):
        yield False
        return
    _anonymous.active = not trusted
    _in_use[trusted] += 1
    try:
        yield True
    finally:
        _in_use[trusted] -= 1
        _anonymous.active = False
        slot.release()
