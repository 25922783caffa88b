"""The interface's own translations (the site's and the workspace's) follow each language's
typography, by the checks the project applies to statements: French spacing before : ; ! ?
and inside « », each language's quotation marks (issue 32, point 8); the checks' own
messages too (point 1)."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from editions.checks import Rules

PACKAGE = Path(__file__).resolve().parent.parent / "editions"
TAG = re.compile(r"<[^>]*>")
CATALOGS = sorted([*(PACKAGE / "site" / "locale").glob("*/LC_MESSAGES/editions.po"),
                   *(PACKAGE / "workspace" / "locale").glob("*/LC_MESSAGES/django.po"),
                   *(PACKAGE / "checks" / "locale").glob("*/LC_MESSAGES/checks.po")])


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: f"{p.stem}-{p.parts[-3]}")
def test_interface_translations_follow_their_typography(path: Path) -> None:
    language = path.parts[-3]
    rules = Rules(language=language)
    found = []
    for entry in polib.pofile(str(path)):
        strings = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in filter(None, strings):
            # (the tags some strings hold are markup, not text: their quotes are HTML's)
            found += [(entry.msgid[:50], f.check, f.message)
                      for f in rules.check_text(TAG.sub("", entry.msgid), TAG.sub("", text))
                      if f.check.startswith("typography-")]
    assert not found, found


def test_the_interface_catalogs_are_found() -> None:
    for name in ("editions", "django", "checks"):
        assert {p.parts[-3] for p in CATALOGS if p.stem == name} >= {
            "fr", "es", "de", "ar", "uk"}, name
