"""The page as the reader gets it, in Chromium over file:// (the USB copy): 落款 in 公文 form,
长者模式 remembered across pages, back-to-top on long pages, links that look like links,
the department filter, and what the search page says without JavaScript."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build, follow
from gazette import departments, htmltext
from gazette.markdown import parser, render
from readersite import JOINT, SIGNED, reader_site

READER_KEY = "wutai-gazette-reader"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, object]:
    """The reader fixture site, built without a search index (none of these tests searches)."""
    root = reader_site(tmp_path_factory.mktemp("reader") / "site")
    result = build(root)
    assert result.ok, "\n".join(map(str, result.problems.errors))
    return result.out, result


def url(out: Path, page: str) -> str:
    return (out / page).resolve().as_uri()


# ---------- 落款 ----------

def test_signature_container_renders_as_unlinked_block(site):
    _, result = site
    md = parser(allow_html=False)
    matcher = departments.matcher(result.site.departments)
    body = render(md, "县财政局要加强资金保障。\n\n::: 落款\n县财政局\n\n2022年7月1日\n:::\n", 10, matcher, "../../")
    assert '<div class="signature">\n<p>县财政局</p>\n<p>2022年7月1日</p>\n</div>' in body.html
    assert body.html.count('class="dept"') == 1, "the body's mention is linked, the signature's is not"


def test_rewrite_skips_an_element_by_class_with_nested_elements_of_its_kind():
    html = '<p>ab</p><div class="x signature"><div>cd</div>ef</div><div>gh</div><h3>ij<a>kl</a>mn</h3>op'
    changed = htmltext.rewrite_text(html, str.upper, skip=("a", "h3", "div.signature"))
    assert changed == '<p>AB</p><div class="x signature"><div>cd</div>ef</div><div>GH</div><h3>ij<a>kl</a>mn</h3>OP'



def test_rewrite_with_a_hint_changes_the_same_runs():
    import re

    skip = ("a", "h3", "div.signature")
    for html in ('<p>号x</p><div class="signature"><div>号</div>号</div><a title="号">号</a><h3>号<a>号</a></h3>x号<br/>',
                 '<p>a < b 号</p><a>号</a><>号<p class="s">号',  # stray '<': every run visited in turn
                 '<A HREF="x">号</A><abbr>号</abbr><a/>号</a>号'):
        marked = htmltext.rewrite_text(html, lambda t: t.replace("号", "[号]"), skip=skip)
        assert htmltext.rewrite_text(html, lambda t: t.replace("号", "[号]"), skip=skip, hint=re.compile("号")) == marked
    assert marked == '<A HREF="x">号</A><abbr>[号]</abbr><a/>号</a>[号]'


@pytest.mark.parametrize("width", [1366, 390])
def test_signature_is_right_aligned_and_unlinked(site, browser, width):
    out, _ = site
    page = browser.new_page(viewport={"width": width, "height": 900})
    for doc, lines in ((SIGNED, ["五台县人民政府办公室", "2022年6月7日"]),
                       (JOINT, ["县财政局　　　　县审计局", "2022年7月1日"])):
        page.goto(url(out, f"{doc}/index.html"))
        sig = page.locator(".doc-body .signature").first
        assert sig.locator("p").all_inner_texts() == lines
        assert sig.locator("a").count() == 0, "the 落款 is never department-linked"
        body = page.locator(".doc-body").bounding_box()
        box = sig.bounding_box()
        em = float(page.eval_on_selector(".doc-body", "e => parseFloat(getComputedStyle(e).fontSize)"))
        assert body["x"] + body["width"] - (box["x"] + box["width"]) <= 4 * em + 1, "flush with the right, 公文 style"
        assert box["x"] - body["x"] >= body["width"] * 0.25, "not left-aligned like body text"
        for p in sig.locator("p").all():
            assert p.evaluate("e => getComputedStyle(e).textIndent") == "0px"
    # The same names in the body are links: the skip is the 落款's, not the page's.
    assert page.locator(".doc-body p a.dept", has_text="县财政局").count() == 1
    page.close()


def test_department_links_in_the_body_are_quiet_but_visible(site, browser):
    out, _ = site
    page = browser.new_page()
    page.goto(url(out, f"{SIGNED}/index.html"))
    link = page.locator(".doc-body p a.dept").first
    style = link.evaluate("a => { const s = getComputedStyle(a), p = getComputedStyle(a.parentElement);"
                          " return [s.color === p.color, s.textDecorationLine, s.textDecorationStyle]; }")
    assert style == [True, "underline", "dotted"]
    page.close()


# ---------- 长者模式 ----------

def test_reader_mode_is_remembered_across_pages_over_file(site, browser, tmp_path):
    out, _ = site
    context = browser.new_context()
    page = context.new_page()
    page.goto(url(out, "index.html"))
    root_px = "() => getComputedStyle(document.documentElement).fontSize"
    assert page.evaluate(root_px) == "16px"
    page.click(".reader-tools button[data-size='xl']")
    page.click(".reader-tools button[data-contrast]")
    assert page.evaluate(root_px) == "24px"
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    follow(page, "a.toc-title >> nth=0")
    assert page.url.startswith(url(out, "2022-03/"))
    assert page.evaluate(root_px) == "24px", "remembered on the next page (localStorage on file://)"
    assert page.get_attribute(".reader-tools button[data-size='xl']", "aria-pressed") == "true"
    assert page.get_attribute(".reader-tools button[data-size='']", "aria-pressed") == "false"
    assert page.get_attribute(".reader-tools button[data-contrast]", "aria-pressed") == "true"
    page.click(".reader-tools button[data-size='']")
    page.click(".reader-tools button[data-contrast]")
    page.reload()
    assert page.evaluate(root_px) == "16px"
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") != "rgb(0, 0, 0)"
    assert page.evaluate(f"() => JSON.parse(localStorage.getItem('{READER_KEY}'))") == {"size": "", "contrast": False}
    context.close()


def test_back_to_top_appears_on_long_pages_only(site, browser):
    out, _ = site
    context = browser.new_context(viewport={"width": 390, "height": 844}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(url(out, f"{SIGNED}/index.html"))
    button = page.locator("a.back-to-top")
    assert not button.is_visible()
    page.evaluate("window.scrollTo(0, 3 * innerHeight)")
    page.wait_for_function("document.documentElement.classList.contains('back-to-top-shown')")
    assert button.is_visible()
    box = button.bounding_box()
    assert box["y"] + box["height"] <= 844 and box["x"] + box["width"] <= 390, "floats inside the screen"
    button.click()
    page.wait_for_function("window.scrollY === 0")
    page.wait_for_function("!document.documentElement.classList.contains('back-to-top-shown')")
    # A page shorter than three screens never shows it.
    page.goto(url(out, "archive/index.html"))
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(200)
    assert not button.is_visible()
    context.close()


def test_toc_titles_look_like_links_without_hover(site, browser):
    out, _ = site
    page = browser.new_page()
    page.goto(url(out, "2022-03/index.html"))
    titles = page.locator("a.toc-title")
    assert titles.count() == 15
    look = titles.first.evaluate("a => { const s = getComputedStyle(a), t = getComputedStyle(document.body);"
                                 " return [s.textDecorationLine, s.color !== t.color]; }")
    assert look == ["underline", True]
    page.close()


# ---------- 部门索引筛选 ----------

def test_department_filter_over_file(site, browser):
    out, result = site
    departments = result.site.departments
    page = browser.new_page()
    page.goto(url(out, "departments/index.html"))
    items = page.locator(".dept-list li")
    assert items.count() == len(departments) and page.is_visible("#dept-filter-input")
    assert page.inner_text("#dept-filter-status") == f"共 {len(departments)} 个部门"
    page.fill("#dept-filter-input", "财政")
    expected = sorted(d.name for d in departments if any("财政" in n for n in [d.name, *d.aliases]))
    assert expected and sorted(page.locator(".dept-list li:visible a").all_inner_texts()) == expected
    assert page.inner_text("#dept-filter-status") == f"找到 {len(expected)} 个部门（共 {len(departments)} 个）"
    groups = {d.group for d in departments if d.name in expected}
    assert page.locator(".dept-group:visible").count() == len(groups), "groups without a match are hidden"
    page.fill("#dept-filter-input", "没有这个部门")
    assert page.locator(".dept-list li:visible").count() == 0
    assert page.inner_text("#dept-filter-status") == "没有名称含“没有这个部门”的部门"
    page.fill("#dept-filter-input", "")
    assert page.locator(".dept-list li:visible").count() == len(departments)
    page.close()


# ---------- 没有 JavaScript ----------

def test_without_javascript_the_search_page_says_what_it_needs(site, browser):
    out, _ = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url(out, "search/index.html"))
    said = page.inner_text("main")
    assert "需要浏览器启用 JavaScript" in said and said.count("JavaScript") == 2, "said once, not twice"
    assert not page.is_visible(".search-filters"), "no empty filter menus"
    assert not page.is_visible(".reader-tools"), "controls that need a script are not offered"
    page.goto(url(out, "departments/index.html"))
    assert not page.is_visible(".dept-filter")
    assert page.is_visible("a.back-to-top"), "a plain link at the end of the page"
    context.close()


@pytest.mark.parametrize("size", ["l", "xl"])
def test_large_text_on_a_phone_never_scrolls_sideways(site, browser, size):
    out, _ = site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(url(out, "index.html"))
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [READER_KEY, f'{{"size": "{size}", "contrast": true}}'])
    for name in ("index.html", "2022-03/index.html", f"{SIGNED}/index.html", "2022-03/wzbf-2022-37/index.html",
                 "departments/index.html", "departments/czj/index.html", "search/index.html", "archive/2022/index.html"):
        page.goto(url(out, name))
        assert page.evaluate("s => document.documentElement.classList.contains('size-' + s)", size)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    context.close()
