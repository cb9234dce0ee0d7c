"""The registry loads, is complete for monitor 15, and says what the sources say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from lvv_publish.errors import RegistryError
from lvv_publish.models import KINDS
from lvv_publish.sources import LabelMatcher, default_registry_dir, load_registry

from ..conftest import FIXTURES, REGISTRY_DIR

EXPECTED_CODES = [
    "1",
    "2",
    "2.1",
    "2.2",
    "3",
    "4",
    "5",
    "5.1",
    "5.2",
    "5.3",
    "6",
    "7",
    "7.1",
    "7.2",
    "8",
    "8.1",
    "8.2",
    "8.3",
    "9",
    "9.1",
    "9.1.1",
    "9.1.2",
    "9.1.3",
    "9.1.4",
    "9.1.5",
    "9.2",
    "9.2.1",
    "9.2.2",
    "9.2.3",
    "9.3",
    "9.3.1",
    "9.3.2",
    "9.4",
    "10",
    "10.1",
    "10.2",
    "10.3",
    "11",
    "12",
]


@pytest.fixture(scope="module")
def registry():
    return load_registry(REGISTRY_DIR, display="registry")


def seed_definitions() -> dict[str, str]:
    out = {}
    for line in (FIXTURES / "seed_monitor15_definities.txt").read_text().splitlines()[1:]:
        fields = [f for f in line.split("\t") if f.strip()]
        code = re.match(r"\d+(?:\.\d+)*", fields[0])[0]
        out[code] = fields[1]
    return out


def test_all_39_indicators_of_monitor_15_in_order(registry):
    assert [i.code for i in registry.indicators] == EXPECTED_CODES


def test_kinds_agree_with_names(registry):
    for ind in registry.indicators:
        carried = [k for k in KINDS if ind.name.endswith(k)]
        if carried:
            assert ind.kind == carried[0], ind.code
        else:
            # Only the Hasa status breakdown carries no kind in its name; it must say why:
            # the open statuses are a stand on the peildatum, the final ones add up from the
            # start like 9.1 itself (docs/registry.md).
            assert ind.code.startswith("9.1."), ind.code
            assert ind.kind_note, ind.code
            final = {"9.1.2", "9.1.4", "9.1.5"}
            assert ind.kind == ("cumulatief" if ind.code in final else "actueel"), ind.code


def test_units_of_a_sum_are_explained_where_they_differ(registry):
    """9.1 counts trajecten, its parts Hasa's: each says why they still add up."""
    for ind in registry.indicators:
        parts = registry.components(ind.code)
        units = {registry.indicator(p).unit for p in parts}
        if parts and units != {ind.unit}:
            assert ind.unit_note, ind.code
            for p in parts:
                if registry.indicator(p).unit != ind.unit:
                    assert registry.indicator(p).unit_note, p


def test_hierarchy_and_sums(registry):
    adds_up = {i.code for i in registry.indicators if i.children_add_up is True}
    does_not = {i.code for i in registry.indicators if i.children_add_up is False}
    assert adds_up == {"8", "9", "9.1", "10"}
    assert does_not == {"2", "5", "7", "9.2", "9.3"}
    assert registry.components("12") == ("8", "9", "10", "11")
    assert registry.components("9") == ("9.1", "9.2", "9.3", "9.4")
    assert registry.components("9.1") == ("9.1.1", "9.1.2", "9.1.3", "9.1.4", "9.1.5")
    assert registry.components("5") == ()
    assert registry.indicator("9.1.4").parent == "9.1"
    assert registry.indicator("10").parent is None


def test_definitions_are_the_slide_verbatim(registry):
    seed = seed_definitions()
    for ind in registry.indicators:
        if ind.code in ("11", "12"):
            assert ind.definition is None
            assert "geen definitie" in (ind.definition_note or "")
            continue
        # The slide's <i>…</i> emphasis is the only change.
        assert ind.definition == re.sub(r"</?i>", "", seed[ind.code]), ind.code


