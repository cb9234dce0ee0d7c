"""Reading the project's text files safely: encodings, YAML without aliases, containment.

Every input arrives by e-mail and is edited by hand, so each way a file can be wrong gets
its own one-line message with the file, the line and the fix: a file saved in another
encoding, binary data, YAML that does not parse, a YAML alias bomb ("billion laughs"), a
symlink or path that leads out of the project.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import yaml

from ..errors import SourceError, cut
from .limits import MAX_FILE_BYTES

UTF8_FIX = "Save it as UTF-8 (in Excel: Save As > 'CSV UTF-8'; in an editor: encoding UTF-8)."


def read_text(path: Path, display: str, *, fix: str = UTF8_FIX) -> str:
    """The file as text (UTF-8, a byte-order mark allowed); a clear error for anything else."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SourceError(
                f"is {path.stat().st_size / 2**20:,.1f} MiB; an input file may be at most "
                f"{MAX_FILE_BYTES // 2**20} MiB.",
                file=display,
                fix="Check that this is the right file.",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("file not found.", file=display) from None
    except OSError as exc:
        raise SourceError(f"cannot be read ({exc.strerror}).", file=display) from None
    half = len(data) // 3
    # UTF-16 without a byte-order mark: every other byte of ASCII text is zero.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        len(data) > 3 and (data[1::2].count(0) > half or data[0::2].count(0) > half)
    ):
        raise SourceError("the file is UTF-16, not UTF-8.", file=display, fix=fix)
    if b"\x00" in data:
        raise SourceError(
            "is not a text file (it holds binary data).",
            file=display,
            fix="Check that this is the right file; a table is read from .csv (UTF-8) or .xlsx.",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}; probably Latin-1 or "
            "Windows-1252).",
            file=display,
            cell=f"line {line}",
            fix=fix,
        ) from None


# More values than any project file holds by far; a file that expands beyond it through
# aliases nested in aliases is an attack ("billion laughs"), not a monitor.
MAX_YAML_VALUES = 100_000


# libyaml's parser when PyYAML was built with it (the wheels are): about ten times faster
# than the pure-Python one on monitor.yaml, and a release reads a dozen YAML files.
_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[misc, valid-type]
    """Safe YAML without implicit dates; ``load_yaml`` bounds what aliases expand to.

    Aliases themselves are allowed (PyYAML's own ``safe_dump`` writes them for repeated
    values), but the document's size with every alias expanded is computed on the node
    graph, before any Python object is built, and refused past ``MAX_YAML_VALUES``. Dates
    stay text, so that the models parse them and an impossible date (2024-02-30) is
    reported with its field instead of crashing the YAML parser.
    """


def _check_size(node: Any) -> None:
    """Refuse a node graph that expands past ``MAX_YAML_VALUES``, or holds itself."""
    sizes: dict[int, int] = {}

    def size(n: Any) -> int:
        if id(n) not in sizes:
            sizes[id(n)] = 0  # a recursive alias counts once, then is refused below
            if isinstance(n, yaml.SequenceNode):
                total = 1 + sum(size(c) for c in n.value)
            elif isinstance(n, yaml.MappingNode):
                total = 1 + sum(size(k) + size(v) for k, v in n.value)
            else:
                total = 1
            sizes[id(n)] = total
        elif sizes[id(n)] == 0:
            raise yaml.MarkedYAMLError(
                problem="holds a recursive YAML alias", problem_mark=n.start_mark
            )
        return sizes[id(n)]

    if node is not None and size(node) > MAX_YAML_VALUES:
        raise yaml.MarkedYAMLError(
            problem=f"expands through nested YAML aliases to more than {MAX_YAML_VALUES:,} "
            "values (a 'billion laughs')",
            problem_mark=node.start_mark,
        )


def _check_keys(node: Any) -> None:
    """Refuse a key written twice in one mapping: YAML keeps the last silently, so a second
    ``title: CONCEPT - NIET PUBLICEREN`` further down would be published."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if n is None or id(n) in seen:
            continue
        seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            first: dict[object, Any] = {}
            for key, value in n.value:
                if isinstance(key, yaml.ScalarNode):
                    mark: Any = first.setdefault((key.tag, key.value), key.start_mark)
                    if mark is not key.start_mark:
                        raise yaml.MarkedYAMLError(
                            problem=f"the key {key.value[:200]!r} is written twice (also on "
                            f"line {mark.line + 1}); only one can hold",
                            problem_mark=key.start_mark,
                        )
                stack.extend((key, value))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _safe_load(text: str) -> Any:
    """``yaml.safe_load`` with ``_Loader``, the alias bound checked between compose and
    construct (libyaml composes in C, so the check cannot hook into composing)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        _check_size(node)
        _check_keys(node)
        return None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path, display: str) -> dict[str, Any]:
    """A YAML file that must hold a mapping of fields; one-line errors with line and column."""
    text = read_text(path, display, fix="Save it as UTF-8 in your editor.")
    try:
        data = _safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = exc.problem or exc.context or "cannot be parsed"
        if "written twice" in problem:
            raise SourceError(
                problem + ".", file=display, cell=where, fix="Remove one of the two."
            ) from None
        if "alias" in problem:
            raise SourceError(
                problem + ".", file=display, fix="Remove the anchors (&) and aliases (*)."
            ) from None
        raise SourceError(
            f"is not valid YAML ({cut(problem)}).",
            file=display,
            cell=where,
            fix="Check the indentation, colons and brackets there.",
        ) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"is not valid YAML ({cut(str(exc))}).", file=display) from None
    if data is None:
        raise SourceError("is empty.", file=display, fix="It needs its fields (key: value).")
    if not isinstance(data, dict):
        raise SourceError(
            f"is a {_kind(data)}, not a mapping of fields (key: value).",
            file=display,
            fix="Write one field per line, e.g. 'number: 15'.",
        )
    return data


def _kind(value: object) -> str:
    return {list: "list", str: "text", int: "number", float: "number"}.get(type(value), "value")


def pydantic_problems(exc: Any) -> str:
    """A pydantic ``ValidationError`` as one line: ``field.path: message; …``."""
    return "; ".join(
        f"{'.'.join(str(p) for p in err['loc']) or '(top level)'}: "
        + str(err["msg"]).removeprefix("Value error, ")
        for err in exc.errors()
    )


def check_inside(path: Path, root: Path, display: str) -> Path:
    """Refuse a file that is, or leads through a symlink, outside ``root`` (the project)."""
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise SourceError(
            f"points outside the project (to {resolved}).",
            file=display,
            fix="Copy the file into the project folder instead of linking to it.",
        )
    return path
