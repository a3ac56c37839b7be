"""Search in a real Chromium, over HTTP on 127.0.0.1 and from file://: exactly the right documents."""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest

from conftest import build, follow, make_site
from searchtruth import document_text, matching
from synthetic import available, make_synthetic_site

QUERIES = ["水污染", "个体工商户", "财政局", "自建房", "停电", "消防", "五政办发〔2022〕31号", "31号",
           "五政办发[2022]31号", "五政办发2022 31号", "五政办发〔2022〕31 号", "个体工商户 财政局", "攻坚战，推动", "攻坚战推动"]


def search(page, base: str, query: str = "", **filters: str) -> list[str]:
    """Open the search page for a query and filters; return result keys (issue/slug) in order."""
    params = {"q": query, **filters} if query else dict(filters)
    page.goto(base + "search/index.html?" + urllib.parse.urlencode(params))
    page.wait_for_selector("#search-form[data-search-done]", timeout=20000)
    urls = page.eval_on_selector_all("#search-list li", "els => els.map(e => e.getAttribute('data-url'))")
    more = page.locator("#search-more")
    while more.is_visible():
        count = len(urls)
        more.click()
        page.wait_for_function(f"document.querySelectorAll('#search-list li').length > {count}")
        urls = page.eval_on_selector_all("#search-list li", "els => els.map(e => e.getAttribute('data-url'))")
    return [u.strip("/") for u in urls]


@pytest.fixture(scope="module")
def truth(real_site):
    out, result = real_site
    return {f"{d.issue_id}/{d.slug}": document_text(d.source_path) for d in result.site.documents}


@pytest.fixture(params=["http", "file"])
def base(request, real_site, serve):
    out, _ = real_site
    return serve(out) if request.param == "http" else out.as_uri() + "/"


def test_queries_find_exactly_the_documents_containing_them(browser, base, truth):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for query in QUERIES:
        expected = matching(truth, query)
        assert expected, f"no document contains {query}: the test would prove nothing"
        found = search(page, base, query)
        assert len(found) == len(set(found))
        assert set(found) == expected, query
    assert errors == []
    page.close()


def test_doc_number_queries_put_the_document_itself_first(browser, base):
    page = browser.new_page()
    for query in ["五政办发〔2022〕31号", "五政办发[2022]31号", "五政办发2022 31号"]:
        assert search(page, base, query)[0] == "2022-03/wzbf-2022-31"
    found = search(page, base, "31号")
    assert "2022-03/wzbf-2022-31" in found and "2022-03/wzbf-2022-42" in found  # 42号 cites 忻政办发〔2022〕31号
    page.close()


def test_filters_narrow_and_browse(browser, base, truth, real_site):
    _, result = real_site
    docs = {f"{d.issue_id}/{d.slug}": d for d in result.site.documents}
    page = browser.new_page()
    by_county = {k for k, d in docs.items() if d.issuer == "五台县人民政府"}
    assert set(search(page, base, "财政局", 发文机关="五台县人民政府")) == matching(truth, "财政局") & by_county
    finance = {k for k, d in docs.items() if "czj" in d.departments}
    assert set(search(page, base, "", 部门="县财政局")) == finance
    assert set(search(page, base, "", 类别="县政府文件")) == {k for k, d in docs.items() if d.category == "县政府文件"}
    assert set(search(page, base, "", 年份="2022年")) == set(docs)
    assert search(page, base, "水污染", 类别="县政府文件") == []
    # The filter menus offer the values with counts, and choosing one narrows the results.
    search(page, base, "消防")
    page.select_option("select[name='f-类别']", "县政府办文件")
    page.wait_for_function("document.querySelector('#search-status').textContent.includes('找到')")
    assert "县政府办文件（" in page.inner_text("select[name='f-类别']")
    page.close()


def test_results_show_metadata_excerpt_and_section(browser, base):
    page = browser.new_page()
    search(page, base, "停电事件由高到低")
    first = page.locator("#search-list li").first
    assert first.locator(".doc-number").inner_text() == "五政办发〔2022〕37号"
    assert first.locator(".issue").inner_text() == "2022年第3期"
    assert first.locator(".date").inner_text() == "2022年7月7日"
    assert first.locator(".search-result-excerpt mark").count() >= 1
    href = first.locator("a.search-result-title").get_attribute("href")
    assert href.startswith("../2022-03/wzbf-2022-37/index.html#s-")
    follow(page, "#search-list li >> nth=0 >> a.search-result-title")
    anchor = href.split("#")[1]
    assert page.locator(f"[id='{anchor}']").count() == 1
    page.close()


