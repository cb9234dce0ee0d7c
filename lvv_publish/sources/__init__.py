"""Stage 1, read: the project's inputs, loaded and checked into typed objects.

The registry (``registry/*.yaml``), a monitor's ``monitor.yaml``, ``publication.yaml``, the
Totaaloverzicht as tidy observations with a fixed column contract (``observations.py``), and
the municipalities' input sheets. ``load_release`` gives a ``ReleaseData``: what a release
would publish, before it is checked. Every file is read safely (``files.py``): encodings,
YAML without alias bombs, nothing from outside the project.
"""

from .compilation import TableState, compiled_cells, table_state, unread_keys
from .files import check_inside, load_yaml, pydantic_problems, read_text
from .grid import Grid, parse_count, read_grid
from .input_sheets import (
    INPUT_SHEET,
    Header,
    InputRow,
    InputSheet,
    StrayText,
    locate,
    quarter_problem,
    read_input_sheet,
    value_header,
)
from .monitor import load_monitor, load_publication, monitor_dir, released_monitors
from .observations import (
    OBSERVATION_COLUMNS,
    OBSERVATION_KEY,
    OBSERVATIONS,
    Cells,
    cells_of,
    enforce_schema,
)
from .project import Project, find_project
from .registry import LabelMatcher, default_registry_dir, load_registry, normalise_label
from .release import (
    ReleaseData,
    check_dates,
    check_public_notes,
    load_release,
    read_input_sheets,
    read_observations,
)
from .totaaloverzicht import (
    RECORD_SHEET,
    SHEET_NAME,
    Places,
    Table,
    read_compile_record,
    read_table,
    read_totaaloverzicht,
)

__all__ = [
    "INPUT_SHEET",
    "OBSERVATIONS",
    "OBSERVATION_COLUMNS",
    "OBSERVATION_KEY",
    "RECORD_SHEET",
    "SHEET_NAME",
    "Cells",
    "Grid",
    "Header",
    "InputRow",
    "InputSheet",
    "LabelMatcher",
    "Places",
    "Project",
    "ReleaseData",
    "StrayText",
    "Table",
    "TableState",
    "cells_of",
    "check_dates",
    "check_inside",
    "check_public_notes",
    "compiled_cells",
    "default_registry_dir",
    "enforce_schema",
    "find_project",
    "load_monitor",
    "load_publication",
    "load_registry",
    "load_release",
    "load_yaml",
    "locate",
    "monitor_dir",
    "normalise_label",
    "parse_count",
    "pydantic_problems",
    "quarter_problem",
    "read_compile_record",
    "read_grid",
    "read_input_sheet",
    "read_input_sheets",
    "read_observations",
    "read_table",
    "read_text",
    "read_totaaloverzicht",
    "released_monitors",
    "table_state",
    "unread_keys",
    "value_header",
]
