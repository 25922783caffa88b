"""What the environment keeps of each statement (its translated author, date, original
language and summary), and the order the edition lists its statements in."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from . import sharing
from .nodes import statement_meta


class StatementCollector(EnvironmentCollector):
    """Keeps each statement's (translated) author, date and original language in the env."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        statements(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        for docname in docnames:
            if docname in statements(other):
                statements(env)[docname] = statements(other)[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        for node in doctree.findall(statement_meta):
            statements(app.env)[app.env.docname] = {
                "author": node.children[0].astext() if node.children else "",
                "date": node["date"],
                "original_language": node["original_language"],
                "summary": sharing.summary(doctree, node),
            }
            break


def statements(env: BuildEnvironment) -> dict[str, dict[str, str]]:
    """Each statement's author, date, original language and summary, by docname."""
    if not hasattr(env, "editions_statements"):
        env.editions_statements = {}  # type: ignore[attr-defined]
    return env.editions_statements  # type: ignore[attr-defined]


def newest_first(env: BuildEnvironment) -> list[str]:
    """The edition's statements as its index lists them: dated ones newest first, then the
    undated, each group by title."""
    known = statements(env)
    ordered = sorted(
        (name for name in known if name in env.titles),
        key=lambda name: (known[name]["date"], env.titles[name].astext()),
        reverse=True,
    )
    ordered.sort(key=lambda name: not known[name]["date"])  # undated ones last
    return ordered


def reread_index(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """A statement added or removed changes the index's list and toctree: read it again."""
    return [app.config.root_doc] if added or removed else []
