"""One PO entry as the checks see it: source and translation, their markup parsed lazily."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .rst import Markup, analyse


@dataclass
class Segment:
    source: str
    translation: str
    language: str
    source_language: str = "en"

    @cached_property
    def source_markup(self) -> Markup:
        return analyse(self.source)

    @cached_property
    def translation_markup(self) -> Markup:
        return analyse(self.translation)

    @cached_property
    def base_language(self) -> str:
        """``pt`` for ``pt_BR``: the conventions below are per language, not per country."""
        return self.language.replace("-", "_").split("_")[0].lower()
