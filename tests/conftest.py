"""Shared fixtures: scratch sites, the built real issue, a loopback HTTP server, Chromium."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from gazette import cli, pipeline
from gazette import config as config_mod

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
TODAY = dt.date(2026, 12, 1)
"""The day every test builds on (gazette.config.today is pinned to it): the day issue #12 was tried."""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


def make_site(root: Path, files: dict[str, str] | None = None, content_from: Path | None = None) -> Path:
    """A site folder with the project's settings, layouts, assets and registry, plus the given content."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "site.toml", root / "site.toml")
    shutil.copytree(REPO / "layouts", root / "layouts")
    shutil.copytree(REPO / "assets", root / "assets")
    (root / "content").mkdir(exist_ok=True)
    shutil.copy(REPO / "content" / "departments.yaml", root / "content" / "departments.yaml")
    if content_from:
        shutil.copytree(content_from, root / "content", dirs_exist_ok=True)
    for name, text in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def build(root: Path, out: Path | None = None, search: bool = False, **kwargs) -> pipeline.Result:
    """Build a site; with search=True, run every publishing step as `python build.py` does."""
    steps = cli.PUBLISH_STEPS if search else tuple(s for s in cli.PUBLISH_STEPS if s.__module__ != "gazette.search_index")
    return pipeline.build(root, out, steps=steps, **kwargs)


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path → sha256 of every file under folder."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def pin_today(mp: pytest.MonkeyPatch, day: dt.date = TODAY) -> None:
    """Builds judge validity on `day`, as if run that day without any date option."""
    mp.setattr(config_mod, "today", lambda: day)
    mp.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """Every test builds on TODAY unless it says otherwise: output never depends on the real clock."""
    pin_today(monkeypatch)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> tuple[Path, pipeline.Result]:
    """The shipped content built once, as `python build.py` builds it on TODAY (no date option)."""
    out = tmp_path_factory.mktemp("real") / "public"
    with pytest.MonkeyPatch.context() as mp:
        pin_today(mp)
        result = build(REPO, out, search=True)
    assert result.ok, "\n".join(map(str, result.problems.errors))
    return out, result


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def serve():
    """Start a static HTTP server on 127.0.0.1 for a folder; returns its base URL."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run tests/run.sh, which installs Debian's chromium package")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def follow(page, selector: str) -> None:
    """Click a link and wait until the page it leads to has loaded (not just the click)."""
    with page.expect_navigation(wait_until="load", timeout=20000):
        page.click(selector)
