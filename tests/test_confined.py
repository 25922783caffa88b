"""The build as the last guard of the public site: a statement's source inserts no file and
brings none from outside the source folder into the site, whoever wrote it."""

from __future__ import annotations

from editions.project import Project
from editions.site import build


def test_a_source_reads_no_file_of_the_server_into_the_site(tiny: Project) -> None:
    secret = tiny.root / ".workspace" / "secret_key"
    secret.parent.mkdir()
    secret.write_text("SECRET-OF-THE-SERVER\n", encoding="utf-8")
    (tiny.root / "leak.png").write_bytes(b"\x89PNG SECRET-OF-THE-SERVER")
    inside = tiny.srcdir / "handout.txt"
    inside.write_text("A handout of the campaign.\n", encoding="utf-8")
    source = tiny.statement_source("beta")
    source.write_text(source.read_text(encoding="utf-8") + (
        "\nTake :download:`the key <../.workspace/secret_key>` and "
        ":download:`the handout <handout.txt>`.\n\n"
        ".. include:: ../.workspace/secret_key\n\n"
        ".. literalinclude:: ../.workspace/secret_key\n\n"
        ".. raw:: html\n   :file: ../.workspace/secret_key\n\n"
        ".. raw:: html\n\n   <script>alert(1)</script>\n\n"
        ".. image:: ../leak.png\n   :alt: a picture\n\n"
        ".. image:: ../leak.png\n   :alt: a linked picture\n   :target: https://example.org/\n\n"
        ".. image:: http://127.0.0.1:9/internal.png\n   :alt: a far picture\n"),
        encoding="utf-8")

    report = build.build(tiny, ["en"], jobs=1)

    [result] = report.results
    site = tiny.html_dir
    for path in site.rglob("*"):
        if path.is_file():
            assert b"SECRET-OF-THE-SERVER" not in path.read_bytes(), path
            if path.suffix in {".html", ".xhtml", ".epub"}:  # (not the source shown as text)
                assert b"<script>alert(1)" not in path.read_bytes(), path
    page = (site / "en" / "beta.html").read_text(encoding="utf-8")
    assert "the key" in page and "a picture" in page and "a linked picture" in page
    assert "127.0.0.1:9" not in page and "a far picture" in page
    # A file inside the source folder is still offered (Sphinx copies it into _downloads).
    assert [path.name for path in site.rglob("handout.txt")] == ["handout.txt"]
    said = "\n".join(result.warnings)
    assert "a download outside the source folder is left out: ../.workspace/secret_key" in said
    assert "an image outside the source folder is left out: ../leak.png" in said
    assert ("an image from another site is left out: http://127.0.0.1:9/internal.png"
            in said)
    assert result.status == "built", result.errors
    assert '"include" directive disabled' in said or "File insertion disabled" in said, said
