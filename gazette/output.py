"""Staged output: build into a fresh folder, then swap it in place of the old site at once.

An error, Ctrl-C or kill -9 at any moment leaves the previous site complete: until the swap the
old folder is not touched, and the swap itself is one atomic rename on Linux (renameat2 with
RENAME_EXCHANGE). Where that call is missing, two renames are used and a leftover is recovered
at the start of the next build.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False if the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _siblings(out: Path, kind: str) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.{kind}-*"))


def _alive(path: Path) -> bool:
    """True if the build process that named this folder is still running."""
    pid = int(path.name.rsplit("-", 1)[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(out: Path) -> None:
    """Undo what an interrupted build left behind: restore a half-swapped site, drop stale staging."""
    old = [p for p in _siblings(out, "old") if not _alive(p)]
    if not out.exists() and old:
        os.replace(old[-1], out)
    for leftover in _siblings(out, "old") + _siblings(out, "staging") + _siblings(out, "scratch"):
        if not _alive(leftover):
            shutil.rmtree(leftover, ignore_errors=True)


def staging(out: Path) -> Path:
    """A new empty folder beside out to build into (same file system, so the swap is a rename)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    path = out.parent / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir()
    return path


def scratch(out: Path) -> Path:
    """A folder for intermediate files that never become part of the site."""
    path = out.parent / f".{out.name}.scratch-{os.getpid()}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def publish(stage: Path, out: Path) -> None:
    """Put the staged site at out, replacing what was there in one step."""
    if out.exists() and _exchange(stage, out):
        shutil.rmtree(stage, ignore_errors=True)  # stage now holds the old site
        return
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.replace(out, old)
        os.replace(stage, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(stage, out)


def discard(path: Path) -> None:
    """Remove a staging or scratch folder after a failed build."""
    shutil.rmtree(path, ignore_errors=True)
