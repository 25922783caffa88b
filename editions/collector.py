"""The garbage collector, set for a batch tool.

A build or a check makes millions of objects (docutils nodes, catalog entries) that live to
the end of the work; with Python's thresholds (700, 10, 10) the collector walks them again
and again: a twentieth of an edition's pages, a fifth of its EPUB, a twentieth of a check.
"""

from __future__ import annotations

import gc

THRESHOLDS = (10_000, 20, 20)


def tune() -> None:
    """Collect less often: in the ``editions`` command and in every worker process. (Not
    ``gc.freeze()`` in a worker: it would write to every page the worker shares with the
    process it was forked from.)"""
    gc.set_threshold(*THRESHOLDS)


#: Collections of the middle generation between two full ones while catalogs are checked
#: (Python's default is 10): high enough that a check of any size runs without one.
CHECK_FULL_COLLECTIONS_EVERY = 1000


def put_off_full_collections() -> None:
    """While catalogs are checked: each segment's docutils tree is a web of cycles the young
    generations free within moments, and what lives on is cached summaries, which a full
    collection would go through again and again for nothing (some 15 times on
    python-docs-es, a sixth of the check). The memory used stays the same (139 MB then,
    142 MB now). In the checking process and in every checking worker."""
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, CHECK_FULL_COLLECTIONS_EVERY)
