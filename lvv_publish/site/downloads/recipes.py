"""How to read the downloads with the right types: the recipes the downloads page and
docs/site.md show, and tests/site/test_downloads.py runs as they stand in a downloads folder.

Readers that infer types turn the code columns into numbers (pandas reads the parent code
``2`` as 2.0, DuckDB as DOUBLE); each recipe gives the types instead.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Recipe:
    """How to read the CSV files with the right types; shown on the downloads page and in
    docs/site.md, and run as they stand by tests/site/test_downloads.py in a downloads folder."""

    title: str
    language: str
    code: str


RECIPES = {
    "pandas": Recipe(
        "pandas, met de typen uit datapackage.json",
        "python",
        '''import json
from pathlib import Path

import pandas as pd

package = json.loads(Path("datapackage.json").read_text(encoding="utf-8"))
PANDAS = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


def read(name):
    """A table of the package, each column in the type its Table Schema gives."""
    resource = next(r for r in package["resources"] if r["name"] == name)
    fields = resource["schema"]["fields"]
    return pd.read_csv(
        resource["path"],
        dtype={f["name"]: PANDAS[f["type"]] for f in fields if f["type"] in PANDAS},
        parse_dates=[f["name"] for f in fields if f["type"] == "date"],
        keep_default_na=False,
        na_values=[""],
    )


indicators = read("indicators")
observations = read("observations")
''',
    ),
    "pandas-wide": Recipe(
        "pandas: het totaaloverzicht, een gemeente en alle uitgaven",
        "python",
        """from collections import defaultdict

import pandas as pd

codes = defaultdict(lambda: "Int64", indicator="string", name="string")
totaal = pd.read_csv("totaaloverzicht.csv", dtype=codes)
amsterdam = pd.read_csv("gemeenten/amsterdam.csv", dtype=codes)
uitgaven = pd.read_csv(
    "alle-uitgaven.csv.gz",
    dtype=defaultdict(
        lambda: "string", monitor="Int64", value="Int64", previous_value="Int64", revised="boolean"
    ),
    parse_dates=["release_date", "peildatum"],
)
""",
    ),
    "frictionless": Recipe(
        "frictionless",
        "python",
        """from frictionless import Package

package = Package("datapackage.json")
indicators = package.get_resource("indicators").to_pandas()  # index: code, the primary key
rows = package.get_resource("observations").read_rows()  # one dict per row, codes as str
""",
    ),
    "duckdb": Recipe(
        "DuckDB, met de typen van de codes erbij",
        "sql",
        """SELECT * FROM read_csv('observations.csv',
    types = {'indicator': 'VARCHAR', 'published_value': 'BIGINT'});
SELECT * FROM read_csv('indicators.csv', types = {'code': 'VARCHAR', 'parent': 'VARCHAR'});
SELECT * FROM read_csv('alle-uitgaven.csv.gz',
    types = {'indicator': 'VARCHAR', 'previous_release': 'VARCHAR', 'previous_value': 'BIGINT'});
""",
    ),
}
