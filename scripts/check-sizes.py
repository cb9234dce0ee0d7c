"""Print every module of lvv_publish over 400 lines and every function over 80 lines.

    python scripts/check-sizes.py [PACKAGE_DIR]     (default: lvv_publish)

A module past 400 lines is two ideas; a function past 80 lines is a list of steps that want
names (docs/architecture.md). Exit code 1 when anything is over, so ``.ci/run`` stops.
A function's lines run from its ``def`` (decorators included) to its last line; nested
functions count towards the function that holds them and are also measured on their own.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MAX_MODULE = 400
MAX_FUNCTION = 80


def oversized(root: Path) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
        if lines > MAX_MODULE:
            out.append(f"{path}: module of {lines} lines (at most {MAX_MODULE})")
        for node in ast.walk(ast.parse(text, filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                length = (node.end_lineno or node.lineno) - first + 1
                if length > MAX_FUNCTION:
                    out.append(
                        f"{path}:{node.lineno}: function {node.name} of {length} lines "
                        f"(at most {MAX_FUNCTION})"
                    )
    return out


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "lvv_publish")
    found = oversized(root)
    for line in found:
        print(line)
    count = sum(1 for p in root.rglob("*.py"))
    print(
        f"{count} modules in {root}: {len(found)} over the limits "
        f"({MAX_MODULE} lines a module, {MAX_FUNCTION} a function)."
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
