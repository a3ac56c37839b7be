"""The engine's memory on disk: the last good build's model, pages and loaded files, for the next process.

The preview keeps its Engine in memory between saves, so a body edit there re-reads one file and
renders one page. A one-shot command (`build.py`, `check`, `bundle`) starts a new process: without
this file it would unpickle every cached file (gazette/cache.py), assemble the model again and list
and describe every page, ~1.5 s at 10,000 documents, before finding that one page changed.

    saving = Saving.start(folder, out, state)    # a forked child writes the state while the build goes on
    saving.keep()                                # after publishing: wait for it, then rename it into place
    write_journal(folder, out, ...)              # or, after a body edit that resumed: only the files read anew
    found = Reader.open(folder, out, version, build_id)  # the next process: the state, if it is that build's
    found.files; found.rest()                    # the loaded files; the model and pages when bodies alone changed

The state is one pickle written by a child process forked once the pages are rendered (the search
index and the publishing carry on meanwhile), kept only if the build published, and trusted only for
the settings version and the build id it names (the build id is also in the published folder and in
the cache's record of it). Anything else — missing, foreign, damaged, another build's — is ignored:
the build reads the cache as before, and gives the same bytes either way.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import signal
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

FILE = "engine-{}.pickle"
"""One per output folder (the site, `check`'s folder, a bundle), named by a digest of its path."""
_STACK = 512 * 1024 * 1024
"""Stack of the thread that pickles: the model is a graph (neighbours, citations, departments) that the
pickler walks depth first, thousands of levels deep at 10,000 documents."""


@dataclass
class State:
    """What one build leaves for the next process (see Engine)."""

    version: str
    """Settings version (code, site.toml, registry) the build ran with."""
    build_id: str
    """The build that published: equal to the cache's record of the folder and the folder's marker."""
    files: dict
    """Source path → cache.Loaded, as the build loaded them."""
    model: object
    """engine.LastModel: read only when the next build changes document bodies alone."""
    pages: list
    described: list


def _deep(work):
    """Run work() in a thread with a large stack and recursion limit; return its result or raise its error."""
    box: dict = {}

    def run():
        try:
            box["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc

    limit = sys.getrecursionlimit()
    size = threading.stack_size(_STACK)
    try:
        sys.setrecursionlimit(1_000_000)
        thread = threading.Thread(target=run, name="gazette-snapshot")
        thread.start()
        thread.join()
    finally:
        threading.stack_size(size)
        sys.setrecursionlimit(limit)
    if "error" in box:
        raise box["error"]
    return box["value"]


class Saving:
    """A child process writing the state; kept (renamed into place) or discarded by the parent."""

    def __init__(self, path: Path, pid: int, temporary: Path):
        self.path, self.pid, self.temporary = path, pid, temporary

    @classmethod
    def start(cls, folder: Path, out: Path, state: State) -> Saving | None:
        """Fork a child that pickles state into a temporary file; None if it cannot fork."""
        path = _path(folder, out)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        fork = getattr(os, "fork", None)  # (not on Windows: the next process then reads the cache)
        if fork is None:
            return None
        try:
            pid = fork()
        except OSError:
            return None
        if pid == 0:  # the child: write, and leave without running anything of the parent's
            code = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                with open(temporary, "wb") as f:
                    pickle.dump((state.version, state.build_id), f, protocol=5)  # read first by Reader
                    pickler = pickle.Pickler(f, protocol=5)  # one memo: the model shares the files' values
                    _deep(lambda: (pickler.dump(state.files), pickler.dump((state.model, state.pages, state.described))))
                code = 0
            except BaseException:  # noqa: BLE001 - the parent sees the exit code
                pass
            finally:
                os._exit(code)
        return cls(path, pid, temporary)

    def _wait(self) -> bool:
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return False
        return os.waitstatus_to_exitcode(status) == 0

    def keep(self) -> None:
        """Wait for the child; the state replaces the last one if it was written whole."""
        if self._wait():
            try:
                os.replace(self.temporary, self.path)
                self.path.with_suffix(".journal").unlink(missing_ok=True)
                return
            except OSError:
                pass
        self.temporary.unlink(missing_ok=True)

    def discard(self) -> None:
        """The build did not publish: stop the child and forget what it wrote."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._wait()
        self.temporary.unlink(missing_ok=True)


def _path(folder: Path, out: Path) -> Path:
    return folder / FILE.format(hashlib.blake2b(str(out).encode(), digest_size=8).hexdigest())


def forget(folder: Path) -> None:
    """Delete every kept state and journal (the cache starts empty)."""
    for pattern in (FILE.format("*"), FILE.format("*").replace(".pickle", ".journal")):
        for path in folder.glob(pattern):
            path.unlink(missing_ok=True)


_ERRORS = (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError, IndexError,
           KeyError, RecursionError, MemoryError)


def write_journal(folder: Path, out: Path, version: str, base_id: str, build_id: str, entries: dict) -> None:
    """After a build that changed bodies alone and resumed from the state of build base_id: the files
    loaded anew since that state (entries, source path → cache.Loaded), instead of a whole new state."""
    path = _path(folder, out).with_suffix(".journal")
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        with open(temporary, "wb") as f:
            pickle.dump((version, base_id, build_id, entries), f, protocol=5)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        path.unlink(missing_ok=True)  # an older journal no longer leads to this build: the state is not used


def _journal(path: Path) -> tuple | None:
    try:
        with open(path, "rb") as f:
            found = pickle.load(f)
    except _ERRORS:
        return None
    return found if isinstance(found, tuple) and len(found) == 4 and isinstance(found[3], dict) else None


class Reader:
    """The state the last build into a folder left, read in two parts: the loaded files first (every
    build needs them), the model and pages only when the build turns out to change bodies alone."""

    def __init__(self, file, unpickler: pickle.Unpickler, state_id: str, base: dict, entries: dict):
        self._file, self._unpickler = file, unpickler
        self.state_id = state_id
        """The build that wrote the whole state."""
        self.entries = entries
        """Source path → cache.Loaded: the files loaded anew since (the journal)."""
        self.files = {**base, **entries}
        """Every source file as the last build loaded it."""

    @classmethod
    def open(cls, folder: Path, out: Path, version: str, build_id: str) -> Reader | None:
        """The state build_id left for out (a whole state, or an older one and the journal leading from it
        to build_id), if it is there, readable and made with this settings version."""
        if not build_id:
            return None
        path = _path(folder, out)
        try:
            f = open(path, "rb")
        except OSError:
            return None
        try:
            header = pickle.load(f)
            if not (isinstance(header, tuple) and len(header) == 2 and header[0] == version):
                raise ValueError("another version")
            entries = {}
            if header[1] != build_id:
                journal = _journal(path.with_suffix(".journal"))
                if journal is None or journal[:3] != (version, header[1], build_id):
                    raise ValueError("another build")
                entries = journal[3]
            unpickler = pickle.Unpickler(f)
            base = _deep(unpickler.load)
            if isinstance(base, dict):
                return cls(f, unpickler, header[1], base, entries)
        except _ERRORS:
            pass
        f.close()
        return None

    def rest(self) -> tuple | None:
        """(engine.LastModel, pages, their descriptions) as the whole state holds them (the journal's
        bodies not yet in: engine.renew), or None if unreadable; the file is closed."""
        if self._file is None:
            return None
        try:
            found = _deep(self._unpickler.load)
            return found if isinstance(found, tuple) and len(found) == 3 else None
        except _ERRORS:
            return None
        finally:
            self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = self._unpickler = None
