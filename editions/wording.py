"""How the command line words a count: it speaks English, where one is singular."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str = "") -> str:
    """``1 statement``, ``2 statements``; ``plural`` where adding an "s" is wrong."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
