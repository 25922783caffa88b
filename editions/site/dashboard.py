"""The progress pages of the site: ``progress/`` (matrix, history chart), its JSON figures and
one SVG badge per language, all made from the same ``Progress`` figures as ``editions status``."""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import json
from collections.abc import Callable
from functools import partial
from pathlib import Path

from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import languages
from ..catalogs.pofile import parse_catalog, serialize
from ..checks.registry import check_title
from ..errors import EditionsError
from ..progress import Point, Progress, band
from ..progress.claims import current_claims, waiting_for_review
from ..progress.policy import built_statements, progress_page
from ..project import Project
from ..storage import write_if_changed
from .inputs import Stamps, data_digest
from .interface import interface_translations

TEMPLATES = Path(__file__).parent / "templates"
CHART_WIDTH, CHART_HEIGHT = 640, 220
PALETTE = ["#9b1c1c", "#1f5f8b", "#2e7d32", "#8e44ad", "#c0650f", "#00796b", "#5d4037",
           "#3949ab"]


#: Badge colours by band: green when complete, amber from half, red below.
COLOURS = {"done": "#2e7d32", "half": "#b26a00", "low": "#b3261e"}


def colour(percent: float) -> str:
    return COLOURS[band(percent)]


def badge(label: str, value: str, fill: str) -> str:
    """A flat badge in the style people embed in READMEs, sized from its text."""
    left, right = 8 + 7 * len(label), 10 + 7 * len(value)
    width = left + right
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{label}: {value}"><title>{label}: {value}</title>'
        f'<rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{fill}"/>'
        f'<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{left / 2}" y="14" text-anchor="middle">{label}</text>'
        f'<text x="{left + right / 2}" y="14" text-anchor="middle">{value}</text></g></svg>'
    )


def chart(series: dict[str, list[Point]]) -> dict | None:
    """Polylines of each language's percentage over its commits, in SVG coordinates."""
    points = [point for values in series.values() for point in values]
    if not points:
        return None
    dates = sorted({point.date for point in points})
    position = {date: index for index, date in enumerate(dates)}
    span = max(len(dates) - 1, 1)
    lines = []
    for index, (code, values) in enumerate(sorted(series.items())):
        coordinates = " ".join(
            f"{56 + (CHART_WIDTH - 76) * position[p.date] / span:.1f},"
            f"{10 + (CHART_HEIGHT - 40) * (1 - p.percent / 100):.1f}"
            for p in values
        )
        lines.append({"code": code, "name": languages.native_name(code),
                      "hreflang": languages.hreflang(code), "dir": languages.direction(code),
                      "colour": PALETTE[index % len(PALETTE)], "points": coordinates,
                      "last": values[-1].percent})
    # The two ends of the time axis: days, or times of day where they are one day.
    first, last = dates[0][:10], dates[-1][:10]
    if first == last:
        first, last = dates[0][:16].replace("T", " "), dates[-1][:16].replace("T", " ")
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "lines": lines,
            "first": first, "last": last}


def statement_titles(project: Project) -> dict[str, str]:
    """Each statement's title in the original, as the original edition's build found it."""
    return {item["slug"]: item["title"]
            for item in built_statements(project, project.source_language)}


def write_progress_site(project: Project, progress: Progress,
                        series: dict[str, list[Point]]) -> Path:
    """Write ``progress/index.html`` and the same page in each translation's language,
    ``progress/progress.json``, ``progress/badges/``, and a copy of each catalog not yet
    published, to download and translate."""
    folder = project.html_dir / "progress"
    stamps = Stamps(project.build_dir / "cache" / "progress-pages.json")
    _write_figures(folder, progress, series, stamps)
    rows, offered = _rows(project, progress, folder)
    # A statement published since, or gone: its file is no longer offered.
    for stale in set((folder / "files").glob("*/*.po")) - offered:
        stale.unlink()
    drawn = chart(series)
    # The pages say nothing that their rows, chart and settings do not: when none of those
    # changed since they were written, they are not made again (the matrix of a large
    # archive, in every language, is most of a build that has nothing else to do).
    pages = [folder / progress_page(code, project.source_language)
             for code in {project.source_language, *progress.languages}]
    digest = data_digest(rows, drawn, project.name, project.workspace_url, project.base_url,
                         project.source_language, progress.languages)
    if not (stamps.current("pages", digest) and all(page.exists() for page in pages)):
        _write_pages(project, progress, rows, drawn, folder)
        stamps.record("pages", digest)
    return folder / "index.html"


