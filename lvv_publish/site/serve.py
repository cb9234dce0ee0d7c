"""A local preview server for the built site (standard library: a static folder needs no more)."""

from __future__ import annotations

import functools
import http.server
import os
from http import HTTPStatus
from pathlib import Path


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the folder as GitHub Pages does: a missing address (or a folder without
    ``index.html``) gets the root ``404.html`` with status 404."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def preview_server(root: Path, port: int = 8000) -> http.server.ThreadingHTTPServer:
    """An HTTP server for ``root`` on 127.0.0.1 only (port 0 picks a free one)."""
    handler = functools.partial(_PagesHandler, directory=str(root))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
