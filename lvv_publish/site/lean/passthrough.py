"""Generated HTML that skips Python-Markdown and the theme's search parser altogether.

The long tables and the chart specs are raw HTML already (issue 22), which Python-Markdown
passes through unchanged; but it still runs its HTML parser over every tag to find where a
raw block ends, and Material's search plugin parses each page's HTML once more. At 350
municipalities x 40 monitors those two parsers were most of a bare ``mkdocs build`` (about
34 and 32 of its 94 profiled seconds): 870,000 tags of tables that neither may change, since
the search index leaves them out (``data-search-exclude``, and ``script`` always).

So while a version's pages are rendered for its build (``collecting``), the ``passthrough``
filter puts such a block aside and leaves an HTML comment in its place; the build plugin
puts the block back into the finished page (``fill``), before the white space is compacted.
The page is byte for byte what it would have been: the filter is only ever applied to what
sits inside an element the search index leaves out, so the index is the same too. Outside
``collecting`` (``render_pages`` for tests and tools, ``--keep-source``) the filter returns
its input, and the Markdown is whole.

The placeholder carries a random key per build, so text a user typed (a note, a label) that
looks like one is not filled: it is escaped anyway (``|md``, ``|html``), and it cannot match.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class Stash:
    """The blocks put aside while one version's pages were rendered, by placeholder."""

    key: str = field(default_factory=lambda: secrets.token_hex(8))
    blocks: dict[str, str] = field(default_factory=dict)

    def put(self, html: str) -> str:
        placeholder = f"<!--lvv-{self.key}-{len(self.blocks)}-->"
        self.blocks[placeholder] = html
        return placeholder

    def fill(self, text: str) -> str:
        """``text`` with every placeholder of this stash replaced by its block."""
        if not self.blocks:
            return text
        blocks = self.blocks
        return re.sub(rf"<!--lvv-{self.key}-\d+-->", lambda m: blocks.get(m[0], m[0]), text)


_STASH: ContextVar[Stash | None] = ContextVar("lvv_passthrough", default=None)


@contextmanager
def collecting(stash: Stash | None) -> Iterator[Stash | None]:
    """Within this block the ``passthrough`` filter puts its input into ``stash`` (with
    None: leaves it in place)."""
    token = _STASH.set(stash)
    try:
        yield stash
    finally:
        _STASH.reset(token)


def passthrough(html: object) -> str:
    """The Jinja filter (``{% filter passthrough %}``): only for HTML inside an element the
    search index leaves out, in a page's raw HTML block."""
    stash = _STASH.get()
    return str(html) if stash is None else stash.put(str(html))
