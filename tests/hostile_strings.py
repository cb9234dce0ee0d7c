"""Hostile strings: what an attacker (or a careless paste) puts in a free-text field.

``IN_EVERY_FIELD`` goes into every free-text field of a released project
(tests/site/test_hostile.py); ``HOSTILE`` adds what else starts a Markdown block or breaks a
line, for the escaping function alone (tests/site/test_markdown_text.py).
"""

from __future__ import annotations

IN_EVERY_FIELD = [
    '{ onclick=alert(1) style="color:red" }',
    '\n!!! danger "Fake"\n    x',
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
    "{% raw %}",
    "| a | b |",
    "# kop",
    "> quote",
    "---",
    "\u2028!!! note",
    "*emph*",
    "`code`",
    "&lt;script&gt;",
    "<!-- x -->",
    "]]>",
    "\"quoted' ",
    "trailing\\",
    "\u202eomgekeerd",
    "zero\u200bwidth\u200d",
]
HOSTILE = [
    *IN_EVERY_FIELD,
    "trail\\",
    "lang " * 2000,
    "\u202eevil",
    "1. een",
    "- lijst",
    "+ plus",
    "===",
    ":definitie",
    "??? note",
    "~~~",
    "```",
    "    code",
    "a  ",
    "Naam { #id }",
    "{: .klasse }",
    "a\n\n    code",
    "a\r\nb\x85c",
    "x\x00y\x1b",
    "&#60;b&#62;",
    "foo\\\n===",
    "*[HTML]: x",
    "<http://x.nl>",
]
