"""``lvv-publish approve``: a validated draft monitor becomes approved, ready to release."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from ..errors import PublishError
from ..models import MonitorMeta
from ..publish import locked, refusal, validate_release
from ..sources import Project, load_monitor, monitor_dir

_STATUS = re.compile(r"^status: draft[ \t]*$", re.MULTILINE)
_APPROVAL = re.compile(r"^approval: null[ \t]*$", re.MULTILINE)


@locked
def approve_monitor(
    project: Project, number: int, *, by: str, on: dt.date, note: str | None = None
) -> Path:
    """Mark monitor ``number`` approved: ``status: approved`` and ``approval: {date, by}``.

    Refuses a monitor that is approved already or whose validation has errors (warnings are
    published as data-quality notes, so they do not block). Edits the two lines of
    ``monitor.yaml`` in place (its comments stay); refuses a file that does not have those
    lines as ``new`` writes them.
    """
    meta = load_monitor(project.monitors, number)
    path = monitor_dir(project.monitors, number) / "monitor.yaml"
    shown = project.rel(path)
    if meta.status == "approved":
        raise PublishError(f"{shown}: monitor {number} is already approved.")
    report = validate_release(project, number).report
    if not report.valid:
        raise PublishError(refusal(shown, number, report.blocking(), done="approved"))
    text = path.read_text(encoding="utf-8")
    if len(_STATUS.findall(text)) != 1 or len(_APPROVAL.findall(text)) != 1:
        raise PublishError(
            f"{shown}: expected the lines 'status: draft' and 'approval: null'; set "
            "status: approved and approval: {date: YYYY-MM-DD, by: ...} by hand."
        )
    approval = {"date": on, "by": by} | ({"note": note} if note else {})
    block = yaml.safe_dump({"approval": approval}, allow_unicode=True, sort_keys=False)
    text = _STATUS.sub("status: approved", text)
    text = _APPROVAL.sub(lambda _: block.rstrip("\n"), text)
    MonitorMeta.model_validate(yaml.safe_load(text))  # the edit must give a valid file
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path
