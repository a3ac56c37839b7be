"""Measure the importer on the team's own material: the red-header documents (redheads.py, redheads_layouts.py,
redheads_titles.py), each printed by Chromium and read four ways (the PDF, pdftotext -layout, plain pdftotext,
the page's text as a browser copies it), and the whole issue of issue_titles.py (its 目录 numbered and not; PDF
and both pdftotext texts). Prints, per group, how many reads have each field right and how many are right in all.

Run: python3 tests/importer_fixtures/measure_own.py [--code DIR]   (not part of the test suite; about 30 s)

--code DIR measures the importer of another checkout (e.g. `git archive main | tar -x -C DIR`), so that the
figures before and after a change come from one script and one run of Chromium.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FIELDS = ("title", "doc_number", "issuer", "date", "addressees")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose importer is measured")
    args = parser.parse_args()
    sys.path[:0] = [str(args.code.resolve()), str(HERE), str(ROOT / "tests")]
    from issue_titles import EXPECTED, issue_html
    from playwright.sync_api import sync_playwright
    from redheads import CSS, SAMPLES
    from redheads_layouts import MORE
    from redheads_titles import TITLES
    from typeset import Style, print_pdf

    from conftest import CHROMIUM, CHROMIUM_ARGS
    from gazette.importer import import_lines, import_text, inputs

    def read(path: Path, route: str, issue: str):
        if route == "pdf":
            src = inputs.read_source(str(path))
            return import_lines(src.pdf.lines, src.pdf.furniture, issue)
        return import_text(inputs.read_source(str(path.with_suffix(f".{route}.txt"))).text, issue)

    def texts(pdf: Path) -> None:
        for route, mode in (("layout", ["-layout"]), ("plain", [])):
            subprocess.run(["pdftotext", *mode, str(pdf), str(pdf.with_suffix(f".{route}.txt"))], check=True)

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        folder = Path(tmp)
        for group, samples in (("redheads.py", SAMPLES), ("redheads_layouts.py", MORE), ("redheads_titles.py", TITLES)):
            right = dict.fromkeys(FIELDS, 0)
            whole = n = 0
            for s in samples:
                pdf = print_pdf(browser, f"<meta charset='utf-8'>{CSS}{s.html}", folder / f"{s.name}.pdf",
                                Style(head="", footer="— {n} —"))
                texts(pdf)
                page = browser.new_page()
                page.set_content(f"<meta charset='utf-8'>{CSS}{s.html}")
                pdf.with_suffix(".web.txt").write_text(page.inner_text("body"), encoding="utf-8")
                page.close()
                want = (s.title, s.doc_number, s.issuer, s.date, s.addressees or "")
                for route in ("pdf", "layout", "plain", "web"):
                    try:
                        result = read(pdf, route, "2024-01")
                        doc = result.documents[0] if len(result.documents) == 1 else None
                        bad = bool(result.dropped) or any(r.severity == "错误" for r in result.report)
                    except ValueError:
                        doc, bad = None, True
                    got = tuple(getattr(doc, f) or "" for f in FIELDS) if doc else ("",) * 5
                    n += 1
                    for f, g, w in zip(FIELDS, got, want):
                        right[f] += g == w
                    whole += got == want and not bad
            rows.append((f"{group}（{len(samples)} 件 × 4 种读法）", right, whole, n))
        right = dict.fromkeys(FIELDS, 0)
        whole = n = 0
        for name, numbered in (("numbered", True), ("unnumbered", False)):
            pdf = print_pdf(browser, issue_html(numbered), folder / f"{name}.pdf", Style(head="五台县人民政府公报　2024年第2期"))
            texts(pdf)
            for route in ("pdf", "layout", "plain"):
                result = read(pdf, route, "2024-02")
                got = [tuple(getattr(d, f) or "" for f in FIELDS) for d in result.documents]
                n += len(EXPECTED)
                if len(got) != len(EXPECTED):
                    continue  # documents missed or merged: no field of this read counts as right
                for g, exp in zip(got, EXPECTED):
                    for f, a, b in zip(FIELDS, g, exp):
                        right[f] += a == b
                    whole += g == exp[:5] and not result.dropped
        rows.append((f"issue_titles.py（整期 {len(EXPECTED)} 件 × 2 种目录 × 3 种读法）", right, whole, n))
        browser.close()
    print(f"代码：{args.code.resolve()}\n")
    print("| 材料 | 标题 | 文号 | 发文机关 | 成文日期 | 主送 | 全对 |\n|---|---:|---:|---:|---:|---:|---:|")
    for label, right, whole, n in rows:
        print(f"| {label} | " + " | ".join(f"{right[f]}/{n}" for f in FIELDS) + f" | {whole}/{n} |")


if __name__ == "__main__":
    main()
