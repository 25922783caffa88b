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
