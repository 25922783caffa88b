"""Progress: how far each language's translation of each statement is (``figures``), which
editions publish what (``policy``, read by the figures; ``publishing``, which records it in
conf.py), who is translating what and what waits for review (``claims``, from the
workspace), and the reports coordinators read (``report``).

The figures are this package's face: ``from editions import progress; progress.compute(...)``.
"""

from .figures import Figures, Point, Progress, band, by_day, compute, history

__all__ = ["Figures", "Point", "Progress", "band", "by_day", "compute", "history"]
