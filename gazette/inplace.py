"""The preview's folder, updated in place: pages shown ahead of the build, steps and removals file by file.

The published site is replaced in one rename (gazette/output.py); the preview's folder is served
while it changes, so each file is replaced on its own, and a save's own page may go first.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import assemble, cache, deps, render
from .config import Config
from .engine import Engine, renewed
from .model import Document, Issue, Site
from .problems import Problems


def pages_ahead(engine: Engine, key: tuple, config: Config, out: Path, files: dict[str, cache.Loaded],
                reloaded: list[str]) -> list[str]:
    """The preview, after a save that changes more than bodies: the saved documents' pages at once.

    Each saved document's page is rendered from the last model with the document's new fields (a
    new document with no neighbours, relations or validity yet), and so is the table of contents of
    its issue (a deleted document's page is removed and it leaves that table), before the model is
    assembled again: the reviewer sees the edit in a fraction of the time. The build goes on and
    renders them again with everything else (they stay in engine.dirty until a build succeeds).
    Returns their URLs; none if the last model is not this build's kind, a file has errors or a page
    cannot be rendered so.
    """
    last = engine.model
    if last is None or last.key != key or out not in engine.outputs or engine.env is None:
        return []
    gone = [rel for rel, x in last.files.items() if rel not in files and isinstance(x.value, Document)]
    if not (reloaded or gone):
        return []
    by_key = last.documents()
    saved: dict[str, Document] = {}
    pages = []
    for rel in reloaded:
        loaded = files[rel]
        new = loaded.value
        if not isinstance(new, Document) or any(p.severity == "error" for p in loaded.problems):
            return []
        old = by_key.get(deps.key_of(new))
        before = last.files.get(rel)
        if old is not None and before is not None:
            doc = object.__new__(Document)
            doc.__dict__.update(old.__dict__)
            doc.__dict__.update(renewed(old, before.value, new))
            saved[deps.key_of(doc)] = doc
        else:
            doc = assemble.fresh(new)
        pages.append(render.document_page(doc, config))
    removed = {deps.key_of(last.files[rel].value) for rel in gone} & by_key.keys()
    touched = {by_key[k].issue_id for k in saved.keys() | removed}
    for issue in last.site.issues:
        if issue.id in touched:
            copy = object.__new__(Issue)
            copy.__dict__.update(issue.__dict__)
            copy.documents = [saved.get(deps.key_of(d), d) for d in issue.documents if deps.key_of(d) not in removed]
            pages.append(render.issue_page(copy, config))
    renderer = render.Renderer(last.site, config, out, preview=True, env=engine.env[2])
    written = []
    try:
        for page in pages:
            renderer.write(page)
            written.append(page.url)
    except Exception:  # noqa: BLE001 - a page that needs the new model waits for it; the build renders it
        pass
    for k in removed:
        remove(out, by_key[k].url)
        written.append(by_key[k].url)
    return written


def steps_in_place(site: Site, config: Config, out: Path, steps, problems: Problems, run_step: Callable) -> None:
    """The steps of a preview (each run by run_step(step, site, config, folder, problems, out)): into a
    scratch folder, then each result replaces its old copy at once."""
    if not steps:
        return
    work = Path(tempfile.mkdtemp(prefix=".steps-", dir=out.parent))
    try:
        for step in steps:
            run_step(step, site, config, work, problems, out)
        for entry in sorted(work.iterdir()):
            target = out / entry.name
            if entry.is_dir() and target.exists():
                trash = out.parent / f".{entry.name}.old-{os.getpid()}"
                shutil.rmtree(trash, ignore_errors=True)
                os.replace(target, trash)
                os.replace(entry, target)
                shutil.rmtree(trash, ignore_errors=True)
            else:
                os.replace(entry, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def clear(folder: Path) -> None:
    """Empty the preview folder (its first build, or after the cache lost track of it)."""
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def remove(out: Path, url: str) -> None:
    """Delete an output file and the folders it leaves empty."""
    path = out / url
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
