"""Stage 0, start: a new project (``init``), the next monitor with the workbooks the
municipalities fill in (``new``, ``workbooks.py``), its Totaaloverzicht compiled from the
returned sheets (``compile``), and the approval that lets a monitor be released
(``approve``).

Nothing here overwrites an existing file: a project folder or monitor that is already there
is refused with a message that says what to do instead.
"""

from .approve import approve_monitor
from .compile import Compiled, compile_monitor
from .init import ROUTINE_DOCS, init_project
from .new import NewMonitor, add_months, new_monitor, next_period, title_of
from .workbooks import INPUT_SHEET, input_sheet_workbook, totaaloverzicht_workbook

__all__ = [
    "INPUT_SHEET",
    "Compiled",
    "ROUTINE_DOCS",
    "NewMonitor",
    "add_months",
    "approve_monitor",
    "compile_monitor",
    "init_project",
    "input_sheet_workbook",
    "new_monitor",
    "next_period",
    "title_of",
    "totaaloverzicht_workbook",
]
