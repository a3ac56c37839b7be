"""The build, step by step: load → model → render → index → publish. Every command runs this one build.

    build(root, out, steps, options, changed)

- load: config, registry, then each source file, reloaded only when its bytes changed since the
  build that cached it (gazette/cache.py);
- model: issues, documents, departments and their relations, assembled from the loaded files;
- render: every output file whose inputs changed (what each output read was recorded when it was
  last rendered: gazette/deps.py); the others are carried over from the last published site;
- steps: search index, feeds, the USB copy's extras, checks (each ``step(site, config, stage, problems)``);
- publish: the staged folder replaces the old site in one rename (gazette/output.py), or, in the
  preview, changed files replace theirs one by one.

Everything is read and checked before anything is written; a build with errors publishes nothing.
The preview (gazette/serve.py) keeps an Engine between calls, so a save re-reads one file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import assemble, cache, data, departments, deps, inplace, loading, output, recorded, render, snapshot, workers
from . import config as config_mod
from . import source as reader
from .config import Config
from .engine import Engine, LastModel, bodies_only, layouts_of, quick_model, renew, take_inputs
from .model import Document, Issue, Site
from .problems import Problem, Problems

MARKER = output.MARKER
"""File in every published folder naming the build that wrote it (checked against the cache)."""

Progress = Callable[[str], None]

LARGE_SITE = 5000
"""Output files above which the replaced site is removed in the background after publishing."""


def _quiet(_: str) -> None:
    pass


@dataclass(frozen=True)
class Options:
    """How to build: everything a command may choose, passed explicitly (no process-wide settings)."""

    drafts: bool = False
    """Include documents marked draft: true."""
    preview: bool = False
    """Pages for the local preview (banner); the folder is updated in place, file by file."""
    build_date: dt.date | None = None
    """--build-date: the day documents' status is judged at (else site.toml, SOURCE_DATE_EPOCH …)."""
    use_cache: bool = True
    """Read and write .gazette-cache/ (off: a cold build that leaves no trace)."""


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
    written: list[str] = field(default_factory=list)
    """Output files rendered by this build."""
    deleted: list[str] = field(default_factory=list)
    """Output files whose source is gone."""
    reloaded: int = 0
    """Source files read again."""
    unchanged: bool = False
    """Nothing had changed since the last build into the same folder: nothing was done."""

    @property
    def ok(self) -> bool:
        return not self.problems.errors


# ── model ──

def model(config: Config, registry, files: dict[str, cache.Loaded], problems: Problems, options: Options):
    """Assemble the Site from loaded files; also return document key → (loaded digests, as loaded)."""
    issues = [dataclasses.replace(x.value, documents=[]) for x in files.values() if isinstance(x.value, Issue)]
    documents, loaded = [], {}
    for x in files.values():
        if isinstance(x.value, Document):
            documents.append(assemble.fresh(x.value))
            loaded[deps.key_of(x.value)] = (x.parts, x.value)
    known = {i.id for i in issues}
    for doc in documents:
        if doc.issue_id not in known:
            problems.error(doc.src, 0, f"所在的期文件夹 {doc.issue_id} 没有有效的 issue.md，本文件无法归入任何一期")
    depts = [dataclasses.replace(d, documents=[], leaders=[]) for d in registry]
    site = assemble.assemble(config, issues, documents, depts, problems, drafts=options.drafts)
    return site, loaded


def _last_pages(engine: Engine, out: Path, target: cache.Target, site: Site, config: Config, quick: bool):
    """The pages of the last build into out and their descriptions, when only bodies changed; else None.

    From this process's memory, or (a new process) listed again from the model and described by
    what the target recorded: with the same model inputs the same pages come out.
    """
    memory = engine.outputs.get(out)
    if quick and memory and memory[0] is target:
        return memory[1], memory[2]
    pages = all_pages(site, config)
    described = [target.outputs.get(p.url, (None,))[0] for p in pages]
    if None in described or len(pages) != len(target.outputs):
        return None
    return pages, described


# ── render ──

def _layout_digests(config: Config) -> dict[str, bytes]:
    found = {}
    if config.layouts_path.is_dir():
        for path in sorted(config.layouts_path.rglob("*")):
            if path.is_file():
                found[path.relative_to(config.layouts_path).as_posix()] = loading.file_digest(path.read_bytes())
    return found