def test_header_search_box_leads_to_results(browser, base):
    page = browser.new_page()
    page.goto(base + "2022-03/index.html")
    page.fill("#site-search", "自建房")
    page.press("#site-search", "Enter")
    page.wait_for_selector("#search-form[data-search-done]", timeout=20000)
    assert "找到 2 件文件" in page.inner_text("#search-status")
    page.close()


@pytest.mark.skipif(not available(), reason="needs ../shared/bench/make_corpus.py beside the repository")
def test_exact_on_a_synthetic_archive_split_into_shards(browser, serve, tmp_path):
    root = make_synthetic_site(tmp_path / "site", issues=15, docs_per_issue=20)
    with (root / "site.toml").open("a", encoding="utf-8") as f:
        f.write("search_shard_size = 70\n")  # 300 documents in five shards
    result = build(root, search=True)
    assert result.ok, result.problems.errors[:5]
    assert (result.out / "pagefind" / "shards.js").read_text().count(",") >= 3
    docs = {f"{d.issue_id}/{d.slug}": d for d in result.site.documents}
    texts = {key: document_text(d.source_path) for key, d in docs.items()}
    base = serve(result.out)
    page = browser.new_page()
    queries = ["水污染", "安全生产", "防汛", "河长制", "个体工商户", "县财政局", "自建房", "应急预案",
               "乡村振兴", "消防", "政务公开", "30号", "安全生产 消防"]
    checked = 0
    for query in queries:
        expected = matching(texts, query)
        found = search(page, base, query)
        assert set(found) == expected and len(found) == len(expected), (query, len(found), len(expected))
        # Across shards: title and 文号 matches first, then newest first.
        words = query.split()
        titled = [k for k in found if any(w in docs[k].title + docs[k].doc_number for w in words)]
        assert found[: len(titled)] == titled, query
        rest = [docs[k].date for k in found[len(titled):]]
        assert rest == sorted(rest, reverse=True), query
        checked += bool(expected)
    assert checked >= 8

    # Filter counts add up over the shards: 年份 counts of 水污染 are the true per-year counts.
    search(page, base, "水污染")
    shown = dict(re.findall(r"(\d{4}年)（(\d+)）", " ".join(
        page.eval_on_selector_all("select[name='f-年份'] option", "os => os.map(o => o.textContent)"))))
    years: dict[str, int] = {}
    for key in matching(texts, "水污染"):
        years[f"{docs[key].date.year}年"] = years.get(f"{docs[key].date.year}年", 0) + 1
    assert {y: int(n) for y, n in shown.items()} == years and len(years) >= 2
    year = sorted(years)[0]
    assert len(search(page, base, "水污染", 年份=year)) == years[year]
    # With a year chosen, the year menu still offers every year with its count (to switch years).
    again = dict(re.findall(r"(\d{4}年)（(\d+)）", " ".join(
        page.eval_on_selector_all("select[name='f-年份'] option", "os => os.map(o => o.textContent)"))))
    assert {y: int(n) for y, n in again.items()} == years
    assert page.eval_on_selector("select[name='f-年份']", "s => s.value") == year
    # … while the other menus count within that year (each document has one 类别).
    kinds = re.findall(r"（(\d+)）", page.inner_text("select[name='f-类别']"))
    assert sum(map(int, kinds)) == years[year]

    # Browsing by filters alone: the right documents, newest first, without reading the word index.
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url))
    department = "县财政局"
    found = search(page, base, "", 部门=department)
    holding = {k for k, d in docs.items() if department in {result.site.department_by_id[i].name for i in d.departments}}
    assert set(found) == holding and len(found) == len(holding) > 20
    assert [docs[k].date for k in found] == sorted((docs[k].date for k in found), reverse=True)
    assert not [u for u in loaded if "/index/" in u]

    # With two terms the counts are those of the documents holding both (not of the first term).
    query = next(q for q in ("水污染 防汛", "水污染 自建房", "水污染 政务公开", "水污染 消防")
                 if 0 < len(matching(texts, q)) < len(matching(texts, "水污染")))
    search(page, base, query)
    shown = dict(re.findall(r"(\d{4}年)（(\d+)）", " ".join(
        page.eval_on_selector_all("select[name='f-年份'] option", "os => os.map(o => o.textContent)"))))
    assert sum(map(int, shown.values())) == len(matching(texts, query))
    page.close()

    # Results complete shard by shard: first hits with a growing count, then the exact count.
    page = browser.new_page()
    page.add_init_script("""
        window.__statuses = [];
        window.__events = [];
        new MutationObserver(records => records.forEach(r => {
          r.addedNodes.forEach(n => { if (n.tagName === "SCRIPT") window.__events.push("load " + n.src); });
          if (r.attributeName === "data-search-counted") {
            window.__events.push("counted " + document.getElementById("search-status").textContent);
          }
        })).observe(document, {childList: true, subtree: true, attributes: true});
        document.addEventListener("DOMContentLoaded", () => {
          const status = document.getElementById("search-status");
          new MutationObserver(() => window.__statuses.push(status.textContent))
            .observe(status, {childList: true, characterData: true, subtree: true});
        });""")
    found = search(page, base, "水污染")
    statuses = page.evaluate("window.__statuses")
    growing = [int(m[1]) for t in statuses if (m := re.match(r"已找到 (\d+) 件文件，正在检索更早的文件", t))]
    assert growing and growing == sorted(growing) and growing[-1] < len(found), statuses
    assert statuses[-1].startswith(f"找到 {len(found)} 件文件")
    # The exact count shows before the list is ranked and the first page filled: until then only
    # the first few hits' fragments load (the page may still change). A word of most documents,
    # so that the newest shard alone has more hits than that.
    found = search(page, base, "县财政局")
    events = page.evaluate("window.__events")
    counted = next(i for i, e in enumerate(events) if e.startswith("counted "))
    assert events[counted] == f"counted 找到 {len(found)} 件文件，包含“县财政局”。" and len(found) > 100
    early = [e for e in events[:counted] if "/fragment/" in e]
    later = [e for e in events[counted:] if "/fragment/" in e]
    assert 0 < len(early) <= 5 and later, (len(early), len(later))

    # A shard whose presence map lacks a character of the query is not loaded at all.
    manifest = json.loads(re.search(r"=(\{.*\});", (result.out / "pagefind" / "shards.js").read_text()).group(1))
    shards = manifest["shards"]
    rare = next(c for c in sorted(set("".join(s["chars"] for s in shards)))
                if 0 < sum(c in s["chars"] for s in shards) < len(shards) and matching(texts, c))
    loaded = []
    page.on("request", lambda r: loaded.append(r.url))
    assert set(search(page, base, rare)) == matching(texts, rare)
    lacking = [s["name"] for s in shards if rare not in s["chars"]]
    assert lacking and not [u for u in loaded if any(f"/pagefind/{name}/" in u for name in lacking)]
    assert [u for u in loaded if "/pagefind/" in u and "/index/" in u]
    page.close()


