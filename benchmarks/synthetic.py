"""Generate a consistent synthetic lvv-publish project of M municipalities × K monitors.

The project has the bundled indicator registry, CBS-like municipality codes (``GMxxxx``),
satellites whose capacity counts under their location, locations that join late (an empty
column before their ``first_monitor``) and a few unknown (empty) cells. Every monitor
carries its own period and the two before it, like the real monitor 15, and every figure a
monitor carries equals what the earlier monitor published: the project validates without
errors (a few warnings and many ``cannot-check`` notes from the unknown cells), so
``validate`` and ``release`` accept every monitor.

The figures come from one simulation per municipality (admissions, outflows by reason,
perspectives), so sums, identities, the link with the previous monitor and capacity hold by
construction. Same arguments, same seed: byte-identical files.

    python benchmarks/synthetic.py OUT --municipalities 350 --monitors 40 [--seed 1]
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
MONTH_NAMES = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip
# Syllables for plausible, unique Dutch-sounding place names.
PREFIXES = [
    "Aal", "Bre", "Del", "Dor", "Ede", "Gou", "Haar", "Heer", "Hoog", "Kam", "Lei", "Maas",
    "Nij", "Oost", "Put", "Ren", "Scha", "Ter", "Vel", "Wes", "Zaan", "Zwol", "Ooster",
    "Noord", "Zuid", "Berg", "Brum", "Cul", "Dron", "Ger", "Hul", "Lo", "Mid", "Olden",
]  # fmt: skip
SUFFIXES = [
    "dam", "veen", "horst", "wijk", "broek", "hoven", "lo", "zijl", "dijk", "burg", "voorde",
    "mond", "kerk", "sloot", "haven", "meer", "berg", "drecht", "woude", "beek",
]  # fmt: skip
# Share of unknown cells: each becomes one empty cell in every monitor that carries it.
UNKNOWN_SHARE = 0.003
FIRST_END = dt.date(2016, 7, 31)  # peildatum of monitor 1; one monitor per quarter


@dataclass
class Municipality:
    code: str
    name: str
    role: str
    location: str
    first_monitor: int
    base_capacity: int
    capacity: int = 0  # indicator 1: a location's places include its satellites'
    satellites: list[Municipality] = field(default_factory=list)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def peildatum(n: int) -> dt.date:
    """The last day of monitor ``n``'s quarter."""
    months = FIRST_END.month - 1 + 3 * (n - 1)
    return _month_end(FIRST_END.year + months // 12, months % 12 + 1)


def period_start(n: int) -> dt.date:
    end = peildatum(n)
    months = end.month - 1 - 2
    year = end.year + months // 12
    return dt.date(year, months % 12 + 1, 1)


def label(n: int) -> str:
    end = peildatum(n)
    return f"{n} - {MONTHS[end.month - 1]} {end.year % 100:02d}"


def _municipalities(rng: random.Random, count: int, monitors: int) -> list[Municipality]:
    numbers = sorted(rng.sample(range(3, 2000), count))
    names: set[str] = set()
    result: list[Municipality] = []
    last_location: Municipality | None = None
    for i, number in enumerate(numbers):
        name = rng.choice(PREFIXES) + rng.choice(SUFFIXES)
        while name in names:
            name = rng.choice(PREFIXES) + rng.choice(SUFFIXES) + rng.choice(SUFFIXES)
        names.add(name)
        code = f"GM{number:04d}"
        # The 3rd of every 7 municipalities is a satellite of the location before it; every
        # 9th location joins late (never in monitor 1, so every project starts with data).
        satellite = last_location is not None and i % 7 == 2
        joins = 1
        if not satellite and i % 9 == 4 and monitors > 2:
            joins = rng.randint(2, max(2, monitors // 2))
        m = Municipality(
            code=code,
            name=name,
            role="satelliet" if satellite else "lvv-locatie",
            location=last_location.code if satellite and last_location else code,
            first_monitor=last_location.first_monitor if satellite and last_location else joins,
            base_capacity=rng.randint(20, 60) if satellite else rng.randint(40, 400),
        )
        if satellite and last_location is not None:
            last_location.satellites.append(m)
        else:
            last_location = m
        result.append(m)
    for m in result:
        m.capacity = m.base_capacity + sum(s.base_capacity for s in m.satellites)
    return result


def _names() -> dict[str, str]:
    data = yaml.safe_load((ROOT / "registry" / "indicators.yaml").read_text("utf-8"))
    return {str(i["code"]): str(i["name"]) for i in data["indicators"]}


NAMES = _names()
INDICATORS = list(NAMES)  # the registry's order: the Totaaloverzicht's rows


def _simulate(rng: random.Random, m: Municipality, monitors: int) -> dict[int, dict[str, int]]:
    """The figures of ``m`` for every monitor it takes part in, consistent by construction."""
    target = max(5, int(m.base_capacity * rng.uniform(0.55, 0.85)))
    out = {k: 0 for k in ("8.1", "8.2", "8.3", "9.2", "9.3", "9.4", "10.1", "10.2", "10.3")}
    out["11"] = 0
    hasa = {k: 0 for k in ("9.1.1", "9.1.2", "9.1.3", "9.1.4", "9.1.5")}
    art64 = {"9.2.2": 0, "9.2.3": 0}
    ibs_departed = 0
    running = target
    admitted = target + rng.randint(0, target)  # history before the first monitor
    # Spread the earlier outflow over the reasons.
    for _ in range(admitted - running):
        _outflow(rng, out, hasa)
    mrt = rng.randint(0, 5)
    medical = rng.randint(0, 10)
    figures: dict[int, dict[str, int]] = {}
    for n in range(m.first_monitor, monitors + 1):
        first = n == m.first_monitor
        leaving = 0 if first else sum(1 for _ in range(running) if rng.random() < 0.08)
        for _ in range(leaving):
            _outflow(rng, out, hasa)
        new = rng.randint(0, 5) if first else target - running + leaving + rng.randint(-3, 3)
        # Stay within capacity (satellites count under their location).
        new = max(0, min(new, int(m.base_capacity * 0.95) - (running - leaving)))
        running = running - leaving + new
        admitted += new
        # Hasa decisions: some pending applications are decided each quarter.
        for _ in range(hasa["9.1.1"] // 3):
            hasa["9.1.1"] -= 1
            hasa[rng.choice(["9.1.2", "9.1.2", "9.1.3", "9.1.4", "9.1.5"])] += 1
        art64["9.2.2"] = max(art64["9.2.2"], out["9.2"] // 2)
        art64["9.2.3"] = max(art64["9.2.3"], out["9.2"] // 5)
        ibs_departed = max(ibs_departed, out["9.3"] // 3)
        medical_new = rng.randint(0, 3)
        medical += medical_new
        mrt += rng.randint(0, 1)
        in_research = running // 6
        decided = running - in_research
        v: dict[str, int] = {
            "1": m.capacity,
            "2": admitted,
            "2.1": new,
            "2.2": running,
            "3": rng.randint(0, 8),
            "4": in_research,
            "5": decided,
            "5.1": decided * 2 // 5,
            "5.2": decided // 20,
            "5.3": decided - decided * 2 // 5 - decided // 20,
            "6": mrt,
            "7": medical,
            "7.1": medical_new,
            "7.2": min(medical, rng.randint(0, 6)),
            **hasa,
            **art64,
            "9.2.1": rng.randint(0, 4),
            "9.3.1": rng.randint(0, 2),
            "9.3.2": ibs_departed,
            **{k: out[k] for k in out},
        }
        v["9.1"] = sum(hasa.values())
        v["8"] = v["8.1"] + v["8.2"] + v["8.3"]
        v["9"] = v["9.1"] + v["9.2"] + v["9.3"] + v["9.4"]
        v["10"] = v["10.1"] + v["10.2"] + v["10.3"]
        v["12"] = v["8"] + v["9"] + v["10"] + v["11"]
        if v["2"] - v["12"] != running:  # a bug in this generator, not a benchmark result
            raise RuntimeError(f"inconsistent simulation for {m.code} in monitor {n}")
        figures[n] = v
    return figures


def _outflow(rng: random.Random, out: dict[str, int], hasa: dict[str, int]) -> None:
    r = rng.random()
    if r < 0.18:
        out[rng.choice(["8.1", "8.1", "8.2", "8.3", "8.3"])] += 1
    elif r < 0.62:
        s = rng.random()
        if s < 0.7:
            hasa["9.1.1"] += 1
        else:
            out[rng.choice(["9.2", "9.2", "9.3", "9.4"])] += 1
    elif r < 0.99:
        out[rng.choice(["10.1", "10.1", "10.2", "10.3"])] += 1
    else:
        out["11"] += 1


def generate(out: Path, municipalities: int, monitors: int, seed: int = 1) -> Path:
    """Write the project to ``out`` (replaced if it exists) and return it."""
    if municipalities < 1 or monitors < 1:
        raise ValueError("need at least one municipality and one monitor")
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "registry").mkdir(parents=True)
    shutil.copy2(ROOT / "registry" / "indicators.yaml", out / "registry" / "indicators.yaml")
    towns = _municipalities(rng, municipalities, monitors)
    figures = {m.code: _simulate(rng, m, monitors) for m in towns}
    unknown = {
        (m.code, n, code)
        for m in towns
        for n in figures[m.code]
        for code in INDICATORS
        if rng.random() < UNKNOWN_SHARE
    }
    _write_registry(out / "registry" / "municipalities.yaml", towns)
    (out / "monitors").mkdir()
    publication = yaml.safe_load((ROOT / "monitors" / "publication.yaml").read_text("utf-8"))
    publication.update(
        name="lvv-monitor-synthetisch",
        title="LVV Monitor (synthetisch)",
        description=(
            f"Synthetische LVV Monitor van {municipalities} gemeenten en {monitors} monitors, "
            f"gemaakt door benchmarks/synthetic.py (seed {seed}). Geen echte cijfers."
        ),
        pilot_start=period_start(1),
        site_url=None,
    )
    _dump(out / "monitors" / "publication.yaml", publication)
    for n in range(1, monitors + 1):
        _write_monitor(out / "monitors" / str(n), n, towns, figures, unknown)
    (out / "README.md").write_text(
        f"Synthetic LVV project: {municipalities} municipalities x {monitors} monitors, "
        f"seed {seed}; generated by benchmarks/synthetic.py. Not real figures.\n",
        encoding="utf-8",
    )
    return out


def _dump(path: Path, data: object) -> None:
    path.write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )


def _write_registry(path: Path, towns: list[Municipality]) -> None:
    rows = []
    for m in towns:
        row: dict[str, object] = {
            "code": m.code,
            "name": m.name,
            "role": m.role,
            "location": m.location,
            "capacity_included_in": m.location if m.role == "satelliet" else None,
            "note": None,
        }
        if m.first_monitor > 1:
            row["first_monitor"] = m.first_monitor
        rows.append(row)
    _dump(path, {"municipalities": rows})


def _write_monitor(
    folder: Path,
    n: int,
    towns: list[Municipality],
    figures: dict[str, dict[int, dict[str, int]]],
    unknown: set[tuple[str, int, str]],
) -> None:
    folder.mkdir(parents=True)
    carried = list(range(max(1, n - 2), n + 1))
    end = peildatum(n)
    meta = {
        "number": n,
        "title": f"LVV Monitor {MONTH_NAMES[end.month - 1]} {end.year}",
        "peildatum": end,
        "periods": [
            {"monitor": p, "label": label(p), "start": period_start(p), "end": peildatum(p)}
            for p in carried
        ],
        "status": "approved",
        "approval": {"date": dt.date(2026, 11, 1), "by": "benchmarks/synthetic.py"},
        "changes": [],
        "notes": [],
        "reconstructed": False,
        "reconstruction_note": None,
        "source": {
            "title": "Synthetische monitor (benchmarks/synthetic.py)",
            "path": "benchmarks/synthetic.py",
            "slides": "geen",
        },
        "totaaloverzicht": "totaaloverzicht.csv",
        "input_sheets": {},
    }
    _dump(folder / "monitor.yaml", meta)
    present = [m for m in towns if m.first_monitor <= n]
    with (folder / "totaaloverzicht.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        blank = ("",) * (len(carried) - 1)
        writer.writerow(["Indicatoren", *(x for m in present for x in (m.name, *blank))])
        writer.writerow(["", *(label(p) for _ in present for p in carried)])
        for code in INDICATORS:
            dot = "." if "." not in code else ""  # "1. Capaciteit actueel", "2.1 Toegelaten …"
            row: list[object] = [f"{code}{dot} {NAMES[code]}"]
            for m in present:
                for p in carried:
                    value = figures[m.code].get(p, {}).get(code)
                    row.append("" if value is None or (m.code, p, code) in unknown else value)
            writer.writerow(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--municipalities", "-m", type=int, default=6)
    parser.add_argument("--monitors", "-k", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.municipalities, args.monitors, args.seed)
    print(f"{args.out}: {args.municipalities} municipalities x {args.monitors} monitors")


if __name__ == "__main__":
    main()
