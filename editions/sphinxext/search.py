"""Search in every edition's own language, accents or none.

Sphinx gives a language it does not know (Arabic, Ukrainian) English stop words and the
English stemmer, so inflected forms never meet; and it keeps accents, so "genocide" does not
find "génocide". Here each edition's search stems with snowball's stemmer for its language
(Sphinx ships the same in JavaScript), and the index and the query alike drop combining
marks after stemming (accents, Arabic short vowels). Ukrainian has no snowball stemmer: it
takes Russian's, which strips the endings the two languages share, its own letters read as
Russian's nearest (Україна, України, Україні, Україну, Україною meet).
"""

from __future__ import annotations

import importlib
import json
import unicodedata

import snowballstemmer
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage, languages

#: The stemmer (snowball's name, and Sphinx's JavaScript file for it) a language's search
#: borrows where Sphinx has none of its own.
BORROWED = {"ar": ("arabic", "Arabic"), "uk": ("russian", "Russian")}
#: Letters a borrowed stemmer does not know, as the nearest of its own, before stemming (in
#: the index and the query alike): Russian's strips "и" where Ukrainian writes "і", so
#: "Україні" meets "Україна" only as "украини".
LETTERS = {"uk": {"і": "и", "ї": "и", "є": "е", "ґ": "г"}}

def fold(word: str) -> str:
    """``word`` without combining marks: "génocide" is "genocide", "ضَرَبَ" is "ضرب"."""
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize(
        "NFC", "".join(char for char in decomposed if not unicodedata.combining(char)))


def search_language(code: str) -> type[SearchLanguage]:
    """The search language of an edition: Sphinx's for the language (or a borrowed snowball
    stemmer's), its words folded."""
    base = code.split("_")[0]
    if base in BORROWED:
        algorithm, name = BORROWED[base]
        letters = str.maketrans(LETTERS.get(base, {}))

        class Borrowed(SearchLanguage):
            lang = base
            language_name = name
            js_stemmer_rawcode = f"{algorithm}-stemmer.js"
            stopwords = frozenset()  # (no list of ours: better none than English's)

            def __init__(self, options: dict[str, str]) -> None:
                super().__init__(options)
                self.stemmer = snowballstemmer.stemmer(algorithm)

            def stem(self, word: str) -> str:
                return self.stemmer.stemWord(word.lower().translate(letters))

        known: type[SearchLanguage] = Borrowed
    else:
        found = languages.get(base, languages["en"])
        if isinstance(found, str):
            module, name = found.rsplit(".", 1)
            found = getattr(importlib.import_module(module), name)
        known = found  # type: ignore[assignment]

    class Folded(known):  # type: ignore[valid-type, misc]
        lang = base

        def stem(self, word: str) -> str:
            return fold(super().stem(word))

    Folded.__name__ = f"Folded{known.__name__}"
    return Folded


def _register(app: Sphinx) -> None:
    language = app.config.language or "en"
    app.add_search_language(search_language(language))
    app.config.html_search_language = language.split("_")[0]
    # (The query's letters are mapped as the index's were: language_data.js.jinja.)
    app.config.html_context = {**app.config.html_context, "editions_search_letters":
                               json.dumps(LETTERS.get(language.split("_")[0], {}),
                                          ensure_ascii=False)}


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _register)
