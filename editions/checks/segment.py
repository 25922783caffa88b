"""One PO entry as the checks see it: source and translation, their markup parsed lazily."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .rst import Markup, analyse


@dataclass(slots=True)
class Segment:
    source: str
    translation: str
    language: str
    source_language: str = "en"
    #: False where the caller knows neither text holds a bidirectional control (none is in
    #: the catalog's bytes), which spares the safety check its search.
    bidi: bool = True

    # Properties over ``analyse``, which keeps what it found: each text is parsed once, for
    # every check and every language that asks.
    @property
    def source_markup(self) -> Markup:
        return analyse(self.source)

    @property
    def translation_markup(self) -> Markup:
        return analyse(self.translation)

    @property
    def base_language(self) -> str:
        """``pt`` for ``pt_BR``: the conventions below are per language, not per country."""
        return base_language(self.language)


@cache
def base_language(language: str) -> str:
    """The language of a code, its country left out: what the checks' conventions follow."""
    return language.replace("-", "_").split("_")[0].lower()
