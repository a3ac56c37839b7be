"""A whole issue whose 目录 lists documents by title alone (tests/importer_fixtures/issue_titles.py): printed by
Chromium with a running head and page numbers, imported from the PDF and from both pdftotext texts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from gazette.importer import import_lines, import_text, inputs

sys.path.insert(0, str(REPO / "tests" / "importer_fixtures"))
from issue_titles import EXPECTED, issue_html  # noqa: E402
from typeset import Style, print_pdf  # noqa: E402


@pytest.fixture(scope="module")
def printed(browser, tmp_path_factory) -> Path:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: run tests/run.sh, which installs Debian's poppler-utils")
    folder = tmp_path_factory.mktemp("issue-titles")
    for name, numbered in (("numbered", True), ("unnumbered", False)):
        pdf = print_pdf(browser, issue_html(numbered), folder / f"{name}.pdf", Style(head="五台县人民政府公报　2024年第2期"))
        for route, mode in (("layout", ["-layout"]), ("plain", [])):
            subprocess.run(["pdftotext", *mode, str(pdf), str(folder / f"{name}.{route}.txt")], check=True)
    return folder


def _import(folder: Path, name: str, route: str):
    if route == "pdf":
        src = inputs.read_source(str(folder / f"{name}.pdf"))
        return import_lines(src.pdf.lines, src.pdf.furniture, "2024-02")
    return import_text(inputs.read_source(str(folder / f"{name}.{route}.txt")).text, "2024-02")


@pytest.mark.parametrize("route", ["pdf", "layout", "plain"])
@pytest.mark.parametrize("toc", ["numbered", "unnumbered"])
def test_documents_listed_by_title_alone_are_found_by_their_title(printed, toc, route):
    """Numbered: 1、title　文号……（3）. Unnumbered (as 国务院公报 prints it): title（文号）……3, the 文号 wrapped.
    A document without 文号 is found by its title; one whose body prints no title takes the 目录's."""
    result = _import(printed, toc, route)
    got = [(d.title, d.doc_number, d.issuer, d.date, d.addressees, d.toc_title or None) for d in result.documents]
    assert got == EXPECTED
    assert [(d.category, d.page) for d in result.documents] == [("县政府文件", p) for p in (3, 5, 7, 9, 11, 13)]
    assert result.dropped == [] and not [r.message for r in result.report if r.severity == "错误"]
    assert any("目录标题与正文不同，以正文为准；只是标点或全角半角不同" in r.message for r in result.report)
    assert any("正文中没有标题，标题取自目录第 6 条" in r.message for r in result.report)
    bodies = [v.split("---\n", 2)[2] for k, v in sorted(result.files.items()) if not k.endswith("issue.md")]
    # Each body holds its own text only: the next document's title never ends the one before.
    assert not any("政府工作报告" in b for b in bodies if "五台县农村集体资产管理办法" in b)
    assert any(b.startswith("\n（2024年6月7日县人民政府第25次常务会议通过）\n\n第一条 ") for b in bodies)
    assert any(b.endswith("一般公共预算收入增长7.1%。\n") and "\n县长 刘建华\n\n各位代表：\n" in b for b in bodies)
