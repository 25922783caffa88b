"""The edition's index page written again only when what it lists changed.

Sphinx writes again every document whose toctree includes a document it writes
(``env.files_to_rebuild``): the index, whose hidden toctree holds every statement, is written
again, as a page and in the book, whenever any statement is, with its list of two hundred
statements made anew each time. Yet the list shows each statement's title, author and date,
not its text: after a statement's text alone changed, the index comes out as it was.

So, where the index's list (every statement's title, author, date and original language)
is the same as when the index was last written, and its page is there, the index is left
out of what Sphinx adds for its toctree. Anything else that changes the index still writes
it: its own source read again, a changed setting or plan (Sphinx then writes every page), a
statement added or removed (``collector.reread_index``). A changed package (its code,
templates or interface translations) makes the list's digest differ from the one recorded,
which is replaced only once the index has been written again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders import Builder

from ..site.inputs import package_digest
from ..storage import keep_cache, read_json
from .collector import statements

#: What each builder last wrote the index from, by builder name (beside the doctrees).
RECORD_NAME = "index-listing.json"


def listing(app: Sphinx) -> str:
    """A digest of what the index lists, for this builder."""
    env = app.env
    known = statements(env)
    rows = [
        (name, env.titles[name].astext() if name in env.titles else "",
         {key: value for key, value in known.get(name, {}).items() if key != "summary"})
        for name in sorted(env.found_docs)
    ]
    text = json.dumps([package_digest(), app.builder.name, app.config.root_doc, rows],
                      sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _record_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / RECORD_NAME


def _read_record(app: Sphinx) -> dict[str, str]:
    record = read_json(_record_path(app))
    return record if isinstance(record, dict) else {}


def _leave_index_out(app: Sphinx, builder: Builder) -> None:
    """(``write-started``) Where the index's list is as it was written, keep Sphinx from
    adding the index to the documents it writes for its toctree, for this write only."""
    _put_back(app)
    if not app.config.editions_fast_build:
        return
    root = app.config.root_doc
    current = listing(app)
    page = Path(builder.get_outfilename(root))
    # (The digest, and the page's time: recorded after the write only if the page was
    # written, or was left out because its list had not changed.)
    app.editions_index_listing = (current, _written_at(page))  # type: ignore[attr-defined]
    if _read_record(app).get(builder.name) != current or not page.is_file():
        return
    env = app.env
    app.editions_files_to_rebuild = env.files_to_rebuild  # type: ignore[attr-defined]
    env.files_to_rebuild = {child: parents - {root}
                            for child, parents in env.files_to_rebuild.items()}


def _put_back(app: Sphinx) -> None:
    """The environment's own ``files_to_rebuild`` again (it was pickled before the write)."""
    kept = getattr(app, "editions_files_to_rebuild", None)
    if kept is not None:
        app.env.files_to_rebuild = kept
        app.editions_files_to_rebuild = None  # type: ignore[attr-defined]


def _remember(app: Sphinx, exception: Exception | None) -> None:
    """(``build-finished``) After a write that went through, record the list the index on
    disk now shows: where its page was written in this write (a package changed with no
    statement written leaves the record as it was, and the next statement written brings
    the index with it)."""
    _put_back(app)
    noted = getattr(app, "editions_index_listing", None)
    app.editions_index_listing = None  # type: ignore[attr-defined]
    if exception is not None or noted is None:
        return
    current, before = noted
    record = _read_record(app)
    page = Path(app.builder.get_outfilename(app.config.root_doc))
    if record.get(app.builder.name) == current or _written_at(page) in (before, None):
        return  # (unchanged; or not written this time: the next write of a statement will)
    record[app.builder.name] = current
    keep_cache(_record_path(app), json.dumps(record, sort_keys=True).encode())


def _written_at(page: Path) -> int | None:
    try:
        return page.stat().st_mtime_ns
    except OSError:
        return None


def setup(app: Sphinx) -> None:
    app.connect("write-started", _leave_index_out)
    app.connect("build-finished", _remember, priority=100)
