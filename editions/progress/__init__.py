"""Progress: how far each language's translation of each statement is (``figures``), which
editions publish what (``policy``, read by the figures; ``publishing``, which records it in
conf.py), each language's course over the git history (``timeline``), who is translating
what and what waits for review (``claims``, from the workspace), and the reports
coordinators read (``report``).

The figures are this package's face: ``from editions import progress; progress.compute(...)``.
"""

from .figures import Figures, Progress, band, compute
from .timeline import Point, by_day, history

__all__ = ["Figures", "Point", "Progress", "band", "by_day", "compute", "history"]
