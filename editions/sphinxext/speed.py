"""What makes building many editions of many statements fast, through Sphinx's own extension
points (a source parser, a search language, the builder's template environment, a builder),
patching nothing:

- the reStructuredText state machine is built once per process and reused. docutils builds a
  new one, with its fifteen states and their compiled transitions, for every parse, and the
  i18n transform parses every translated paragraph on its own: for 200 statements that was a
  third of an edition's reading time;
- the search index stems each distinct word once per edition, not once per page;
- the theme's templates are compiled once, not once per edition and builder;
- the builders do not look through every catalog for one to compile where Sphinx is not to
  compile any (``editions build`` compiles them beforehand, strictly).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docutils.statemachine
from docutils import nodes
from docutils.parsers.rst import states
from docutils.statemachine import StringList
from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.parsers import RSTParser
from sphinx.search import SearchLanguage
from sphinx.search import languages as search_languages
from sphinx.util import import_object

from ..rstparse import is_one_paragraph, parse_paragraph

_MACHINES: dict[tuple[Any, ...], states.RSTStateMachine] = {}


class ReusingRSTParser(RSTParser):
    """Sphinx's reST parser, with the top-level state machine kept between parses."""

    def parse(self, inputstring: str | StringList, document: nodes.document) -> None:
        self.setup_parse(inputstring, document)  # type: ignore[arg-type]
        if (isinstance(inputstring, str) and is_one_paragraph(inputstring)
                and not (self._config.rst_prolog or self._config.rst_epilog)):
            # A translated paragraph (the i18n transform parses each on its own).
            parse_paragraph(inputstring, document)
            self.finish_parse()
            return
        key = (tuple(self.state_classes), self.initial_state, document.reporter.debug_flag)
        machine = _MACHINES.pop(key, None)  # taken while in use: a nested parse makes its own
        if machine is None:
            machine = states.RSTStateMachine(
                state_classes=self.state_classes, initial_state=self.initial_state,
                debug=document.reporter.debug_flag,
            )
        self.statemachine = machine
        if isinstance(inputstring, str):
            lines = docutils.statemachine.string2lines(
                inputstring, tab_width=document.settings.tab_width, convert_whitespace=True
            )
            inputlines = StringList(lines, document.current_source)
        else:
            inputlines = inputstring
        self.decorate(inputlines)
        try:
            machine.run(inputlines, document, inliner=self.inliner)
        finally:
            # run() adds the document as an observer; leave none behind for the next parse.
            machine.observers = []
            machine.input_lines = None
            _MACHINES[key] = machine
        self.finish_parse()


def _stemming_once_per_word(app: Sphinx, config: Any) -> None:
    """Register, for this edition's language, a search language that memoises its stemmer."""
    entry = search_languages.get(config.language or "en")
    if entry is None:
        return
    base = import_object(entry) if isinstance(entry, str) else entry
    if not (isinstance(base, type) and issubclass(base, SearchLanguage)):
        return

    class MemoisedSearchLanguage(base):  # type: ignore[valid-type, misc]
        def stem(self, word: str) -> str:
            stems: dict[str, str] = self.__dict__.setdefault("_stems", {})
            stem = stems.get(word)
            if stem is None:
                stem = stems[word] = super().stem(word)
            return stem

    MemoisedSearchLanguage.__name__ = f"Memoised{base.__name__}"
    app.add_search_language(MemoisedSearchLanguage)


def _install(app: Sphinx, config: Any) -> None:
    if config.editions_fast_build:
        app.add_source_parser(ReusingRSTParser, override=True)
        _stemming_once_per_word(app, config)


def _templates_compiled_once(app: Sphinx) -> None:
    """Keep the theme's templates compiled (Jinja's own bytecode cache, checked against each
    template's source) where ``editions_template_cache`` says: every edition's HTML and
    EPUB builds compile the same templates, a fifth of an edition's time when it has a
    page or two to write."""
    folder = app.config.editions_template_cache
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if folder and app.config.editions_fast_build and environment is not None:
        Path(folder).mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = FileSystemBytecodeCache(folder)


class CatalogsCompiledBeforehand(Builder):
    """A builder that looks for catalogs to compile only where Sphinx may compile them
    (``gettext_auto_build``): Sphinx looks at each of the language's catalogs, and the file
    compiled from it, on every build, and then compiles none when it may not (a twentieth
    of an edition's build where one page changed, twice: its pages and its book)."""

    def compile_update_catalogs(self) -> None:
        if self.config.gettext_auto_build:
            super().compile_update_catalogs()


class EditionHTMLBuilder(CatalogsCompiledBeforehand, StandaloneHTMLBuilder):
    """Sphinx's HTML builder, looking for catalogs to compile only where it may."""


def setup(app: Sphinx) -> None:
    app.add_builder(EditionHTMLBuilder, override=True)
    # `editions build` turns this on; a plain sphinx-build gets Sphinx as it is.
    app.add_config_value("editions_fast_build", False, "", (bool,))
    app.add_config_value("editions_template_cache", "", "", (str,))
    app.connect("config-inited", _install)
    app.connect("builder-inited", _templates_compiled_once)
