"""The edition's e-book builder."""

from __future__ import annotations

from typing import Any

from sphinx.builders.epub3 import Epub3Builder
from sphinx.locale import _

from .. import languages


class EditionEpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder, whose books page right to left where the edition's script
    runs so (Sphinx pages every horizontal book left to right), and whose table of contents
    has a title in the edition's language (Sphinx's is English in every book)."""

    #: True while the book's table of contents is read from the resolved root document:
    #: it reads only the toctree, so the index's statement list is not made for it.
    reading_toc = False

    def init(self) -> None:
        super().init()
        self.guide_titles = {**self.guide_titles, "toc": _("Table of Contents")}

    def get_toc(self) -> None:
        """Sphinx's, without the index's statement list: the root document is resolved for
        its toctree alone, and making the list (200 entries, their dates) was a third of the
        time the book's table of contents took."""
        self.reading_toc = True
        try:
            super().get_toc()
        finally:
            self.reading_toc = False

    def content_metadata(self) -> dict[str, Any]:
        metadata = super().content_metadata()
        if languages.direction(self.config.language or "en") == "rtl":
            metadata["page_progression_direction"] = "rtl"
        return metadata
