"""Build several versions' sites at once, each in a worker process of its own.

``build --all`` (and a release that builds versions missing from the site) stages every
version it has to build first (``staging`` folders, made and removed by the calling
process, so a killed run leaves only what ``recover`` removes), then builds them here: one
after another in this process with one job, else in ``jobs`` worker processes started
fresh (``forkserver``: no state of this process is inherited, so a version's pages are
byte for byte those of a build in one process). The publication itself (the swap) stays
with the caller: a version that fails fails the whole run and nothing is published.

``Beside`` runs other work (a release's site-wide downloads, and the version's own
downloads before them) in a worker of its own (spawned), while this process goes on with
the version's site.

How many workers: the cores this process may use, the versions to build, and the memory:
each worker needs about ``worker_bytes`` (the interpreter with its libraries, plus the
packages a version's build reads, ``_PACKAGE_FACTOR`` times their size on disk, as measured
by ``benchmarks/buildall.py``); no more workers than ``MemAvailable`` (``/proc/meminfo``)
holds. ``--jobs N`` decides instead.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..errors import LvvError
from ..sources import Project

if TYPE_CHECKING:
    from ..site import Download

T = TypeVar("T")

# Builds one job's version into its folder with its stamp: ``build.build_job`` (a function
# of a module, so a worker finds it by name).
BuildFunction = Callable[[Project, "Job", str | None], None]

MIB = 1024 * 1024
# A worker with lvv-publish, pandas, MkDocs and Altair imported, before it reads a package
# (measured: a version with no earlier one peaks at 190 MB; with margin).
_BASE_BYTES = 300 * MIB
# Peak memory per byte of the published packages (CSV on disk) a version's build reads
# (measured: 25 MB more for version 10 than for version 1 of 100 municipalities, 2 MB of CSV).
_PACKAGE_FACTOR = 12


@dataclass(frozen=True)
class Job:
    """One version to build into its (already made) staging folder, with its stamp;
    ``staged``: package folders to read instead of the published ones (a release)."""

    number: int
    stage: Path
    stamp: dict[str, object]
    staged: dict[int, Path] = field(default_factory=dict)
    source: Path | None = None  # release --keep-source: keep the MkDocs project here
    # The version's downloads folder, made elsewhere and given when asked for (a release at
    # national scale: in its ``Beside`` worker); only for a build here, never pickled.
    downloads: Callable[[], list[Download]] | None = field(default=None, compare=False)


def worker_bytes(project: Project, upto: int) -> int:
    """The estimated peak memory of one worker building versions up to ``upto``: a version
    reads its own package and every earlier one (with their earlier versions)."""
    size = 0
    for n in project.released_numbers():
        if n <= upto:
            size += sum(p.stat().st_size for p in project.package_dir(n).rglob("*.csv"))
    return worker_bytes_for(size)


def worker_bytes_for(size: int) -> int:
    """The estimated peak memory of a worker that reads ``size`` bytes of package CSV."""
    return _BASE_BYTES + _PACKAGE_FACTOR * size


def available_bytes() -> int | None:
    """``MemAvailable`` from ``/proc/meminfo``, or None where there is none (not Linux)."""
    try:
        text = Path("/proc/meminfo").read_text(encoding="ascii")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return None


def give_back_memory() -> None:
    """Hand the memory freed so far back to the system (glibc's ``malloc_trim``; elsewhere
    nothing). Python's small objects live in arenas of their own, which do not reuse what
    large buffers (pandas, numpy) freed on the heap: without this, a release at national
    scale kept the heap of the earlier packages it had read while it rendered its pages
    (issue 22)."""
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError, TypeError):  # not glibc
        return
    trim(0)


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def plan_workers(
    count: int, per_worker: int, *, cpus: int, available: int | None, jobs: int | None
) -> int:
    """How many workers build ``count`` versions: ``jobs`` when given, else as many as the
    cores, the versions and the memory (``available``, each worker ``per_worker``) allow."""
    if count <= 0:
        return 0
    if jobs is not None:
        if jobs < 1:
            raise LvvError(f"--jobs {jobs}: give a number of 1 or more.")
        return min(jobs, count)
    fit = cpus if available is None else available // max(per_worker, 1)
    return max(1, min(cpus, count, fit))


def build_jobs(
    build: BuildFunction,
    project: Project,
    jobs: Sequence[Job],
    site_url: str | None,
    workers: int,
) -> None:
    """Build every job's version into its staging folder, with ``workers`` processes (one:
    here, one after another). A version that fails raises ``LvvError`` naming the version
    with the original message; the versions still running are stopped first."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            try:
                build(project, job, site_url)
            except LvvError as exc:
                raise named(job.number, exc) from exc
        return
    pool = worker_pool(workers, build.__module__)
    futures = {job.number: pool.submit(_build, build, project.root, job, site_url) for job in jobs}
    try:
        # The first failure ends the run; of those failed by then, the lowest version's.
        done, _ = wait(futures.values(), return_when=FIRST_EXCEPTION)
        for number, future in futures.items():
            if future in done and future.exception() is not None:
                _result(number, future, futures)
    except BaseException:
        _stop(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def worker_pool(workers: int, module: str) -> ProcessPoolExecutor:
    """``workers`` processes started fresh from the fork server (with this module and
    ``module``, where the work is, imported once there), each stopping itself when this
    process is gone (``_watch_parent``)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, module])
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_watch_parent, initargs=(os.getpid(),)
    )


class Beside:
    """Work done in one worker process while this process goes on: the calls given to
    ``start``, one after another in that order, each with its ``Pending`` result.
    ``stop()`` ends the work where it is and waits until the worker is gone. The caller
    makes and removes any folder a call writes into, and stops the work before it removes
    one (``ExitStack``: ``stop`` is registered after the folder)."""

    def __init__(self) -> None:
        # Spawned, not forked from the fork server as the builds are: the fork server
        # imports its modules (lvv-publish, pandas) before it forks, and the first call
        # waited for that, 1.3 s of a release's own process at 350 x 40 (issue 22). A
        # spawned worker imports them itself (unpickling the call), while this process goes
        # on. Neither inherits any state of this process.
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_watch_parent,
            initargs=(os.getpid(),),
        )
        self._futures: list[Future[Any]] = []

    def start(self, what: str, call: Callable[..., T], *args: object) -> Pending[T]:
        """``call(*args)`` in the worker, after the calls started before; ``what`` names the
        work in a message when the worker dies."""
        future = self._pool.submit(_plain_errors, call, *args)
        self._futures.append(future)
        return Pending(what, future, self)

    def settle(self, taken: Future[Any]) -> None:
        """``taken``'s result was given: let go of it, and of the worker once every call has
        ended (it holds what it read)."""
        if taken in self._futures and taken.done():
            self._futures.remove(taken)
        if all(f.done() for f in self._futures):
            self._pool.shutdown(wait=True)

    def stop(self) -> None:
        """End the work where it is, and wait until the worker is gone."""
        if not all(f.done() for f in self._futures):
            _stop(self._pool)
        self._pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class Pending(Generic[T]):
    """A call started in a ``Beside`` worker."""

    what: str
    future: Future[T]
    beside: Beside

    def result(self) -> T:
        """Wait for the call: its value, or its failure raised here (an ``LvvError`` with
        its message)."""
        try:
            return self.future.result()
        except BrokenProcessPool as exc:
            raise LvvError(
                f"{self.what}: the worker process stopped before it finished ({exc}). "
                "Nothing published was changed."
            ) from exc
        finally:
            self.beside.settle(self.future)


def _plain_errors(call: Callable[..., T], *args: object) -> T:
    """In a worker: ``call(*args)``. An ``LvvError`` goes back as a plain one with its
    message and exit code: not every kind can be pickled (``SourceError`` takes keywords)."""
    try:
        return call(*args)
    except LvvError as exc:
        error = LvvError(str(exc))
        error.exit_code = exc.exit_code
        raise error from None


def _result(number: int, future: Future[None], futures: dict[int, Future[None]]) -> None:
    """Wait for version ``number``'s build; its failure as ``LvvError`` naming it."""
    try:
        future.result()
    except BrokenProcessPool as exc:
        # Every unfinished build fails with the pool: which worker died is not known.
        unfinished = [n for n, f in futures.items() if not f.done() or f.exception()]
        which = "versions " if len(unfinished) > 1 else "version "
        raise LvvError(
            f"{which}{', '.join(map(str, unfinished))}: a worker process building the site "
            f"stopped before it finished ({exc}). Nothing published was changed; with too "
            "little memory, run again with fewer at once (`--jobs 1`)."
        ) from exc
    except LvvError as exc:
        raise named(number, exc) from exc
    except Exception as exc:
        exc.add_note(f"(while building the site of version {number})")
        raise


def named(number: int, exc: LvvError) -> LvvError:
    """``exc`` as the failure of version ``number``'s site: its message after the version,
    its exit code."""
    error = LvvError(f"version {number}: {exc}")
    error.exit_code = exc.exit_code
    return error


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel the builds not started and end the running ones: a failed run publishes
    nothing, so their pages are not waited for (the caller removes the staging folders)."""
    for future in getattr(pool, "_pending_work_items", {}).values():
        future.future.cancel()
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def _build(build: BuildFunction, root: Path, job: Job, site_url: str | None) -> None:
    """In a worker: build one version (the project by its folder)."""
    _plain_errors(build, Project(root), job, site_url)


def _watch_parent(parent: int) -> None:
    """In a worker: stop when the process that started the build is gone (killed), so no
    orphan writes into a staging folder the next command removes."""
    # The fork server, which ends with that process; or that process (a spawned worker).
    ppid = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != ppid or not _alive(parent):
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
