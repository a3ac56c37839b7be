"""The build's memory between runs, under .gazette-cache/: loaded files and what each output read.

One SQLite file (Python's own sqlite3: transactions, so a killed build leaves the last complete
state, and a damaged file is detected rather than misread):
- ``files``: per source file, its stamp (mtime, size), content digest and what loading it produced
  (the Document or Issue without its body, its problems; the body HTML sits in ``bodies/``).
  Valid only for the code, config and registry version it was made with (``version``).
- ``targets``: per output folder, the build id written into the folder, the digest of every input
  key of that build (see deps.py), and per output file the keys it read.
Anything unreadable, foreign or from another code version is dropped with a warning, and the build
runs cold: the cache can make a build faster, never different.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import shutil
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import __file__ as _package_init
from . import recorded, snapshot

CACHE_DIR = ".gazette-cache"
DB_NAME = "build.sqlite"
SCHEMA = 5


@functools.cache
def code_version() -> str:
    """Digest of the engine's own source: cached results are valid only for the code that made them."""
    package = Path(_package_init).parent
    h = hashlib.sha256(str(SCHEMA).encode())
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:24]


@dataclass
class Loaded:
    """One source file as last loaded."""

    stamp: tuple
    """(mtime_ns, size) when it was read."""
    digest: bytes
    """Digest of its bytes."""
    parts: dict[str, bytes]
    """deps.loaded_digests: "" what the model is built from; the body and other parts kept apart."""
    value: object
    """The Document or Issue (None if it had errors)."""
    problems: list = field(default_factory=list)


@dataclass
class Target:
    """What the last build published into one output folder."""

    build_id: str = ""
    digests: dict[str, bytes] = field(default_factory=dict)
    """Input key → digest in that build."""
    outputs: Mapping[str, tuple[bytes, recorded.Keys]] = field(default_factory=dict)
    """Output URL → (digest of the output's own description, input keys it read); see recorded.py."""
    stamp: str = ""
    """Digest of every input file's stamp and the build options: equal means nothing changed."""
    stats: dict = field(default_factory=dict)
    """Counts the build reported."""
    problems: list = field(default_factory=list)
    """Its warnings, repeated when nothing changed."""


