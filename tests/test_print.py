"""Print to PDF in Chromium, read back with pdftotext (poppler-utils): where the printout came from,
no empty or screen-only sections, headings never last on a page, the 落款 on the right."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import build
from pages import squash
from readersite import JOINT, SIGNED, reader_site

SOURCE = "《五台县人民政府公报》"
BASE_URL = "https://www.wutai.gov.cn/gongbao/"
SCREEN_ONLY = ["字号", "高对比度", "回到顶部", "本文目录", "本文涉及的部门", "上一篇", "下一篇", "跳到正文", "搜索"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: run tests/run.sh, which installs Debian's poppler-utils")
    root = reader_site(tmp_path_factory.mktemp("print") / "site")
    result = build(root)
    assert result.ok, "\n".join(map(str, result.problems.errors))
    return result


@pytest.fixture(scope="module")
def pdfs(site, browser, tmp_path_factory):
    """Print a built page to an A4 PDF as a reader's browser would (no background graphics)."""
    folder = tmp_path_factory.mktemp("pdf")
    page = browser.new_page()
    made: dict[str, Path] = {}

    def pdf(url: str) -> Path:
        if url not in made:
            page.goto((site.out / url).resolve().as_uri())
            made[url] = folder / f"{len(made)}.pdf"
            page.pdf(path=str(made[url]), format="A4", print_background=False)
        return made[url]

    yield pdf
    page.close()


def pages_text(pdf: Path) -> list[str]:
    """Text of each page of a PDF."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_document_printout_says_where_it_came_from(site, pdfs):
    first = pages_text(pdfs(f"{SIGNED}/index.html"))[0]
    assert squash(f"{SOURCE}2022年第3期 第15页") in squash(first)
    assert f"{BASE_URL}{SIGNED}/" in first
    assert squash(first).index(squash(SOURCE)) < squash(first).index("五台县人民政府办公室关于进一步加强"), "above the title"


def test_issue_and_year_printouts_say_where_they_came_from(site, pdfs):
    issue = pages_text(pdfs("2022-03/index.html"))[0]
    assert squash(f"{SOURCE}2022年第3期（总第9期）") in squash(issue) and f"{BASE_URL}2022-03/" in issue
    year = pages_text(pdfs("archive/2022/index.html"))[0]
    assert squash(f"{SOURCE}2022年文件一览") in squash(year) and f"{BASE_URL}archive/2022/" in year


def test_printout_has_no_empty_or_screen_only_sections(site, pdfs):
    cited = "".join(pages_text(pdfs(f"{SIGNED}/index.html")))
    assert "被以下文件引用" in cited and "资金审计工作的联合通知" in cited
    uncited = "".join(pages_text(pdfs(f"{JOINT}/index.html")))
    assert "被以下文件引用" not in uncited and "暂无" not in uncited
    for text in (cited, uncited):
        assert not [word for word in SCREEN_ONLY if word in text]


def test_headings_are_never_the_last_line_of_a_page(site, pdfs):
    checked = 0
    for doc in site.site.documents:
        headings = [squash(h.text) for h in doc.outline]
        pages = pages_text(pdfs(doc.url))
        for number, text in enumerate(pages[:-1], 1):
            lines = [squash(line) for line in text.splitlines() if line.strip()]
            last = lines[-1] if lines else ""
            assert not any(h == last or (len(last) >= 4 and h.endswith(last)) for h in headings), \
                f"{doc.url}: page {number} ends with the heading {last}"
            checked += 1
    assert checked >= 30, "the long documents fill several pages"


def test_signature_prints_on_the_right(site, pdfs):
    pdf = pdfs(f"{SIGNED}/index.html")
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>2022年6月7日</word>', bbox)
    assert words, "the date of the 落款 is printed"
    x_min, x_max = map(float, words[-1])
    assert x_min > width / 2 and width - x_max < width / 4


def test_reader_mode_does_not_change_the_printout(site, pdfs, browser, tmp_path):
    standard = pages_text(pdfs(f"{SIGNED}/index.html"))
    page = browser.new_page()
    page.goto((site.out / "index.html").resolve().as_uri())
    page.evaluate("localStorage.setItem('wutai-gazette-reader', '{\"size\": \"xl\", \"contrast\": true}')")
    page.goto((site.out / SIGNED / "index.html").resolve().as_uri())
    assert "contrast" in page.evaluate("document.documentElement.className")
    page.emulate_media(media="print")
    looks = page.evaluate("""() => { const r = getComputedStyle(document.documentElement), b = getComputedStyle(document.body);
        return [r.fontSize, b.color, b.backgroundColor]; }""")
    assert looks == ["16px", "rgb(0, 0, 0)", "rgb(255, 255, 255)"], "black on white, normal size, on paper"
    page.pdf(path=str(tmp_path / "large.pdf"), format="A4", print_background=False)
    page.close()
    assert pages_text(tmp_path / "large.pdf") == standard
