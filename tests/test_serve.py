"""`python build.py serve`: a real server on 127.0.0.1 that rebuilds on save and shows errors in the page."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from conftest import REPO, make_site

DOC = "content/2022-03/wzbf-2022-31.md"
PAGE = "2022-03/wzbf-2022-31/"
WAIT = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def wait_for(check, what: str, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


class Served:
    """A `serve` subprocess on a free port."""

    def __init__(self, root: Path, *extra: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "serve",
                                      "--port", str(self.port), *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_for(lambda: self.proc.poll() is None and fetch(self.url)[0] == 200, "the server to answer")

    def stop(self) -> tuple[int, str, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        out, err = self.proc.communicate(timeout=20)
        return self.proc.returncode, out, err


@pytest.fixture
def served(tmp_path):
    root = make_site(tmp_path / "site", content_from=REPO / "content")
    servers = []

    def start(*extra: str) -> Served:
        servers.append(Served(root, *extra))
        return servers[-1]

    yield root, start
    for s in servers:
        if s.proc.poll() is None:
            s.proc.kill()
            s.proc.communicate()


def test_edit_error_and_fix(served):
    root, start = served
    server = start("--no-search")
    status, page = fetch(server.url + PAGE)
    assert status == 200 and "livereload.js" in page and "预览模式" in page
    assert "error-overlay" not in page
    path = root / DOC
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "\n这是预览服务器测试追加的一句话。\n", encoding="utf-8")
    page = wait_for(lambda: (p := fetch(server.url + PAGE)[1]) and "测试追加的一句话" in p and p, "the edit")
    assert "livereload.js" in page

    path.write_text(good.replace("date: ", "date: 2022-02-30\nold_date: ", 1), encoding="utf-8")
    page = wait_for(lambda: (p := fetch(server.url + PAGE)[1]) and "error-overlay" in p and p, "the error overlay")
    overlay = re.search(r'<div class="error-overlay" role="alert">.*?</div>', page, re.S).group()
    assert re.search(rf"{re.escape(DOC)}:\d+: ", overlay)
    assert "日期" in overlay or "未知" in overlay
    assert "测试追加的一句话" in page  # the last good page is still served under the overlay
    status, other = fetch(server.url + "2022-03/")
    assert status == 200 and "error-overlay" in other  # every page shows it

    path.write_text(good, encoding="utf-8")
    page = wait_for(lambda: (p := fetch(server.url + PAGE)[1]) and "error-overlay" not in p and p, "the fix")
    assert "测试追加的一句话" not in page
    code, out, err = server.stop()
    assert code == 0 and "Traceback" not in err
    assert "content/2022-03/wzbf-2022-31.md:" in err  # the terminal showed the error too
    work = re.search(r"预览文件夹：(\S+)", out).group(1)
    assert not Path(work).exists() and not Path(work).parent.exists()


def test_search_index_follows_edits_and_drafts(served, browser):
    root, start = served
    path = root / DOC
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "draft: true\ntitle: ", 1), encoding="utf-8")
    server = start()
    assert "草稿" in fetch(server.url + PAGE)[1]
    assert fetch(server.url + "assets/site.css")[0] == 200
    assert fetch(server.url + "no/such/page/")[0] == 404

    def found(query: str) -> list[str] | None:
        try:
            page.goto(server.url + "search/index.html?q=" + query)
            page.wait_for_selector("#search-form[data-search-done]", timeout=20000)
            return page.eval_on_selector_all("#search-list li", "els => els.map(e => e.getAttribute('data-url'))")
        except PlaywrightError:  # the preview reloads the page after each rebuild
            return None

    page = browser.new_page()
    wait_for(lambda: fetch(server.url + "pagefind/shards.js")[0] == 200, "the search index")
    assert found("个体工商户")  # the draft is searchable in the preview
    path.write_text(path.read_text(encoding="utf-8") + "\n预览搜索测试用语甲乙丙。\n", encoding="utf-8")
    assert wait_for(lambda: found("预览搜索测试用语甲乙丙") == ["/" + PAGE], "the edit in the search index", 60)
    page.close()
    assert server.stop()[0] == 0


def test_browser_reloads_by_itself(served, browser):
    root, start = served
    server = start("--no-search")
    page = browser.new_page()
    try:
        page.goto(server.url + PAGE)
        page.wait_for_function("() => !!(window.LiveReload && window.LiveReload.connector && "
                               "window.LiveReload.connector._connectionDesired && window.LiveReload.connector.socket "
                               "&& window.LiveReload.connector.socket.readyState === 1)", timeout=15000)
        page.evaluate("window.__marker = 1")
        path = root / DOC
        path.write_text(path.read_text(encoding="utf-8") + "\n浏览器自动刷新测试句。\n", encoding="utf-8")
        page.wait_for_function("() => !window.__marker && document.body.innerText.includes('浏览器自动刷新测试句')",
                               timeout=20000)
    finally:
        page.close()
    assert server.stop()[0] == 0


def test_ctrl_c_stops_a_preview_started_with_ctrl_c_ignored(tmp_path):
    """A background job of a shell without job control starts with SIGINT ignored (so does a CI runner's
    job); Python then never raises KeyboardInterrupt. The preview installs its own Ctrl-C handler."""
    root = make_site(tmp_path / "site", content_from=REPO / "content")
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", "--port", str(port),
                             "--no-search"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        wait_for(lambda: proc.poll() is None and fetch(f"http://127.0.0.1:{port}/")[0] == 200, "the server to answer")
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
        assert proc.returncode == 0 and "预览已停止" in out, err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
