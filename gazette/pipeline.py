"""The build, step by step: load content → build the model → render → index → write.

Everything is read and checked before anything is written; pages are written into a staging
folder that replaces the published site only when every step has succeeded.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import assemble, content, departments, markdown, output, render
from . import config as config_mod
from . import source as reader
from .config import Config
from .model import Document, Site
from .problems import Problems

# Below this many documents, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 200


@dataclass
class Result:
    """What a build did."""

    problems: Problems
    """Every error and warning found."""
    config: Config | None = None
    site: Site | None = None
    out: Path | None = None
    """Where the site was published (None if the build failed)."""
    seconds: float = 0.0
    stats: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems.errors


Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


# State the worker processes inherit (fork) or receive (initializer); never shared back.
_worker: dict = {}


def _init_loader(config: Config, matcher, scratch: Path) -> None:
    _worker.update(config=config, matcher=matcher, scratch=scratch, md=markdown.parser(config.allow_html))


def _load_one(path: Path) -> tuple[Document | None, list]:
    problems = Problems()
    doc = content.load_document(_worker["config"], path, _worker["md"], _worker["matcher"], _worker["scratch"], problems)
    return doc, problems.items


def _render_one(index: int) -> None:
    renderer = _worker.get("renderer")
    if renderer is None:
        renderer = _worker["renderer"] = render.Renderer(*_worker["render_args"])
    renderer.write(_worker["pages"][index])


def die_with_parent() -> None:
    """In a worker: end when the build process ends, even by kill -9 (Linux prctl PR_SET_PDEATHSIG)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    # Ctrl-C reaches the whole process group; the parent alone decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def parallel_map(func, items: list, progress: Progress = _quiet, label: str = "") -> list:
    """func over items, in worker processes when there are many; results in input order."""
    workers = min(os.cpu_count() or 1, 8)
    if len(items) < PARALLEL_THRESHOLD or workers < 2:
        results = []
        for n, item in enumerate(items, 1):
            results.append(func(item))
            if n % 1000 == 0:
                progress(f"{label} {n}/{len(items)}")
        return results
    ctx = multiprocessing.get_context("fork")
    results = []
    with ctx.Pool(workers, initializer=die_with_parent) as pool:
        for n, result in enumerate(pool.imap(func, items, chunksize=32), 1):
            results.append(result)
            if n % 1000 == 0:
                progress(f"{label} {n}/{len(items)}")
    return results


def load(root: Path, problems: Problems, scratch: Path, progress: Progress = _quiet, drafts: bool = False):
    """Read and check everything: config, registry, issues, documents; build the model."""
    config = config_mod.load(root, problems)
    registry = departments.load(root, problems)
    matcher = departments.matcher(registry)
    reader.check_tree(config.layouts_path, root, problems, text=True)
    reader.check_tree(config.assets_path, root, problems, text=False)
    tree = content.discover(config, problems)
    md = markdown.parser(config.allow_html)
    issues = [i for i in (content.load_issue(config, d, md, problems) for d in tree.issue_dirs) if i]
    _init_loader(config, matcher, scratch)
    loaded = parallel_map(_load_one, tree.document_files, progress, "读取文件")
    documents = []
    for doc, items in loaded:
        for item in items:
            problems.add(item)
        if doc:
            documents.append(doc)
    known = {i.id for i in issues}
    for doc in documents:
        if doc.issue_id not in known:
            problems.error(doc.src, 0, f"所在的期文件夹 {doc.issue_id} 没有有效的 issue.md，本文件无法归入任何一期")
    site = assemble.assemble(config, issues, documents, registry, problems, drafts=drafts)
    return config, site


def render_site(site: Site, config: Config, stage: Path, progress: Progress = _quiet, preview: bool = False) -> int:
    """Write every page and asset into stage; return the number of pages."""
    if config.assets_path.is_dir():
        shutil.copytree(config.assets_path, stage / "assets")
    for issue in site.issues:
        if issue.pdf:
            (stage / issue.id).mkdir(parents=True, exist_ok=True)
            shutil.copy2(config.content_path / issue.id / issue.pdf, stage / issue.id / issue.pdf)
    pages = render.site_pages(site, config) + [render.document_page(d, config) for d in site.documents]
    # Workers are forked after this, so they inherit the model and the page list.
    _worker.update(render_args=(site, config, stage, preview), pages=pages)
    _worker.pop("renderer", None)
    parallel_map(_render_one, list(range(len(pages))), progress, "生成页面")
    return len(pages)


def build(root: Path, out: Path | None = None, progress: Progress = _quiet, drafts: bool = False,
          preview: bool = False, steps: tuple[Callable, ...] = ()) -> Result:
    """Build the site under root into out (default from site.toml); publish only if all went well.

    steps are extra stages run on the staged folder before it is published (search index, …),
    each called as step(site, config, stage, problems).
    """
    started = time.monotonic()
    # The model is built once and lives until the end: cyclic garbage collection would only rescan
    # it over and over (quadratic in the archive's size), so it is off for the build.
    collecting = gc.isenabled()
    gc.disable()
    problems = Problems()
    probe = config_mod.load(root, Problems())
    out = (out or probe.output_path).resolve()
    stage = scratch = None
    result = Result(problems)
    try:
        try:
            output.claim(out, root)
            stage, scratch = output.staging(out), output.scratch(out)
        except output.OutputError as exc:  # still read everything, to report every problem in one run
            problems.error(exc.path.as_posix(), 0, exc.message)
            scratch = Path(tempfile.mkdtemp(prefix="gazette-scratch-"))
        config, site = load(root, problems, scratch, progress, drafts)
        result.config, result.site = config, site
        if problems.errors:
            return result
        progress("生成页面")
        pages = render_site(site, config, stage, progress, preview)
        for step in steps:
            step(site, config, stage, problems)
            if problems.errors:
                return result
        output.publish(stage, out)
        result.out = out
        result.stats = {"issues": len(site.issues), "documents": len(site.documents),
                        "departments": len(site.departments), "pages": pages}
        return result
    except OSError as exc:  # disk full, no permission, read-only disk: the old site stays as it was
        problems.error(content.relative(probe, out), 0, output.failure(exc, out))
        return result
    finally:
        output.discard(stage)
        output.discard(scratch)
        if collecting:
            gc.enable()
        result.seconds = time.monotonic() - started
