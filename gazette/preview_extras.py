"""The preview's secondary outputs — search index, feeds, data files — refreshed in a background thread.

Pages come first: a rebuild only asks for a refresh, and a debounced worker thread redoes these
after the saves stop. Search reuses the shard bundles of documents that did not change (cached
in the preview's work folder, see gazette/search_index.py), so an edit re-indexes one shard; the
new index replaces the old one in a single rename.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from pathlib import Path

from . import data, feeds, search, search_index
from .model import Site
from .problems import Problems

DEBOUNCE = 0.6
"""Seconds without a new request before the worker starts."""


def _swap(new: Path, target: Path) -> None:
    """Put new at target (file or folder), replacing what was there."""
    if new.is_dir() and target.exists():
        trash = target.with_name(f".{target.name}.old-{os.getpid()}")
        shutil.rmtree(trash, ignore_errors=True)
        os.replace(target, trash)
        os.replace(new, target)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        os.replace(new, target)


class Extras:
    """Feeds, data files and the search index of a preview.Preview, kept up to date."""

    def __init__(self, engine, search: bool = True):
        self.engine, self.search = engine, search
        self.data_fps: dict[str, int] = {}
        self.wanted = threading.Event()
        self.stopping = threading.Event()
        self.idle = threading.Event()
        self.idle.set()
        self.indexer: search_index.Indexer | None = None
        self.thread: threading.Thread | None = None

    def request(self) -> None:
        """Ask for a refresh of what the last good rebuild produced."""
        self.idle.clear()
        self.wanted.set()
        if self.thread is None:
            self.thread = threading.Thread(target=self._loop, name="preview-extras", daemon=True)
            self.thread.start()

    def stop(self) -> None:
        """Stop the worker (killing a running Pagefind) and wait for it."""
        self.stopping.set()
        self.wanted.set()
        if self.indexer is not None:
            self.indexer.stop()
        if self.thread is not None:
            self.thread.join(timeout=10)

    def _loop(self) -> None:
        while not self.stopping.is_set():
            self.wanted.wait()
            while self.wanted.is_set() and not self.stopping.is_set():
                self.wanted.clear()
                self.stopping.wait(DEBOUNCE)
            if self.stopping.is_set():
                break
            try:
                self.run_once()
            except Exception as exc:  # never kill the server; say what went wrong
                print(f"预览：更新搜索索引或数据文件时出错：{exc}", file=sys.stderr, flush=True)
            if not self.wanted.is_set():
                self.idle.set()

    def run_once(self) -> None:
        """Refresh everything now, in this thread."""
        if self.engine.snapshot is None:
            return
        site, config = self.engine.snapshot
        out = self.engine.out
        problems = Problems()
        stage = self.engine.work / "extras"
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir()
        feeds.write_feeds(site, config, stage, problems)
        for name in ("sitemap.xml", "robots.txt", "feed.xml"):
            _swap(stage / name, out / name)
        self._data(site, config, out)
        if self.search and not self.stopping.is_set():
            self._index(site, config, stage)
        shutil.rmtree(stage, ignore_errors=True)

    def _data(self, site: Site, config, out: Path) -> None:
        folder = out / data.DATA_DIR / "documents"
        folder.mkdir(parents=True, exist_ok=True)
        issues = {"title": config.title, "issues": [data.issue_record(i, config) for i in site.issues]}
        tmp = out / data.DATA_DIR / ".issues.json.tmp"
        tmp.write_bytes(data.dumps(issues).encode("utf-8"))
        os.replace(tmp, out / data.DATA_DIR / "issues.json")
        fps = {}
        for doc in site.documents:
            record = data.document_record(doc, site, config)
            rel = data.document_file(doc)
            fps[rel] = hash(data.dumps(record))
            if self.data_fps.get(rel) != fps[rel]:
                (out / rel).write_bytes(data.dumps(record).encode("utf-8"))
        for rel in set(self.data_fps) - set(fps):
            (out / rel).unlink(missing_ok=True)
        self.data_fps = fps

    def _index(self, site: Site, config, stage: Path) -> None:
        """Index the site (Pagefind reruns only on shards whose documents changed), swap it in."""
        binary = search.pagefind_binary()
        if binary is None:
            print("预览：未安装 Pagefind 扩展版，搜索不可用", file=sys.stderr, flush=True)
            return
        if self.indexer is None:
            self.indexer = search_index.Indexer(binary, self.engine.work / "search-cache", config.search_shard_size,
                                                self.stopping)
        out = stage / search.PAGEFIND_DIR
        error = self.indexer.run(site, out)
        if error:
            if not self.stopping.is_set():
                print(f"预览：Pagefind 建立搜索索引失败：{error}", file=sys.stderr, flush=True)
            return
        _swap(out, self.engine.out / search.PAGEFIND_DIR)
