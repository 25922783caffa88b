"""The catalog layer: PO files read strictly, merged from the statements, written safely.

``pofile`` reads and writes one PO file, strictly: ``syntax`` is the grammar it holds a
file to, ``validity`` what msgfmt --check refuses in a well-formed one. ``merge`` extracts
segments and merges them into the catalogs; ``store`` is the one way a catalog is written
(locked, checked, all or nothing); ``compile`` makes the ``.mo`` files Sphinx reads;
``summary`` counts what a catalog holds; ``memory`` is the translation memory,
``exchange`` XLIFF for CAT tools, and ``glossary`` writes a language's glossary.
"""

from .compile import compile_catalogs, needs_compiling, write_compiled
from .merge import (
    MergeResult,
    add_language,
    extract,
    extract_statements,
    new_catalog,
    plan_merge,
    update,
)
from .pofile import LINE_WIDTH, load_catalog, parse_catalog, serialize, template_ids
from .store import save_catalogs
from .summary import source_words, state, summarise, word_count

__all__ = [
    "LINE_WIDTH", "MergeResult", "add_language", "compile_catalogs", "extract",
    "extract_statements", "load_catalog",
    "needs_compiling", "new_catalog", "parse_catalog", "plan_merge", "save_catalogs",
    "serialize", "source_words", "state", "summarise", "template_ids", "update",
    "word_count", "write_compiled",
]
