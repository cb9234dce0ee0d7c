"""Benchmark: how heavy the built pages of one version are, with the targets beside them.

Prints the largest HTML page, the size of the version's whole site, the search index, the
Vega JavaScript a page without a chart loads, and the bytes of the chart specs (a script
each, which the page with the chart and its own page load) and of their data. Without
arguments it releases the bundled monitor 15 on a copy of the project and measures
`site/15/`; `--site DIR` measures a version folder that is already built (e.g. from a
synthetic project: `benchmarks/synthetic.py`, then `lvv-publish release N`). Prints
figures; asserts nothing.

    .venv/bin/python benchmarks/pages.py [--site site/15] [--top 5]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from pathlib import Path

from bundled import copy_bundled

KB, MB = 1000, 1000 * 1000

# The targets of issue 11 (pages at 340 municipalities x 40 monitors).
MAX_PAGE = 500 * KB
MAX_SITE = 20 * MB
MAX_SEARCH = 1 * MB
SCRIPT = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"')
# A chart's spec is in its own script, grafieken/<id>/grafiek.js (vegalite.spec_script),
# which the page that shows it and the chart's own page both load.
SPEC = re.compile(r"\)\[\"(?:[^\"\\]|\\.)*\"\]=(.*);\n", re.S)


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.is_file())


def has_chart(html: str) -> bool:
    return "data-lvv-chart=" in html


def vega_bytes(page: Path, site: Path) -> int:
    """Bytes of the Vega files a page loads by its <script src> (same-origin, relative)."""
    total = 0
    for src in SCRIPT.findall(page.read_text(encoding="utf-8")):
        if "vega" not in src.rsplit("/", 1)[-1]:
            continue
        target = (page.parent / src.split("?", 1)[0]).resolve()
        if target.is_file() and target.is_relative_to(site.resolve()):
            total += target.stat().st_size
    return total


def chart_bytes(site: Path) -> tuple[int, int, int]:
    """Charts of the site (one script each), bytes of their specs, and of the specs' data
    (as the spec writes it, with the transform steps that read it)."""
    count = specs = data = 0
    for script in sorted(site.glob("grafieken/*/grafiek.js")):
        for text in SPEC.findall(script.read_text(encoding="utf-8")):
            spec = json.loads(text)
            count += 1
            specs += len(text.encode())
            # The data is its columns plus the steps that rebuild its rows (a flatten, and
            # the word lists of repeated text: vegalite.in_columns).
            for part in ("datasets", "transform"):
                data += len(json.dumps(spec.get(part), ensure_ascii=False).encode())
    return count, specs, data


def measure(site: Path, top: int) -> None:
    pages = html_pages(site)
    sizes = sorted(((p.stat().st_size, p) for p in pages), reverse=True)
    files = [p for p in site.rglob("*") if p.is_file()]
    site_bytes = sum(p.stat().st_size for p in files)
    downloads = site / "downloads"
    download_bytes = sum(p.stat().st_size for p in files if p.is_relative_to(downloads))
    search = site / "search" / "search_index.json"
    search_bytes = search.stat().st_size if search.is_file() else 0
    plain = [p for p in pages if not has_chart(p.read_text(encoding="utf-8"))]
    chart = [p for p in pages if p not in plain]
    plain_vega = max((vega_bytes(p, site) for p in plain), default=0)
    chart_vega = min((vega_bytes(p, site) for p in chart), default=0)

    def row(name: str, value: str, target: str, ok: bool | None) -> None:
        verdict = "" if ok is None else ("ok" if ok else "OVER")
        print(f"{name:38s} {value:>14s}   target {target:>12s}  {verdict}")

    print(f"site: {site}  ({len(pages)} HTML pages, {len(files)} files)")
    row("largest HTML page", f"{sizes[0][0] / KB:,.1f} kB", "<= 500 kB", sizes[0][0] <= MAX_PAGE)
    row("per-version site", f"{site_bytes / MB:,.2f} MB", "<= 20 MB", site_bytes <= MAX_SITE)
    row("  of which downloads/", f"{download_bytes / MB:,.2f} MB", "", None)
    pages_bytes = site_bytes - download_bytes
    row("  the rest (pages, assets, search)", f"{pages_bytes / MB:,.2f} MB", "", None)
    row("search index", f"{search_bytes / KB:,.1f} kB", "< 1 MB", search_bytes < MAX_SEARCH)
    row("Vega JS on a page without a chart", f"{plain_vega / KB:,.1f} kB", "0 kB", plain_vega == 0)
    row("Vega JS on a chart page (least)", f"{chart_vega / KB:,.1f} kB", "", None)
    charts, spec_bytes, data_bytes = chart_bytes(site)
    row(f"chart specs ({charts}, a script each)", f"{spec_bytes / KB:,.1f} kB", "", None)
    row("  of which their data", f"{data_bytes / KB:,.1f} kB", "", None)
    print(f"pages without a chart: {len(plain)}, with a chart: {len(chart)}")
    print(f"largest {top} HTML pages:")
    for size, path in sizes[:top]:
        print(f"  {size / KB:10,.1f} kB  {path.relative_to(site)}")
    heavy = sorted(((p.stat().st_size, p) for p in files if p.suffix != ".html"), reverse=True)
    print(f"largest {top} other files:")
    for size, path in heavy[:top]:
        print(f"  {size / KB:10,.1f} kB  {path.relative_to(site)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, help="a built version folder, e.g. site/15")
    parser.add_argument("--top", type=int, default=5, help="how many of the largest files")
    args = parser.parse_args()
    if args.site:
        measure(args.site, args.top)
        return
    from lvv_publish.publish import release
    from lvv_publish.sources import Project

    with tempfile.TemporaryDirectory() as tmp:
        root = copy_bundled(Path(tmp) / "project")
        release(Project(root), 15)
        measure(root / "site" / "15", args.top)


if __name__ == "__main__":
    main()
