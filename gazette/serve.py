"""`python build.py serve`: a local preview that rebuilds on save and reloads the browser by itself.

The preview folder lives in a temporary directory (never the published output) and includes drafts.
It is served by a small WSGI app under livereload's tornado server, which adds livereload's script
(served locally by the same server) to every HTML page; while the content has errors, the app also
adds an overlay listing them to every page, over the last good pages.
"""

from __future__ import annotations

import html
import ipaddress
import logging
import mimetypes
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import webbrowser
from pathlib import Path
from urllib.parse import quote, urlsplit

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop
from tornado.web import HTTPError

from . import feeds, pipeline, search_index
from .problems import Problems

WATCHED = ("content", "layouts", "assets", "site.toml")
STOP_WAIT = 8
"""Seconds Ctrl-C waits for a running build before the preview ends anyway."""
_BODY = re.compile(rb"<body[^>]*>")
_TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".xml": "application/xml",
          ".json": "application/json", ".html": "text/html", ".pdf": "application/pdf"}


def overlay(problems: Problems) -> str:
    """The error panel shown over every page while the content has errors."""
    items = "".join(f"<li>{html.escape(str(p))}</li>" for p in problems.errors)
    return ('<div class="error-overlay" role="alert">'
            f"<h2>内容有 {len(problems.errors)} 个错误，预览仍显示上一次成功生成的页面</h2>"
            "<p>请按下列提示修改文件并保存，改正后本页会自动刷新。</p>"
            f"<ul>{items}</ul></div>")


def _error_page(problems: Problems) -> bytes:
    return ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>预览：内容有错误</title>'
            '<link rel="stylesheet" href="/assets/site.css"></head><body>'
            f"{overlay(problems)}</body></html>").encode()


LOCAL_NAMES = ("127.0.0.1", "localhost", "::1")


def host_name(header: str) -> str:
    """The host part of a Host header or an origin's netloc ([::1]:8000 → ::1), lower case."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def allowed_host(header: str, bound: str) -> bool:
    """Whether a request's Host header names this machine (or the address given with --host).

    Any other name could be a DNS-rebinding page reading the preview (drafts included).
    """
    name = host_name(header)
    if not name:
        return False
    if name in LOCAL_NAMES or name == bound.lower():
        return True
    # Listening on every address (--host 0.0.0.0) serves the LAN by address; a name could be rebound.
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return bound in ("0.0.0.0", "::")


def same_origin(origin: str, host: str, bound: str) -> bool:
    """Whether a websocket's Origin is the preview page itself."""
    netloc = urlsplit(origin).netloc.lower()
    return bool(netloc) and netloc == host.strip().lower() and allowed_host(host, bound)


def _plain(start_response, status: str, text: str) -> list[bytes]:
    body = text.encode("utf-8")
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))),
                            ("Cache-Control", "no-store")])
    return [body]


class App:
    """WSGI app serving the preview folder, with the error overlay while there are errors."""

    def __init__(self, session: Session, host: str = "127.0.0.1"):
        self.session = session
        self.host = host

    def __call__(self, environ, start_response):
        if not allowed_host(environ.get("HTTP_HOST", ""), self.host):
            return _plain(start_response, "403 Forbidden", "预览只接受本机地址（127.0.0.1 或 localhost）的访问。")
        raw = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")
        # One leading slash: "//2022-03" would otherwise redirect to the host 2022-03.
        raw = "/" + raw.lstrip("/\\")
        out = self.session.out.resolve()
        # A NUL or bytes that are not UTF-8 name no file (and a NUL would crash the path functions).
        unnamed = "\x00" in raw or "\ufffd" in raw
        target = out if unnamed else (out / raw.lstrip("/")).resolve()
        status = "200 OK"
        if unnamed or (out != target and out not in target.parents):
            target = out / "404.html"
            status = "404 Not Found"
        if target.is_dir():
            if not raw.endswith("/"):  # relative links need the trailing slash
                start_response("301 Moved Permanently", [("Location", quote(raw + "/")), ("Content-Length", "0")])
                return [b""]
            target = target / "index.html"
        if not target.is_file():
            target, status = out / "404.html", "404 Not Found"
        problems = self.session.problems
        if target.is_file():
            body = target.read_bytes()
        elif problems.errors:
            body, target = _error_page(problems), out / "error.html"
        else:
            body, target = "<!doctype html><title>404</title><p>页面不存在</p>".encode(), out / "404.html"
        kind = _TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html" and problems.errors and b"error-overlay" not in body:
            body = _BODY.sub(lambda m: m.group() + overlay(problems).encode("utf-8"), body, count=1)
        if kind.startswith("text/") or kind.endswith(("xml", "json", "javascript")):
            kind += "; charset=utf-8"
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [body]