class Cache:
    """The cache folder of one site root; every method is safe to call when the cache is unusable."""

    def __init__(self, root: Path, version: str, warn=lambda message: None):
        self.folder = root / CACHE_DIR
        self.version, self.warn = version, warn
        self._stored: dict[str, recorded.Recorded] = {}
        """Output folder → the outputs record read from the database (save_target keeps it if unchanged)."""
        self.db: sqlite3.Connection | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / "bodies").mkdir(exist_ok=True)
            self.db = sqlite3.connect(self.folder / DB_NAME, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
            row = self.db.execute("SELECT v FROM meta WHERE k='version'").fetchone()
            if row is None or row[0] != version:
                self._reset()
        except (OSError, sqlite3.Error) as exc:
            self._unusable(exc)

    def _unusable(self, exc: Exception) -> None:
        self.warn(f"无法使用生成缓存 {CACHE_DIR}/（{getattr(exc, 'strerror', None) or exc}），本次完整生成；"
                  "可以删除该文件夹后重试")
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = None

    def _reset(self) -> None:
        """Start empty: another code version, a first run or a damaged file."""
        db = self.db
        db.execute("DROP TABLE IF EXISTS files")
        db.execute("DROP TABLE IF EXISTS targets")
        db.execute("CREATE TABLE files (path TEXT PRIMARY KEY, value BLOB)")
        # The small columns answer "did anything change?" without reading the large state.
        db.execute("DROP TABLE IF EXISTS outputs")
        db.execute("CREATE TABLE targets (out TEXT PRIMARY KEY, build_id TEXT, stamp TEXT, summary BLOB, value BLOB)")
        # What the outputs read, apart: SQLite rewrites a whole row when one of its values changes.
        db.execute("CREATE TABLE outputs (out TEXT PRIMARY KEY, value BLOB)")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (self.version,))
        for stale in (self.folder / "bodies").iterdir():
            stale.unlink(missing_ok=True)
        snapshot.forget(self.folder)
        self._stored = {}
        shutil.rmtree(self.folder / "jinja", ignore_errors=True)

    def compiled_layouts(self) -> Path:
        """Where Jinja keeps the layouts it compiled (jinja2.FileSystemBytecodeCache): emptied with
        the rest of the cache when the code or settings change, keyed by each layout's source."""
        folder = self.folder / "jinja"
        folder.mkdir(exist_ok=True)
        return folder

    def body_path(self, digest: bytes) -> Path:
        """Where the rendered body of a file with this digest is kept."""
        return self.folder / "bodies" / f"{digest.hex()}.html"

    def files(self) -> dict[str, Loaded]:
        """Every source file as last loaded, by path relative to the root."""
        if self.db is None:
            return {}
        try:
            return {path: pickle.loads(blob) for path, blob in self.db.execute("SELECT path, value FROM files")}
        except (sqlite3.Error, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError) as exc:
            self._damaged(exc)
            return {}

    def save_files(self, changed: dict[str, bytes], gone: list[str]) -> None:
        """Record newly loaded files (each a pickled Loaded) and forget removed ones."""
        if self.db is None or not (changed or gone):
            return
        try:
            self.db.execute("BEGIN")
            self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?)", list(changed.items()))
            self.db.executemany("DELETE FROM files WHERE path = ?", [(k,) for k in gone])
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._damaged(exc)

    def target(self, out: Path, whole: bool = True) -> Target:
        """What the last build recorded for this output folder (empty if none); whole=False: only
        build_id, stamp, stats and problems (enough to see that nothing changed)."""
        if self.db is None:
            return Target()
        try:
            row = self.db.execute(f"SELECT build_id, stamp, summary{', value' if whole else ''} FROM targets "
                                  "WHERE out = ?", (str(out),)).fetchone()
            if row is None or not row[0]:
                return Target()
            stats, problems = pickle.loads(row[2])
            if whole:
                kept = self.db.execute("SELECT value FROM outputs WHERE out = ?", (str(out),)).fetchone()
                if kept is None:
                    raise ValueError("no record of the outputs")
                digests, outputs = recorded.decode(row[3], kept[0])
            else:
                digests, outputs = {}, {}
            if whole:
                self._stored[str(out)] = outputs
            return Target(row[0], digests, outputs, row[1], stats, problems)
        except (sqlite3.Error, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError) as exc:
            self._damaged(exc)
            return Target()

    def save_target(self, out: Path, target: Target) -> None:
        if self.db is None:
            return
        summary = pickle.dumps((target.stats, target.problems), protocol=5)
        try:
            if recorded.unchanged(target.outputs, self._stored.get(str(out))):
                # ~20 MB at 10,000 documents that a body edit would write back unchanged
                self.db.execute("INSERT OR REPLACE INTO targets VALUES (?, ?, ?, ?, ?)", (
                    str(out), target.build_id, target.stamp, summary, pickle.dumps(target.digests, protocol=5)))
                return
            digests, outputs = recorded.encode(target.digests, target.outputs)
            self.db.execute("BEGIN")
            self.db.execute("INSERT OR REPLACE INTO targets VALUES (?, ?, ?, ?, ?)",
                            (str(out), target.build_id, target.stamp, summary, digests))
            self.db.execute("INSERT OR REPLACE INTO outputs VALUES (?, ?)", (str(out), outputs))
            self.db.execute("COMMIT")
            self._stored.pop(str(out), None)
        except sqlite3.Error as exc:
            self._damaged(exc)

    def forget_target(self, out: Path) -> None:
        """The folder no longer holds what was recorded (a failed or foreign build, or one being replaced):
        no build id, so nothing is trusted; what its outputs read stays for save_target to keep."""
        if self.db is not None:
            try:
                self.db.execute("UPDATE targets SET build_id = '', stamp = '' WHERE out = ?", (str(out),))
            except sqlite3.Error as exc:
                self._damaged(exc)

    def bodies(self) -> set[str]:
        """Names of the kept bodies."""
        try:
            return {entry.name for entry in os.scandir(self.folder / "bodies")}
        except OSError:
            return set()

    def prune_bodies(self, live: set[bytes]) -> None:
        """Delete kept bodies no source file has any more."""
        if self.db is None:
            return
        names = {f"{d.hex()}.html" for d in live}
        for entry in os.scandir(self.folder / "bodies"):
            if entry.name not in names:
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass

    def _damaged(self, exc: Exception) -> None:
        self.warn(f"生成缓存 {CACHE_DIR}/{DB_NAME} 已损坏或无法读取（{exc}），已清空，本次完整生成")
        try:
            self._reset()
        except (OSError, sqlite3.Error) as again:
            self._unusable(again)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
