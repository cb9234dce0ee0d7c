"""``python -m lvv_publish``: the same command line as ``lvv-publish``."""

from .cli import main

# Guarded, as multiprocessing and runpy expect of a main module that may be imported again.
if __name__ == "__main__":
    main()