def _render_one(index: int) -> tuple[str, frozenset[str] | Problem]:
    """Render one page; a layout that fails is a problem naming the layout and line, not a traceback."""
    renderer, pages, keys_index = workers.shared()
    page = pages[index]
    try:
        return page.url, renderer.write(page, keys_index)
    except jinja2.TemplateError as exc:
        name = getattr(exc, "name", None) or getattr(exc, "filename", None) or page.layout
        line = getattr(exc, "lineno", 0) or 0
        layouts = str(renderer.config.layouts_path)
        tb = exc.__traceback__  # Jinja rewrites it: the innermost frame in a layout names file and line
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.startswith(layouts):
                name, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
        what = "找不到模板" if isinstance(exc, jinja2.TemplateNotFound) else "模板错误"
        return page.url, Problem(f"layouts/{Path(str(name)).name}", line,
                                 f"{what}（生成 {page.url} 时）：{exc}。请修改模板后重新生成")


def all_pages(site: Site, config: Config) -> list[render.Page]:
    """Every output file of the render stage: site pages, document pages, data files."""
    return (render.site_pages(site, config) + [render.document_page(d, config) for d in site.documents]
            + data.pages(site))


def _read_marker(out: Path) -> str:
    try:
        return (out / MARKER).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def render_outputs(site: Site, config: Config, pages: list[render.Page], todo: list[int], stage: Path,
                   options: Options, progress: Progress, problems: Problems, env=None,
                   index: deps.Index | None = None) -> dict[str, tuple[str, ...]]:
    """Render the pages at the given positions into stage; return each one's recorded input keys.

    A layout error is recorded once per layout and line (not once per page that uses it).
    """
    renderer = render.Renderer(site, config, stage, preview=options.preview, env=env)
    index = index or deps.Index(site, config)
    seen, found = set(), {}
    # Kept as tuples of shared strings: ~1.6 million keys read, ~150,000 names, at 10,000 documents.
    names: dict[str, str] = {}
    with deps.recording():
        for url, value in workers.each(_render_one, todo, (renderer, pages, index), progress, "生成页面"):
            if not isinstance(value, Problem):
                found[url] = tuple([names.setdefault(k, k) for k in value])
            elif (value.path, value.line) not in seen:
                seen.add((value.path, value.line))
                problems.add(value)
    return found


def copy_files(site: Site, config: Config, stage: Path) -> None:
    """Assets and issue PDFs, copied (never linked: the sources are the user's files)."""
    if config.assets_path.is_dir():
        shutil.copytree(config.assets_path, stage / "assets", dirs_exist_ok=True)
    for issue in site.issues:
        if issue.pdf:
            (stage / issue.id).mkdir(parents=True, exist_ok=True)
            shutil.copy2(config.content_path / issue.id / issue.pdf, stage / issue.id / issue.pdf)


def build(root: Path, out: Path | None = None, steps: tuple[Callable, ...] = (), progress: Progress = _quiet,
          drafts: bool = False, preview: bool = False, build_date: dt.date | None = None,
          use_cache: bool = True, engine: Engine | None = None, on_pages: Callable[[Result], None] | None = None,
          changed: Collection[str] | None = None) -> Result:
    """Build the site under root into out (default from site.toml); publish only if all went well.

    steps run on the staged folder after the pages, each as step(site, config, stage, problems).
    engine carries memory between calls in one process (the preview); on_pages is called once
    the pages are in place, before the steps (the preview reloads the browser then).
    """
    options = Options(drafts=drafts or preview, preview=preview, build_date=build_date, use_cache=use_cache)
    started = time.monotonic()
    engine = engine or Engine(root)
    problems = Problems()
    result = Result(problems)
    with workers.collection_paused():
        try:
            _build(engine, out, steps, options, progress, result, on_pages, changed)
        except OSError as exc:  # disk full, no permission, read-only disk: the old site stays as it was
            where = Path(out or (result.config.output_path if result.config else root)).resolve()
            problems.error(reader.relative(root, where), 0, output.failure(exc, where))
        finally:
            result.seconds = time.monotonic() - started
    return result


