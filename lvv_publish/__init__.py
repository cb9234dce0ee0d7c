"""lvv-publish: the open-data publisher for the Dutch LVV Monitor."""

__version__ = "0.2.0"
