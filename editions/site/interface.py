"""Interface strings of the editions (index title, switcher label ...), translated with gettext.

The translations live as PO files in this package, so volunteers edit them like any catalog;
Sphinx reads compiled ``.mo`` files, which are made here, once, into the build's own folder.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import sphinx
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from ..storage import atomic_write, write_if_changed

SOURCE_DIR = Path(__file__).parent / "locale"
SPHINX_LOCALE = Path(sphinx.__file__).parent / "locale"
CATALOG = "editions"
#: Sphinx's own strings its catalog for a language leaves untranslated ("Link to this
#: heading" in Arabic …): Sphinx reads them where its own catalog says nothing.
SPHINX_GAPS = "sphinx"


#: What the site is, in the editions' catalog: the landing page's first line, each book's
#: description.
SITE_ABOUT = ("Statements, each in its original language and in the translations volunteers "
              "make of it.")


def interface_translations(language: str, cache_dir: Path) -> NullTranslations:
    """The editions' interface strings in ``language`` (its catalog compiled under
    ``cache_dir``), for the pages written outside Sphinx: landing page, parallel views."""
    locale_dir = compile_interface_catalog(language, cache_dir)
    return Translations.load(str(locale_dir), [language], CATALOG)


def compile_interface_catalog(language: str | None, cache_dir: Path) -> Path:
    """Compile this language's interface catalog under ``cache_dir``; return the locale folder."""
    locale_dir = cache_dir / "editions-interface"
    if not language:
        return locale_dir
    for catalog in (CATALOG, SPHINX_GAPS):
        po_path = SOURCE_DIR / language / "LC_MESSAGES" / f"{catalog}.po"
        compile_if_newer(po_path, locale_dir / language / "LC_MESSAGES" / f"{catalog}.mo",
                         language)
    write_search_catalog(language, locale_dir)
    return locale_dir


def write_search_catalog(language: str, locale_dir: Path) -> None:
    """The search page's script strings ("Searching", "Preparing search…"): Sphinx's own
    JavaScript catalog for the language, with what it leaves empty filled from ours, where
    the builder looks first (``locale_dirs``). Sphinx ships none for some languages
    ("uk": only "uk_UA"), whose search then spoke English."""
    gaps_path = SOURCE_DIR / language / "LC_MESSAGES" / f"{SPHINX_GAPS}.po"
    if not gaps_path.exists():
        return
    with gaps_path.open("rb") as handle:
        ours = {m.id: m.string for m in read_po(handle, locale=language) if m.id and m.string}
    theirs_path = next(iter(sorted(
        [*SPHINX_LOCALE.glob(f"{language}/LC_MESSAGES/sphinx.js"),
         *SPHINX_LOCALE.glob(f"{language}_*/LC_MESSAGES/sphinx.js")])), None)
    catalog = {"locale": language, "messages": {}, "plural_expr": "(n != 1)"}
    if theirs_path is not None:
        text = theirs_path.read_text(encoding="utf-8")
        catalog = json.loads(text[text.index("(") + 1:text.rindex(")")])
        catalog["locale"] = language
    messages = catalog["messages"]
    for msgid, msgstr in ours.items():
        if isinstance(msgid, str) and not messages.get(msgid):
            messages[msgid] = msgstr
    data = ("Documentation.addTranslations("
            + json.dumps(catalog, ensure_ascii=False, indent=4, sort_keys=True) + ");\n")
    path = locale_dir / language / "LC_MESSAGES" / "sphinx.js"
    write_if_changed(path, data.encode("utf-8"))


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
