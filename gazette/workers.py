"""Worker processes, and the only process-wide state the build touches.

A pool is forked for large jobs: the workers inherit what ``run`` was given (the model, the
renderer's arguments) instead of having it pickled to them; nothing flows back but return values.
Cyclic garbage collection is paused while a build holds its model (``collection_paused``): the
model lives to the end, and rescanning it made large builds quadratic.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# Below this many items, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 200
COLLECT_EVERY = 8
"""A worker frees the reference cycles its last items left after this many items (see _collecting)."""

_shared: Any = None
"""What the running job's workers read (inherited at fork); see shared()."""


def shared() -> Any:
    """In a job's function: the value run() was given."""
    return _shared


@functools.cache
def libc() -> ctypes.CDLL:
    """The C library, for calls Python lacks (prctl, renameat2); raises OSError if there is none.

    The symbols of the running process first: ctypes.util.find_library runs ldconfig in a
    subprocess (~50 ms of CPU, and once in every worker that started)."""
    try:
        found = ctypes.CDLL(None, use_errno=True)
        found.prctl, found.renameat2  # noqa: B018 (raises AttributeError when not the GNU C library)
        return found
    except (OSError, AttributeError, TypeError):
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def die_with_parent() -> None:
    """In a worker: end when the build process ends, even by kill -9 (Linux prctl PR_SET_PDEATHSIG).

    Also sets aside (gc.freeze) everything inherited from the build process: the worker's own
    collections (_collecting) then never walk the model, nor write to its memory pages (which
    would copy them into the worker)."""
    gc.freeze()
    try:
        libc().prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    # Ctrl-C reaches the whole process group; the parent alone decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A killed parent closes the result pipe: end quietly instead of printing a BrokenPipeError.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def _quiet(_: str) -> None:
    pass


_done = 0
"""Items this worker process has run (see _collecting)."""


def _collecting(func: Callable, item: Any) -> Any:
    """func(item) in a worker, collecting its young garbage every COLLECT_EVERY items.

    Cyclic collection is paused while a build runs, and a rendered page leaves reference cycles
    (Jinja's contexts and the macros of ``import … with context`` point at each other) that hold
    the whole page, body included: without this a worker's memory grew with every page it wrote
    (~40 KB a document page). Only the youngest generation is collected: the objects made since
    the last collection, never the inherited model (frozen in die_with_parent)."""
    global _done
    result = func(item)
    _done += 1
    if _done % COLLECT_EVERY == 0:
        gc.collect(0)
    return result


def run(func: Callable, items: list, state: Any = None, progress: Callable[[str], None] = _quiet,
        label: str = "", threshold: int = PARALLEL_THRESHOLD) -> list:
    """func over items, in worker processes when there are at least `threshold`; results in input order.

    state is what func reads through shared(), in this process or (inherited) in the workers.
    """
    return list(each(func, items, state, progress, label, threshold))


def each(func: Callable, items: list, state: Any = None, progress: Callable[[str], None] = _quiet,
         label: str = "", threshold: int = PARALLEL_THRESHOLD) -> Iterator:
    """run() as a generator: each result as soon as it is in, so the caller need not hold them all."""
    global _shared
    previous, _shared = _shared, state
    try:
        yield from _map(func, items, progress, label, threshold)
    finally:
        _shared = previous


def parallel_map(func: Callable, items: list, progress: Callable[[str], None] = _quiet, label: str = "") -> list:
    """func over items, forked when there are many; results in input order."""
    return list(_map(func, items, progress, label))


def _map(func: Callable, items: list, progress: Callable[[str], None], label: str,
         threshold: int = PARALLEL_THRESHOLD) -> Iterator:
    workers = min(os.cpu_count() or 1, 8)
    if len(items) < max(threshold, 2) or workers < 2:
        for n, item in enumerate(items, 1):
            yield func(item)
            if n % 1000 == 0:
                progress(f"{label} {n}/{len(items)}")
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers, initializer=die_with_parent) as pool:
        chunk = 32 if len(items) >= PARALLEL_THRESHOLD else 1  # few large jobs: one at a time
        for n, result in enumerate(pool.imap(functools.partial(_collecting, func), items, chunksize=chunk), 1):
            yield result
            if n % 1000 == 0:
                progress(f"{label} {n}/{len(items)}")


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic garbage collection inside this block (restored after)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
