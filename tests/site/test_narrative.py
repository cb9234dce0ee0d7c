"""The "Kerncijfers" and "Belangrijkste ontwikkelingen" written from the data (narrative.py,
site_templates/narrative.md.j2), and the page that shows them beside the monitor's text."""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import replace

import pandas as pd
import pytest

from lvv_publish.package import read_package
from lvv_publish.site import environment
from lvv_publish.site.contexts import narrative_context, release_info
from lvv_publish.site.formatting import FILTERS
from lvv_publish.sources import load_monitor

from ..htmltables import page

NUMBER = re.compile(r"\d+(?:,\d+)?")


@pytest.fixture(scope="module")
def release(released):
    package = read_package(released / "datapackage/15")
    meta = load_monitor(released / "monitors", 15)
    return package, meta, release_info(package, meta, dt.date(2019, 4, 1))


def generated(package, meta, info, observations=None) -> tuple[str, object]:
    """The generated half of the page (without the quoted text), and its context."""
    ctx = narrative_context(
        package.observations if observations is None else observations,
        package.municipalities,
        info,
        meta.narrative,
    )
    text = environment().get_template("narrative.md.j2").render(ctx=ctx)
    start = text.index("## Kerncijfers")
    part = text[start : text.index('<section class="lvv-quoted"')]
    # "artikel 64" names an article of the Vreemdelingenwet; it is not a figure.
    return re.sub(r"\s+", " ", part).replace("artikel 64", "artikel"), ctx


def shown_numbers(ctx) -> set[str]:
    """Every number the context's figures can be shown as, through the site's filters."""
    out: set[str] = set()
    texts = []
    for fig in ctx.f.values():
        texts += [FILTERS["figure"](fig, d) for d in (0, 1)]
    for c in ctx.developments:
        texts += [FILTERS["figure"](c.before, 1), FILTERS["figure"](c.after, 1)]
        texts.append(FILTERS["change"](c.difference, c.percent))
    texts += [FILTERS["number"](ctx.outflow_period), str(ctx.previous)]
    for t in texts:
        out.update(NUMBER.findall(t))
    return out


def test_every_number_in_the_generated_text_comes_from_the_data(release):
    package, meta, info = release
    text, ctx = generated(package, meta, info)
    assert "In totaal zijn er 2797 personen toegelaten en 2203 uitgestroomd" in text
    assert "daalde van 638 naar 593 (−45)" in text
    numbers = NUMBER.findall(text)
    assert len(numbers) > 60
    assert set(numbers) <= shown_numbers(ctx)


def test_altered_data_changes_the_text_and_nothing_is_typed_in(release):
    """Random figures for every cell: the text follows them, and it still has no number
    that is not one of its figures."""
    package, meta, info = release
    original, _ = generated(package, meta, info)
    rng = random.Random(15)
    obs = package.observations.copy()
    obs["value"] = pd.array(
        [None if pd.isna(v) else rng.randint(1, 5000) for v in obs["value"]], dtype="Int64"
    )
    text, ctx = generated(package, meta, info, obs)
    assert text != original
    assert set(NUMBER.findall(text)) <= shown_numbers(ctx)
    toegelaten = FILTERS["figure"](ctx.f["toegelaten"])
    assert f"In totaal zijn er {toegelaten} personen toegelaten" in text
    assert "2797" not in text


def test_unknown_cells_are_said_not_counted_as_zero(release):
    package, meta, info = release
    obs = package.observations.copy()
    blank = (obs["monitor"] == 15) & (obs["municipality_code"] == "GM0363")
    blank &= obs["indicator"] == "2.2"
    obs.loc[blank, "value"] = pd.NA
    text, _ = generated(package, meta, info, obs)
    assert "liepen 309 (zonder Amsterdam: onbekend) LVV-begeleidingstrajecten" in text
    assert "Het aantal lopende trajecten is niet te vergelijken" in text
    # Amsterdam's 5.2 is empty in the data itself: the shares of perspectives say so.
    original, _ = generated(package, meta, info)
    assert "61% (onbekend: 5.2 van Amsterdam) verblijf" in original


def test_without_a_previous_monitor_or_a_text(release):
    package, meta, info = release
    only = replace(info, monitors=(15,))
    text, ctx = generated(package, meta.model_copy(update={"narrative": ()}), only)
    assert "geen eerdere monitor om mee te vergelijken" in text
    assert ctx.developments == []


def test_the_page_shows_the_generated_text_beside_the_monitors_own_text(released):
    meta = load_monitor(released / "monitors", 15)
    _, text = page(released / "site/15/tekst/index.html")
    assert "Belangrijkste ontwikkelingen" in text
    for st in meta.narrative:
        quote = re.sub(r"\s+", " ", st.quote.replace("\t", " · "))
        assert quote in text, quote  # verbatim, asterisks and all
    html = (released / "site/15/tekst/index.html").read_text(encoding="utf-8")
    assert html.index('class="lvv-generated"') < html.index('class="lvv-quoted"')
