"""What the checks say, translatable where it is said, and said again in a reader's language.

A check makes its message with ``msg``: an English template marked for extraction (gettext's
``%(name)s`` placeholders) and its named arguments. ``render`` writes it in a language, from
the ``checks`` catalogs of ``locale/<language>/LC_MESSAGES/checks.po`` (compiled in memory,
as the interface's catalogs are, by babel): the same finding reads in French in a French
workspace, in English in the default CLI. Words quoted from a text under check (``Quoted``)
are never translated, and are isolated for direction (U+2068 … U+2069) wherever the
message is not English, so that Latin words do not scramble an Arabic sentence.

A message about a number of things is made with ``plural_msg``: an English singular and plural,
of which the language's own plural rule (six forms in Arabic, three in Ukrainian) picks one by
its ``count``, so that "1 hyperlink fewer" and "2 hyperlinks fewer" each read right.

Templates meant to be kept and rendered later are marked with ``N_`` (a no-op; ``N_plural``
for a singular and plural), so that ``pybabel extract`` with ``KEYWORDS`` finds every one.
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from ..interface_catalogs import compiled_mo

DOMAIN = "checks"
LOCALE_DIR = Path(__file__).parent / "locale"
#: The extraction keywords of the checks' templates (``make checks-messages`` gives the same
#: to ``pybabel extract``): a plural's singular and plural are ``plural_msg``'s 2nd and 3rd.
KEYWORDS = {"msg": None, "N_": None, "plural_msg": (2, 3), "N_plural": (1, 2)}
FSI, PDI = "\u2068", "\u2069"


def N_(template: str) -> str:
    """Mark a template for extraction where it is kept, to be translated when it is shown."""
    return template


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular and plural kept for ``plural_msg``, as ``N_`` marks a template."""
    return singular, plural


@dataclass(frozen=True)
class Quoted:
    """Words of a text under check (a word, an address, markup as written): shown as they
    are, never translated, isolated for direction outside English."""

    text: str


@dataclass(frozen=True)
class Joined:
    """Messages told in one sentence, joined two by two with ``joiner`` (a template of
    ``%(before)s`` and ``%(after)s``: each language has its own punctuation)."""

    items: tuple[Msg, ...]
    joiner: str


@dataclass(frozen=True)
class Msg:
    """A message as a check makes it: its English template and its named arguments."""

    template: str
    args: tuple[tuple[str, Arg], ...] = ()
    #: The English plural of a ``plural_msg`` message ("" for any other).
    plural: str = ""

    def __str__(self) -> str:
        return render(self)

    def encode(self) -> dict[str, Any]:
        """A form JSON keeps (the check cache), which ``decode`` reads back."""
        return _encode(self)


Arg = str | int | Quoted | Joined | Msg


def msg(template: str, **args: Arg) -> Msg:
    """A check's message: ``template`` (English, extracted for translation) and its
    arguments, filled in the language it is rendered in."""
    return Msg(template, tuple(sorted(args.items())))


def plural_msg(count: int, singular: str, plural: str, **args: Arg) -> Msg:
    """A message about ``count`` things: rendered in the form the language gives that
    number (its ``count`` argument, filled like any other)."""
    return Msg(singular, tuple(sorted({**args, "count": count}.items())), plural)


#: How a list of messages is told: one after another, or each as a part of one sentence.
SEMICOLONS = N_("%(before)s; %(after)s")
COMMAS = N_("%(before)s, %(after)s")


def joined(items: list[Msg], joiner: str) -> Joined:
    return Joined(tuple(items), joiner)


def render(message: Msg | str, language: str = "en") -> str:
    """``message`` written in ``language`` (English where it has no translation)."""
    if isinstance(message, str):
        return message
    return _render(message, translations(language), _base(language))


def interface_language(environ: Mapping[str, str] = os.environ) -> str:
    """The language the person at the terminal reads, found as gettext finds it: the first
    of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set; English for none, C or POSIX."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            first = value.split(":")[0].split(".")[0].split("@")[0]
            return "en" if first in {"", "C", "POSIX"} else first
    return "en"


def _base(language: str) -> str:
    return language.replace("-", "_").split("_")[0].lower() if language else "en"


def _render(value: Arg, catalog: NullTranslations, base: str) -> str:
    if isinstance(value, Msg):
        text = (catalog.ngettext(value.template, value.plural, _count(value)) if value.plural
                else catalog.gettext(value.template))
        if not value.args:
            return text
        return text % {name: _render(arg, catalog, base) for name, arg in value.args}
    if isinstance(value, Quoted):
        return value.text if base == "en" else f"{FSI}{value.text}{PDI}"
    if isinstance(value, Joined):
        if not value.items:
            return ""
        text = _render(value.items[0], catalog, base)
        for item in value.items[1:]:
            text = catalog.gettext(value.joiner) % {
                "before": text, "after": _render(item, catalog, base)}
        return text
    if isinstance(value, bool) or not isinstance(value, int):
        return str(value)
    return _number(value, base)


def _count(message: Msg) -> int:
    count = dict(message.args).get("count")
    return count if isinstance(count, int) else 0


def _number(value: int, base: str) -> str:
    """A count as a reader of the language writes it (10,000; 10 000; 10.000)."""
    if base == "en" or abs(value) < 1000:
        return f"{value:,}"
    try:
        return format_decimal(value, locale=base)
    except (ValueError, LookupError):
        return f"{value:,}"


def translations(language: str) -> NullTranslations:
    """The checks' catalog for ``language`` (or its base language), compiled once per
    process and again only if its PO file changes; English has none."""
    for code in dict.fromkeys((language.replace("-", "_"), _base(language))):
        path = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if code != "en" and path.exists():
            return _compiled(path, code, path.stat().st_mtime_ns)
    return NullTranslations()


@functools.lru_cache(maxsize=16)
def _compiled(path: Path, language: str, _mtime_ns: int) -> NullTranslations:
    """Compiled as the interface's catalogs are (``interface_catalogs.compiled_mo``: fuzzy
    and unsafe translations left out), in memory: nothing is written beside the package."""
    return Translations(io.BytesIO(compiled_mo(path, language)), domain=DOMAIN)


def _encode(value: Arg) -> Any:
    if isinstance(value, Msg):
        encoded = {"msg": value.template, "args": {k: _encode(v) for k, v in value.args}}
        return {**encoded, "plural": value.plural} if value.plural else encoded
    if isinstance(value, Quoted):
        return {"quoted": value.text}
    if isinstance(value, Joined):
        return {"joined": [_encode(item) for item in value.items], "joiner": value.joiner}
    return value


def decode(data: Any) -> Any:
    """A message (or argument) from its ``Msg.encode`` form."""
    if isinstance(data, dict) and "msg" in data:
        return Msg(data["msg"], tuple(sorted(
            (name, decode(arg)) for name, arg in data["args"].items())), data.get("plural", ""))
    if isinstance(data, dict) and "quoted" in data:
        return Quoted(data["quoted"])
    if isinstance(data, dict) and "joined" in data:
        return Joined(tuple(decode(item) for item in data["joined"]), data["joiner"])
    return data
