"""Interface strings of the editions (index title, switcher label ...), translated with gettext.

The translations live as PO files in this package, so volunteers edit them like any catalog;
Sphinx reads compiled ``.mo`` files, which are made here, once, into the build's own folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import sphinx
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from ..interface_catalogs import compile_if_newer
from ..storage import write_if_changed

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
