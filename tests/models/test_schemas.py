"""The tables' schemas are data files, each field described once, checked when loaded."""

from __future__ import annotations

import pytest
import yaml
from frictionless import Schema

from lvv_publish.errors import LvvError
from lvv_publish.models import CODE_PATTERN, MUNICIPALITY_CODE_PATTERN, SCHEMAS, tables

from ..conftest import OBSERVATION_NAMES

RESOURCES = ("observations", "indicators", "municipalities", "monitors", "rules", "findings")


def test_every_table_has_its_schema_file():
    # The package's resources, and the site-wide downloads: the vintage file and the series.
    assert set(SCHEMAS) == {*RESOURCES, "vintage", "series"}


@pytest.mark.parametrize("name", RESOURCES)
def test_each_resource_schema_is_a_valid_table_schema(name):
    schema = SCHEMAS[name]
    descriptor = schema.table_schema()
    report = Schema.validate_descriptor(descriptor)
    assert report.valid, report.errors
    assert schema.title and schema.description and schema.download
    names = [f["name"] for f in descriptor["fields"]]
    assert len(names) == len(set(names))  # each field once


def test_the_observations_contract_as_written():
    """Against a literal, not against the constant that produced it."""
    assert SCHEMAS["observations"].names == OBSERVATION_NAMES
    assert [c.dtype for c in SCHEMAS["observations"].fields] == [
        "int64",
        "object",
        "string",
        "string",
        "string",
        "Int64",
        "boolean",
        "Int64",
    ]
    assert SCHEMAS["observations"].primary_key == ("monitor", "municipality_code", "indicator")


def test_the_code_patterns_of_the_schema_are_the_models():
    """The same patterns, except that the models say ASCII digits where the published schema
    (part of every published package's bytes) writes ``\\d``: the models refuse ``١٤``."""
    fields = {f.name: f for f in SCHEMAS["observations"].fields}

    def ascii_digits(pattern: str | None) -> str:
        return str(pattern).replace("\\d", "[0-9]")

    assert ascii_digits(fields["indicator"].constraints.pattern) == CODE_PATTERN.strip("^$")
    assert ascii_digits(fields["municipality_code"].constraints.pattern) == (
        MUNICIPALITY_CODE_PATTERN.strip("^$")
    )


def test_a_schema_with_an_unknown_key_is_refused(tmp_path, monkeypatch):
    data = tmp_path / "schemas"
    data.mkdir()
    source = tables.data_dir() / "schemas" / "monitors.yaml"
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    doc["fields"][0]["descripton"] = "a misspelt key"
    (data / "monitors.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    monkeypatch.setattr(tables, "data_dir", lambda: tmp_path)
    with pytest.raises(LvvError, match="the schema of the monitors table is not valid"):
        tables.load_schema("monitors")


def test_a_key_that_is_no_field_is_refused(tmp_path, monkeypatch):
    (tmp_path / "schemas").mkdir()
    source = tables.data_dir() / "schemas" / "rules.yaml"
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    doc["primaryKey"] = ["kode"]
    (tmp_path / "schemas" / "rules.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    monkeypatch.setattr(tables, "data_dir", lambda: tmp_path)
    with pytest.raises(LvvError, match="key 'kode' is not one of its fields"):
        tables.load_schema("rules")