class _Watcher(Watcher):
    """livereload's polling watcher, telling each task every path that changed (modified, added or
    removed), so a save rebuilds from the saved file alone; the pages reload the browser themselves
    (Session._pages_ready), so livereload sends no reload of its own, not even at start.

    A folder's files are remembered from when it is watched: a save during the first build is seen.
    """

    def watch(self, path, func=None, delay=None, ignore=None):
        super().watch(path, func, delay, ignore)
        self._tasks[path]["mtimes"] = _stamps(path)

    def examine(self):
        self._changes.clear()
        for path, task in self._tasks.items():
            now = _stamps(path)
            before = task["mtimes"]
            changed = sorted(p for p in before.keys() | now.keys() if before.get(p) != now.get(p))
            task["mtimes"] = now
            if changed and task["func"]:
                task["func"](changed)
        return None, None


def _stamps(path: str) -> dict[str, tuple]:
    """Every file under path (or path itself) → (mtime, size); editors' swap files left out."""
    found = {}
    for folder, dirs, files in os.walk(path) if os.path.isdir(path) else [(os.path.dirname(path), [], [os.path.basename(path)])]:
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.endswith((".swp", ".swx", "~")) or name.startswith(".#"):
                continue
            full = os.path.join(folder, name)
            try:
                st = os.stat(full)
            except OSError:
                continue
            found[full] = (st.st_mtime_ns, st.st_size)
    return found


class _LiveReload(LiveReloadHandler):
    """livereload's websocket, for the preview page itself only (livereload accepts any origin)."""

    bound = "127.0.0.1"

    def check_origin(self, origin: str) -> bool:
        return same_origin(origin, self.request.host, self.bound)

    def prepare(self):
        if not allowed_host(self.request.host, self.bound):
            raise HTTPError(403)


class _LocalOnly:
    """Mixin for livereload's plain handlers (/livereload.js, /forcereload): local Host only."""

    bound = "127.0.0.1"

    def prepare(self):
        if not allowed_host(self.request.host, self.bound):
            raise HTTPError(403)


class _Server(Server):
    def __init__(self, *args, bound: str = "127.0.0.1", **kwargs):
        super().__init__(*args, **kwargs)
        self.bound = bound

    def _setup_logging(self) -> None:  # we print our own (Chinese) messages
        logging.getLogger("tornado.access").setLevel(logging.ERROR)

    def application(self, *args, **kwargs):
        """livereload's application, with its handlers checking Host (and the websocket its Origin)."""
        import livereload.server as module

        handlers = {"LiveReloadHandler": type("LiveReload", (_LiveReload,), {"bound": self.bound}),
                    "ForceReloadHandler": type("ForceReload", (_LocalOnly, module.ForceReloadHandler), {"bound": self.bound}),
                    "LiveReloadJSHandler": type("LiveReloadJS", (_LocalOnly, module.LiveReloadJSHandler), {"bound": self.bound})}
        saved = {name: getattr(module, name) for name in handlers}
        vars(module).update(handlers)
        try:
            return super().application(*args, **kwargs)
        finally:
            vars(module).update(saved)
            # application() configured our subclass; livereload's class methods read the base class.
            LiveReloadHandler.watcher = self.watcher
            LiveReloadHandler.live_css = handlers["LiveReloadHandler"].live_css


