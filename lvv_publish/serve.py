"""A local preview server for the built site (standard library: a static folder needs no more)."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


def preview_server(root: Path, port: int = 8000) -> http.server.ThreadingHTTPServer:
    """An HTTP server for ``root`` on 127.0.0.1 only (port 0 picks a free one)."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