def test_title_and_doc_number_matches_rank_first_then_newest(browser, base, real_site):
    _, result = real_site
    docs = {f"{d.issue_id}/{d.slug}": d for d in result.site.documents}
    page = browser.new_page()
    for query in ["消防", "自建房", "31号", "财政局", "应急"]:
        found = search(page, base, query)
        in_title = [k for k in found if query in docs[k].title + docs[k].doc_number]
        assert found[: len(in_title)] == in_title, query
        rest = found[len(in_title):]
        assert [docs[k].date for k in rest] == sorted((docs[k].date for k in rest), reverse=True), query
    page.close()


def test_an_archive_without_documents_searches_cleanly(browser, tmp_path):
    result = build(make_site(tmp_path / "site"), search=True)
    assert result.ok and not result.site.documents
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(result.out.as_uri() + "/search/index.html?q=水污染")
    assert page.inner_text("#search-status") == "本站尚未收录文件。"
    assert page.eval_on_selector_all("#search-list li", "els => els.length") == 0
    assert problems == []
    page.close()


def test_snippets_are_short_clean_and_marked(browser, base, truth):
    page = browser.new_page()
    for query in ["水污染", "财政局", "消防", "各乡"]:
        search(page, base, query)
        excerpts = page.eval_on_selector_all(
            "#search-list .search-result-excerpt",
            "els => els.map(e => [e.textContent, Array.from(e.querySelectorAll('mark')).map(m => m.textContent)])")
        assert excerpts, query
        for text, marks in excerpts:
            assert len(text) <= 84, text  # about 80 characters and the two …
            assert not re.search(r"[^\x00-\x7f]\.", text), text  # no ". " between the page's fields
            assert "&lt;" not in text and "&amp;" not in text and "qz" not in text, text
            assert marks and "".join(marks) and all(m in query for m in marks), (query, marks)
            core = text.strip("…")
            assert text.startswith("…") or core[:4] in truth_text(truth), text
    # A highlight next to escaped characters: 乡<镇> keeps its brackets, outside the mark.
    assert "2022-03/wzbf-2022-42" in search(page, base, "部门、各乡")
    texts = page.eval_on_selector_all("#search-list .search-result-excerpt", "els => els.map(e => e.innerHTML)")
    assert any("<mark>部门</mark>、<mark>各乡</mark>&lt;镇&gt;" in t for t in texts), texts
    page.close()