def _settings_version(root: Path) -> str:
    h = hashlib.blake2b(cache.code_version().encode(), digest_size=16)
    for name in (config_mod.CONFIG_FILE, departments.REGISTRY_FILE):
        try:
            h.update((root / name).read_bytes())
        except OSError:
            h.update(b"-")
    return h.hexdigest()


def _build(engine: Engine, out: Path | None, steps, options: Options, progress: Progress, result: Result,
           on_pages, changed=None) -> None:
    problems = result.problems
    root = engine.root
    config = config_mod.load(root, problems, options.build_date)
    out = (out or config.output_path).resolve()
    refusal = output.refusal(out, root)
    if refusal:  # still read everything, to report every problem in one run; nothing is written
        problems.error(reader.relative(root, out), 0, refusal)
    elif not options.preview:
        output.recover(out)  # what a killed build left, even if this build stops at an error
    reader.check_tree(config.layouts_path, root, problems, text=True)
    reader.check_tree(config.assets_path, root, problems, text=False)
    version = engine.cache_version = _settings_version(root)
    if options.use_cache and (engine.cache is None or engine.cache.version != version):
        if engine.cache:
            engine.cache.close()
        engine.files = engine.model = None
        engine.outputs = {}
        engine.cache = cache.Cache(root, version, lambda m: problems.warning(cache.CACHE_DIR, 0, m))
    inputs, saved = take_inputs(engine, config, changed, problems)
    result.config = config
    memory = engine.outputs.get(out)
    if memory:  # this process built into out before (the preview)
        target = memory[0]
    else:
        target = engine.cache.target(out, whole=False) if engine.cache else cache.Target()
    current = bool(target.build_id) and _read_marker(out) == target.build_id
    stamp = loading.input_stamp(config, version, options, steps, out, inputs.stamps, inputs.others)
    if current and target.stamp == stamp and not problems.errors:
        # Same input files, same options, same code: the published folder is this build's output.
        result.unchanged, result.out, result.stats = True, out, dict(target.stats)
        for item in target.problems:
            problems.add(item)
        return
    if current and not memory:
        target = engine.cache.target(out)
        current = target.build_id != ""
        if current and engine.files is None and engine.model is None:
            _restore(engine, out, target, version)
    if engine.registry is None or engine.registry[0] != version:
        found = Problems()
        registry = departments.load(root, found)
        engine.registry = (version, registry, found.items, departments.matcher(registry))
    for item in engine.registry[2]:
        problems.add(item)
    registry = engine.registry[1]
    scratch = None
    if not (engine.cache and engine.cache.db):
        scratch = engine.scratch = Path(tempfile.mkdtemp(prefix="gazette-bodies-"))
    try:
        _full(engine, config, registry, (inputs.wanted, inputs.stamps, saved), out, steps, options, progress, result, on_pages, target,
              current, stamp, version)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
            engine.scratch = None
            engine.files = None  # their bodies were in the scratch folder


def _restore(engine: Engine, out: Path, target: cache.Target, version: str) -> None:
    """A new process starts from what the last build into out left (gazette/snapshot.py), as the
    preview starts from its last build: the loaded files now, the model and pages if only bodies changed."""
    reader = snapshot.Reader.open(engine.cache.folder, out, version, target.build_id)
    if reader is None:
        return
    present = engine.cache.bodies()
    engine.files = {rel: x for rel, x in reader.files.items()
                    if not isinstance(x.value, Document) or loading.body_kept(x, present)}
    if len(engine.files) == len(reader.files):  # else what is missing is loaded again, into a new model
        engine.resume = (out, target, reader)
    else:
        reader.close()


def _resume(engine: Engine) -> None:
    """The last build's model and pages, read from its state now that only bodies changed."""
    out, target, reader = engine.resume
    engine.resume = None
    found = reader.rest()
    if found:
        model, pages, described = found
        engine.model = renew(model, reader.files, list(reader.entries)) if reader.entries else model
        engine.outputs[out] = (target, pages, described)
        engine.resumed[out] = (reader.state_id, reader.entries)


