"""Values derived from a table once per table object (a cache for speed, not for meaning)."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def per_table(cache: dict[int, Any], table: object, make: Callable[[], T]) -> T:
    """``make()`` once per table object: kept in ``cache`` by the table's identity and
    dropped when the table is. For what a release derives from a package's frames many
    times over (they are shared and never modified in place)."""
    key = id(table)
    if key not in cache:
        cache[key] = make()
        weakref.finalize(table, cache.pop, key, None)
    return cache[key]  # type: ignore[no-any-return]
