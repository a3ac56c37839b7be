"""The build's memory between runs: what the engine keeps, and when a build may reuse it.

An Engine lives as long as its process: one build for `build.py`, `check` and `bundle`, every save
for the preview (gazette/serve.py). It holds the on-disk cache (gazette/cache.py) and, after a
build, the model, the pages and the inputs that build saw; the next build in the same process
starts from them when the files it is told changed allow it (docs/engine.md).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from . import cache, content, deps, loading
from .config import Config
from .model import Document, Site
from .problems import Problem, Problems


@dataclass
class LastModel:
    """The model of the last good build in this process, reused when only bodies changed."""

    key: tuple
    """(settings version, drafts, build date): what else the model depends on."""
    site: Site
    loaded: dict
    """Document key → (deps.loaded_digests, the document as loaded)."""
    warnings: list[Problem]
    """Problems found while loading and assembling it (no errors)."""
    files: dict[str, cache.Loaded]
    by_key: dict[str, Document] | None = None
    """Document key → the document in site (see documents())."""

    def documents(self) -> dict[str, Document]:
        """Document key → the document in site, made when first needed and kept."""
        if self.by_key is None:
            self.by_key = {deps.key_of(d): d for d in self.site.documents}
        return self.by_key


def renewed(assembled: Document, was: Document, now: Document) -> list[tuple[str, object]]:
    """The fields of an assembled document that still hold what loading gave it (was), paired with what
    loading gives now: what assembling set (relations, neighbours, validity) is left as it is."""
    fields, kept = assembled.__dict__, was.__dict__
    return [(name, value) for name, value in now.__dict__.items() if fields.get(name) is kept.get(name)]


@dataclass
class Inputs:
    """What the last build in this process found on disk: the preview's next build starts from it when
    its watcher saw only source files saved (no file added, removed or renamed)."""

    content: Path
    tree: content.Tree
    wanted: list[tuple[str, str]]
    """(kind, relative path) of every source file (loading.sources)."""
    stamps: dict[str, tuple]
    others: list[tuple[str, tuple | None]]
    problems: list[Problem]
    """What discovering the tree reported."""


class Engine:
    """The build's memory: the on-disk cache, and (in a long-running preview) the last model in memory."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.cache: cache.Cache | None = None
        self.files: dict[str, cache.Loaded] | None = None
        """Source path → as last loaded (from the cache, then kept here)."""
        self.model: LastModel | None = None
        self.outputs: dict[Path, tuple[cache.Target, list, list]] = {}
        """Output folder → (what the last build in this process published there, its pages, their descriptions)."""
        self.scratch: Path | None = None
        self.cache_version = ""
        self.registry: tuple | None = None
        """(settings version, departments, their problems, their matcher)."""
        self.env: tuple | None = None
        """(settings version, layout digests, the Jinja environment): templates compiled once per process."""
        self.inputs: Inputs | None = None
        self.layouts: dict[Path, tuple[cache.Target, dict[str, bytes]]] = {}
        """Output folder → (the last build's target, the layout digests it read)."""
        self.index: deps.Index | None = None
        """The model objects of the last rendered site by id (kept while the site object is the same)."""
        self.dirty: set[str] = set()
        """Preview pages written ahead of the build that records them (pages_ahead)."""
        self.resume: tuple | None = None
        """(output folder, its target, snapshot.Reader): the last build's model and pages, not yet read."""
        self.resumed: dict[Path, tuple[str, dict]] = {}
        """Output folder → (id of the build whose state this process resumed from, the files loaded
        anew since that state): a body-only build then leaves a journal, not a whole new state."""


def bodies_only(before: dict[str, cache.Loaded], files: dict[str, cache.Loaded], reloaded: list[str]) -> bool:
    """True if the files read again changed only document bodies: what the model is built from did not change.

    The model is then the last build's with new bodies, and only the parts of those documents that
    loading sets (deps.LOADED_PARTS) have new digests.
    """
    if not reloaded or before.keys() != files.keys():
        return False
    for rel in reloaded:
        old, new = before[rel], files[rel]
        if not isinstance(new.value, Document) or old.parts.get("") != new.parts.get("") or \
                any(p.severity == "error" for p in new.problems):
            return False
    return True


def renew(last: LastModel, files: dict[str, cache.Loaded], rels) -> LastModel:
    """The last model with the bodies of the files rels as loaded now (files): the documents' fields
    that loading sets replaced in place, their warnings from assembling dropped (loading reports theirs)."""
    site, old_files, by_key = last.site, last.files, last.documents()
    loaded = dict(last.loaded)
    for rel in rels:
        new = files[rel].value
        k = deps.key_of(new)
        loaded[k] = (files[rel].parts, new)
        if k in by_key:
            by_key[k].__dict__.update(renewed(by_key[k], old_files[rel].value, new))
    again = set(rels)
    warnings = [item for item in last.warnings if item.path not in again]
    return LastModel(last.key, site, loaded, warnings, files, last.by_key)


def quick_model(engine: Engine, key: tuple, files: dict[str, cache.Loaded], reloaded: list[str],
                 problems: Problems):
    """The last model in memory with new bodies (when bodies_only); None if this process has none."""
    last = engine.model
    if last is None or last.key != key or last.files.keys() != files.keys():
        return None
    model = renew(last, files, reloaded)
    for item in model.warnings:
        problems.add(item)
    return model.site, model.loaded


def layouts_of(engine: Engine, out: Path, target: cache.Target) -> dict[str, bytes]:
    """The layout digests the last build into out read (kept in memory by the preview)."""
    known = engine.layouts.get(out)
    if known and known[0] is target:
        return known[1]
    return {k[2:]: v for k, v in target.digests.items() if k.startswith("l:")}


def saved_sources(engine: Engine, config: Config, changed) -> set[str] | None:
    """The source files among the paths the watcher saw change, if they are all known source files
    that still exist (nothing added, removed or renamed, no layout, asset or setting); else None."""
    last = engine.inputs
    if changed is None or last is None or last.content != config.content_path:
        return None
    rels = set()
    for path in changed:
        try:
            rel = Path(path).resolve().relative_to(engine.root).as_posix()
        except (OSError, ValueError):
            return None
        if rel not in last.stamps or loading.stamp_of(engine.root / rel) is None:
            return None
        rels.add(rel)
    return rels


def take_inputs(engine: Engine, config: Config, changed, problems: Problems) -> tuple[Inputs, set[str] | None]:
    """The source tree and the stamps of every input; taken again only for the files saved when
    the caller (the preview) knows which were (changed), else found afresh."""
    saved = saved_sources(engine, config, changed)
    last = engine.inputs
    if saved is not None and last is not None:
        stamps = dict(last.stamps)
        stamps.update((rel, loading.stamp_of(engine.root / rel)) for rel in saved)
        # The folder listings' stamps too: the same input stamp as if everything had been looked at.
        where = {path: n for n, (path, _) in enumerate(last.others)}
        others = list(last.others)
        for rel in saved:
            n = where.get(str(config.root / rel))
            if n is not None:
                others[n] = (others[n][0], stamps[rel])
        found = dataclasses.replace(last, stamps=stamps, others=others)
    else:
        seen = Problems()
        tree = content.discover(config, seen)
        wanted = loading.sources(config, tree)
        stamps, others = loading.take_stamps(config, tree, wanted)
        found = Inputs(config.content_path, tree, wanted, stamps, others, seen.items)
        saved = None
    for item in found.problems:
        problems.add(item)
    engine.inputs = found
    return found, saved
