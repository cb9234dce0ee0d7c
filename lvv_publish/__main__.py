"""``python -m lvv_publish``: the same command line as ``lvv-publish``."""

from .cli import main

main()
