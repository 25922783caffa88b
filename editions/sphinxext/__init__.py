"""The Sphinx extension behind every edition.

It gives each statement its metadata (``.. statement::``), each edition its index of statements
(``.. statement-index::``), and each page its language, direction, localized dates and a switcher
to the same page in every other edition. It hooks Sphinx's events; it patches nothing.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urljoin

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.epub3 import HTML_TAG as EPUB_HTML_TAG
from sphinx.builders.epub3 import Epub3Builder
from sphinx.builders.gettext import MessageCatalogBuilder
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from .. import __version__, languages
from ..errors import EditionsError
from ..project import CONFIG_VALUES
from ..publication import progress_page as publication_progress_page
from ..publication import publishes_anything
from ..site.interface import SPHINX_GAPS, compile_interface_catalog
from ..storage import write_if_changed
from . import cards, search, sharing, speed

HERE = Path(__file__).parent
MESSAGE_CATALOG = "editions"
_ = get_translation(MESSAGE_CATALOG)


class statement_meta(nodes.General, nodes.Element):
    """Author, date and original language of a statement; its one child is the author paragraph."""


class statement_index(nodes.General, nodes.Element):
    """Placeholder for the list of statements, filled in once every statement has been read."""


class localized_date(nodes.Inline, nodes.TextElement):
    """A localized date; HTML writes it as ``<time datetime="YYYY-MM-DD">``."""


def _visit_date_html(translator: Any, node: localized_date) -> None:
    translator.body.append(
        translator.starttag(node, "time", "", datetime=node["datetime"], CLASS="date")
    )


def _depart_date_html(translator: Any, node: localized_date) -> None:
    translator.body.append("</time>")


class StatementDirective(SphinxDirective):
    """``.. statement::`` with ``:author:``, ``:date:`` (ISO) and ``:original-language:``."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "author": directives.unchanged_required,
        "date": directives.unchanged,
        "original-language": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        author = self.options.get("author", "").strip()
        if not author:
            raise self.error("statement: the :author: option is required (a person or a body)")
        date = self.options.get("date", "").strip()
        if date:
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                raise self.error(
                    f"statement: :date: {date!r} is not a date; write it as YYYY-MM-DD"
                ) from None
        # Unsaid, it is the language the statements are written in, not the edition's.
        original = (self.options.get("original-language")
                    or self.config.editions_source_language or self.config.language or "en")
        try:
            languages.validate(original)
        except EditionsError as exc:
            raise self.error(f"statement: :original-language: {exc}") from None
        node = statement_meta(date=date, original_language=original)
        # The author is a paragraph with a source line, so the gettext builder extracts it:
        # "Fourth International" becomes "Quatrième Internationale" in the French edition.
        author_paragraph = nodes.paragraph(author, author, classes=["author"])
        self.set_source_info(author_paragraph)
        self.set_source_info(node)
        node += author_paragraph
        return [node]


class StatementIndexDirective(SphinxDirective):
    """``.. statement-index::``: the edition's title, its list of statements, and a hidden
    toctree of exactly the statements this edition publishes (no glob to match nothing)."""

    def run(self) -> list[nodes.Node]:
        # No source info on the title: it is an interface string, not a segment to translate.
        section = nodes.section(ids=["statements"], names=["statements"])
        section += nodes.title("", str(_("Statements")), translatable=False)
        section += statement_index()
        docnames = sorted(name for name in self.env.found_docs if name != self.env.docname)
        toctree = addnodes.toctree(
            parent=self.env.docname, entries=[(None, name) for name in docnames],
            includefiles=docnames, maxdepth=-1, caption=None, glob=False, hidden=True,
            includehidden=False, numbered=0, titlesonly=False,
        )
        self.set_source_info(toctree)
        section += nodes.compound("", toctree, classes=["toctree-wrapper"])
        return [section]