def test_label_variants_seen_in_the_sources_match(registry):
    matcher = LabelMatcher(registry)
    assert matcher.match("9.1.4. Hasa - afgewzen in rechte vast") == "9.1.4"
    assert matcher.match("9.2 Arikel 64 cumulatief") == "9.2"
    assert matcher.match("9.2. Art.64 cumulatief") == "9.2"
    assert matcher.match("10.3 Vreemdeling onttrokken aan IJV MOB cumulatief") == "10.3"
    assert matcher.match("12. Uitstroom Totaal") == "12"
    assert matcher.match("  1.  Capaciteit   actueel ") == "1"
    with pytest.raises(KeyError, match="not a known label of indicator 10.2"):
        # A 10.3 label under the code 10.2 is a shifted row, not a variant.
        matcher.match("10.2 Vreemdeling onttrokken aan LVV MOB cumulatief")
    with pytest.raises(KeyError, match="not in the registry"):
        matcher.match("13. Nieuwe indicator")
    with pytest.raises(KeyError, match="does not start with an indicator code"):
        matcher.match("Capaciteit actueel")


def test_municipalities(registry):
    codes = {m.name: m.code for m in registry.municipalities}
    assert codes == {
        "Amsterdam": "GM0363",
        "Eindhoven": "GM0772",
        "Groningen": "GM0014",
        "Emmen": "GM0114",
        "Rotterdam": "GM0599",
        "Utrecht": "GM0344",
    }
    emmen = registry.municipality("GM0114")
    assert emmen.role == "satelliet"
    assert emmen.location == "GM0014"
    assert emmen.capacity_included_in == "GM0014"
    assert [m.name for m in registry.locations] == [
        "Amsterdam",
        "Eindhoven",
        "Groningen",
        "Rotterdam",
        "Utrecht",
    ]


def _ind(data: dict, code: str) -> dict:
    return next(i for i in data["indicators"] if i["code"] == code)


def _write_registry(tmp_path: Path, mutate) -> Path:
    ind = yaml.safe_load((REGISTRY_DIR / "indicators.yaml").read_text())
    mun = yaml.safe_load((REGISTRY_DIR / "municipalities.yaml").read_text())
    mutate(ind, mun)
    (tmp_path / "indicators.yaml").write_text(yaml.safe_dump(ind, allow_unicode=True))
    (tmp_path / "municipalities.yaml").write_text(yaml.safe_dump(mun, allow_unicode=True))
    return tmp_path


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda i, m: i["indicators"][0].update(colour="red"), "Extra inputs are not permitted"),
        (lambda i, m: i["indicators"][0].update(kind="jaarlijks"), "kind"),
        (lambda i, m: _ind(i, "4").update(definition=None), "say why in definition_note"),
        (lambda i, m: i["indicators"].append(dict(i["indicators"][0])), "duplicate indicator"),
        (lambda i, m: _ind(i, "12").update(sum_of=["8", "99"]), "unknown sum_of"),
        (lambda i, m: _ind(i, "8").update(children_add_up=None), "set children_add_up"),
        (lambda i, m: m["municipalities"][2].update(location="GM9999"), "unknown reference"),
        (lambda i, m: m["municipalities"][0].update(code="0363"), "code"),
    ],
)
def test_registry_rejects_bad_data(tmp_path, mutate, message):
    with pytest.raises(RegistryError, match=message):
        load_registry(_write_registry(tmp_path, mutate))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda i, m: m["municipalities"][0].update(first_monitor=16, last_monitor=15),
            "last_monitor 15 is before first_monitor 16",
        ),
        # Emmen (satellite of Groningen) cannot be in the LVV before Groningen is.
        (
            lambda i, m: m["municipalities"][3].update(first_monitor=16),
            "GM0114 is in the LVV in monitors where GM0014",
        ),
        (lambda i, m: m["municipalities"][0].update(first_monitor=0), "first_monitor"),
    ],
)
def test_membership_of_the_lvv_is_checked(tmp_path, mutate, message):
    with pytest.raises(RegistryError, match=message):
        load_registry(_write_registry(tmp_path, mutate))


def test_the_bundled_defaults_load_for_new_projects():
    registry = load_registry(default_registry_dir())
    assert len(registry.indicators) == 39 and len(registry.municipalities) == 6
