"""The last guard of the public site: a statement inserts no file, and brings none from
outside the source folder into the site.

Sources are written by editors (in git) and by coordinators in the workspace (the desk's
import and corrections, which write words and the few constructs they make). Should any
path ever let other markup through, the build itself refuses what would read the server's
disk or the network: ``include``, ``literalinclude``, ``raw`` and ``csv-table``'s
``:file:`` and ``:url:`` (docutils' own settings turn them off, and Sphinx's directives obey
them); a download or an image outside the source folder, which Sphinx would copy into the
site (``:download:`../.workspace/secret_key```), and an image from another site, which the
EPUB builder would fetch (from any address the server reaches) and readers' browsers would
load, are left out with a warning naming them.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _no_file_insertion(app: Sphinx) -> None:
    """docutils' settings for every document read: no file inserted, no raw markup."""
    app.env.settings["file_insertion_enabled"] = False
    app.env.settings["raw_enabled"] = False


def _is_outside(app: Sphinx, target: str, docname: str) -> bool:
    """Whether a file a document names lies outside the source folder (a link or ``..``
    leading out of it counts as outside)."""
    _relative, absolute = app.env.relfn2path(target, docname)
    return not Path(absolute).resolve().is_relative_to(Path(app.srcdir).resolve())


def _leave_out_outside_files(app: Sphinx, doctree: nodes.document) -> None:
    """Downloads and images that name a file outside the source folder, left out before
    Sphinx's collectors note them for copying."""
    docname = app.env.docname
    # (One walk of the document for both: this runs for every document read.)
    for node in list(doctree.findall(
            lambda node: isinstance(node, (addnodes.download_reference, nodes.image)))):
        if isinstance(node, nodes.image):
            _leave_out_image(app, node, docname)
        else:
            _leave_out_download(app, node, docname)


def _leave_out_download(app: Sphinx, node: nodes.Node, docname: str) -> None:
    target = node.get("reftarget", "")
    if "://" not in target and _is_outside(app, target, docname):
        logger.warning("a download outside the source folder is left out: %s", target,
                       location=node, type="editions", subtype="outside")
        node.replace_self(nodes.inline(node.astext(), node.astext()))


def _leave_out_image(app: Sphinx, node: nodes.image, docname: str) -> None:
    uri = node.get("uri", "")
    remote = "://" in uri or uri.startswith("//")
    if uri.startswith("data:") or not (remote or _is_outside(app, uri, docname)):
        return
    logger.warning("an image %s is left out: %s", "from another site" if remote else
                   "outside the source folder", uri, location=node, type="editions",
                   subtype="outside")
    words = node.get("alt", "")
    # (An image with a :target: stands in its link: the link goes with it.)
    shown = node.parent if isinstance(node.parent, nodes.reference) else node
    inline = isinstance(shown.parent, nodes.TextElement)
    shown.replace_self(nodes.inline(words, words) if inline else nodes.paragraph(words, words))


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _no_file_insertion)
    # Before Sphinx's collectors (priority 500) note the files for copying.
    app.connect("doctree-read", _leave_out_outside_files, priority=100)
