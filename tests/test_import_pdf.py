"""PDF input: the shipped issue typeset by Chromium (running heads, page numbers, 目录 over two pages)
and imported back; print variants; single documents of other layouts; a scanned PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

sys.path.insert(0, str(REPO / "tests" / "importer_fixtures"))
from typeset import Style, issue_html, print_pdf  # noqa: E402

CONTENT = REPO / "content" / "2022-03"
IMPORTER_KEYS = ("title", "doc_number", "issuer", "date", "category", "page", "addressees", "toc_title", "toc_doc_number")


def _split(text: str) -> tuple[dict, str]:
    _, fm, body = text.split("---\n", 2)
    return yaml.safe_load(fm), body


def _run(pdf: Path, out: Path, issue: str = "2022-03") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(REPO), "import", str(pdf),
                           "--issue", issue, "--out", str(out)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def issue_pdf(browser, tmp_path_factory) -> Path:
    """The shipped issue printed by Chromium: cover, 目录 over two pages, running head and —N— on every page."""
    return print_pdf(browser, issue_html(CONTENT), tmp_path_factory.mktemp("pdf") / "公报.pdf")


def test_pdf_of_the_shipped_issue_reproduces_its_documents(issue_pdf, tmp_path):
    run = _run(issue_pdf, tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert "丢失字符数：0" in run.stdout and "错误 0 条" in run.stdout
    made = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "2022-03").glob("*.md")}
    shipped = {p.name: p.read_text(encoding="utf-8") for p in CONTENT.glob("*.md")}
    assert sorted(made) == sorted(shipped) and len(made) == 15
    exact = total = 0
    for name, text in shipped.items():
        fm_made, body_made = _split(made[name])
        fm_kept, body_kept = _split(text)
        if name == "issue.md":
            assert fm_made == fm_kept
            continue
        assert {k: fm_made.get(k) for k in IMPORTER_KEYS} == {k: fm_kept.get(k) for k in IMPORTER_KEYS}, name
        blocks_made, blocks_kept = body_made.split("\n\n"), body_kept.split("\n\n")
        # Same paragraphs, headings and 落款, in the same order, with the same characters.
        assert [re.sub(r"\s", "", b) for b in blocks_made] == [re.sub(r"\s", "", b) for b in blocks_kept], name
        exact += sum(a == b for a, b in zip(blocks_made, blocks_kept))
        total += len(blocks_kept)
    # A space printed where a line wraps is not in the print at all (Chromium drops it): a handful
    # of blocks differ by one such space, nothing else.
    assert total > 700 and total - exact <= 10, (exact, total)
    furniture = re.compile(r"五台县人民政府公报|—\d+—")
    assert not [n for n, t in made.items() if furniture.search(_split(t)[1])]


def test_print_variants_running_head_footer_toc_leaders_and_number_above_title(browser, tmp_path):
    style = Style(head="县政府办文件", footer="- {n} -", leader="……{p}", title_first=False)
    pdf = print_pdf(browser, issue_html(CONTENT, style), tmp_path / "v.pdf", style)
    run = _run(pdf, tmp_path / "out")
    assert run.returncode == 0, run.stdout + run.stderr
    for path in (tmp_path / "out" / "2022-03").glob("wz*.md"):
        fm, body = _split(path.read_text(encoding="utf-8"))
        kept, _ = _split((CONTENT / path.name).read_text(encoding="utf-8"))
        assert (fm["title"], fm["page"], fm["category"]) == (kept["title"], kept["page"], kept["category"]), path.name
        assert not re.search(r"^- \d+ -$|^县政府办文件$", body, re.M), path.name


RED_HEAD = """<style>body{font-size:16pt;line-height:1.6} p{margin:0;text-indent:2em} .c{text-align:center;text-indent:0}
.r{text-align:right;padding-right:2em} .f{text-indent:0} h1{font-size:20pt;text-align:center}
table{border-collapse:collapse;width:100%} td{border:1px solid #000;padding:2pt 4pt;font-size:12pt}
.rec{border-top:1px solid #000;border-bottom:1px solid #000;margin-top:2em} .rec p{text-indent:0.5em}</style>"""


def _doc(browser, tmp_path: Path, name: str, body: str, head: str = "") -> subprocess.CompletedProcess:
    pdf = print_pdf(browser, f"<meta charset='utf-8'>{RED_HEAD}{body}", tmp_path / f"{name}.pdf",
                    Style(head=head, footer="— {n} —"))
    return _run(pdf, tmp_path / "out", "2023-01")


def _only(tmp_path: Path) -> tuple[dict, str]:
    docs = [p for p in (tmp_path / "out" / "2023-01").glob("*.md") if p.name != "issue.md"]
    assert len(docs) == 1, docs
    return _split(docs[0].read_text(encoding="utf-8"))


def test_red_header_without_signature_issuer_from_masthead_table_and_record(browser, tmp_path):
    body = """<p class="c" style="color:#c00;font-size:26pt">五台县财政局文件</p><p class="c">五财发〔2023〕5号</p>
<h1>五台县财政局关于下达2023年度乡镇财政所业务经费的通知</h1><p class="f">各乡（镇）财政所：</p>
<p>现将2023年度乡镇财政所业务经费下达给你们，请按规定使用。</p>
<table><tr><td>序号</td><td>乡镇</td><td>人数</td><td>金额（万元）</td></tr>
<tr><td>1</td><td>台城镇</td><td>6</td><td>12.5</td></tr><tr><td>2</td><td>东冶镇</td><td></td><td>9.8</td></tr>
<tr><td>合计</td><td></td><td>15</td><td>22.3</td></tr></table>
<p class="r">2023年3月15日</p>
<div class="rec"><p>抄送：县委办，县人大办，县政协办。</p><p>五台县财政局办公室　　　2023年3月16日印发</p></div>"""
    run = _doc(browser, tmp_path, "redhead", body)
    assert "Traceback" not in run.stderr
    fm, text = _only(tmp_path)
    assert (fm["doc_number"], fm["issuer"], str(fm["date"])) == ("五财发〔2023〕5号", "五台县财政局", "2023-03-15")
    assert fm["title"] == "五台县财政局关于下达2023年度乡镇财政所业务经费的通知"
    assert fm["addressees"] == "各乡（镇）财政所"
    assert "| 序号 | 乡镇 | 人数 | 金额（万元） |\n|---|---|---|---|\n| 1 | 台城镇 | 6 | 12.5 |\n| 2 | 东冶镇 |  | 9.8 |" in text
    assert "| 合计 |  | 15 | 22.3 |" in text
    assert "发文机关取自版头" in run.stdout
    # The 版记 stays apart from the body text: its own paragraphs after the 落款, the 印发 line marked.
    assert "\n抄送：县委办，县人大办，县政协办。\n" in text and "::: 落款\n五台县财政局办公室" in text
    assert "五台县财政局文件" not in text


def test_decree_and_title_before_number(browser, tmp_path):
    decree = """<p class="c" style="color:#c00;font-size:26pt">五台县人民政府令</p><p class="c">第3号</p>
<p>《五台县城市供水管理办法》已经2023年4月28日县人民政府第12次常务会议通过，现予公布，自2023年7月1日起施行。</p>
<p class="r">县长　王建国</p><p class="r">2023年5月8日</p><h1>五台县城市供水管理办法</h1>
<p class="c">第一章　总　则</p><p>第一条　为了加强城市供水管理，保障城市生活、生产用水，制定本办法。</p>"""
    run = _doc(browser, tmp_path / "d", "decree", decree)
    assert "Traceback" not in run.stderr
    fm, text = _only(tmp_path / "d")
    assert (fm["title"], fm["issuer"], str(fm["date"])) == ("五台县城市供水管理办法", "五台县人民政府", "2023-05-08")
    assert "五台县人民政府令第3号" in run.stdout
    first = """<h1>达州市人民政府办公室关于做好2022年防汛工作的通知</h1><p class="c">达市府办〔2022〕12号</p>
<p class="f">各县（市、区）人民政府，市级各部门：</p><p>为做好今年防汛工作，现将有关事项通知如下。</p>
<p>一、压实防汛责任。各地要落实以行政首长负责制为核心的防汛责任制。</p>
<p class="r">达州市人民政府办公室</p><p class="r">2022年5月20日</p>"""
    _doc(browser, tmp_path / "t", "first", first)
    fm, text = _only(tmp_path / "t")
    assert (fm["title"], fm["doc_number"], fm["issuer"]) == ("达州市人民政府办公室关于做好2022年防汛工作的通知",
                                                             "达市府办〔2022〕12号", "达州市人民政府办公室")
    assert fm["addressees"] == "各县（市、区）人民政府，市级各部门"
    assert "::: 落款\n达州市人民政府办公室\n\n2022年5月20日\n:::" in text


def test_scanned_pdf_without_text_layer_is_a_clear_error(browser, tmp_path):
    shapes = "".join(f'<rect x="{10 + i * 12}" y="20" width="8" height="30"/>' for i in range(40))
    pdf = print_pdf(browser, f"<svg width='600' height='800'>{shapes}</svg>", tmp_path / "scan.pdf", Style(head="", footer=""))
    run = _run(pdf, tmp_path / "out")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "扫描版" in run.stderr and not (tmp_path / "out").exists()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs Debian's poppler-utils (pdftotext)")
def test_text_extracted_by_pdftotext_with_or_without_layout_imports_all_fourteen(issue_pdf, tmp_path):
    """The text route of the README still works: furniture by repetition across form-feed pages."""
    for mode in (["-layout"], []):
        text = tmp_path / f"issue{len(mode)}.txt"
        subprocess.run(["pdftotext", *mode, str(issue_pdf), str(text)], check=True)
        out = tmp_path / f"out{len(mode)}"
        run = _run(text, out)
        assert run.returncode == 0, run.stdout + run.stderr
        assert "丢失字符数：0" in run.stdout and "错误 0 条" in run.stdout
        for path in CONTENT.glob("wz*.md"):
            made, _ = _split((out / "2022-03" / path.name).read_text(encoding="utf-8"))
            kept, _ = _split(path.read_text(encoding="utf-8"))
            assert {k: made.get(k) for k in IMPORTER_KEYS} == {k: kept.get(k) for k in IMPORTER_KEYS}, (mode, path.name)
