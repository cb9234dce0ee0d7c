"""Compiled Jinja templates kept between runs: ours and MkDocs' theme (Material).

Compiling templates is a fifth of a bundled ``release``: Material's base template and its
partials, and ours, are parsed and turned into Python code again by every process (issue 11).
Jinja's own bytecode cache keeps that code on disk; this one differs from
``jinja2.FileSystemBytecodeCache`` in three ways:

- the key is the template's name and everything of the environment that changes the compiled
  code (delimiters, whitespace handling, autoescape, extensions, Jinja's version), not its
  file name: MkDocs reads our theme overrides from a new temporary folder at every build, so
  a file-name key would never hit and would add a file per build;
- a stale entry is never used: Jinja compares the checksum of the template's source, and
  compiles again when it differs;
- a cache that cannot be written (a read-only home, a full disk) only costs time.

The folder is the user's cache folder (``platformdirs``), or ``LVV_PUBLISH_CACHE`` when set;
``LVV_PUBLISH_CACHE=off`` turns the cache off. Output does not depend on it: the same code
runs, compiled now or earlier.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from pathlib import Path
from typing import Any

import jinja2
import platformdirs
from jinja2.bccache import Bucket, FileSystemBytecodeCache

CACHE_ENV = "LVV_PUBLISH_CACHE"


class TemplateCache(FileSystemBytecodeCache):
    """A bytecode cache keyed by template name and environment (see the module)."""

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        key = self.get_cache_key(f"{name}|{fingerprint(environment)}")
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def dump_bytecode(self, bucket: Bucket) -> None:
        # Unwritable: the template was compiled and works; only the next run pays again.
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _name(value: Any) -> str:
    # A function's repr holds its address, new in every process: its qualified name does not.
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}"
    return repr(value)


def fingerprint(env: jinja2.Environment) -> str:
    """What of ``env`` the compiled code of a template depends on."""
    parts = [
        jinja2.__version__,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        _name(env.autoescape),
        _name(env.finalize),
        sorted(env.extensions),
    ]
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:16]


def cache_dir() -> Path | None:
    """The folder of the cache, or None when it is turned off."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured.lower() == "off":
        return None
    if configured:
        return Path(configured) / "jinja"
    return platformdirs.user_cache_path("lvv-publish") / "jinja"


@functools.cache
def _cache(directory: Path) -> TemplateCache | None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return TemplateCache(str(directory))


def template_cache() -> TemplateCache | None:
    """The cache for a Jinja environment, or None (turned off, or no folder to be had)."""
    directory = cache_dir()
    return None if directory is None else _cache(directory)
