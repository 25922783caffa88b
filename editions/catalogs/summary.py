"""What a catalog holds, counted: segments and source words translated, fuzzy and left."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from babel.messages.catalog import Catalog, Message


@lru_cache(maxsize=65536)
def word_count(source: str) -> int:
    """The words of a source segment: counted once for all the languages' catalogs."""
    return len(source.split())


def source_words(message: Message) -> int:
    """The words to translate in an entry: of its msgid, and of its msgid_plural if it has one."""
    if isinstance(message.id, (list, tuple)):
        return sum(word_count(form) for form in message.id)
    return word_count(message.id)


def state(message: Message) -> str:
    """"translated", "fuzzy" or "untranslated": a plural entry is translated once every form is."""
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    if not all(strings):
        return "untranslated"
    return "fuzzy" if message.fuzzy else "translated"


def summarise(catalog: Catalog, messages: Iterable[Message] | None = None) -> dict[str, int | str]:
    """Segments and source words of a catalog (translated, fuzzy, untranslated, obsolete) and
    its title: the first segment, as Sphinx extracts in document order, translated if done.

    ``messages`` are the catalog's, if the caller has listed them already: babel formats the
    header anew each time a catalog is iterated.
    """
    summary: dict[str, int | str] = dict.fromkeys(
        ("segments", "translated", "fuzzy", "untranslated", "words", "translated_words",
         "fuzzy_words", "untranslated_words"), 0)
    summary["obsolete"], summary["title"] = len(catalog.obsolete), ""
    summary["title_translated"] = False
    for message in catalog if messages is None else messages:
        if not message.id:
            continue
        if isinstance(message.id, str):  # (nearly every entry: no plural forms to look at)
            words = word_count(message.id)
            kind = ("untranslated" if not message.string else "fuzzy" if message.fuzzy
                    else "translated")
        else:
            words, kind = source_words(message), state(message)
        if not summary["title"]:
            title = message.id if isinstance(message.id, str) else message.id[0]
            translated = kind == "translated" and isinstance(message.string, str)
            summary["title"] = message.string if translated else title
            # (whether the title is in the catalog's language or still the original's)
            summary["title_translated"] = translated
        summary["segments"] += 1  # type: ignore[operator]
        summary["words"] += words  # type: ignore[operator]
        summary[kind] += 1  # type: ignore[operator]
        summary[f"{kind}_words"] += words  # type: ignore[operator]
    return summary