def _full(engine: Engine, config: Config, registry, found: tuple, out: Path, steps, options: Options, progress: Progress,
          result: Result, on_pages, target: cache.Target, current: bool, stamp: str, version: str) -> None:
    problems = result.problems
    before_items = len(problems.items)
    wanted, stamps, saved = found
    files, reloaded, before = loading.load_files(engine, config, wanted, stamps, problems, progress, saved)
    result.reloaded = len(reloaded)
    model_key = (version, options.drafts, config.build_date)
    only_bodies = not problems.errors and bodies_only(before, files, reloaded)
    if engine.resume:
        if only_bodies and engine.model is None:
            _resume(engine)
        else:
            engine.resume[2].close()
            engine.resume = None
    quick = quick_model(engine, model_key, files, reloaded, problems) if only_bodies else None
    first: list[str] = []
    if options.preview and on_pages and not quick and not problems.errors:
        first = inplace.pages_ahead(engine, model_key, config, out, files, reloaded)
        if first:
            engine.dirty.update(first)
            result.written = first
            on_pages(result)
    if quick:
        site, loaded = quick
    else:
        site, loaded = model(config, registry, files, problems, options)
    result.site = site
    if problems.errors:
        engine.model = None
        return
    items = list(problems.items[before_items:])
    engine.model = LastModel(model_key, site, loaded, items, files)
    progress("生成页面")
    layouts = _layout_digests(config)
    last, changed = None, None
    if only_bodies and current and target.digests.get("c") == deps.config_digest(config) and \
            layouts_of(engine, out, target) == layouts:
        last = _last_pages(engine, out, target, site, config, quick is not None)
    if last:
        # Only bodies changed: the pages, their descriptions and all other digests are the last build's.
        updated = {}
        for rel in reloaded:
            parts, doc = loaded[deps.key_of(files[rel].value)]
            updated.update((f"{deps.key_of(doc)}.{name}", parts[name]) for name in deps.LOADED_PARTS)
        digests = dict(target.digests)
        digests.update(updated)
        changed = {k for k, v in updated.items() if target.digests.get(k) != v}
        pages, described = last
    else:
        pages = all_pages(site, config)
        with deps.keyed(site, config):
            digests = deps.site_digests(site, config, loaded, layouts)
            described = [p.describe() for p in pages]
    outputs = target.outputs if current else {}
    if changed is None:
        changed = deps.changed(target.digests, digests)
    readers = recorded.readers(outputs, changed) if current else set()
    todo = []
    dirty = engine.dirty if options.preview else set()  # written ahead of this build: rendered again
    for n, (page, own) in enumerate(zip(pages, described)):
        old = outputs.get(page.url)
        if old is None or old[0] != own or page.url in readers or page.url in dirty:
            todo.append(n)
    urls = {p.url for p in pages}
    result.deleted = sorted(u for u in target.outputs.keys() | dirty if u not in urls) if current else []
    if options.preview:
        stage = out
        out.mkdir(parents=True, exist_ok=True)
        if not current:
            inplace.clear(out)
        for url in result.deleted:
            inplace.remove(out, url)
    else:
        stage = output.staging(out)
    linking = saving = None
    try:
        if not options.preview and current:  # the unchanged files are linked while the others render
            skip = set(todo)
            linking = output.Linking(out, stage, [p.url for n, p in enumerate(pages) if n not in skip])
        if engine.env is None or engine.env[:2] != (engine.cache_version, layouts):
            env = render.environment(config)
            if engine.cache and engine.cache.db:  # compiled layouts kept between processes
                env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(engine.cache.compiled_layouts()))
            engine.env = (engine.cache_version, layouts, env)
        if engine.index is None or engine.index.site is not site:
            engine.index = deps.Index(site, config)
        engine.index.use_config(config)
        found = render_outputs(site, config, pages, sorted(todo), stage, options, progress, problems, engine.env[2],
                               engine.index)
        if problems.errors:
            engine.model = None
            return
        result.written = sorted(found)
        keys = {p.url: (d, found.get(p.url) or target.outputs[p.url][1]) for p, d in zip(pages, described)}
        copy_files(site, config, stage)
        build_id = deps.build_id(digests, {u: k[0] for u, k in keys.items()})
        if options.preview:
            (out / MARKER).write_text(build_id + "\n", encoding="ascii")
            engine.dirty = set()
            _remember(engine, out, build_id, digests, keys, stamp, site, problems, pages, described)
            if on_pages:
                on_pages(result)
            steps = [s for s in steps if not (last and _carried_over(s, config, out, out, problems))]
            inplace.steps_in_place(site, config, out, steps, problems,
                                   functools.partial(run_step, use_cache=options.use_cache, digests=digests, version=version))
        else:
            resumed = engine.resumed.pop(out, None)
            if resumed and not (last and quick):
                resumed = None  # the model was assembled again
            # A whole new state after a cold build and after a body edit that could not resume (the next
            # body edit resumes from it); not after other edits, which would pay for it (~1.5 CPU s at
            # 10,000 documents) without using it.
            if engine.cache and engine.cache.db and not resumed and (not current or only_bodies):
                saving = snapshot.Saving.start(engine.cache.folder, out, snapshot.State(
                    version, build_id, files, engine.model, pages, described))
            for step in steps:
                if not (last and _carried_over(step, config, stage, out, problems)):
                    run_step(step, site, config, stage, problems, out, options.use_cache, digests, version)
                if problems.errors:
                    return
            missing = set(linking.wait()) if linking else set()
            if missing:  # the published folder lacks files it should have: rendered again
                again = render_outputs(site, config, pages, [n for n, p in enumerate(pages) if p.url in missing],
                                       stage, options, progress, problems, engine.env[2])
                if problems.errors:
                    return
                found.update(again)
                keys.update((u, (keys[u][0], k)) for u, k in again.items())
                result.written = sorted(found)
            (stage / MARKER).write_text(build_id + "\n", encoding="ascii")
            if engine.cache:
                engine.cache.forget_target(out)
            output.publish(stage, out, large=len(pages) > LARGE_SITE)
            stage = out  # the staging folder now holds the old site, which publish() removes (maybe detached)
            target = _remember(engine, out, build_id, digests, keys, stamp, site, problems, pages, described)
            if engine.cache:
                engine.cache.save_target(out, target)
                engine.cache.prune_bodies({x.digest for x in files.values()})
            if saving:
                saving.keep()
                saving = None
            elif resumed and engine.cache and engine.cache.db:
                snapshot.write_journal(engine.cache.folder, out, version, resumed[0], build_id,
                                       {**resumed[1], **{rel: files[rel] for rel in reloaded}})
        result.out = out
        result.stats = dict(engine.outputs[out][0].stats)
    finally:
        if saving:
            saving.discard()
        if linking:
            linking.wait()
        if stage != out:
            output.discard(stage)


