"""One PO entry as the checks see it: source and translation, their markup parsed lazily."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .rst import Markup, analyse, analyse_like, is_localised_url


@dataclass(slots=True)
class Segment:
    source: str
    translation: str
    language: str
    source_language: str = "en"
    #: False where the caller knows neither text holds a bidirectional control (none is in
    #: the catalog's bytes), which spares the safety check its search.
    bidi: bool = True
    #: Hosts conf.py allows this language's links to point to instead of the source's.
    allowed_hosts: frozenset[str] = frozenset()

    # Properties over ``analyse``, which keeps what it found: each text is parsed once, for
    # every check and every language that asks.
    @property
    def source_markup(self) -> Markup:
        return analyse(self.source)

    @property
    def translation_markup(self) -> Markup:
        return analyse_like(self.source, self.translation)

    def localises(self, source_url: str, url: str) -> bool:
        """Whether ``url`` is the page of ``source_url`` in this segment's language."""
        return is_localised_url(source_url, url, self.language, self.allowed_hosts)

    @property
    def base_language(self) -> str:
        """``pt`` for ``pt_BR``: the conventions below are per language, not per country."""
        return base_language(self.language)


@cache
def base_language(language: str) -> str:
    """The language of a code, its country left out: what the checks' conventions follow."""
    return language.replace("-", "_").split("_")[0].lower()
