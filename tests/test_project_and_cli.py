"""Languages declared once in conf.py, and a CLI that reports bad input in one line."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.request

import pytest
from click.testing import CliRunner

from editions import languages
from editions.cli import main
from editions.errors import EditionsError
from editions.project import Project, declare_language, load_project
from editions.site import build

from .conftest import run


def test_languages_come_from_babel() -> None:
    assert languages.native_name("fr") == "Français"
    assert languages.native_name("ar") == "العربية"
    assert languages.native_name("uk") == "Українська"
    assert languages.direction("ar") == "rtl" and languages.direction("he") == "rtl"
    assert languages.direction("uk") == "ltr"
    assert languages.validate("pt-br") == "pt_BR"
    assert languages.hreflang("pt_BR") == "pt-BR"
    with pytest.raises(EditionsError, match="unknown language code 'klingon'"):
        languages.validate("klingon")


def test_declare_language_edits_only_the_list_in_conf_py(tiny: Project) -> None:
    before = tiny.conf_py.read_text()
    updated = declare_language(tiny, "uk")
    assert updated.languages == ("fr", "ar", "uk")
    assert tiny.conf_py.read_text() == before.replace("['fr', 'ar']", "['fr', 'ar', 'uk']")
    assert load_project(tiny.root).languages == ("fr", "ar", "uk")


def test_add_language_declares_it_and_creates_its_catalogs(tiny: Project) -> None:
    result = run(tiny, "add-language", "he")
    assert result.exit_code == 0, result.output
    assert "עברית" in result.output and "rtl" in result.output
    assert load_project(tiny.root).languages == ("fr", "ar", "he")
    assert tiny.catalog_path("he", "alpha").exists() and tiny.catalog_path("he", "beta").exists()
    assert not tiny.catalog_path("fr", "alpha").exists()  # other languages untouched


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add-language", "xx-nowhere"), "unknown language code 'xx-nowhere'"),
        (("add-language", "fr"), "'fr' is already declared"),
        (("update", "-l", "de"), "language 'de' is not declared"),
        (("build", "-l", "de"), "add it with 'editions add-language de'"),
    ],
)
def test_bad_input_is_one_line_on_stderr_never_a_traceback(
    tiny: Project, args: tuple[str, ...], message: str
) -> None:
    before = tiny.conf_py.read_text()
    result = run(tiny, *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert tiny.conf_py.read_text() == before


def test_unknown_language_in_conf_py_names_the_file(tiny: Project) -> None:
    tiny.conf_py.write_text(tiny.conf_py.read_text().replace("'ar'", "'qq'"))
    with pytest.raises(EditionsError) as caught:
        load_project(tiny.root)
    assert str(caught.value).startswith(f"{tiny.conf_py}: unknown language code 'qq'")


def test_unknown_statement_is_a_clear_error(tiny: Project) -> None:
    with pytest.raises(EditionsError) as caught:
        tiny.statement_source("gamma")
    assert "unknown statement 'gamma' (known statements: alpha, beta)" in str(caught.value)


def test_update_and_build_commands_print_a_summary(tiny: Project) -> None:
    update = run(tiny, "update")
    assert update.exit_code == 0, update.output
    assert "4 catalogs: 4 written, 0 unchanged." in update.output
    built = run(tiny, "build", "-j", "1")
    assert built.exit_code == 0, built.output
    assert "Built 3 of 3 editions" in built.output
    assert (tiny.html_dir / "index.html").as_uri() in built.output.replace("\n", "")
    assert "العربية (ar)" in built.output


def test_help_explains_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("update", "add-language", "build", "serve"):
        assert command in result.output


def test_serve_serves_the_built_site_and_refuses_an_unbuilt_one(tiny: Project) -> None:
    unbuilt = run(tiny, "serve")
    assert unbuilt.exit_code == 1 and "run 'editions build' first" in unbuilt.stderr

    build.build(tiny, jobs=1)
    process = subprocess.Popen(
        [sys.executable, "-m", "editions.cli", "--project", str(tiny.root), "serve", "--port", "0"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        url = re.search(r"http://[\d.]+:\d+/", line)
        assert url, line
        with urllib.request.urlopen(url.group(0) + "ar/index.html", timeout=10) as response:
            assert 'dir="rtl"' in response.read().decode("utf-8")
    finally:
        process.terminate()
        process.wait(timeout=10)
