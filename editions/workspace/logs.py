"""What the workspace's server writes to its log: one short line per event, never a secret.

Django logs a failing request as its path and a traceback. A path may hold an invitation's
token (/join/<token>/), which makes whoever reads the log a member of the team; a traceback
holds local variables' names and the request's data, and is many kilobytes long, so that
a few requests fill a disk. A line names the logger, the level, the message with any token
replaced, and the exception's class: enough to know what failed and where to look.
"""

from __future__ import annotations

import logging
import re

#: The part of an address after /join/ that may be an invitation's token: longer than any
#: language code (urls.py accepts tokens of 20 to 100 characters; this errs on the long side).
_TOKEN = re.compile(r"(join(?:/|%2F))[^/\s'\"?#]{12,}", re.IGNORECASE)
#: No line longer than this: a message may quote what the client sent.
MAX_LINE = 300


def redact(text: str) -> str:
    """``text`` with every invitation token in an address replaced, on one line."""
    return _TOKEN.sub(r"\1…", " ".join(text.split()))


class OneLineFormatter(logging.Formatter):
    """A record as one line without the traceback (only the exception's class is named) and
    without any invitation token."""

    def format(self, record: logging.LogRecord) -> str:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # (a message whose arguments do not fit it)
            message = str(record.msg)
        if record.exc_info and record.exc_info[0] is not None:
            message = f"{message} ({record.exc_info[0].__name__})"
        line = redact(f"{self.formatTime(record)} {record.levelname} {record.name}: {message}")
        return line if len(line) <= MAX_LINE else line[:MAX_LINE - 1] + "…"
