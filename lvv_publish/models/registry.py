"""The registry's models: indicators, municipalities, and the one slug of a name.

Loaded from a project's ``registry/*.yaml`` by ``sources.load_registry``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import (
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    StrictStr,
    model_validator,
)
from slugify import slugify

from ..errors import quote
from .base import CODE_PATTERN, MUNICIPALITY_CODE_PATTERN, StrictModel

KINDS = ("cumulatief", "actueel", "deze periode")
# Names the site itself uses beside the municipalities' pages (gemeenten/index.html, the
# list of all municipalities): a municipality with such a slug would overwrite it.
RESERVED_SLUGS = frozenset({"index"})
Kind = Literal["cumulatief", "actueel", "deze periode"]


def slug(name: str) -> str:
    """The one address and file name of a municipality: ``amsterdam``, ``sudwest-fryslan``
    (Súdwest-Fryslân), ``bergen-l`` (Bergen (L.)), ``s-hertogenbosch``.

    Its pages, its downloads and its input sheet (``invoer/<slug>.xlsx``) are named by it.
    Accents are folded to their letters (python-slugify, which frictionless already needs);
    everything that is not a letter or digit becomes one hyphen.
    """
    return slugify(name)


def code_key(code: str) -> tuple[int, ...]:
    """Sort key that orders indicator codes the way the monitor does (2 < 2.1 < 10)."""
    return tuple(int(part) for part in code.split("."))


class Indicator(StrictModel):
    """One indicator of the monitor, e.g. ``9.1.4 Hasa - afgewezen in rechte vast``."""

    code: StrictStr = Field(pattern=CODE_PATTERN)
    name: StrictStr = Field(min_length=1)
    kind: Kind
    kind_note: StrictStr | None = None
    parent: StrictStr | None = Field(default=None, pattern=CODE_PATTERN)
    children_add_up: StrictBool | None = None
    sum_of: tuple[StrictStr, ...] = ()
    unit: Literal["plaatsen", "trajecten", "hasa's"]
    unit_note: StrictStr | None = None
    definition: StrictStr | None
    definition_note: StrictStr | None = None
    label_variants: tuple[StrictStr, ...] = ()

    @model_validator(mode="after")
    def _definition_or_note(self) -> Indicator:
        if self.definition is None and not self.definition_note:
            raise ValueError(f"indicator {self.code} has no definition; say why in definition_note")
        if self.parent is not None and not self.code.startswith(self.parent + "."):
            raise ValueError(f"indicator {self.code}: parent {self.parent} is not its code prefix")
        return self

    @property
    def label(self) -> str:
        """The canonical label, as the monitor writes it: ``2. Toegelaten cumulatief``."""
        sep = ". " if "." not in self.code else " "
        return f"{self.code}{sep}{self.name}"


class Municipality(StrictModel):
    """A municipality with an LVV location (or a satellite location of one)."""

    code: StrictStr = Field(pattern=MUNICIPALITY_CODE_PATTERN)
    name: StrictStr = Field(min_length=1)
    role: Literal["lvv-locatie", "satelliet"]
    location: StrictStr = Field(pattern=MUNICIPALITY_CODE_PATTERN)
    capacity_included_in: StrictStr | None = Field(default=None, pattern=MUNICIPALITY_CODE_PATTERN)
    note: StrictStr | None = None
    first_monitor: StrictInt | None = Field(default=None, ge=1)
    last_monitor: StrictInt | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _membership(self) -> Municipality:
        if not self.slug:
            raise ValueError(
                f"municipality {self.code}: its name {quote(self.name)} has no letter or digit "
                "to make its address (slug) from; write the name in letters"
            )
        if self.slug in RESERVED_SLUGS:
            raise ValueError(
                f"municipality {self.code}: its name {quote(self.name)} gives the address "
                f"{self.slug!r}, which the site uses for its list of municipalities"
            )
        if (
            self.first_monitor is not None
            and self.last_monitor is not None
            and self.last_monitor < self.first_monitor
        ):
            raise ValueError(
                f"municipality {self.code}: last_monitor {self.last_monitor} is before "
                f"first_monitor {self.first_monitor}"
            )
        return self

    def active_in(self, monitor: int) -> bool:
        """Is the municipality part of the LVV in ``monitor``? Before ``first_monitor`` (or
        after ``last_monitor``) it is not: it has no figures then, which is not "unknown"."""
        if self.first_monitor is not None and monitor < self.first_monitor:
            return False
        return self.last_monitor is None or monitor <= self.last_monitor

    @property
    def slug(self) -> str:
        """Stable lower-case name for URLs and file names (``amsterdam``): ``slug``."""
        return slug(self.name)


def _no_sum_of_cycle(indicators: tuple[Indicator, ...]) -> None:
    """Refuse an indicator that is, through ``sum_of``, a sum of itself (``2 = 3``, ``3 = 2``):
    its checks could never agree, and no order of computing them exists."""
    parts = {i.code: i.sum_of for i in indicators}
    done: set[str] = set()

    def visit(code: str, path: tuple[str, ...]) -> None:
        if code in path:
            cycle = path[path.index(code) :] + (code,)
            raise ValueError(
                f"sum_of goes round in a circle: {' → '.join(cycle)} (each counts the next in "
                "its sum_of); an indicator cannot be part of its own sum"
            )
        if code in done:
            return
        for part in parts.get(code, ()):
            visit(part, (*path, code))
        done.add(code)

    for code in parts:
        visit(code, ())


class Registry(StrictModel):
    """All indicators and municipalities, in the monitor's order.

    ``source`` names the folder the registry was read from, for messages.
    """

    indicators: tuple[Indicator, ...]
    municipalities: tuple[Municipality, ...]
    source: StrictStr = "registry"

    @model_validator(mode="after")
    def _consistent(self) -> Registry:
        codes = [i.code for i in self.indicators]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"duplicate indicator codes: {', '.join(dupes)}")
        if codes != sorted(codes, key=code_key):
            raise ValueError("indicators must be listed in code order")
        known = set(codes)
        for ind in self.indicators:
            if ind.parent is not None and ind.parent not in known:
                raise ValueError(f"indicator {ind.code}: unknown parent {ind.parent}")
            for part in ind.sum_of:
                if part not in known:
                    raise ValueError(f"indicator {ind.code}: unknown sum_of component {part}")
            has_children = any(other.parent == ind.code for other in self.indicators)
            if has_children and ind.children_add_up is None:
                raise ValueError(f"indicator {ind.code} has children: set children_add_up")
            if not has_children and ind.children_add_up is not None:
                raise ValueError(f"indicator {ind.code} has no children: drop children_add_up")
        _no_sum_of_cycle(self.indicators)
        mcodes = [m.code for m in self.municipalities]
        if len(set(mcodes)) != len(mcodes):
            raise ValueError("duplicate municipality codes")
        slugs = [m.slug for m in self.municipalities]
        for same in sorted({s for s in slugs if slugs.count(s) > 1}):
            clash = [f"{m.code} {quote(m.name)}" for m in self.municipalities if m.slug == same]
            raise ValueError(
                f"municipalities {' and '.join(clash)} have the same address {same!r} (their "
                "pages would overwrite each other)"
            )
        by_code = {m.code: m for m in self.municipalities}
        for m in self.municipalities:
            for ref in (m.location, m.capacity_included_in):
                if ref is None:
                    continue
                if ref not in mcodes:
                    raise ValueError(f"municipality {m.code}: unknown reference {ref}")
                # A satellite cannot be in the LVV while its location is not.
                other = by_code[ref]
                if (other.first_monitor or 0) > (m.first_monitor or 0) or (
                    other.last_monitor is not None
                    and (m.last_monitor is None or m.last_monitor > other.last_monitor)
                ):
                    raise ValueError(
                        f"municipality {m.code} is in the LVV in monitors where {ref} "
                        "(its location or capacity holder) is not: check first_monitor and "
                        "last_monitor"
                    )
        return self

    # Lookups by code, called per cell: a scan of 350 municipalities per call added up
    # (issue 11). Private attributes, not fields: each index remembers the tuple it was made
    # from and is made again for a copy with other indicators or municipalities.
    _indicator_index: tuple[tuple[Indicator, ...], dict[str, Indicator]] | None = PrivateAttr(
        default=None
    )
    _municipality_index: tuple[tuple[Municipality, ...], dict[str, Municipality]] | None = (
        PrivateAttr(default=None)
    )

    def model_post_init(self, context: object, /) -> None:
        # Built now, so that two equal registries also have equal private attributes.
        self._indicator_index = (self.indicators, {i.code: i for i in self.indicators})
        self._municipality_index = (
            self.municipalities,
            {m.code: m for m in self.municipalities},
        )

    def indicator(self, code: str) -> Indicator:
        index = self._indicator_index
        if index is None or index[0] is not self.indicators:
            index = self._indicator_index = (self.indicators, {i.code: i for i in self.indicators})
        try:
            return index[1][code]
        except KeyError:
            raise KeyError(code) from None

    def municipality(self, code: str) -> Municipality:
        index = self._municipality_index
        if index is None or index[0] is not self.municipalities:
            index = self._municipality_index = (
                self.municipalities,
                {m.code: m for m in self.municipalities},
            )
        try:
            return index[1][code]
        except KeyError:
            raise KeyError(code) from None

    def children(self, code: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.parent == code)

    def components(self, code: str) -> tuple[str, ...]:
        """The codes that add up to ``code``: its children when they do, or its ``sum_of``."""
        ind = self.indicator(code)
        if ind.sum_of:
            return ind.sum_of
        if ind.children_add_up:
            return tuple(c.code for c in self.children(code))
        return ()

    @property
    def locations(self) -> tuple[Municipality, ...]:
        """The LVV locations (satellites excluded), each of which owns its capacity."""
        return tuple(m for m in self.municipalities if m.role == "lvv-locatie")

    def municipalities_in(self, monitor: int) -> tuple[Municipality, ...]:
        """The municipalities that are part of the LVV in ``monitor``, in registry order."""
        return tuple(m for m in self.municipalities if m.active_in(monitor))
