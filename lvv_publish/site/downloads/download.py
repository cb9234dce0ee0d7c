"""One file of a downloads folder, and the folder's ``SHA256SUMS`` (``sha256sum``'s format);
the host's limits the site's files keep within, and a file compressed with gzip."""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

SUMS_NAME = "SHA256SUMS"

# The host's limits (GitHub Pages), in one place: ``publish.site_size`` measures the whole
# site against them after every build, and the site-wide files keep within them.
# "Published GitHub Pages sites may be no larger than 1 GB."
PAGES_SITE_LIMIT = 1_000_000_000
# Warn at 90 % of it: a few more releases must still fit.
SITE_WARNING = 900_000_000
# git push warns about a file over 50 MB (GitHub refuses one over 100 MB): no file of the
# site is larger; a file that would be is published compressed only (``gzipped``).
FILE_WARNING = 50_000_000
GZIP_SUFFIX = ".gz"


def gzipped(data: bytes) -> bytes:
    """``data`` compressed with gzip, the same bytes for the same data: no time and no file
    name in the header."""
    packing = _Gzip()
    packing.add(data)
    return packing.finish()


class _Gzip:
    """gzip made piece by piece: the same bytes as of the pieces joined, since deflate's
    output does not depend on how its input is cut while it is not flushed (tested).

    The header is written here, not by zlib or ``gzip.compress``: no time, no file name, and
    operating system 3 (Unix) always. zlib writes the system it was built for, and Python
    3.13's ``gzip.compress`` 255, where 3.11's wrote zlib's: the files published so far
    (Linux, Python 3.11) have 3, and keep their bytes on any machine."""

    # Magic, deflate, no flags, no time (mtime 0), no extra flags at level 6, Unix.
    HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"

    def __init__(self) -> None:
        self._deflate = zlib.compressobj(6, zlib.DEFLATED, -15)  # raw deflate
        self._out: list[bytes] = [self.HEADER]
        self._crc = 0
        self._size = 0
        self._done: bytes | None = None

    def add(self, data: bytes) -> None:
        if self._done is not None:
            raise ValueError("the gzip stream is finished: nothing can be added")
        self._out.append(self._deflate.compress(data))
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)

    def finish(self) -> bytes:
        """The whole stream; once finished, the same bytes each time."""
        if self._done is None:
            trailer = struct.pack("<II", self._crc, self._size & 0xFFFFFFFF)
            self._done = b"".join([*self._out, self._deflate.flush(), trailer])
            self._out = []
        return self._done


@dataclass(frozen=True)
class Whole:
    """A site-wide file as made: compressed, and as it is (None when over ``FILE_WARNING``:
    then it is not published as it is, only compressed)."""

    packed: bytes
    program: bytes | None

    @classmethod
    def of(cls, program: bytes) -> Whole:
        return cls(gzipped(program), program if len(program) <= FILE_WARNING else None)


class Writing:
    """A site-wide file written piece by piece, so that no copy of it whole is needed: at 350
    municipalities x 40 monitors the vintage file is 100 MB (issue 22). Compressed as it
    comes (``packed``); as it is, kept only while it keeps within ``FILE_WARNING``."""

    def __init__(self, *, packed: bool) -> None:
        self._packing = _Gzip() if packed else None
        self._kept: list[bytes] | None = []
        self._size = 0

    @property
    def empty(self) -> bool:
        return self._size == 0

    @property
    def keeping(self) -> bool:
        """Still within ``FILE_WARNING``: what is added may yet be published as it is."""
        return self._kept is not None

    def add(self, piece: bytes) -> None:
        if self._packing is not None:
            self._packing.add(piece)
        self._size += len(piece)
        if self._kept is not None:
            self._kept.append(piece)
            if self._size > FILE_WARNING:
                self._kept = None  # too large to publish as it is

    def kept(self) -> bytes | None:
        """The file as it is, or None when it is over ``FILE_WARNING``."""
        return None if self._kept is None else b"".join(self._kept)

    def whole(self) -> Whole:
        """The file as made: after this, nothing can be added."""
        if self._packing is None:
            raise ValueError("a file written without packing has no compressed form")
        return Whole(self._packing.finish(), self.kept())


@dataclass(frozen=True)
class Download:
    """One file of the downloads folder: its path there, its bytes and what it holds;
    ``rows``: its data rows, where the code that made it counted them (``site_wide_files``),
    so that nobody reads the file again to count them."""

    path: str
    data: bytes
    group: str
    description: str
    rows: int | None = None


def sums_of(files: list[Download]) -> Download:
    """The ``SHA256SUMS`` of a downloads folder holding ``files``."""
    return Download(
        SUMS_NAME,
        sha256sums(files),
        "package",
        "SHA-256 van elk ander bestand in deze map, in het formaat van sha256sum.",
    )


def sha256sums(files: list[Download]) -> bytes:
    """``sha256sum``'s own format: ``<hex>  <path>``, one line per file, sorted by path."""
    lines = [f"{hashlib.sha256(f.data).hexdigest()}  {f.path}\n" for f in files]
    return "".join(sorted(lines, key=lambda line: line.split("  ", 1)[1])).encode("utf-8")


@dataclass(frozen=True)
class Twin:
    """Another form of a site-wide file (its Excel CSV, its workbook): its path, its bytes
    (made only when it is published), what it adds to the description, and the most rows
    it may hold (a worksheet's; ``says_why``: the file says so when it has more)."""

    path: str
    data: Callable[[], bytes | None]
    suffix: str
    max_rows: int
    says_why: bool = False


def site_wide_files(
    name: str, program: bytes | Whole, rows: int, group: str, text: str, twins: Sequence[Twin] = ()
) -> list[Download]:
    """The one policy of a file for the whole site that grows with every release (the vintage
    file, the long series; issue 22): compressed always (``<name>.gz``), as it is while it
    keeps within ``FILE_WARNING``, and each twin while it holds the ``rows`` and keeps within
    that limit too (a twin whose ``data`` gives None is left out). ``program`` is the file as
    it is, with its header line (or as ``Writing`` made it); ``text`` describes it."""
    made = program if isinstance(program, Whole) else Whole.of(program)
    whole = [Download(name + GZIP_SUFFIX, made.packed, group, f"{text}; met gzip ingepakt.", rows)]
    if made.program is not None:
        whole.append(Download(name, made.program, group, f"{text}.", rows))
    out: list[Download] = []
    for twin in twins:
        if rows > twin.max_rows:
            if twin.says_why:
                # Excel opens at most 1,048,576 rows and drops the rest without a clear
                # warning: a twin would lose figures.
                whole = [
                    replace(
                        d,
                        description=f"{d.description} Met {thousands(rows)} rijen te groot "
                        f"voor Excel (hooguit {thousands(twin.max_rows)} rijen en een "
                        "kopregel): open het met een programma.",
                    )
                    for d in whole
                ]
            continue
        data = twin.data()
        if data is not None and len(data) <= FILE_WARNING:
            out.append(Download(twin.path, data, group, f"{text}; {twin.suffix}.", rows))
    return whole + out


def thousands(count: int) -> str:
    """``1.638.000``: a count of rows in Dutch notation."""
    return f"{count:,}".replace(",", ".")