def _write_figures(folder: Path, progress: Progress, series: dict[str, list[Point]],
                   stamps: Stamps) -> None:
    """The figures for machines: ``progress.json`` and a badge per language to embed.
    (Written indented, for people to read too, which takes Python's slow encoder: only when
    the figures changed, as the fast one's compact form tells.)"""
    data = progress.as_dict(series)
    figures = folder / "progress.json"
    digest = data_digest(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    if not (stamps.current("figures", digest) and figures.exists()):
        _write(figures, json.dumps(data, ensure_ascii=False, indent=1))
        stamps.record("figures", digest)
    for code in progress.languages:
        percent = progress.language_total(code).percent
        _write(folder / "badges" / f"{code}.svg",
               badge(code, f"{percent:.0f}%", colour(percent)))


def _rows(project: Project, progress: Progress, folder: Path) -> tuple[list[dict], set[Path]]:
    """The matrix's rows, a statement each, with a cell per language; and the catalogs
    offered for download, written on the way (a cell not published offers its catalog)."""
    titles = statement_titles(project)
    offered: set[Path] = set()
    claims = current_claims(project)
    waiting = waiting_for_review(project)
    rows = []
    for slug in progress.statements:
        cells = []
        for code in progress.languages:
            cell = progress.cell(code, slug)
            download = f"files/{code}/{cell.path.name}"
            if cell.published or not cell.path.exists() or not _write_download(
                    cell.path, folder / download, code, project.name):
                download = None
            else:
                offered.add(folder / download)
            cells.append({
                "cell": cell, "figures": cell.figures, "hreflang": languages.hreflang(code),
                "href": f"../{code}/{slug}.html" if cell.published else None,
                "download": download,
                "claim": claims.get((code, slug)),
                "waiting": waiting.get((code, slug), 0),
                "workspace": f"{project.workspace_url}{code}/{slug}/"
                if project.workspace_url else None,
            })
        rows.append({"slug": slug, "title": titles.get(slug, slug),
                     "href": f"../{project.source_language}/{slug}.html",
                     "total": progress.statement_total(slug), "cells": cells})
    return rows, offered


def _write_pages(project: Project, progress: Progress, rows: list[dict], drawn: dict | None,
                 folder: Path) -> None:
    """The progress page in the original's language and in each translation's, each with
    its numbers and interface in that language and links to the others."""
    environment = Environment(loader=FileSystemLoader(TEMPLATES),
                              autoescape=select_autoescape(["html"]))
    page_codes = [project.source_language,
                  *(c for c in progress.languages if c != project.source_language)]
    versions = [{"code": code, "hreflang": languages.hreflang(code),
                 "dir": languages.direction(code), "name": languages.native_name(code),
                 "href": progress_page(code, project.source_language)} for code in page_codes]
    totals = {code: progress.language_total(code) for code in progress.languages}
    for code in page_codes:
        locale = languages.locale_for(code)
        environment.globals.update(_page_gettext(
            interface_translations(code, project.build_dir / "cache")))
        name = progress_page(code, project.source_language)
        html = environment.get_template("progress.html").render(
            project=project.name, rows=_localised(rows, code),
            columns=[{"code": c, "hreflang": languages.hreflang(c),
                      "dir": languages.direction(c), "name": languages.native_name(c),
                      "total": total, "percent": languages.percent(total.percent, code),
                      "words_left": format_decimal(total.words_left, locale=locale)}
                     for c, total in totals.items()],
            chart=_localised_chart(drawn, code),
            source=languages.hreflang(project.source_language),
            source_dir=languages.direction(project.source_language),
            workspace_url=project.workspace_url, base_url=project.base_url,
            page_code=code, page_lang=languages.hreflang(code),
            page_dir=languages.direction(code), page_name=name,
            page_language_name=languages.native_name(code),
            versions=[{**version, "current": version["code"] == code} for version in versions],
        )
        _write(folder / name, html)


def _page_gettext(translations: gettext.NullTranslations) -> dict[str, Callable[..., Markup]]:
    """``_`` and ``ngettext`` for the page's template, as Jinja's i18n extension gives them
    ("newstyle": the translation is markup, the values put in it are escaped), without its
    three calls through the template's context for each: a large matrix asks 60,000 times,
    and they were a third of the page's time."""

    def made(message: str, plural: str | None, count: int, values: tuple) -> Markup:
        translated = (translations.gettext(message) if plural is None
                      else translations.ngettext(message, plural, count))
        return Markup(translated) % dict(values)

    remembered = functools.cache(made)  # (a matrix says a few hundred phrases over and over)

    def phrase(message: str, plural: str | None, count: int, values: tuple) -> Markup:
        try:
            return remembered(message, plural, count, values)
        except TypeError:  # (a value that cannot be remembered)
            return made(message, plural, count, values)

    def say(message: str, /, **values: object) -> Markup:
        return phrase(message, None, 0, tuple(values.items()))

    def say_n(singular: str, plural: str, count: int, /, **values: object) -> Markup:
        values.setdefault("num", count)
        return phrase(singular, plural, count, tuple(values.items()))

    return {"_": say, "gettext": say, "ngettext": say_n}


def _localised(rows: list[dict], code: str) -> list[dict]:
    """The rows with their numbers as a reader of ``code`` writes them (each number and
    percentage formatted once: a large matrix repeats the same few hundred), and what the
    checks found wrong in each cell in ``code``'s words."""
    number = functools.cache(partial(_decimal, locale=languages.locale_for(code)))
    percent = functools.cache(partial(languages.percent, code=code))
    return [{**row, "cells": [{**cell, "n": number, "percent": percent(cell["figures"].percent),
                               "failed": [check_title(check, code)
                                          for check in sorted(cell["cell"].failed)]}
                              for cell in row["cells"]]}
            for row in rows]


def _decimal(value: int, locale: str) -> str:
    return format_decimal(value, locale=locale)


def _localised_chart(drawn: dict | None, code: str) -> dict | None:
    """The chart with its percentages and the ends of its time axis in ``code``'s way."""
    if drawn is None:
        return None
    locale = languages.locale_for(code)

    def moment(value: str) -> str:
        day = format_date(dt.date.fromisoformat(value[:10]), "medium", locale=locale)
        if len(value) > 10:  # a time of day: the two ends are on one day
            moment = dt.datetime.fromisoformat(value)
            return f"{day} {format_time(moment, 'short', locale=locale)}"
        return day

    return {**drawn, "first": moment(drawn["first"]), "last": moment(drawn["last"]),
            "percent": lambda value: languages.percent(value, code)}


def _write_download(catalog: Path, target: Path, code: str, project_name: str) -> bool:
    """A catalog to download and translate, with nothing in it that could name a volunteer:
    the header's free-text fields (last translator, team, dates with their time zone, tool
    settings holding home folders), translators' comments, old entries. The public site
    keeps no volunteer's name. False where the catalog cannot be read (the matrix says so)."""
    if target.exists() and target.stat().st_mtime_ns >= catalog.stat().st_mtime_ns:
        return True  # (made from the catalog as it is: not read again on every build)
    try:
        parsed = parse_catalog(catalog.read_bytes(), catalog, code)
    except (OSError, EditionsError):
        target.unlink(missing_ok=True)
        return False
    team = f"{languages.english_name(code)} translation team"
    parsed.last_translator = parsed.language_team = team
    parsed.project, parsed.msgid_bugs_address = project_name, ""
    parsed.revision_date = parsed.creation_date
    parsed.foreign_fields = ()
    parsed.header_comment = (
        f"# {languages.english_name(code)} translation of the statement "
        f"'{catalog.stem}', from the progress page.\n# Translate it in Poedit or any text "
        "editor, then send it to your language's coordinators.")
    for message in parsed:
        message.user_comments = []
    parsed.obsolete.clear()
    if not write_if_changed(target, serialize(parsed)):
        target.touch()  # (up to date with its catalog)
    return True


def _write(path: Path, text: str) -> None:
    write_if_changed(path, text.encode("utf-8"))