class Session:
    """One `serve` run: the build engine kept between saves, and a thread that runs the builds.

    Every rebuild is the same pipeline.build as `python build.py`, with preview=True (drafts, the
    banner, the folder updated file by file) and the engine that remembers the last model, so a save
    re-reads the saved file and re-renders the pages that read what changed. The browser reloads as
    soon as the pages are on disk; the search index and feeds follow in the same build.
    """

    def __init__(self, root: Path, work: Path, search: bool = True, build_date=None):
        self.root, self.out = root, work / "site"
        self.engine = pipeline.Engine(root)
        self.steps = (search_index.write_index, feeds.write_feeds) if search else (feeds.write_feeds,)
        self.build_date = build_date
        self.problems = Problems()
        self.shown: set = set()
        self.lock = threading.Lock()
        self.guard = threading.Lock()
        """Guards saved (the watcher adds to it on the IOLoop, the build thread takes it)."""
        self.pending = threading.Event()
        self.saved: set[str] = set()
        """Paths the watcher saw change since the last build started."""
        self.loop: IOLoop | None = None
        self.thread: threading.Thread | None = None
        self.stopping = False

    def rebuild(self, changed: set[str] | None = None) -> pipeline.Result:
        """Rebuild now (in this thread); tell the terminal what happened.

        changed: the files saved since the last build, if known (then no other file is looked at).
        """
        with self.lock:
            before = {str(p) for p in self.problems.errors}
            result = pipeline.build(self.root, self.out, steps=self.steps, preview=True, engine=self.engine,
                                    build_date=self.build_date, progress=_progress, on_pages=self._pages_ready,
                                    changed=changed)
            if not result.ok:
                self._pages_ready(result)
            self._report(result, before)
            return result

    def _pages_ready(self, result: pipeline.Result) -> None:
        """The pages are on disk (or the build failed): show them (or the errors) now."""
        before = self.problems.errors
        self.problems = result.problems
        if self.loop is not None and (result.written or result.deleted or result.problems.errors or before):
            self.loop.add_callback(LiveReloadHandler.reload_waiters)

    def _report(self, result: pipeline.Result, before: set[str]) -> None:
        for problem in result.problems.sorted():
            if problem.severity == "error" or (problem.severity == "warning" and str(problem) not in self.shown):
                print(problem, file=sys.stderr)
            self.shown.add(str(problem))
        errors = result.problems.errors
        if errors:
            print(f"预览未更新：{len(errors)} 个错误（页面上也会显示），请修改后保存。", file=sys.stderr, flush=True)
            return
        if before:
            print("错误已全部改正。", flush=True)
        print(f"已更新：{len(result.written)} 个页面，删除 {len(result.deleted)} 个，用时 {result.seconds:.2f} 秒", flush=True)

    def on_change(self, changed: list[str]) -> None:
        """Watcher callback (on the IOLoop): ask the build thread for a rebuild of the changed files
        (saves during a build coalesce)."""
        if self.loop is None:
            self.loop = IOLoop.current()
        with self.guard:
            self.saved.update(changed)
        self.pending.set()
        if self.thread is None:
            self.thread = threading.Thread(target=self._loop, name="preview-build", daemon=True)
            self.thread.start()

    def _loop(self) -> None:
        while not self.stopping:
            self.pending.wait()
            if self.stopping:
                return
            self.pending.clear()
            with self.guard:
                changed, self.saved = self.saved, set()
            try:
                self.rebuild(changed)
            except Exception as exc:  # noqa: BLE001 - the preview must keep serving; say what broke
                print(f"预览生成时出现内部错误：{exc!r}。请保存文件重试；如反复出现，请重启预览并报告此信息。",
                      file=sys.stderr, flush=True)

    def stop(self) -> None:
        """End the build thread; a build still running after a few seconds is abandoned (the thread is
        a daemon: the process ends without it, and the preview folder is temporary)."""
        self.stopping = True
        self.pending.set()
        if self.thread is not None:
            self.thread.join(timeout=STOP_WAIT)
            if self.thread.is_alive():
                print(f"预览停止时一次生成仍未结束（已等 {STOP_WAIT} 秒），已放弃。", file=sys.stderr, flush=True)


def _progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def run(root: Path, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False, search: bool = True,
        build_date=None) -> int:
    """Build the preview, serve it and rebuild on every save until Ctrl-C."""
    work = Path(tempfile.mkdtemp(prefix="gazette-preview-"))
    session = None
    signal.signal(signal.SIGTERM, _interrupt)
    # Ctrl-C stops the preview even when it was started with SIGINT ignored (a background job of a
    # shell without job control inherits that, and Python then never raises KeyboardInterrupt).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        print(f"正在生成预览（含草稿），预览文件夹：{work / 'site'}", flush=True)
        session = Session(root, work, search, build_date)
        watcher = _Watcher()
        for name in WATCHED:  # before the first build: a save while it runs is seen
            watcher.watch(str(root / name), session.on_change)
        session.rebuild()
        server = _Server(app=App(session, host), watcher=watcher, bound=host)
        url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
        print(f"预览地址：{url}  （保存文件后浏览器自动刷新；按 Ctrl-C 停止）", flush=True)
        if open_browser:
            threading.Timer(0.5, webbrowser.open, (url,)).start()
        server.serve(port=port, host=host, debug=False, restart_delay=0)
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        print(f"无法在 {host}:{port} 上启动预览：{exc.strerror or exc}。可用 --port 换一个端口。", file=sys.stderr)
        return 1
    finally:
        if session is not None:
            session.stop()
        shutil.rmtree(work, ignore_errors=True)
    print("预览已停止。", flush=True)
    return 0