def _remember(engine: Engine, out: Path, build_id: str, digests, keys, stamp: str, site: Site, problems: Problems,
              pages: list, described: list) -> cache.Target:
    """What this build published into out, kept in the engine (the preview's next build starts from it)."""
    stats = {"issues": len(site.issues), "documents": len(site.documents), "departments": len(site.departments),
             "pages": sum(1 for p in pages if p.produce is None)}
    warnings = [p for p in problems.items if p.severity != "error"]
    target = cache.Target(build_id, digests, keys, stamp, stats, warnings)
    engine.outputs[out] = (target, pages, described)
    engine.layouts[out] = (target, {k[2:]: v for k, v in digests.items() if k.startswith("l:")})
    return target


def run_step(step: Callable, site: Site, config: Config, stage: Path, problems: Problems, out: Path,
             use_cache: bool, digests: dict[str, bytes], version: str) -> None:
    """Run one step into stage; a step marked reuses_published also gets the folder being replaced,
    whether the build keeps a cache, and the build's input digests and settings version (the search
    index links its unchanged shards from there, judged by those digests)."""
    if getattr(step, "reuses_published", False):
        step(site, config, stage, problems, published=out if use_cache else None, use_cache=use_cache,
             digests=digests, version=version)
    else:
        step(site, config, stage, problems)


def _carried_over(step: Callable, config: Config, stage: Path, out: Path, problems: Problems) -> bool:
    """After an edit of bodies only: a step whose files follow from the model and settings alone
    (it names them in step.outputs) keeps the last build's files, linked into stage (or left in
    place in the preview), and only its settings check runs. False if it must run (a file is missing)."""
    outputs = list(getattr(step, "outputs", ()))
    if not outputs:
        return False
    if stage == out:
        if not all(os.path.isfile(out / name) for name in outputs):
            return False
    elif output.link_unchanged(out, stage, outputs):
        return False
    step.check(config, problems)
    return True

