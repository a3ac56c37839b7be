"""Incremental preview builds: reload only changed files, re-render only pages whose inputs changed.

Loaded documents are kept (pristine, never assembled) keyed by path, file stamp and content hash.
When only the bodies of documents changed — nothing the model is built from (title, date, doc
number, the facts in the text, which departments it names …) and nothing a list page shows — the
document's page (and the pages of departments whose mention of it changed) is re-rendered alone:
the quick path, independent of the archive's size. Otherwise the whole model is re-assembled from
fresh copies, every page fingerprinted (gazette/fingerprint.py) and only pages whose fingerprint
changed are written. Either way the result equals a full `pipeline.build(drafts=True, preview=True)`
of the same content. Errors leave the last good pages in place.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import assemble, content, departments, markdown, pipeline, render
from . import config as config_mod
from .fingerprint import FAST_FIELDS, Fingerprints, freeze, layout_digests, loaded_digests
from .model import Document, Issue, Site
from .problems import Problem, Problems

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
    """A copy to assemble: loaded values shared (nothing mutates them), empty lists and dicts new, derived reset."""
    copy = object.__new__(Document)
    copy.__dict__.update((k, type(v)() if type(v) in (list, dict) and not v else v) for k, v in doc.__dict__.items())
    copy.__dict__.update(citations=[], cited_by=[], repeals=[], repealed_by=None, validity=None, prev=None, next=None)
    return copy


@dataclass
class Loaded:
    """One source file as last read."""

    stamp: tuple
    digest: str
    doc: Document | Issue | None
    items: list[Problem]
    listing: int = 0
    """fingerprint.loaded_digests of the document."""
    assembly: int = 0
    src: str = ""
    """Path relative to the site root."""


@dataclass
class Report:
    """What one rebuild did."""

    problems: Problems
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    reloaded: int = 0
    copied: int = 0
    changed: bool = False
    """Set by the server: whether the browser should reload."""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems.errors


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_mtime_ns, st.st_size


class Preview:
    """The preview folder and everything needed to bring it up to date cheaply."""

    def __init__(self, root: Path, work: Path, progress: pipeline.Progress = pipeline._quiet):
        self.root, self.work, self.progress = root.resolve(), work, progress
        self.out, self.store = work / "site", work / "store"
        for folder in (self.out, self.store / "raw"):
            folder.mkdir(parents=True, exist_ok=True)
        self.settings: tuple | None = None
        self.tree: tuple | None = None
        self.docs: dict[Path, Loaded] = {}
        self.issues: dict[Path, Loaded] = {}
        self.fps: dict[str, int | None] = {}
        """Page URL → fingerprint of what is on disk (None: re-render at the next full pass)."""
        self.layouts: tuple | None = None
        """(file stamps, layout digests, layout sources, Jinja environment)."""
        self.assets: dict[str, tuple] = {}
        self.site: Site | None = None
        """The site the pages on disk show; None after errors (the next rebuild is a full pass)."""
        self.config: config_mod.Config | None = None
        self.digests: dict[str, str] = {}
        self.assembly_items: list[Problem] = []
        self.problems = Problems()
        self.snapshot: tuple | None = None
        """(site, config) of the last good rebuild, for the background worker."""

    # ── loading ──
    def _settings(self, problems: Problems) -> None:
        """(Re)load site.toml and the registry; any change starts everything afresh."""
        stamp = tuple(hashlib.sha1((self.root / f).read_bytes()).hexdigest() if (self.root / f).exists() else ""
                      for f in SETTINGS_FILES)
        if stamp != self.settings:
            self.settings, self.docs, self.issues, self.fps, self.digests = stamp, {}, {}, {}, {}
            self.tree = None
            self.layouts = self.site = None
            p = Problems()
            self.config = config_mod.load(self.root, p)
            self.registry = departments.load(self.root, p)
            self.settings_items = p.items
            self.md = markdown.parser(self.config.allow_html)
            self.matcher = departments.matcher(self.registry)
        for item in self.settings_items:
            problems.add(item)

    def _discover(self, problems: Problems) -> content.Tree:
        """content.discover, redone only when a folder's listing changed (its mtime)."""
        folders = [self.config.content_path, *(self.tree[1].issue_dirs if self.tree else ())]
        stamp = tuple(_stamp(f) for f in folders)
        if self.tree is None or self.tree[0] != stamp:
            p = Problems()
            tree = content.discover(self.config, p)
            folders = [self.config.content_path, *tree.issue_dirs]
            self.tree = (tuple(_stamp(f) for f in folders), tree, p.items)
        for item in self.tree[2]:
            problems.add(item)
        return self.tree[1]

    def _load_issues(self, tree: content.Tree, problems: Problems) -> bool:
        kept: dict[Path, Loaded] = {}
        changed = False
        for folder in tree.issue_dirs:
            old = self.issues.get(folder)
            pdf = folder / old.doc.pdf if old and old.doc and old.doc.pdf else None
            stamp = (_stamp(folder / content.ISSUE_FILE), pdf and _stamp(pdf))
            if old is None or old.stamp != stamp:
                p = Problems()
                issue = content.load_issue(self.config, folder, self.md, p)
                pdf = folder / issue.pdf if issue and issue.pdf else None
                old, changed = Loaded((stamp[0], pdf and _stamp(pdf)), "", issue, p.items), True
            kept[folder] = old
        changed = changed or set(kept) != set(self.issues)
        self.issues = kept
        for loaded in kept.values():
            for item in loaded.items:
                problems.add(item)
        return changed

    def _load_documents(self, tree: content.Tree, problems: Problems) -> tuple[list[tuple], bool]:
        """Reload changed files; return (old, new) pairs for them and whether files came or went."""
        kept: dict[Path, Loaded] = {}
        todo: list[Path] = []
        for path in tree.document_files:
            old, stamp = self.docs.get(path), _stamp(path)  # one stat per file: ~50 ms at 10,000 files
            if old is not None and old.stamp == stamp:
                kept[path] = old
                continue
            digest = hashlib.sha1(path.read_bytes()).hexdigest()
            if old is not None and old.digest == digest:
                kept[path] = dataclasses.replace(old, stamp=stamp)
                continue
            kept[path] = Loaded(stamp, digest, None, [], src=content.relative(self.config, path))
            todo.append(path)
        pipeline._init_loader(self.config, self.matcher, self.store)  # a build in this process may have reset it
        for path, (doc, items) in zip(todo, pipeline.parallel_map(_load_isolated, todo, self.progress, "读取文件")):
            kept[path].doc, kept[path].items = doc, items
            if doc is not None:
                kept[path].listing, kept[path].assembly = loaded_digests(doc)
        gone = [x for p, x in self.docs.items() if p not in kept] if len(kept) != len(self.docs) or todo else []
        moved = bool(gone) or any(p not in self.docs for p in todo)
        for x in gone:
            (self.store / "raw" / f"{_key(x.src)}.html").unlink(missing_ok=True)
            self.digests.pop(x.src, None)
        changed = [(self.docs.get(path), kept[path]) for path in todo]
        self.docs = kept
        self.digests.update((kept[p].src, kept[p].digest) for p in todo)
        for loaded in kept.values():
            for item in loaded.items:
                problems.add(item)
        return changed, moved

    def _assemble(self, problems: Problems) -> tuple[Site, dict[int, Document]]:
        issues = [dataclasses.replace(x.doc, documents=[]) for x in self.issues.values() if x.doc]
        pristine: dict[int, Document] = {}
        docs = []
        for x in self.docs.values():
            if x.doc:
                docs.append(_fresh(x.doc))
                pristine[id(docs[-1])] = x.doc
        known = {i.id for i in issues}
        for doc in docs:
            if doc.issue_id not in known:
                problems.error(doc.src, 0, f"所在的期文件夹 {doc.issue_id} 没有有效的 issue.md，本文件无法归入任何一期")
        depts = [dataclasses.replace(d, documents=[], leaders=[]) for d in self.registry]
        before = len(problems.items)
        site = assemble.assemble(self.config, issues, docs, depts, problems, drafts=True)
        self.assembly_items = problems.items[before:]
        return site, pristine

    # ── writing ──
    def _layouts(self, problems: Problems) -> bool:
        """Reread the layouts if any changed; return whether they did."""
        stamp = tuple((p.name, _stamp(p)) for p in sorted(self.config.layouts_path.rglob("*")) if p.is_file())
        if self.layouts is not None and self.layouts[0] == stamp:
            return False
        env = render.environment(self.config)
        try:
            self.layouts = (stamp, *layout_digests(self.config.layouts_path, env), env)
        except Exception as exc:  # a template that does not parse
            problems.error(f"layouts/{getattr(exc, 'name', '') or ''}", getattr(exc, "lineno", 0) or 0, f"模板错误：{exc}")
            self.layouts = None
        return True

    def _write(self, pages: list[render.Page], fps: dict, report: Report) -> None:
        renderer = render.Renderer(self.site, self.config, self.out, preview=True)
        renderer.env = self.layouts[3]
        for page in pages:
            try:
                renderer.write(page)
                report.written.append(page.url)
            except Exception as exc:  # a layout error: report it, retry this page next time
                fps[page.url] = None
                report.problems.error(f"layouts/{page.layout}", getattr(exc, "lineno", 0) or 0,
                                      f"模板错误（{page.url}）：{exc}")
        self.fps.update(fps)

    def _sync_files(self, site: Site) -> int:
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
        current, copied = {}, 0
        for rel, src in wanted.items():
            current[rel] = _stamp(src)
            if self.assets.get(rel) != current[rel] or not (self.out / rel).exists():
                (self.out / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, self.out / rel)
                copied += 1
        self.assets = current
        return copied

    def _fast(self, changed: list[tuple], problems: Problems) -> list[render.Page] | None:
        """Pages to re-render when only bodies changed (not what the model is built from); None if not so."""
        fields: set[str] = set()
        for old, new in changed:
            if old is None or old.doc is None or new.doc is None or old.assembly != new.assembly \
                    or any(p.severity == "error" for p in new.items):
                return None
            fields |= {f for f in FAST_FIELDS if freeze(getattr(old.doc, f)) != freeze(getattr(new.doc, f))}
        sources = self.layouts[2]
        for name, text in sources.items():
            read = set() if name == "document.html" else fields - {"mentions"} if name == "department.html" else fields
            if any(re.search(rf"\b{f}\b", text) for f in read):
                return None  # some list page may show what changed
        by_src = {d.src: d for d in self.site.documents}
        pages, depts = [], set()
        for old, new in changed:
            doc = by_src[new.doc.src]
            for f in FAST_FIELDS:
                setattr(doc, f, getattr(new.doc, f))
            pages.append(render.document_page(doc, self.config))
            if "mentions" in fields and re.search(r"\bmentions\b", sources.get("department.html", "")):
                depts |= {d for d in set(old.doc.mentions) | set(new.doc.mentions)
                          if freeze(old.doc.mentions.get(d)) != freeze(new.doc.mentions.get(d))}
        # A collective's documents are listed on its members' pages too (issue #12).
        depts |= {m for d in list(depts) for m in self.site.department_by_id[d].members}
        pages += [render.department_page(self.site.department_by_id[d], self.config) for d in sorted(depts)]
        for item in self.assembly_items:
            problems.add(item)
        return pages

    def rebuild(self) -> Report:
        """Bring the preview folder up to date with the sources; keep the last good pages on errors."""
        started = time.monotonic()
        problems = Problems()
        report = Report(problems)
        self._settings(problems)
        tree = self._discover(problems)
        issues_changed = self._load_issues(tree, problems)
        changed, moved = self._load_documents(tree, problems)
        report.reloaded = len(changed)
        layouts_changed = self._layouts(problems)
        pages = None
        if self.site is not None and not (issues_changed or moved or layouts_changed or problems.errors):
            pages = self._fast(changed, problems)
        if pages is not None:
            self._write(pages, {p.url: None for p in pages}, report)
        elif not problems.errors:
            self._full(problems, report)
        if problems.errors:
            self.site = None
        else:
            report.copied = self._sync_files(self.site)
            self.snapshot = (self.site, self.config)
        self.problems, report.seconds = problems, time.monotonic() - started
        return report

    def _full(self, problems: Problems, report: Report) -> None:
        """Re-assemble the whole model and re-render every page whose fingerprint changed."""
        site, pristine = self._assemble(problems)
        if problems.errors:
            return
        self.site = site
        loaded = {x.src: (x.digest, x.listing) for x in self.docs.values()}
        fp = Fingerprints(site, loaded, pristine, self.layouts[1], self.settings)
        pages = render.site_pages(site, self.config) + [render.document_page(d, self.config) for d in site.documents]
        fps = {page.url: fp.page(page) for page in pages}
        for url in set(self.fps) - set(fps):
            _remove_page(self.out, url)
            del self.fps[url]
            report.deleted.append(url)
        self._write([p for p in pages if self.fps.get(p.url) != fps[p.url] or fps[p.url] is None], fps, report)
        # The old model is garbage in reference cycles; collect it now, in a pass that is slow anyway,
        # rather than let a later full collection pause a quick edit.
        gc.collect()


def _remove_page(out: Path, url: str) -> None:
    """Delete a page file and the folders it leaves empty."""
    path = out / url
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def bench_edit(root: Path, edits: int) -> dict:
    """Time N incremental rebuilds, each after appending a sentence to one document (see preview_bench)."""
    from .preview_bench import bench_edit as run

    return run(root, edits)
