"""The progress pages of the site: ``progress/`` (matrix, history chart), its JSON figures and
one SVG badge per language, all made from the same ``Progress`` figures as ``editions status``."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import languages
from .claims import current_claims, waiting_for_review
from .progress import Point, Progress, band
from .project import Project
from .publication import built_statements
from .storage import atomic_write

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
    """Write ``progress/index.html``, ``progress/progress.json`` and ``progress/badges/``."""
    folder = project.html_dir / "progress"
    data = progress.as_dict(series)
    _write(folder / "progress.json", json.dumps(data, ensure_ascii=False, indent=1))
    for code in progress.languages:
        percent = progress.language_total(code).percent
        _write(folder / "badges" / f"{code}.svg",
               badge(code, f"{percent:.0f}%", colour(percent)))
    columns = [
        {"code": code, "hreflang": languages.hreflang(code), "dir": languages.direction(code),
         "name": languages.native_name(code), "total": progress.language_total(code)}
        for code in progress.languages
    ]
    titles = statement_titles(project)
    claims = current_claims(project)
    waiting = waiting_for_review(project)
    rows = []
    for slug in progress.statements:
        cells = []
        for code in progress.languages:
            cell = progress.cell(code, slug)
            cells.append({
                "cell": cell, "figures": cell.figures,
                "href": f"../{code}/{slug}.html" if cell.published else None,
                "po": str(cell.path.relative_to(project.root)),
                "claim": claims.get((code, slug)),
                "waiting": waiting.get((code, slug), 0),
                "workspace": f"{project.workspace_url}{code}/{slug}/"
                if project.workspace_url else None,
            })
        rows.append({"slug": slug, "title": titles.get(slug, slug),
                     "href": f"../{project.source_language}/{slug}.html",
                     "total": progress.statement_total(slug), "cells": cells})
    environment = Environment(loader=FileSystemLoader(TEMPLATES),
                              autoescape=select_autoescape(["html"]))
    html = environment.get_template("progress.html").render(
        project=project.name, columns=columns, rows=rows, chart=chart(series),
        source=languages.hreflang(project.source_language), workspace_url=project.workspace_url,
        base_url=project.base_url,
    )
    _write(folder / "index.html", html)
    return folder / "index.html"


def _write(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    if not path.exists() or path.read_bytes() != data:
        atomic_write(path, data)
