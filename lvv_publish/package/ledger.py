"""The record of validated data packages: validate once, when published; check hashes after.

A published package is validated with frictionless once, when ``release`` writes it. The
SHA-256 of its ``datapackage.json`` is then recorded in ``datapackage/validated.sha256``
(one ``<sha256>  <path>`` line per validated descriptor, the ``sha256sum`` format), beside the
packages and outside them, so the committed package bytes never change.

A later read checks instead of re-validating: the descriptor's SHA-256 must be recorded, and
every resource file must have the size and SHA-256 that the descriptor states (the
descriptor already holds them; frictionless checked them when it validated). Together that
pins every byte that was validated, so the validation still holds; a file changed after
publication is caught with a message naming it. A descriptor that is not recorded (a
package published before the record existed, or one edited by hand) is validated with
frictionless, as before — never a weaker check than re-validating.

Within one process a package checked once is not checked again while its files are
unchanged (``build --all`` reads every earlier package for every version).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..errors import LvvError
from .fdvalidate import validate_package
from .folders import LEDGER_NAME, VERSIONS_DIR

# Packages checked in this process: folder -> the (name, size, mtime) of its files then.
_checked: dict[Path, tuple[tuple[str, int, int], ...]] = {}


def datapackage_root(package_dir: Path) -> Path:
    """The ``datapackage/`` folder of ``datapackage/N`` or ``datapackage/N/versies/V``."""
    if package_dir.parent.name == VERSIONS_DIR:
        return package_dir.parent.parent.parent
    return package_dir.parent


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def recorded(root: Path) -> dict[str, str]:
    """The validated descriptors recorded under ``root``: SHA-256 -> path (for people)."""
    path = root / LEDGER_NAME
    if not path.is_file():
        return {}
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if len(digest) == 64:
            out[digest] = name
    return out


def record(package_dir: Path, root: Path | None = None, name: str | None = None) -> bool:
    """Record the descriptor of ``package_dir`` as validated; True if the record changed.

    Call only after frictionless validated exactly these bytes. ``root`` is the
    ``datapackage/`` folder the package is (about to be) published in, when ``package_dir``
    is a staging folder, and ``name`` then its published name (``15``).
    """
    root = root or datapackage_root(package_dir)
    text = ledger_with(package_dir, root, name)
    if text is None:
        return False
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".{LEDGER_NAME}.tmp-{os.getpid()}"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, root / LEDGER_NAME)
    return True


def ledger_with(package_dir: Path, root: Path, name: str | None = None) -> str | None:
    """The text of ``root``'s record with ``package_dir`` recorded (``record``), or None when
    it is recorded already: for a release that moves the record into place with the
    package itself."""
    digest = sha256_file(package_dir / "datapackage.json")
    entries = recorded(root)
    if digest in entries:
        return None
    name = name or _display(package_dir, root)
    entries[digest] = f"{name}/datapackage.json"
    lines = sorted((f"{d}  {n}" for d, n in entries.items()), key=lambda x: (x[66:], x))
    return "\n".join(lines) + "\n"


def _display(package_dir: Path, root: Path) -> str:
    try:
        return str(package_dir.relative_to(root))
    except ValueError:
        return package_dir.name


def files_state(package_dir: Path, names: list[str]) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of the descriptor and ``names``: a cache key."""
    out = []
    for name in ["datapackage.json", *names]:
        st = (package_dir / name).stat()
        out.append((name, st.st_size, st.st_mtime_ns))
    return tuple(out)


def check_package(package_dir: Path) -> None:
    """Make sure ``package_dir`` holds a valid package; raise ``LvvError`` if not.

    Hash-checked when its descriptor is recorded as validated, else validated with
    frictionless (see the module's doc).
    """
    descriptor_path = package_dir / "datapackage.json"
    data = descriptor_path.read_bytes()
    descriptor = json.loads(data)
    resources = [(str(r["path"]), r.get("hash"), r.get("bytes")) for r in descriptor["resources"]]
    names = [name for name, _, _ in resources]
    key = package_dir.resolve()
    try:
        state = files_state(package_dir, names)
    except OSError:
        state = ()
    if state and _checked.get(key) == state:
        return
    if hashlib.sha256(data).hexdigest() in recorded(datapackage_root(package_dir)):
        for name, expected, size in resources:
            path = package_dir / name
            if not path.is_file():
                raise LvvError(
                    f"{path}: missing; {descriptor_path} lists it. {_restore_hint(package_dir)}"
                )
            actual = sha256_file(path)
            want = str(expected or "").removeprefix("sha256:")
            if actual != want or (size is not None and path.stat().st_size != size):
                raise LvvError(
                    f"{path}: its SHA-256 is {actual}, but {descriptor_path} records "
                    f"{want or 'none'}: the file was changed after the package was published "
                    f"and validated. {_restore_hint(package_dir)}"
                )
    else:
        errors = validate_package(descriptor_path)
        if errors:
            raise LvvError(
                f"{descriptor_path}: the data package is not valid:\n  " + "\n  ".join(errors[:20])
            )
    if state:
        _checked[key] = state


def _restore_hint(package_dir: Path) -> str:
    return (
        f"Restore the published files (e.g. `git checkout -- {package_dir}`); a change to "
        'published figures is a correction: `lvv-publish release N --correct "reason"`.'
    )
