"""The ``lvv-publish`` command line: parses, calls one library function, prints, exits.

``app`` and the options every command shares are in ``app.py``; the commands in the order of
the quarter: ``start`` (init, new), ``review`` (validate, approve), ``publishing`` (release,
build, serve), then ``docs``. Importing them registers them with ``app``.
"""

from .app import app, main

# Imported to register their commands, in the order of the quarter: `--help` lists the
# groups in the order they registered.
# isort: off
from . import start  # noqa: F401
from . import review  # noqa: F401
from . import publishing  # noqa: F401
from . import docs  # noqa: F401

# isort: on

__all__ = ["app", "main"]
