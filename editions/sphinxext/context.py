"""What every page's template is given (``html-page-context``): its language and direction,
the switcher to the same page in every other edition, hreflang alternates, sharing tags, and
no script or stylesheet reading does not need."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.epub3 import HTML_TAG as EPUB_HTML_TAG
from sphinx.locale import get_translation

from .. import languages
from ..progress.policy import publishes_anything
from ..site.interface import CATALOG
from . import cards, sharing
from .collector import statements
from .plan import plan_of

_ = get_translation(CATALOG)


@dataclass(frozen=True)
class _Address:
    """Where a page is: its path in its edition, the site's root seen from it, and its
    absolute address ("" where there is no ``html_baseurl``)."""

    target: str
    site_root: str
    url: str

    def href(self, code: str) -> str:
        """The same page in the edition ``code``."""
        return posixpath.normpath(posixpath.join(self.site_root, code, self.target))

    def alternate(self, code: str) -> str:
        """Search engines take hreflang alternates as absolute addresses, when there is one."""
        return urljoin(self.url, self.href(code)) if self.url else self.href(code)


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Language, direction, switcher and hreflang alternates for every page of the edition."""
    language = app.config.language or "en"
    direction = languages.direction(language)
    if app.builder.name == "epub":
        # The e-book's XHTML keeps the epub builder's namespaces, with the edition's direction.
        context["html_tag"] = (
            f'{EPUB_HTML_TAG[:-1]} lang="{languages.hreflang(language)}" '
            f'xml:lang="{languages.hreflang(language)}" dir="{direction}">'
        )
        return
    context["html_tag"] = (
        f'<html lang="{languages.hreflang(language)}" dir="{direction}" '
        f'data-content_root="{context.get("content_root", "")}">'
    )
    _only_what_reading_needs(context, templatename, doctree)
    target = app.builder.get_target_uri(pagename)
    address = _Address(
        target, posixpath.join(context.get("content_root", ""), ".."),
        urljoin(app.config.html_baseurl, target) if app.config.html_baseurl else "",
    )
    context["editions_links"] = _edition_links(app, pagename, language, address)
    statement = statements(app.env).get(pagename) if doctree is not None else None
    sharing.page_tags(
        app, context, statement["summary"] if statement else "",
        [link["code"] for link in context["editions_links"] if not link["current"]],
        _card(app, pagename, statement),
    )
    _site_links(app, context, address)
    context["editions_direction"] = direction
    context["editions_switcher_label"] = str(_("Read in other languages"))
    context["editions_all_label"] = str(_("All editions"))


def _edition_links(
    app: Sphinx, pagename: str, language: str, address: _Address
) -> list[dict[str, Any]]:
    """The page in each edition that has it, for the switcher and the hreflang alternates."""
    plan = plan_of(app).get(pagename)
    return [
        {
            "code": code,
            "hreflang": languages.hreflang(code),
            "name": languages.native_name(code),
            "dir": languages.direction(code),
            "href": address.href(code),
            "url": address.alternate(code),
            "current": code == language,
        }
        for code in _edition_codes(app.config)
        # On a statement's page, only the editions that publish that statement; elsewhere,
        # those that publish anything (and this one).
        if (plan.get(code, {}).get("published", True) if plan is not None
            else code == language or publishes_anything(plan_of(app), code))
    ]


def _card(app: Sphinx, pagename: str, statement: dict[str, str] | None) -> dict[str, str] | None:
    """The statement's social card (``og:image``), where the HTML build makes one."""
    if not (statement and app.builder.name == "html" and app.config.html_baseurl
            and not cards.unavailable()):
        return None
    title = app.env.titles[pagename].astext() if pagename in app.env.titles else ""
    return {"url": urljoin(app.config.html_baseurl, cards.card_name(pagename)),
            "alt": " — ".join(part for part in (title, statement["author"]) if part)}


def _site_links(app: Sphinx, context: dict[str, Any], address: _Address) -> None:
    """The landing page, where a reader chooses a language, and the site's icon."""
    site_root = address.site_root
    context["editions_landing_href"] = posixpath.normpath(posixpath.join(site_root, "index.html"))
    # x-default: the page where a reader chooses a language, the landing page.
    context["editions_default_href"] = (urljoin(address.url, context["editions_landing_href"])
                                        .removesuffix("index.html")
                                        if address.url else context["editions_landing_href"])
    # (Not in an e-book, which holds no file outside it.)
    context["editions_icon_href"] = ("" if app.builder.name == "epub" else
                                     posixpath.normpath(posixpath.join(site_root, "icon.svg")))


def _only_what_reading_needs(context: dict[str, Any], templatename: str, doctree: Any) -> None:
    """Readers on slow connections download no script where none is needed (only the search
    page runs any) and the code highlighting stylesheet only for a page that shows code."""
    if templatename != "search.html":
        context["script_files"] = []
    if doctree is None or not any(doctree.findall(nodes.literal_block)):
        context["css_files"] = [
            css for css in context.get("css_files", [])
            if posixpath.basename(getattr(css, "filename", css)) != "pygments.css"
        ]


def _edition_codes(config: Any) -> list[str]:
    source = config.editions_source_language
    return [source, *[code for code in config.editions_languages if code != source]]
