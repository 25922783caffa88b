"""How `editions status` and `editions todo` show progress: a rich table on a terminal, and
JSON, Markdown or CSV for scripts, CI and issue trackers. All from one ``Progress``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from .. import languages
from ..wording import counted
from .figures import Figures, Progress, band
from .timeline import Point

CSV_FIELDS = ["language", "statement", "segments", "translated", "fuzzy", "untranslated",
              "obsolete", "words", "translated_words", "fuzzy_words", "untranslated_words",
              "percent", "errors", "published"]


_STYLES = {"done": "green", "half": "yellow", "low": "red"}


def _style(percent: float) -> str:
    return _STYLES[band(percent)]


def _bar(figures: Figures) -> ProgressBar:
    return ProgressBar(total=100, completed=figures.percent, width=12,
                       complete_style=_style(figures.percent), finished_style="green")


def table(progress: Progress, console: Console) -> None:
    """Totals per language (named in its own script), then per statement."""
    by_language = Table(title="Translation progress by language", title_justify="left")
    for header in ("Language", "Progress", "Done", "Segments", "Fuzzy", "To review",
                   "Words left", "Errors", "Published"):
        by_language.add_column(header, justify="left" if header in {"Language", "Progress"}
                               else "right", no_wrap=True)
    for code in progress.languages:
        total = progress.language_total(code)
        published = sum(progress.cell(code, slug).published for slug in progress.statements)
        by_language.add_row(
            f"{languages.native_name(code)} {code}", _bar(total),
            Text(f"{total.percent:.0f}%", style=_style(total.percent)),
            f"{total.translated}/{total.segments}", str(total.fuzzy or ""),
            str(total.review or ""), f"{total.words_left}/{total.words}",
            Text(str(total.errors), style="bold red") if total.errors else "",
            f"{published}/{len(progress.statements)}",
        )
    console.print(by_language)
    single = len(progress.languages) == 1
    by_statement = Table(
        title="By statement" + (f" in {languages.native_name(progress.languages[0])}"
                                if single else ", all languages"),
        title_justify="left",
    )
    for header in ("Statement", "Progress", "Done", "Segments", "Fuzzy", "To review",
                   "Words left", "Errors"):
        by_statement.add_column(header, justify="left" if header in {"Statement", "Progress"}
                                else "right", no_wrap=header != "Statement")
    for slug in progress.statements:
        total = (progress.cell(progress.languages[0], slug).figures if single
                 else progress.statement_total(slug))
        by_statement.add_row(
            slug, _bar(total), Text(f"{total.percent:.0f}%", style=_style(total.percent)),
            f"{total.translated}/{total.segments}", str(total.fuzzy or ""),
            str(total.review or ""), f"{total.words_left}/{total.words}",
            Text(str(total.errors), style="bold red") if total.errors else "",
        )
    console.print(by_statement)
    unreadable = [cell.error for cell in progress.cells.values() if cell.error]
    for error in unreadable:
        console.print(f"[bold red]not counted:[/] {escape(error)}", soft_wrap=True)
    if unreadable:
        console.print("These catalogs count as nothing translated until they can be read.")


def to_json(progress: Progress, series: dict[str, list[Point]] | None = None) -> str:
    # Compact: for scripts, and written at once.
    return json.dumps(progress.as_dict(series), ensure_ascii=False)


def to_csv(progress: Progress) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for cell in progress.cells.values():
        writer.writerow({"language": cell.language, "statement": cell.statement,
                         "published": cell.published, **cell.figures.as_dict()})
    return buffer.getvalue()


def to_markdown(progress: Progress) -> str:
    names = [f"{languages.native_name(code)} ({code})" for code in progress.languages]
    lines = ["| Statement | " + " | ".join(names) + " |",
             "| --- |" + " ---: |" * len(names)]
    for slug in progress.statements:
        cells = []
        for code in progress.languages:
            cell = progress.cell(code, slug)
            mark = " ✓" if cell.published else ""
            cells.append(f"{cell.figures.percent:.0f}%{mark}")
        lines.append(f"| {slug} | " + " | ".join(cells) + " |")
    totals = [f"**{progress.language_total(code).percent:.0f}%**" for code in progress.languages]
    lines.append("| **All statements** | " + " | ".join(totals) + " |")
    lines.append("")
    lines.append("✓ published. Percentages are of the source's words, translated and reviewed.")
    return "\n".join(lines) + "\n"


def history_table(series: dict[str, list[Point]], console: Console) -> None:
    if not series:
        console.print("No history: the catalogs are not in a git repository with commits.")
        return
    history = Table(title="Progress over time (one point per commit touching a catalog)",
                    title_justify="left")
    for header in ("Language", "Date", "Commit", "Words translated"):
        history.add_column(header)
    for code, points in series.items():
        for index, point in enumerate(points):
            history.add_row(languages.native_name(code) if index == 0 else "",
                            point.date[:16].replace("T", " "), point.commit,
                            f"{point.percent:.1f}%")
    console.print(history)


def _shown(path: Path) -> str:
    """A path as the volunteer types it: relative to where the command runs, if inside."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def todo(progress: Progress, language: str, console: Console) -> None:
    """What is left in one language, nearest to done first, as potodo shows it."""
    cells = [progress.cell(language, slug) for slug in progress.statements]
    left = [cell for cell in cells if cell.figures.words_left or cell.figures.errors or cell.error]
    left.sort(key=lambda cell: (-cell.figures.percent, cell.figures.words_left))
    name = languages.native_name(language)
    if not left:
        console.print(f"Nothing left to translate in {name}: every statement is complete.")
        return
    console.print(f"Left to translate in {name} ({language}), nearest to done first:\n")
    for cell in left:
        figures = cell.figures
        details = [f"{counted(figures.words_left, 'word')} left",
                   f"{figures.untranslated} untranslated"]
        if figures.fuzzy:
            details.append(f"{figures.fuzzy} fuzzy to review")
        if figures.errors:
            details.append(f"[bold red]{counted(figures.errors, 'check error')}[/]")
        console.print(
            f"  [bold]{cell.statement}[/]  [{_style(figures.percent)}]{figures.percent:.0f}%[/]"
            f"  {' · '.join(details)}", soft_wrap=True,
        )
        console.print(f"      {cell.error or _shown(cell.path)}", soft_wrap=True,
                      highlight=False, markup=False)
    words = sum(cell.figures.words_left for cell in left)
    files = "the file" if len(left) == 1 else "each file"
    console.print(f"\n{counted(len(left), 'statement')}, {counted(words, 'word')} left. "
                  f"Translate {files} in Poedit or a text editor, then run "
                  f"'editions check -l {language}'.", soft_wrap=True)
