"""Interface PO files (the editions' site, the workspace, the checks' messages), compiled
safely: fuzzy entries left out as msgfmt does, and a translation that could break or change
the page it goes into (``is_safe_translation``) left out too, so that the English shows.

Shared by the site, the workspace and the checks: it depends on none of them.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from .storage import atomic_write

_TAG = re.compile(r"<[^>]*>")
_PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_]\w*\))?[sdif]|%%")


def is_safe_translation(msgid: str, msgstr: str) -> bool:
    """Whether an interface translation may go into a page as it is. The pages put it in as
    HTML (the editions' templates, the workspace's) and fill its placeholders with %: so it
    must have its source's tags and placeholders, and no other angle bracket, double quote
    (it may stand in an attribute) or per cent sign (which % would fail on)."""
    if sorted(_TAG.findall(msgid)) != sorted(_TAG.findall(msgstr)):
        return False
    (source_names, source_count), (names, count) = _placeholders(msgid), _placeholders(msgstr)
    if not names <= source_names or count != source_count:
        return False  # (a named one may be left out: "one" rather than "%(num)s")
    source, text = _TAG.sub("", msgid), _TAG.sub("", msgstr)
    if "%" in _PLACEHOLDER.sub("", text) and "%" not in _PLACEHOLDER.sub("", source):
        return False
    return all(text.count(char) <= source.count(char) for char in '<>"')


def _placeholders(text: str) -> tuple[set[str], int]:
    """The names of a text's %(name)s placeholders, and how many positional ones (%s) it has."""
    found = [match for match in _PLACEHOLDER.findall(_TAG.sub("", text)) if match != "%%"]
    return {m for m in found if m.startswith("%(")}, sum(1 for m in found if m[1] != "(")


def unsafe_translations(catalog: Catalog) -> list[Message]:
    """The entries of an interface catalog whose translation ``is_safe_translation`` refuses
    (every plural form is held to its msgid and msgid_plural)."""
    unsafe = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else message.string
        if not all(any(is_safe_translation(msgid, string) for msgid in ids)
                   for string in strings if string):
            unsafe.append(message)
    return unsafe


def compile_if_newer(po_path: Path, mo_path: Path, language: str) -> None:
    """Write ``mo_path`` from an interface PO file (the editions' or the workspace's) where
    it is missing or older; fuzzy entries are left out, as msgfmt does, and so is a
    translation that could break or change the page (``is_safe_translation``): the page
    shows the English instead."""
    if po_path.exists() and (
        not mo_path.exists() or mo_path.stat().st_mtime_ns < po_path.stat().st_mtime_ns
    ):
        atomic_write(mo_path, compiled_mo(po_path, language))


def compiled_mo(po_path: Path, language: str) -> bytes:
    """An interface PO file compiled (the bytes of its ``.mo``), without its fuzzy entries
    and the translations ``is_safe_translation`` refuses."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language, abort_invalid=True)
    for message in unsafe_translations(catalog):
        message.string = "" if isinstance(message.string, str) else tuple(
            "" for _form in message.string)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()
