"""Load the indicator and municipality registry: ``registry/*.yaml`` of a project.

A project owns its registry (``registry/indicators.yaml`` and ``registry/municipalities.yaml``);
the tool ships defaults for new projects in ``lvv_publish/data/defaults/``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import RegistryError, quote
from ..models import Indicator, Registry
from ..resources import data_dir as bundled_data_dir
from .files import check_inside, load_yaml, pydantic_problems

_LABEL = re.compile(r"^\s*(?P<code>[0-9]+(?:\.[0-9]+)*)\.?\s+(?P<name>\S.*?)\s*$")


def _read_yaml(path: Path, shown: str) -> Any:
    # The registry lies in its project (or the package): a file linked from elsewhere would
    # publish what nobody in the project reviewed.
    check_inside(path, path.parent.parent, f"{shown}/{path.name}")
    return load_yaml(path, f"{shown}/{path.name}")


def default_registry_dir() -> Path:
    """The registry a new project starts from (``lvv-publish init``)."""
    return bundled_data_dir() / "defaults"


def load_registry(data_dir: Path | None = None, *, display: str | None = None) -> Registry:
    """Read ``indicators.yaml`` and ``municipalities.yaml`` into one checked ``Registry``.

    ``data_dir`` is a project's ``registry/`` folder (default: the bundled defaults);
    ``display`` is how messages name it (``registry``).
    """
    data_dir = data_dir or default_registry_dir()
    shown = display or str(data_dir)
    ind_path = data_dir / "indicators.yaml"
    mun_path = data_dir / "municipalities.yaml"
    for path in (ind_path, mun_path):
        if not path.is_file():
            raise RegistryError(
                f"{shown}/{path.name}: not found. A project keeps its registry in "
                "registry/indicators.yaml and registry/municipalities.yaml; "
                "`lvv-publish init DIR` creates them from the defaults."
            )
    indicators = _read_yaml(ind_path, shown)
    municipalities = _read_yaml(mun_path, shown)
    if "indicators" not in indicators:
        raise RegistryError(
            f"{shown}/{ind_path.name}: expected a mapping with the key 'indicators'."
        )
    if "municipalities" not in municipalities:
        raise RegistryError(
            f"{shown}/{mun_path.name}: expected a mapping with the key 'municipalities'."
        )
    try:
        return Registry.model_validate(
            {
                "indicators": indicators["indicators"],
                "municipalities": municipalities["municipalities"],
                "source": shown,
            }
        )
    except ValidationError as exc:
        # One line per file: the first part of each error's location names the file.
        files = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
        where = f"{shown}/{files.pop()}.yaml" if len(files) == 1 else shown
        raise RegistryError(
            f"{where}: is not valid: {pydantic_problems(exc)}. The fields are described at the "
            "top of the file and in `lvv-publish docs registry`."
        ) from None


def normalise_label(label: str) -> tuple[str, str] | None:
    """Split a row label into (code, comparable name), or None when it carries no code.

    The comparison ignores case, repeated spaces and the dot after the code, which the
    sources use inconsistently (``9.1.4.`` next to ``9.1.4``); everything else must match a
    known label exactly, so that a shifted or mislabelled row cannot slip through.
    """
    match = _LABEL.match(label.replace("\u00a0", " "))
    if not match:
        return None
    name = re.sub(r"\s+", " ", match["name"]).casefold()
    return match["code"], name


class LabelMatcher:
    """Matches the labels found in the sources to registry codes."""

    def __init__(self, registry: Registry) -> None:
        self._file = f"{registry.source}/indicators.yaml"
        self._known: dict[str, set[str]] = {}
        for ind in registry.indicators:
            names = self._known.setdefault(ind.code, set())
            for label in (ind.label, *ind.label_variants):
                parsed = normalise_label(label)
                if parsed is None or parsed[0] != ind.code:
                    raise RegistryError(
                        f"indicator {ind.code}: label variant {label!r} does not start with "
                        "its code."
                    )
                names.add(parsed[1])

    def match(self, label: str) -> str:
        """Return the code for ``label`` or raise ``KeyError`` with the reason."""
        parsed = normalise_label(label)
        if parsed is None:
            raise KeyError(f"label {quote(label)} does not start with an indicator code")
        code, name = parsed
        if code not in self._known:
            raise KeyError(f"label {quote(label)} has code {code}, which is not in the registry")
        if name not in self._known[code]:
            raise KeyError(
                f"label {quote(label)} is not a known label of indicator {code}; if it is a new "
                f"spelling, add it to label_variants of {code} in {self._file}"
            )
        return code


def indicator_codes(registry: Registry) -> list[str]:
    return [i.code for i in registry.indicators]


def top_level(registry: Registry) -> list[Indicator]:
    return [i for i in registry.indicators if i.parent is None]
