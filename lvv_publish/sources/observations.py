"""The observations contract: one tidy row per monitor × municipality × indicator.

Every stage that produces observations ends with ``enforce_schema``. The columns are those of
``lvv_publish/data/schemas/observations.yaml``, from which the Table Schema of the
``observations`` resource in ``datapackage.json`` is made too, so the code and the published
package cannot drift apart.
"""

from __future__ import annotations

import pandas as pd

from ..errors import SchemaError
from ..models import table_schema

OBSERVATIONS = table_schema("observations")
OBSERVATION_COLUMNS = OBSERVATIONS.fields
OBSERVATION_KEY = OBSERVATIONS.primary_key

# (monitor, municipality code, indicator) -> value; None is an unknown (empty) cell.
Cells = dict[tuple[int, str, str], int | None]


def cells_of(observations: pd.DataFrame) -> Cells:
    """``(monitor, municipality_code, indicator) -> value``; an absent key means no row."""
    return {
        (int(m), str(c), str(i)): (None if pd.isna(v) else int(v))
        for m, c, i, v in zip(
            observations["monitor"].tolist(),
            observations["municipality_code"].tolist(),
            observations["indicator"].tolist(),
            observations["value"].tolist(),
            strict=True,
        )
    }


def enforce_schema(frame: pd.DataFrame, *, where: str = "observations") -> pd.DataFrame:
    """Order and type the columns of ``frame`` and refuse what breaks the contract.

    Refuses missing or unexpected columns, missing required values and duplicate keys. Rows
    come out sorted by monitor, then in the order they came in within a monitor (readers
    emit municipality and indicator in registry order).
    """
    names = [c.name for c in OBSERVATION_COLUMNS]
    missing = [n for n in names if n not in frame.columns]
    extra = [c for c in frame.columns if c not in names]
    if missing or extra:
        raise SchemaError(
            f"{where}: columns do not match the observations contract "
            f"(missing: {missing or 'none'}; unexpected: {extra or 'none'})."
        )
    out = frame.loc[:, names].copy()
    for col in OBSERVATION_COLUMNS:
        out[col.name] = col.cast(out[col.name])
        if col.required and out[col.name].isna().any():
            raise SchemaError(f"{where}: column {col.name!r} has empty values.")
    dupes = out.duplicated(list(OBSERVATION_KEY), keep=False)
    if dupes.any():
        first = out.loc[dupes, list(OBSERVATION_KEY)].iloc[0].to_dict()
        raise SchemaError(f"{where}: duplicate observation for {first}.")
    out = out.sort_values("monitor", kind="stable").reset_index(drop=True)
    return out