def _reread_index(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """A statement added or removed changes the index's list and toctree: read it again."""
    return [app.config.root_doc] if added or removed else []


class StatementCollector(EnvironmentCollector):
    """Keeps each statement's (translated) author, date and original language in the env."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _statements(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        for docname in docnames:
            if docname in _statements(other):
                _statements(env)[docname] = _statements(other)[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        for node in doctree.findall(statement_meta):
            _statements(app.env)[app.env.docname] = {
                "author": node.children[0].astext() if node.children else "",
                "date": node["date"],
                "original_language": node["original_language"],
                "summary": sharing.summary(doctree, node),
            }
            break


def _statements(env: BuildEnvironment) -> dict[str, dict[str, str]]:
    if not hasattr(env, "editions_statements"):
        env.editions_statements = {}  # type: ignore[attr-defined]
    return env.editions_statements  # type: ignore[attr-defined]


def _newest_first(env: BuildEnvironment) -> list[str]:
    """The edition's statements as its index lists them: dated ones newest first, then the
    undated, each group by title."""
    statements = _statements(env)
    ordered = sorted(
        (name for name in statements if name in env.titles),
        key=lambda name: (statements[name]["date"], env.titles[name].astext()),
        reverse=True,
    )
    ordered.sort(key=lambda name: not statements[name]["date"])  # undated ones last
    return ordered


def _date_node(iso_date: str, language: str) -> nodes.Node:
    return localized_date("", languages.long_date(dt.date.fromisoformat(iso_date), language),
                datetime=iso_date)


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Turn the placeholders into plain docutils nodes every builder can write."""
    if isinstance(app.builder, MessageCatalogBuilder):
        return  # the gettext builder extracts the author paragraph as it was written
    language = app.config.language or "en"
    for meta in list(doctree.findall(statement_meta)):
        byline = nodes.paragraph(classes=["byline"])
        author = meta.children[0] if meta.children else nodes.paragraph()
        byline += nodes.inline("", "", *author.children, classes=["author"])
        if meta["date"]:
            byline += nodes.inline("", " · ", classes=["separator"])
            byline += _date_node(meta["date"], language)
        original = nodes.paragraph(
            "",
            str(_("Original language: %(language)s"))
            % {"language": languages.name_in(meta["original_language"], language)},
            classes=["original-language"],
        )
        container = nodes.container("", byline, original, classes=["statement-meta"])
        entry = _plan_entry(app, docname, language)
        if entry.get("notice"):
            container += nodes.paragraph(
                "",
                str(_("This translation is in progress (%(percent)s translated): paragraphs "
                      "not yet translated appear in the original language."))
                % {"percent": languages.percent(entry["percent"], language)},
                classes=["translation-notice"],
            )
        if (language != app.config.editions_source_language and entry.get("published")
                and app.builder.name != "epub"):
            # The parallel view the build writes beside the page (not in an e-book).
            container += nodes.paragraph(
                "", "", nodes.reference(
                    "", str(_("Read side by side with the original")),
                    refuri=f"{posixpath.basename(docname)}.parallel.html"),
                classes=["parallel-link"])
        if (app.config.editions_print and app.builder.name != "epub"
                and (language == app.config.editions_source_language or entry.get("published"))):
            # The print-ready PDF the build makes of the page (see ``editions.site.printing``).
            container += nodes.paragraph(
                "", "", nodes.reference(
                    "", str(_("Print it: PDF, A4")),
                    refuri=f"{posixpath.basename(docname)}.pdf"),
                classes=["print-link"])
        meta.replace_self(container)

    for placeholder in list(doctree.findall(statement_index)):
        statements = _statements(app.env)
        ordered = _newest_first(app.env)
        items: nodes.Element = nodes.bullet_list(classes=["statement-list"])
        if not ordered and not _publishes_anything(app.config, language):
            items = nodes.paragraph("", str(_(
                "Nothing is published in this language yet. The statements below are being "
                "translated; until they are, read them in the original.")),
                classes=["nothing-published"])
        for name in ordered:
            entry = statements[name]
            reference = nodes.reference(
                "", "", refuri=app.builder.get_relative_uri(docname, name), internal=True
            )
            reference += nodes.Text(app.env.titles[name].astext())
            title = nodes.paragraph("", "", reference, classes=["statement-title"])
            details = nodes.paragraph("", "", classes=["byline"])
            details += nodes.inline("", entry["author"], classes=["author"])
            if entry["date"]:
                details += nodes.inline("", " · ", classes=["separator"])
                details += _date_node(entry["date"], language)
            items += nodes.list_item("", title, details)
        placeholder.replace_self(items)
        after = items
        for extra in (_in_progress_list(app, docname, language), sharing.downloads(app, docname)):
            if extra is not None:
                after.parent.insert(after.parent.index(after) + 1, extra)
                after = extra


def _plan_entry(app: Sphinx, docname: str, language: str) -> dict[str, Any]:
    return app.config.editions_plan.get(docname, {}).get(language, {})


def _in_progress_list(app: Sphinx, docname: str, language: str) -> nodes.Node | None:
    """The statements this edition does not publish yet, with how far along and how to help."""
    source = app.config.editions_source_language
    waiting = [
        (slug, entries[language]) for slug, entries in sorted(app.config.editions_plan.items())
        if language in entries and not entries[language]["published"]
    ]
    if not waiting or language == source:
        return None
    section = nodes.section(ids=["in-progress"], names=["in-progress"], classes=["in-progress"])
    section += nodes.title("", str(_("Translations in progress")), translatable=False)
    items = nodes.bullet_list(classes=["statement-list"])
    site_root = posixpath.join(posixpath.relpath(".", posixpath.dirname(docname) or "."), "..")
    original_lang = html.escape(languages.hreflang(source))
    for slug, entry in waiting:
        # The title, translated or still the original's, in its language and direction
        # (WCAG 3.1.2).
        said_in = language if entry.get("title_translated") else source
        title = nodes.raw("", (
            f'<p class="statement-title" lang="{html.escape(languages.hreflang(said_in))}" '
            f'dir="{languages.direction(said_in)}">{html.escape(entry["title"] or slug)}</p>'
        ), format="html")
        details = nodes.paragraph("", classes=["byline"])
        details += nodes.inline(
            "", str(_("%(percent)s translated"))
            % {"percent": languages.percent(entry["percent"], language)}, classes=["percent"],
        )
        original = posixpath.normpath(posixpath.join(
            site_root, source, app.builder.get_target_uri(slug)
        ))
        progress_page = posixpath.normpath(posixpath.join(
            site_root, "progress", publication_progress_page(language, source))) + f"#{language}"
        if app.builder.name == "epub":
            # An e-book holds no file outside it: the site's addresses, or no link at all.
            base = app.config.html_baseurl
            original = urljoin(base, f"../{source}/{slug}.html") if base else ""
            progress_page = (urljoin(base, "../progress/" + publication_progress_page(
                language, source) + f"#{language}") if base else "")
        if original:
            details += nodes.inline("", " · ", classes=["separator"])
            details += nodes.raw("", (
                f'<a class="reference external" href="{html.escape(original)}" '
                f'hreflang="{original_lang}">{html.escape(str(_("Read the original")))}</a>'
            ), format="html")
        if progress_page:
            details += nodes.inline("", " · ", classes=["separator"])
            details += nodes.reference("", str(_("Help translate")), refuri=progress_page)
        items += nodes.list_item("", title, details)
    section += items
    return section


def _page_context(
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
    site_root = posixpath.join(context.get("content_root", ""), "..")
    page_url = urljoin(app.config.html_baseurl, target) if app.config.html_baseurl else ""

    def href(code: str) -> str:
        return posixpath.normpath(posixpath.join(site_root, code, target))

    def alternate(code: str) -> str:
        """Search engines take hreflang alternates as absolute addresses, when there is one."""
        return urljoin(page_url, href(code)) if page_url else href(code)

    plan = app.config.editions_plan.get(pagename)
    context["editions_links"] = [
        {
            "code": code,
            "hreflang": languages.hreflang(code),
            "name": languages.native_name(code),
            "dir": languages.direction(code),
            "href": href(code),
            "url": alternate(code),
            "current": code == language,
        }
        for code in _edition_codes(app.config)
        # On a statement's page, only the editions that publish that statement; elsewhere,
        # those that publish anything (and this one).
        if (plan.get(code, {}).get("published", True) if plan is not None
            else code == language or _publishes_anything(app.config, code))
    ]
    statement = _statements(app.env).get(pagename) if doctree is not None else None
    card = None
    if (statement and app.builder.name == "html" and app.config.html_baseurl
            and not cards.unavailable()):
        title = app.env.titles[pagename].astext() if pagename in app.env.titles else ""
        card = {"url": urljoin(app.config.html_baseurl, cards.card_name(pagename)),
                "alt": " — ".join(part for part in (title, statement["author"]) if part)}
    sharing.page_tags(
        app, context, statement["summary"] if statement else "",
        [link["code"] for link in context["editions_links"] if not link["current"]], card,
    )
    context["editions_landing_href"] = posixpath.normpath(posixpath.join(site_root, "index.html"))
    # x-default: the page where a reader chooses a language, the landing page.
    context["editions_default_href"] = (urljoin(page_url, context["editions_landing_href"])
                                        .removesuffix("index.html")
                                        if page_url else context["editions_landing_href"])
    # (Not in an e-book, which holds no file outside it.)
    context["editions_icon_href"] = ("" if app.builder.name == "epub" else
                                     posixpath.normpath(posixpath.join(site_root, "icon.svg")))
    context["editions_direction"] = direction
    context["editions_switcher_label"] = str(_("Read in other languages"))
    context["editions_all_label"] = str(_("All editions"))


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


def _publishes_anything(config: Any, language: str) -> bool:
    return publishes_anything(config.editions_plan, language)


def _edition_codes(config: Any) -> list[str]:
    source = config.editions_source_language
    return [source, *[code for code in config.editions_languages if code != source]]


def _write_cards(app: Sphinx, exception: Exception | None) -> None:
    """Each published statement's social card (``og:image``), where pages can name it."""
    if (exception is not None or app.builder.name != "html" or not app.config.html_baseurl
            or cards.unavailable()):
        return
    statements = _statements(app.env)
    cards.write_cards(Path(app.outdir), {
        name: {"title": app.env.titles[name].astext(), "author": statements[name]["author"]}
        for name in _newest_first(app.env) if name in app.env.found_docs
    }, app.config.project, app.config.language or app.config.editions_source_language)


def _write_feed(app: Sphinx, exception: Exception | None) -> None:
    language = app.config.language or app.config.editions_source_language
    if (exception is None and app.builder.name == "html" and app.config.html_baseurl
            and _publishes_anything(app.config, language)):
        sharing.write_feed(app, _statements(app.env))


class EditionEpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder, whose books page right to left where the edition's script
    runs so (Sphinx pages every horizontal book left to right)."""

    def content_metadata(self) -> dict[str, Any]:
        metadata = super().content_metadata()
        if languages.direction(self.config.language or "en") == "rtl":
            metadata["page_progression_direction"] = "rtl"
        return metadata


def _write_statements(app: Sphinx, exception: Exception | None) -> None:
    """The edition's published statements (title, author, date), newest first, for the
    landing page the build writes once every edition is built."""
    if exception is not None or app.builder.name != "html" or not (
        app.config.editions_statements_file
    ):
        return
    statements = _statements(app.env)
    shown = [
        {"slug": name, "title": app.env.titles[name].astext(),
         "author": statements[name]["author"], "date": statements[name]["date"]}
        for name in _newest_first(app.env) if name in app.env.found_docs
    ]
    data = json.dumps(shown, ensure_ascii=False, indent=1).encode("utf-8")
    path = Path(app.config.editions_statements_file)
    write_if_changed(path, data)


def _remember_source_language(app: Sphinx, config: Any) -> None:
    """The gettext builder and the editions override ``language``; keep what conf.py said."""
    if not config.editions_source_language:
        config.editions_source_language = (
            config._raw_config.get("language") or "en"
        )


def setup(app: Sphinx) -> dict[str, Any]:
    for name, default, rebuild, types in CONFIG_VALUES:
        app.add_config_value(name, default, rebuild, types)
    app.add_config_value("editions_source_language", "", "env", (str,))
    # Where the build leaves the edition's published statements for the landing page.
    app.add_config_value("editions_statements_file", "", "", (str,))
    # Set by `editions build`: per statement and language, published or not, and how far.
    app.add_config_value("editions_plan", {}, "html", (dict,))
    app.add_node(statement_meta)
    app.add_node(statement_index)
    app.add_node(localized_date, html=(_visit_date_html, _depart_date_html),
                 text=(lambda *_: None, lambda *_: None))
    app.add_directive("statement", StatementDirective)
    app.add_directive("statement-index", StatementIndexDirective)
    app.add_env_collector(StatementCollector)
    app.add_html_theme("editions", str(HERE / "theme"))
    app.add_builder(EditionEpubBuilder, override=True)
    interface = compile_interface_catalog(app.config.language, Path(app.doctreedir))
    app.add_message_catalog(MESSAGE_CATALOG, interface)
    # (After Sphinx's own catalog for the language: a fallback, for what it leaves out.)
    app.add_message_catalog(SPHINX_GAPS, interface)
    # Where the HTML builder looks first for the search page's script catalog.
    app.connect("config-inited",
                lambda _app, config: config.locale_dirs.append(str(interface)))
    app.connect("config-inited", _remember_source_language)
    speed.setup(app)
    sharing.setup(app)
    search.setup(app)
    app.connect("doctree-resolved", _resolve)
    app.connect("env-get-outdated", _reread_index)
    # Before sphinxext-opengraph's (500): it reads the description this one gives.
    app.connect("html-page-context", _page_context, priority=400)
    app.connect("build-finished", _write_feed)
    app.connect("build-finished", _write_cards)
    app.connect("build-finished", _write_statements)
    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
