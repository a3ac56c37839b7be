"""The load stage: which source files there are, and each one as loaded, read again only when it changed.

A file whose stamp (mtime, size) or bytes are those the cache last saw is taken from the engine's
memory or the cache (gazette/cache.py); the others are read, checked and rendered to a body in
worker processes, and go to the cache as they come in.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import cache, content, deps, markdown, workers
from . import source as reader
from .config import Config
from .problems import Problems

if TYPE_CHECKING:
    from .engine import Engine


def stamp_of(path: Path | str) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def file_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _load_file(item: tuple[str, str, bytes]) -> tuple[str, bytes]:
    """Load one source file (in a worker or inline), pickled once for both the trip back and the cache."""
    kind, rel, digest = item
    config, md, matcher, bodies = workers.shared()
    path = config.root / rel
    problems = Problems()
    stamp = stamp_of(path)
    if kind == "issue":
        value = content.load_issue(config, path.parent, md, problems)
    else:
        value = content.load_document(config, path, md, matcher, bodies, problems)
        if value is not None and value.body_path is not None:
            kept = bodies / f"{digest.hex()}.html"
            os.replace(value.body_path, kept)
            value.body_path = kept
    parts = deps.loaded_digests(value, digest) if value is not None else {}
    return rel, pickle.dumps(cache.Loaded(stamp, digest, parts, value, problems.items), protocol=5)


def sources(config: Config, tree: content.Tree) -> list[tuple[str, str]]:
    """(kind, path relative to the root) of every issue.md and document, in order."""
    prefix = len(str(config.root)) + 1  # plain strings: this runs over every file on every save
    found = [("issue", f"{str(d)[prefix:]}/{content.ISSUE_FILE}") for d in tree.issue_dirs]
    found += [("document", str(p)[prefix:]) for p in tree.document_files]
    return found


def load_files(engine: Engine, config: Config, wanted: list[tuple[str, str]], stamps: dict[str, tuple],
               problems: Problems, progress: Callable[[str], None], only: set[str] | None = None
               ) -> tuple[dict[str, cache.Loaded], list[str], dict[str, cache.Loaded]]:
    """Every issue.md and document as loaded: from memory or the cache when unchanged, else read now.

    stamps holds the files' stamps as just taken. only, if given, names the files that may have
    changed since this process last loaded them (the same files otherwise: the preview's watcher
    saw only these saved). Returns the loaded files, the paths read again, and every file as the
    last build had loaded it (to tell what reading them again changed).
    """
    if engine.files is not None:  # this process wrote or checked their bodies
        known, present = engine.files, None
    else:
        known = engine.cache.files() if engine.cache else {}
        present = engine.cache.bodies() if engine.cache else set()
        only = None
    result: dict[str, cache.Loaded] = {}
    todo: list[tuple[str, str, bytes]] = []
    restamped: list[str] = []
    if only is not None:
        result = dict(known)  # in the order of wanted: the same files as last time
        wanted = [(kind, rel) for kind, rel in wanted if rel in only]
    for kind, rel in wanted:
        path = config.root / rel
        old, stamp = known.get(rel), stamps.get(rel)
        if stamp is None and kind == "issue":
            todo.append((kind, rel, b""))  # load_issue reports the missing file
            continue
        if old is not None and old.stamp == stamp and (kind == "issue" or body_kept(old, present)):
            result[rel] = old
            continue
        raw = reader.read_bytes(path, config.root, problems, rel)
        if raw is None:
            continue
        digest = file_digest(raw)
        if old is not None and old.digest == digest and (kind == "issue" or body_kept(old, present)):
            result[rel] = dataclasses.replace(old, stamp=stamp)
            restamped.append(rel)
            continue
        todo.append((kind, rel, digest))
    bodies = engine.cache.folder / "bodies" if engine.cache and engine.cache.db else engine.scratch
    md = markdown.parser(config.allow_html) if todo else None
    state = (config, md, engine.registry[3], bodies)
    batch: dict[str, bytes] = {rel: pickle.dumps(result[rel], protocol=5) for rel in restamped}
    for rel, blob in workers.each(_load_file, todo, state, progress, "读取文件"):
        result[rel] = pickle.loads(blob)
        batch[rel] = blob
        if len(batch) >= 500 and engine.cache:  # written as they come: memory does not grow with the archive
            engine.cache.save_files(batch, [])
            batch = {}
    if engine.cache:
        engine.cache.save_files(batch, [rel for rel in known if rel not in result])
    engine.files = result
    for loaded in result.values():
        for item in loaded.problems:
            problems.add(item)
    return result, [rel for _, rel, _ in todo], known


def body_kept(loaded: cache.Loaded, present: set[str] | None) -> bool:
    """Whether the cached body of a loaded document is still there (present: the bodies folder's names)."""
    doc = loaded.value
    return present is None or doc is None or doc.body_path is None or doc.body_path.name in present


def take_stamps(config: Config, tree: content.Tree, wanted: list[tuple[str, str]]
                ) -> tuple[dict[str, tuple], list[tuple[str, tuple | None]]]:
    """The stamps of the source files by relative path, and of every other input file and folder entry
    (layouts, assets, anything added under content/, even a file the build ignores)."""
    root = str(config.root)
    stamps = {rel: stamp_of(f"{root}/{rel}") for _, rel in wanted}
    others = []
    for folder in (config.layouts_path, config.assets_path):
        if folder.is_dir():
            others += sorted(str(p) for p in folder.rglob("*"))
    for folder in [config.content_path, *tree.issue_dirs]:
        others += sorted(e.path for e in os.scandir(folder)) if folder.is_dir() else []
    return stamps, [(p, stamp_of(p)) for p in others]


def input_stamp(config: Config, version: str, options: Any, steps, out: Path, stamps: dict[str, tuple],
                others: list[tuple[str, tuple | None]]) -> str:
    """Digest of every input file's stamp and of the options: equal to the last build's, nothing changed."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr((version, options, config.build_date, [f"{s.__module__}.{s.__qualname__}" for s in steps],
                   str(out))).encode())
    h.update(repr(sorted(stamps.items())).encode())
    h.update(repr(others).encode())
    return h.hexdigest()