def truth_text(truth: dict[str, str]) -> str:
    return re.sub(r"\s+", "", "".join(truth.values()))


def test_filter_chips_show_and_clear_the_filters(browser, base, truth):
    page = browser.new_page()
    found = search(page, base, "财政局", 类别="县政府文件")
    assert page.inner_text("#search-chips") == "已筛选：类别＝县政府文件 ［清除］"
    assert len(found) < len(matching(truth, "财政局"))
    page.click("#search-chips button")
    page.wait_for_function("!location.search.includes('%E7%B1%BB%E5%88%AB')")  # 类别 gone from the address
    page.wait_for_selector("#search-chips", state="hidden")
    page.wait_for_function(f"document.querySelectorAll('#search-list li').length >= {min(20, len(matching(truth, '财政局')))}")
    assert f"找到 {len(matching(truth, '财政局'))} 件文件" in page.inner_text("#search-status")
    assert page.eval_on_selector("select[name='f-类别']", "s => s.value") == ""
    page.close()


def test_back_steps_through_the_searches(browser, base, truth):
    page = browser.new_page()
    search(page, base, "消防")
    for query in ["自建房", "停电"]:
        page.fill("#search-input", query)
        page.press("#search-input", "Enter")
        page.wait_for_function(f"document.querySelector('#search-status').textContent.includes('{query}')")
    for query in ["自建房", "消防"]:
        page.go_back()
        page.wait_for_function(f"document.querySelector('#search-status').textContent.includes('{query}')")
        assert page.input_value("#search-input") == query
        page.wait_for_function(f"document.querySelectorAll('#search-list li').length == {min(20, len(matching(truth, query)))}")
        keys = page.eval_on_selector_all("#search-list li", "els => els.map(e => e.getAttribute('data-url').replace(/^\\/|\\/$/g, ''))")
        assert set(keys) <= matching(truth, query)
    page.close()


def test_on_a_phone_the_first_filtered_result_is_on_the_first_screen(browser, base):
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    search(page, base, "财政局", 类别="县政府办文件")
    assert page.eval_on_selector("#search-filters-box", "d => d.open") is False  # menus folded away
    first = page.locator("#search-list li").first.locator("a.search-result-title").bounding_box()
    assert first["y"] + first["height"] <= 844
    assert "类别＝县政府办文件" in page.inner_text("#search-chips")
    page.click("#search-filters-box summary")
    assert page.is_visible("select[name='f-类别']")
    page.close()
    wide = browser.new_page(viewport={"width": 1366, "height": 768})
    search(wide, base, "财政局")
    assert wide.eval_on_selector("#search-filters-box", "d => d.open") is True
    wide.close()


def test_without_decompression_stream_the_usb_copy_still_searches(browser, real_site, truth):
    out, _ = real_site
    context = browser.new_context()
    context.add_init_script("delete window.DecompressionStream;")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    base = out.as_uri() + "/"
    assert page.evaluate("typeof DecompressionStream") == "undefined" or True
    for query in ["水污染", "五政办发〔2022〕31号", "个体工商户 财政局"]:
        found = search(page, base, query)
        assert page.evaluate("typeof DecompressionStream") == "undefined"
        assert set(found) == matching(truth, query), query
    finance = search(page, base, "", 部门="县财政局")  # browsing reads facets and fragments itself
    assert finance and "找到" in page.inner_text("#search-status")
    assert errors == []
    context.close()
