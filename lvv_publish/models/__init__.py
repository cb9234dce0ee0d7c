"""The strict models that travel between the stages (the registry, a monitor, the rule book,
findings, corrections, the publication settings) and the tables' schemas
(``lvv_publish/data/schemas/``).

Every model is frozen and refuses unknown keys: a misspelt field in a YAML file is an error,
not a silently ignored value.
"""

from .addresses import EmailAddress, WebAddress, email_address, web_address
from .base import CODE_PATTERN, MUNICIPALITY_CODE_PATTERN, StrictModel, monitor_number
from .corrections import CellChange, Correction, PublishedTime, publication_order
from .findings import (
    SEVERITIES,
    Bound,
    Capacity,
    Finding,
    Identity,
    NarrativeTally,
    Report,
    Rule,
    Rulebook,
    Severity,
)
from .monitor import (
    FIGURE_PATTERN,
    FIRST_DAY,
    LAST_DAY,
    Approval,
    Claim,
    InputNoteRef,
    MonitorMeta,
    MonitorNote,
    NarrativeStatement,
    NoDelivery,
    Override,
    Period,
    Source,
)
from .publication import (
    ContactPoint,
    Contributor,
    DataTheme,
    License,
    NextPublication,
    Publication,
)
from .registry import KINDS, Indicator, Kind, Municipality, Registry, code_key, slug
from .tables import MISSING_VALUES, SCHEMAS, Column, TableSchema, table_schema

__all__ = [
    "EmailAddress",
    "WebAddress",
    "email_address",
    "monitor_number",
    "web_address",
    "CODE_PATTERN",
    "FIGURE_PATTERN",
    "FIRST_DAY",
    "LAST_DAY",
    "KINDS",
    "MISSING_VALUES",
    "MUNICIPALITY_CODE_PATTERN",
    "SCHEMAS",
    "SEVERITIES",
    "Approval",
    "Bound",
    "Capacity",
    "CellChange",
    "Column",
    "Claim",
    "ContactPoint",
    "Contributor",
    "Correction",
    "DataTheme",
    "Finding",
    "Identity",
    "Indicator",
    "InputNoteRef",
    "Kind",
    "License",
    "MonitorMeta",
    "MonitorNote",
    "Municipality",
    "NarrativeStatement",
    "NoDelivery",
    "Override",
    "NarrativeTally",
    "NextPublication",
    "Period",
    "Publication",
    "PublishedTime",
    "Registry",
    "Report",
    "Rule",
    "Rulebook",
    "Severity",
    "Source",
    "StrictModel",
    "TableSchema",
    "code_key",
    "publication_order",
    "slug",
    "table_schema",
]
