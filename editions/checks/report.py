"""Formats of a check report: text for people (grouped by file), JSON for scripts, GitHub
workflow annotations for CI. Every format is made from the same ``Finding`` records."""

from __future__ import annotations

import json
from itertools import groupby

from rich.console import Console
from rich.markup import escape

from ..wording import counted
from .project import CheckReport
from .registry import Finding

EXCERPT = 100
_STYLE = {"error": "bold red", "warning": "yellow"}


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1] + "…"


def format_finding(finding: Finding, language: str = "en") -> str:
    """``path:line: severity [check-id] message``: the line editors and CI understand, its
    message in ``language``."""
    return (f"{finding.location()}: {finding.severity} [{finding.check}] "
            f"{finding.message_in(language)}")


def summary(report: CheckReport) -> str:
    return (
        f"{counted(len(report.errors), 'error')}, {counted(len(report.warnings), 'warning')} in "
        f"{counted(report.entries, 'entry', 'entries')} of "
        f"{counted(report.catalogs, 'catalog')} checked ({report.seconds:.2f} s"
        + (f", {report.cached} from cache)" if report.cached else ")")
    )


def print_text(report: CheckReport, console: Console, language: str = "en") -> None:
    """Grouped by file, coloured on a terminal; plain and fast when written to a file or pipe.
    The messages are in ``language`` (the reader's: ``messages.interface_language``)."""
    if not console.is_terminal:
        lines = []
        for path, findings in groupby(report.findings, key=lambda f: f.path):
            lines.append(path)
            for finding in findings:
                lines.append(f"  {format_finding(finding, language)}")
                if finding.source:
                    lines.append(f"      source:      {_excerpt(finding.source)}")
                if finding.translation:
                    lines.append(f"      translation: {_excerpt(finding.translation)}")
        lines.append(summary(report))
        console.file.write("\n".join(lines) + "\n")
        return
    for path, findings in groupby(report.findings, key=lambda f: f.path):
        console.print(f"[bold]{escape(path)}[/]")
        for finding in findings:
            style = _STYLE.get(finding.severity, "")
            console.print(
                f"  {escape(finding.location())}: [{style}]{finding.severity}[/] "
                f"[cyan]\\[{finding.check}][/] {escape(finding.message_in(language))}",
                soft_wrap=True,
            )
            if finding.source:
                console.print(f"      [dim]source:[/]      {escape(_excerpt(finding.source))}",
                              soft_wrap=True)
            if finding.translation:
                console.print(
                    f"      [dim]translation:[/] {escape(_excerpt(finding.translation))}",
                    soft_wrap=True,
                )
    console.print(summary(report), soft_wrap=True)


def to_json(report: CheckReport) -> str:
    return json.dumps(
        {
            "summary": {
                "errors": len(report.errors), "warnings": len(report.warnings),
                "entries": report.entries, "catalogs": report.catalogs,
                "seconds": round(report.seconds, 3),
            },
            "findings": [_public(finding) for finding in report.findings],
        },
        ensure_ascii=False, indent=2,
    )


def _public(finding: Finding) -> dict:
    """A finding as scripts read it: its message in English (the wording is the cache's)."""
    fields = finding.as_dict()
    fields.pop("wording", None)
    return fields


def _escape_github(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def to_github(report: CheckReport) -> str:
    lines = []
    for finding in report.findings:
        properties = f"file={finding.path}"
        if finding.line:
            properties += f",line={finding.line}"
        properties += f",title={finding.check}"
        lines.append(f"::{finding.severity} {properties}::{_escape_github(finding.message)}")
    lines.append(summary(report))
    return "\n".join(lines)
