"""Issue #12 in a real Chromium, over HTTP on 127.0.0.1 and from file://: validity on the reader's day
(Playwright's clock), the metadata table at every width and in print, and the new search filters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_search_browser import search

from conftest import REPO, make_site
from gazette import cli

READER_DAY = dt.datetime(2026, 12, 1, 12, 0)
EXPIRED = {"2022-03/wzbf-2022-38", "2022-03/wzbf-2022-41"}


@pytest.fixture(scope="module")
def built_2023(tmp_path_factory) -> Path:
    """The shipped issue built with `--build-date 2023-01-01` (search index included), as a USB copy made then."""
    root = make_site(tmp_path_factory.mktemp("v2023") / "site", content_from=REPO / "content")
    assert cli.main(["--root", str(root), "build", "--build-date", "2023-01-01"]) == 0
    return root / "public"


def opener(kind: str, folder: Path, serve) -> str:
    return serve(folder) if kind == "http" else folder.as_uri() + "/"


def reader(browser, day: dt.datetime = READER_DAY):
    page = browser.new_page()
    page.clock.set_fixed_time(day)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


def shown_status(page) -> str:
    return page.locator("table.gov-meta td.validity .validity-state:visible").inner_text()


@pytest.mark.parametrize("kind", ["http", "file"])
def test_page_built_in_2023_says_expired_to_a_reader_in_2026(browser, serve, built_2023, kind):
    base = opener(kind, built_2023, serve)
    page, errors = reader(browser)
    page.goto(base + "2022-03/wzbf-2022-38/index.html")
    assert shown_status(page) == "已失效（有效期至2024年7月13日，已届满）"
    assert page.locator("td.validity .validity-as-of").inner_text() == "截至 2026年12月1日"
    assert page.locator(".validity-notice:visible").inner_text() == "本文件已失效：有效期至2024年7月13日，已届满。"
    section = page.locator("#validity-heading + .validity-status .validity-state:visible").inner_text()
    assert section.startswith("已失效")
    assert "浏览时本机日期" in page.locator(".doc-validity .note").inner_text()
    page.goto(base + "2022-03/wzbf-2022-41/index.html")
    assert shown_status(page) == "已失效（有效期至2025年7月17日，已届满）"
    page.goto(base + "2022-03/wzbf-2022-31/index.html")
    assert shown_status(page) == "有效" and page.locator(".validity-notice").count() == 0
    assert errors == []
    page.close()


def test_without_javascript_the_build_day_shows(browser, built_2023):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(built_2023.as_uri() + "/2022-03/wzbf-2022-38/index.html")
    assert shown_status(page) == "试行（有效期至2024年7月13日）"
    assert page.locator("td.validity .validity-as-of").inner_text() == "截至 2023年1月1日"
    assert page.locator(".validity-notice:visible").count() == 0
    context.close()


def test_reader_day_before_expiry_reads_trial(browser, real_site):
    out, _ = real_site  # built on 2026-12-01: 已失效 in the HTML
    page, errors = reader(browser, dt.datetime(2023, 6, 1, 12, 0))
    page.goto(out.as_uri() + "/2022-03/wzbf-2022-38/index.html")
    assert shown_status(page) == "试行（有效期至2024年7月13日）"
    assert page.locator(".validity-notice:visible").count() == 0
    assert errors == []
    page.close()


@pytest.mark.parametrize("kind", ["http", "file"])
def test_search_validity_filter_is_judged_on_the_reader_day(browser, serve, built_2023, kind):
    base = opener(kind, built_2023, serve)
    page, errors = reader(browser)
    assert set(search(page, base, "", 效力="已失效")) == EXPIRED
    options = page.inner_text("select[name='f-效力']")
    assert "已失效（2）" in options and "@" not in options
    found = search(page, base, "联动机制")
    assert found[0] == "2022-03/wzbf-2022-38"
    assert page.locator("#search-list li >> nth=0 >> .status-badge").inner_text() == "已失效"
    page.close()
    early, _ = reader(browser, dt.datetime(2023, 1, 1, 12, 0))
    assert search(early, base, "", 效力="已失效") == []
    assert "2022-03/wzbf-2022-38" in search(early, base, "", 效力="试行")
    early.close()
    assert errors == []


@pytest.mark.parametrize("kind", ["http", "file"])
def test_topic_and_collective_filters(browser, serve, real_site, kind):
    out, result = real_site
    base = opener(kind, out, serve)
    page, errors = reader(browser)
    docs = {f"{d.issue_id}/{d.slug}": d for d in result.site.documents}
    for topic in ("综合政务", "城乡建设、环境保护"):
        expected = {k for k, d in docs.items() if d.topic == topic}
        assert expected and set(search(page, base, "", 主题分类=topic)) == expected
    general = sum(d.topic == "综合政务" for d in docs.values())
    assert general >= 5 and f"综合政务（{general}）" in page.inner_text("select[name='f-主题分类']")
    assert set(search(page, base, "", 部门="各乡（镇）")) == set(docs), "all 14 are sent to 各乡（镇）人民政府"
    assert set(search(page, base, "自建房", 部门="各有关单位")) == {"2022-03/wzbf-2022-44"}
    assert set(search(page, base, "140922/2022-00010")) == {"2022-03/wzbf-2022-38"}, "索引号 is searchable"
    assert errors == []
    page.close()


@pytest.mark.parametrize("width", [320, 768, 1280])
def test_metadata_table_has_no_empty_cells(browser, real_site, width):
    out, result = real_site
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.clock.set_fixed_time(READER_DAY)
    for doc in result.site.documents:
        page.goto((out / doc.url).as_uri())
        labels = page.eval_on_selector_all("table.gov-meta th", "els => els.map(e => e.textContent)")
        assert labels[:8] == ["索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期", "有效性"]
        gaps = page.evaluate("""() => {
            const bad = [];
            for (const tr of document.querySelectorAll('table.gov-meta tr')) {
                const row = tr.getBoundingClientRect();
                let covered = 0;
                for (const c of tr.children) {
                    const r = c.getBoundingClientRect();
                    if (!c.textContent.trim() || r.width < 1 || r.height < 1) bad.push('empty ' + c.outerHTML.slice(0, 60));
                    if (Math.abs(r.top - row.top) < 2) covered += r.width;
                }
                if (Math.abs(covered - row.width) > 3) bad.push('gap in ' + tr.textContent.slice(0, 20) + ': ' + covered + '/' + row.width);
            }
            return bad;
        }""")
        assert gaps == [], (doc.slug, width)
    page.close()


def test_metadata_table_prints_with_real_borders(browser, real_site):
    out, _ = real_site
    page = browser.new_page()
    page.emulate_media(media="print")
    for url in ("2022-03/wzbf-2022-41/index.html", "archive/2022/catalog/index.html"):
        page.goto((out / url).as_uri())
        selector = "table.gov-meta td, table.gov-meta th" if "catalog" not in url else ".catalog-table td"
        borders = page.eval_on_selector_all(selector, """els => els.map(e => {
            const s = getComputedStyle(e);
            return [s.borderTopStyle, s.borderTopColor, s.borderLeftStyle, parseFloat(s.borderTopWidth) > 0];
        })""")
        assert borders and all(b == ["solid", "rgb(0, 0, 0)", "solid", True] for b in borders), url
    page.close()
