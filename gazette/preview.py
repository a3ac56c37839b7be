"""Incremental preview builds: reload only changed files, re-render only pages whose inputs changed.

Loaded documents are kept (pristine, never assembled) keyed by path, file stamp and content hash;
each rebuild re-assembles fresh copies, fingerprints every page (gazette/fingerprint.py) and writes
only the pages whose fingerprint changed. The result equals a full `pipeline.build(drafts=True,
preview=True)` of the same content. Errors leave the last good pages in place.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import assemble, config as config_mod, content, departments, markdown, pipeline, relations, render
from .fingerprint import Fingerprints, layout_digests
from .model import Document, Issue, Site
from .problems import Problem, Problems

_INIT = [f.name for f in dataclasses.fields(Document) if f.init]
SETTINGS_FILES = ("site.toml", departments.REGISTRY_FILE)


def _key(src: str) -> str:
    return hashlib.sha1(src.encode("utf-8")).hexdigest()[:20]


def _load_isolated(path: Path) -> tuple[Document | None, list[Problem]]:
    """Load one document (in a worker, or inline), its body kept at store/raw/<key>.html."""
    problems = Problems()
    store: Path = pipeline._worker["scratch"]
    rel = content.relative(pipeline._worker["config"], path)
    incoming = store / "incoming" / _key(rel)
    incoming.mkdir(parents=True, exist_ok=True)
    doc = content.load_document(pipeline._worker["config"], path, pipeline._worker["md"], pipeline._worker["matcher"],
                                incoming, problems)
    if doc is not None and doc.body_path is not None:
        raw = store / "raw" / f"{_key(rel)}.html"
        os.replace(doc.body_path, raw)
        doc.body_path = raw
    shutil.rmtree(incoming, ignore_errors=True)
    return doc, problems.items


def _fresh(doc: Document) -> Document:
    """A copy to assemble: same loaded fields, containers copied, nothing derived yet."""
    values = {}
    for name in _INIT:
        value = getattr(doc, name)
        if isinstance(value, dict):
            value = {k: list(v) if isinstance(v, list) else v for k, v in value.items()}
        elif isinstance(value, list):
            value = list(value)
        values[name] = value
    values.update(citations=[], cited_by=[], repeals=[], repealed_by=None, validity=None, prev=None, next=None)
    return Document(**values)


@dataclass
class Loaded:
    """One source file as last read."""

    stamp: tuple[int, int]
    digest: str
    doc: Document | Issue | None
    items: list[Problem]


@dataclass
class Report:
    """What one rebuild did."""

    problems: Problems
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    reloaded: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems.errors


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_mtime_ns, st.st_size


class Preview:
    """The preview folder and everything needed to bring it up to date cheaply."""

    def __init__(self, root: Path, work: Path, progress: pipeline.Progress = pipeline._quiet):
        self.root, self.work, self.progress = root.resolve(), work, progress
        self.out, self.store = work / "site", work / "store"
        for folder in (self.out, self.store / "raw", self.store / "linked"):
            folder.mkdir(parents=True, exist_ok=True)
        self.settings: tuple | None = None
        self.docs: dict[Path, Loaded] = {}
        self.issues: dict[Path, Loaded] = {}
        self.fps: dict[str, int] = {}
        self.link_sigs: dict[str, tuple] = {}
        self.layouts: tuple | None = None
        self.assets: dict[str, tuple] = {}
        self.site: Site | None = None
        self.config: config_mod.Config | None = None
        self.problems = Problems()

    # ── loading ──
    def _settings(self, problems: Problems) -> None:
        """(Re)load site.toml and the registry; any change starts everything afresh."""
        stamp = tuple(hashlib.sha1((self.root / f).read_bytes()).hexdigest() if (self.root / f).exists() else ""
                      for f in SETTINGS_FILES)
        if stamp != self.settings:
            self.settings, self.docs, self.issues, self.fps, self.link_sigs, self.layouts = stamp, {}, {}, {}, {}, None
            p = Problems()
            self.config = config_mod.load(self.root, p)
            self.registry = departments.load(self.root, p)
            self.settings_items = p.items
            self.md = markdown.parser(self.config.allow_html)
            self.matcher = departments.matcher(self.registry)
        for item in self.settings_items:
            problems.add(item)

    def _load_issues(self, tree: content.Tree, problems: Problems) -> list[Issue]:
        kept: dict[Path, Loaded] = {}
        for folder in tree.issue_dirs:
            old = self.issues.get(folder)
            pdf = folder / old.doc.pdf if old and old.doc and old.doc.pdf else None
            stamp = (_stamp(folder / content.ISSUE_FILE), pdf and _stamp(pdf))
            if old is None or old.stamp != stamp:
                p = Problems()
                issue = content.load_issue(self.config, folder, self.md, p)
                pdf = folder / issue.pdf if issue and issue.pdf else None
                old = Loaded((stamp[0], pdf and _stamp(pdf)), "", issue, p.items)
            kept[folder] = old
        self.issues = kept
        for loaded in kept.values():
            for item in loaded.items:
                problems.add(item)
        return [dataclasses.replace(x.doc, documents=[]) for x in kept.values() if x.doc]

    def _load_documents(self, tree: content.Tree, problems: Problems) -> int:
        kept: dict[Path, Loaded] = {}
        todo: list[Path] = []
        for path in tree.document_files:
            old, stamp = self.docs.get(path), _stamp(path)
            if old is not None and old.stamp == stamp:
                kept[path] = old
                continue
            digest = hashlib.sha1(path.read_bytes()).hexdigest()
            if old is not None and old.digest == digest:
                kept[path] = Loaded(stamp, digest, old.doc, old.items)
                continue
            kept[path] = Loaded(stamp, digest, None, [])
            todo.append(path)
        pipeline._init_loader(self.config, self.matcher, self.store)  # a build in this process may have reset it
        for path, (doc, items) in zip(todo, pipeline._map(_load_isolated, todo, self.progress, "读取文件")):
            kept[path].doc, kept[path].items = doc, items
        for path in set(self.docs) - set(kept):
            (self.store / "raw" / f"{_key(content.relative(self.config, path))}.html").unlink(missing_ok=True)
        self.docs = kept
        for loaded in kept.values():
            for item in loaded.items:
                problems.add(item)
        return len(todo)

    def _assemble(self, problems: Problems) -> tuple[Site, int]:
        tree = content.discover(self.config, problems)
        issues = self._load_issues(tree, problems)
        reloaded = self._load_documents(tree, problems)
        docs = [_fresh(x.doc) for x in self.docs.values() if x.doc]
        known = {i.id for i in issues}
        for doc in docs:
            if doc.issue_id not in known:
                problems.error(doc.src, 0, f"所在的期文件夹 {doc.issue_id} 没有有效的 issue.md，本文件无法归入任何一期")
        bodies = {id(d): d.body_path for d in docs}
        for doc in docs:
            doc.body_path = None  # relations.link links bodies; done below, only where links changed
        depts = [dataclasses.replace(d, documents=[], leaders=[]) for d in self.registry]
        site = assemble.assemble(self.config, issues, docs, depts, problems, drafts=True)
        for doc in docs:
            doc.body_path = bodies[id(doc)]
        return site, reloaded

    def _link_bodies(self, site: Site) -> None:
        """Body HTML with links to cited documents, redone only where the targets or the body changed."""
        digests = {content.relative(self.config, p): x.digest for p, x in self.docs.items()}
        sigs = {}
        for doc in site.documents:
            sig = tuple((c.doc_number, c.target.url, c.target.title) for c in doc.citations if c.target is not None)
            if not sig:
                continue
            sigs[doc.src] = (sig, digests.get(doc.src))
            linked = self.store / "linked" / doc.body_path.name
            if self.link_sigs.get(doc.src) != sigs[doc.src] or not linked.exists():
                tmp = linked.with_suffix(".tmp")
                shutil.copyfile(doc.body_path, tmp)
                doc.body_path = tmp
                relations._link_body(doc)
                os.replace(tmp, linked)
            doc.body_path = linked
        self.link_sigs = sigs

    # ── writing ──
    def _renderer(self, site: Site, problems: Problems) -> render.Renderer | None:
        renderer = render.Renderer(site, self.config, self.out, preview=True)
        stamp = tuple((p.name, _stamp(p)) for p in sorted(self.config.layouts_path.rglob("*")) if p.is_file())
        if self.layouts is None or self.layouts[0] != stamp:
            try:
                self.layouts = (stamp, layout_digests(self.config.layouts_path, renderer.env), renderer.env)
            except Exception as exc:  # a template that does not parse
                problems.error(f"layouts/{getattr(exc, 'name', '') or ''}", getattr(exc, "lineno", 0) or 0, f"模板错误：{exc}")
                return None
        renderer.env = self.layouts[2]
        return renderer

    def _sync_files(self, site: Site) -> None:
        """Assets and issue PDFs, copied where they changed."""
        wanted: dict[str, Path] = {}
        if self.config.assets_path.is_dir():
            for p in self.config.assets_path.rglob("*"):
                if p.is_file():
                    wanted["assets/" + p.relative_to(self.config.assets_path).as_posix()] = p
        for issue in site.issues:
            if issue.pdf:
                wanted[f"{issue.id}/{issue.pdf}"] = self.config.content_path / issue.id / issue.pdf
        for rel in set(self.assets) - set(wanted):
            (self.out / rel).unlink(missing_ok=True)
        current = {}
        for rel, src in wanted.items():
            current[rel] = _stamp(src)
            if self.assets.get(rel) != current[rel] or not (self.out / rel).exists():
                (self.out / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, self.out / rel)
        self.assets = current

    def rebuild(self) -> Report:
        """Bring the preview folder up to date with the sources; keep the last good pages on errors."""
        started = time.monotonic()
        problems = Problems()
        report = Report(problems)
        self._settings(problems)
        site, report.reloaded = self._assemble(problems)
        renderer = None if problems.errors else self._renderer(site, problems)
        if renderer is None or problems.errors:
            self.problems, report.seconds = problems, time.monotonic() - started
            return report
        self._link_bodies(site)
        digests = {content.relative(self.config, p): x.digest for p, x in self.docs.items()}
        fp = Fingerprints(site, digests, self.link_sigs, self.layouts[1], self.settings)
        pages = render.site_pages(site, self.config) + [render.document_page(d, self.config) for d in site.documents]
        fps = {}
        for page in pages:
            fps[page.url] = fp.page(page)
            if self.fps.get(page.url) != fps[page.url]:
                try:
                    renderer.write(page)
                    report.written.append(page.url)
                except Exception as exc:  # a layout error: report it, retry this page next time
                    fps.pop(page.url)
                    problems.error(f"layouts/{page.layout}", getattr(exc, "lineno", 0) or 0, f"模板错误（{page.url}）：{exc}")
        for url in set(self.fps) - set(fps):
            _remove_page(self.out, url)
            report.deleted.append(url)
        self._sync_files(site)
        self.fps, self.site, self.problems = fps, site, problems
        report.seconds = time.monotonic() - started
        return report


def _remove_page(out: Path, url: str) -> None:
    """Delete a page file and the folders it leaves empty."""
    path = out / url
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def bench_edit(root: Path, edits: int) -> dict:
    """Time N incremental rebuilds, each after appending a sentence to one document (median/max seconds, RSS)."""
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="gazette-bench-"))
    try:
        engine = Preview(Path(root), work)
        t0 = time.monotonic()
        first = engine.rebuild()
        initial = time.monotonic() - t0
        if not first.ok:
            raise RuntimeError("bench site has errors: " + "; ".join(map(str, first.problems.errors[:3])))
        docs = sorted(engine.docs)
        rss_before, times, pages = _rss_kb(), [], []
        for n in range(edits):
            path = docs[(n * 7919) % len(docs)]
            started = time.monotonic()
            with path.open("a", encoding="utf-8") as f:
                f.write(f"\n本段为第{n + 1}次预览测试追加的句子。\n")
            report = engine.rebuild()
            times.append(time.monotonic() - started)
            pages.append(len(report.written))
        return {"documents": len(engine.docs), "initial_build_s": round(initial, 2), "edits": edits,
                "median_s": round(statistics.median(times), 4), "max_s": round(max(times), 4),
                "pages_per_edit_median": statistics.median(pages), "rss_before_mb": round(rss_before / 1024, 1),
                "rss_after_mb": round(_rss_kb() / 1024, 1)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
