"""Facts about languages, all from babel: validity, names, direction, dates, plural forms."""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date
from babel.numbers import format_percent

from .errors import EditionsError


@cache
def locale_for(code: str) -> Locale:
    """Parse a language code (``fr``, ``pt_BR``, ``pt-BR``) or raise a clear error."""
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise EditionsError(
            f"unknown language code {code!r}",
            hint="use an ISO 639 code that babel knows, such as 'fr', 'pt_BR' or 'uk'",
        ) from exc


def validate(code: str) -> str:
    """Return the canonical form of a language code (``pt-br`` becomes ``pt_BR``)."""
    return str(locale_for(code))


class OldLanguageCode(EditionsError):
    """A code babel reads as another, current one ("iw" for "he"): ``current`` says which."""

    def __init__(self, code: str, current: str) -> None:
        super().__init__(f"{code!r} is an old code for {english_name(current)}",
                         hint=f"use {current!r}")
        self.current = current


def new_language(code: str) -> str:
    """``validate``'s form of a code a new edition is declared with, refused where babel
    would read it as another language than the one typed: "und" and "root" (no language:
    babel makes "und" American English), an old code ("iw" becomes Hebrew of Israel,
    "he_IL"), a variant after "@" (babel drops it: "sr@latin" would be named in Cyrillic)."""
    locale = locale_for(code)
    typed = code.replace("-", "_").split("@")[0].split("_")[0].lower()
    if "@" in code:
        raise EditionsError(f"{code!r}: what follows '@' would be lost",
                            hint="write a script or a country as babel does: 'sr_Latn', "
                            "'pt_BR', 'zh_Hant'")
    if typed in {"und", "root"}:
        raise EditionsError(f"{code!r} names no language",
                            hint="use a language code, such as 'fr', 'pt_BR' or 'uk'")
    if locale.language != typed:
        raise OldLanguageCode(code, locale.language)
    return str(locale)


@cache
def native_name(code: str) -> str:
    """The language's name in its own script, capitalised for a menu: ``Français``."""
    name = locale_for(code).get_display_name(locale_for(code)) or code
    return name[:1].upper() + name[1:]


@cache
def name_in(code: str, reader: str) -> str:
    """The name of language ``code`` in the language ``reader`` reads: ``anglais`` for en in fr."""
    return locale_for(code).get_display_name(locale_for(reader)) or code


@cache
def english_name(code: str) -> str:
    return locale_for(code).english_name or code


@cache
def direction(code: str) -> str:
    """``rtl`` or ``ltr``, as the HTML ``dir`` attribute wants it."""
    return locale_for(code).text_direction


def hreflang(code: str) -> str:
    """BCP 47 form for HTML ``lang`` and ``hreflang`` attributes: ``pt_BR`` becomes ``pt-BR``."""
    return code.replace("_", "-")


def percent(value: float, code: str) -> str:
    """A percentage as a reader of ``code`` writes it: ``62 %`` in French, ``62%`` in English."""
    return format_percent(value / 100, locale=locale_for(code))


def long_date(value: dt.date, code: str) -> str:
    """A date as a reader of ``code`` writes it: ``13 juillet 2025``, ``13 липня 2025 р.``."""
    return format_date(value, format="long", locale=locale_for(code))


@cache
def territorial(code: str) -> str:
    """Language and likeliest territory, as Open Graph's ``og:locale`` wants: ``fr_FR``, ``ar_EG``.

    A code without a territory takes CLDR's likely one (babel's ``likely_subtags``).
    """
    locale = locale_for(code)
    territory = locale.territory
    if not territory:
        likely = get_global("likely_subtags").get(locale.language)
        territory = Locale.parse(likely).territory if likely else None
    return f"{locale.language}_{territory}" if territory else locale.language
