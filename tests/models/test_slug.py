"""One slug for a municipality: its pages, its downloads and its input sheet are named by it."""

from __future__ import annotations

import pytest

from lvv_publish.models import Municipality, slug
from lvv_publish.sources import load_registry

from ..conftest import REGISTRY_DIR

NAMES = {
    "Súdwest-Fryslân": "sudwest-fryslan",
    "Bergen (L.)": "bergen-l",
    "Bergen (NH.)": "bergen-nh",
    "'s-Hertogenbosch": "s-hertogenbosch",
    "Nuenen, Gerwen en Nederwetten": "nuenen-gerwen-en-nederwetten",
    "Noardeast-Fryslân": "noardeast-fryslan",
    "Ĳsselstein": "ijsselstein",
    "Utrechtse Heuvelrug": "utrechtse-heuvelrug",
}


@pytest.mark.parametrize(("name", "expected"), NAMES.items())
def test_a_name_becomes_one_plain_slug(name, expected):
    assert slug(name) == expected


def test_the_bundled_municipalities_keep_their_addresses():
    registry = load_registry(REGISTRY_DIR)
    assert {m.name: m.slug for m in registry.municipalities} == {
        "Amsterdam": "amsterdam",
        "Eindhoven": "eindhoven",
        "Groningen": "groningen",
        "Emmen": "emmen",
        "Rotterdam": "rotterdam",
        "Utrecht": "utrecht",
    }


def test_the_model_the_pages_and_the_downloads_use_the_same_slug(released):
    """Súdwest-Fryslân: one name, one slug, whether the registry check, an input sheet, a
    page or a download asks."""
    municipality = Municipality(
        code="GM1900", name="Súdwest-Fryslân", role="lvv-locatie", location="GM1900"
    )
    assert municipality.slug == slug("Súdwest-Fryslân") == "sudwest-fryslan"
    # The bundled release: every municipality's page and download carry the model's slug.
    for m in load_registry(REGISTRY_DIR).municipalities:
        assert (released / "site/15/gemeenten" / m.slug / "index.html").is_file()
        assert (released / "site/15/downloads/gemeenten" / f"{m.slug}.csv").is_file()
