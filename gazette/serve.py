"""`python build.py serve`: a local preview that rebuilds on save and reloads the browser by itself.

The preview folder lives in a temporary directory (never the published output) and includes drafts.
It is served by a small WSGI app under livereload's tornado server, which adds livereload's script
(served locally by the same server) to every HTML page; while the content has errors, the app also
adds an overlay listing them to every page, over the last good pages.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import re
import shutil
import signal
import sys
import tempfile
import threading
import webbrowser
from pathlib import Path
from urllib.parse import quote

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop

from .preview import Preview, Report
from .preview_extras import Extras
from .problems import Problems

WATCHED = ("content", "layouts", "assets", "site.toml")
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


class App:
    """WSGI app serving the preview folder, with the error overlay while there are errors."""

    def __init__(self, engine: Preview):
        self.engine = engine

    def __call__(self, environ, start_response):
        raw = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")
        out = self.engine.out.resolve()
        target = (out / raw.lstrip("/")).resolve()
        status = "200 OK"
        if out != target and out not in target.parents:
            target = out / "404.html"
            status = "404 Not Found"
        if target.is_dir():
            if not raw.endswith("/"):  # relative links need the trailing slash
                start_response("301 Moved Permanently", [("Location", quote(raw + "/")), ("Content-Length", "0")])
                return [b""]
            target = target / "index.html"
        if not target.is_file():
            target, status = out / "404.html", "404 Not Found"
        problems = self.engine.problems
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
    """livereload's polling watcher, without the reload it sends when the server starts."""

    def examine(self):
        self._changes.clear()
        return super().examine()


class _Server(Server):
    def _setup_logging(self) -> None:  # we print our own (Chinese) messages
        logging.getLogger("tornado.access").setLevel(logging.ERROR)


class Session:
    """The engine, the background worker and the watch callbacks of one `serve` run."""

    def __init__(self, root: Path, work: Path, search: bool = True):
        self.engine = Preview(root, work, progress=lambda m: print(f"… {m}", file=sys.stderr, flush=True))
        self.extras = Extras(self.engine, search=search)
        self.scheduled = False
        self.shown: set = set()

    def rebuild(self) -> Report:
        """Rebuild now, tell the terminal what happened, refresh the search index in the background."""
        before = {str(p) for p in self.engine.problems.errors}
        report = self.engine.rebuild()
        errors = {str(p) for p in report.problems.errors}
        for problem in report.problems.sorted():
            if problem.severity == "error" or (problem.severity == "warning" and str(problem) not in self.shown):
                print(problem, file=sys.stderr)
            self.shown.add(str(problem))
        if errors:
            print(f"预览未更新：{len(errors)} 个错误（页面上也会显示），请修改后保存。", file=sys.stderr, flush=True)
        else:
            if before:
                print("错误已全部改正。", flush=True)
            print(f"已更新：{len(report.written)} 个页面，删除 {len(report.deleted)} 个，用时 {report.seconds:.2f} 秒", flush=True)
            self.extras.request()
        report.changed = bool(report.written or report.deleted or report.copied or errors != before)
        return report

    def on_change(self) -> None:
        """Watcher callback: coalesce the changes of one poll into one rebuild on the IOLoop."""
        if not self.scheduled:
            self.scheduled = True
            IOLoop.current().add_callback(self._rebuild_and_reload)

    def _rebuild_and_reload(self) -> None:
        self.scheduled = False
        if self.rebuild().changed:
            LiveReloadHandler.reload_waiters()


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def run(root: Path, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False, search: bool = True) -> int:
    """Build the preview, serve it and rebuild on every save until Ctrl-C."""
    work = Path(tempfile.mkdtemp(prefix="gazette-preview-"))
    session = None
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        print(f"正在生成预览（含草稿），预览文件夹：{work / 'site'}", flush=True)
        session = Session(root, work, search)
        session.rebuild()
        server = _Server(app=App(session.engine), watcher=_Watcher())
        for name in WATCHED:
            server.watch(str(root / name), session.on_change, delay="forever")
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
            session.extras.stop()
        shutil.rmtree(work, ignore_errors=True)
    print("预览已停止。", flush=True)
    return 0
