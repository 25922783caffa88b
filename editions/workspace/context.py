"""The project the workspace serves (conf.py read once, again when it changes), and what
every template needs to know about the interface's language."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils.translation import get_language, get_language_bidi

from editions import languages
from editions.errors import EditionsError
from editions.project import Project, load_project
from editions.sources.slugs import is_slug

_LOADED: dict[tuple[Path, int], Project] = {}


def current_project() -> Project:
    """The project, read again only when its conf.py changes (``add-language`` edits it)."""
    root = Path(settings.EDITIONS_PROJECT_ROOT)
    key = (root, (root / "conf.py").stat().st_mtime_ns)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = load_project(root)
    return _LOADED[key]


def target_language(project: Project, code: str) -> str:
    """A language being translated into, or 404: an undeclared code is no page."""
    if code not in project.languages:
        raise Http404(f"{code!r} is not a language of this project")
    return code


def statement_of(project: Project, slug: str) -> str:
    """A statement of the project, or 404 (the slug is checked before any path is built)."""
    if not is_slug(slug) or slug == project.root_doc or slug not in project.statements():
        raise Http404(f"{slug!r} is not a statement of this project")
    return slug


def shown_error(project: Project, error: str) -> str:
    """A message without the server's folders (they may name a coordinator)."""
    return error.replace(f"{project.root}{os.sep}", "")


def language_facts(code: str) -> dict[str, str]:
    """What a template needs to show text of a language: its name, ``lang`` and ``dir``."""
    try:
        return {"code": code, "name": languages.native_name(code),
                "lang": languages.hreflang(code), "dir": languages.direction(code),
                "in_text": _named_in_interface(code)}
    except EditionsError:
        return {"code": code, "name": code, "lang": code, "dir": "ltr", "in_text": code}


def _named_in_interface(code: str) -> str:
    """The language's name in a sentence of the interface, as that language writes it there:
    "traduire en français", "translate into French", "الترجمة إلى الفرنسية" (a menu shows
    each language in its own name, capitalised: ``name``)."""
    interface = get_language() or settings.LANGUAGE_CODE
    try:
        return languages.name_in(code, interface.replace("-", "_"))
    except EditionsError:
        return languages.native_name(code)


def interface(request: HttpRequest) -> dict[str, object]:
    """The interface language's ``lang`` and ``dir``, for the <html> element."""
    return {"ui_lang": get_language() or "en", "ui_dir": "rtl" if get_language_bidi() else "ltr",
            "interface_languages": settings.LANGUAGES}
