"""One error type whose message names the file, the line and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class EditionsError(Exception):
    """A problem with the user's input, reported as one line instead of a traceback."""

    message: str
    path: Path | str | None = None
    line: int | None = None
    hint: str = ""

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


class ChangedMeanwhile(EditionsError):
    """A file changed between the moment someone opened it to edit and the moment they
    saved: nothing was written, and they are asked to open it again."""
