"""The translation-quality gate: every catalog of the project, checked as `editions check` does.

Broken segments fail everywhere; untranslated and fuzzy ones fail only where conf.py's
``editions_published`` publishes that language's statement.
"""

from __future__ import annotations

import pytest

from editions.checks import check_project
from editions.checks.report import format_finding
from editions.project import load_project

from .conftest import REPO

PROJECT = load_project(REPO)
CASES = [(code, slug) for code in PROJECT.languages for slug in PROJECT.statements()]


@pytest.fixture(scope="module")
def report():
    return check_project(PROJECT, use_cache=False)


@pytest.mark.parametrize(("code", "slug"), CASES, ids=[f"{c}/{s}" for c, s in CASES])
def test_catalog_has_no_error(report, code: str, slug: str) -> None:
    errors = [f for f in report.errors if (f.language, f.statement) == (code, slug)]
    assert not errors, "\n" + "\n".join(format_finding(f) for f in errors)


def test_published_statements_are_complete(report) -> None:
    for code, slug in CASES:
        if PROJECT.is_published(code, slug):
            assert not [
                f for f in report.findings
                if (f.language, f.statement) == (code, slug)
                and f.check in {"untranslated", "fuzzy"}
            ]
