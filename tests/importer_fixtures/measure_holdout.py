"""Measure the importer once on ../shared/holdout (never tune to it): field accuracy, characters lost, furniture left.

Run: python3 tests/importer_fixtures/measure_holdout.py [--code DIR]   (prints a table; not part of the test suite)

--code DIR measures the importer of another checkout (e.g. `git archive main | tar -x -C DIR`), so that
the figures before and after a change come from one script and one run. No document text is printed.

Each record's text goes through what `build.py import` does with a text file: the character check
(invisible characters removed, radical code points mapped), then the import. Fields are scored against
the set's own answer lines: 发文字号/发文机关/成文日期/标题 (gov.cn), 发文字号/成文日期/标题 (Beijing: its
issuer field is named 发文机构 and is not scored, as in the first measurement), 说明 = "issuer 文号"
(PDF extracts). The set has no answers for 主送: only whether one was found is counted. An import that
raises counts as wrong in every field; one whose report has errors (the CLI writes nothing) is counted.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOLDOUT = ROOT.parent / "shared" / "holdout"
_PAGE_RE = re.compile(r"^\s*[-－—–]\s*\d{1,3}\s*[-－—–]\s*$|^第\s*\d+\s*页", re.M)
SETS = [("govcn-state-council-2018-2019.txt", "---- 正文 ----", "发文字号", "发文机关", "成文日期", "标题"),
        ("beijing-municipal-docs.txt", "---- 正文 ----", "发文字号", "发文机关", "成文日期", "标题"),
        ("pdf-extracted-local-docs.txt", "---- pdftotext ----", None, None, None, None)]


def records(folder: Path, name: str, body_mark: str):
    """(metadata, body) of each record of a holdout file."""
    text = (folder / name).read_text(encoding="utf-8")
    for chunk in re.split(r"^==== .* ====$", text, flags=re.M)[1:]:
        head, _, body = chunk.partition(body_mark)
        meta = {}
        for line in head.splitlines():
            if m := re.match(r"^\[?([^\]:：]+)\]?\s*[:：]?\s*(.*)$", line.strip()):
                meta[m[1].strip()] = m[2].strip()
        yield meta, body.split("\n==== ")[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose importer is measured")
    parser.add_argument("--holdout", type=Path, default=HOLDOUT, help="folder of the held-out set")
    args = parser.parse_args()
    code = args.code.resolve()
    sys.path.insert(0, str(code))
    from gazette import docnumber
    from gazette.importer import import_text
    from gazette.importer.inputs import check_characters
    from gazette.importer.text import fold, parse_date

    def norm_num(s: str) -> str:
        s = s.replace("\u200b", "").replace(" ", "")
        return docnumber.normalise(s) or s

    totals = {"文号": [0, 0], "发文机关": [0, 0], "成文日期": [0, 0], "标题": [0, 0], "主送(找到)": [0, 0]}
    lost = chars = furniture = docs = raised = refused = 0
    for name, mark, k_num, k_iss, k_date, k_title in SETS:
        for meta, body in records(args.holdout, name, mark):
            if not body.strip():
                continue
            docs += 1
            text, checked = check_characters(body)
            chars += len(fold(body))
            try:
                result = import_text(text, "2023-01")
            except ValueError:
                result = None
                raised += 1
            doc = result.documents[0] if result and result.documents else None
            if result is not None:
                lost += sum(len(s) for _, s in result.dropped)
                refused += any(r.severity == "错误" for r in result.report + checked)
                for path, content in result.files.items():
                    if not path.endswith("issue.md"):
                        furniture += sum(len(m) for m in _PAGE_RE.findall(content.split("---\n", 2)[2]))
            if k_num is None:  # 说明: issuer 文号
                m = re.match(r"^(\S+)\s+(\S+〔\d{4}〕\s*\d+\s*号)", meta.get("说明", ""))
                truth = {"文号": norm_num(m[2]), "发文机关": m[1]} if m else {}
            else:
                truth = {"文号": norm_num(meta.get(k_num, "")), "发文机关": meta.get(k_iss, "").replace("\u200b", ""),
                         "成文日期": parse_date(meta.get(k_date, "")) or meta.get(k_date, ""),
                         "标题": fold(meta.get(k_title, "").replace("\u200b", ""))}
            got = {"文号": doc.doc_number if doc else "", "发文机关": doc.issuer if doc else "",
                   "成文日期": doc.date if doc else "", "标题": fold(doc.title) if doc else ""}
            for field, want in truth.items():
                if not want:
                    continue
                totals[field][1] += 1
                ok = got[field] == want or (field == "发文机关" and set(re.split(r"[、\s]", want)) == set(got[field].split("、")))
                totals[field][0] += ok
            totals["主送(找到)"][1] += 1
            totals["主送(找到)"][0] += bool(doc and doc.addressees)
    print(f"代码：{code}")
    print("| 字段 | 正确 | 总数 | 比例 |\n|---|---:|---:|---:|")
    for field, (ok, n) in totals.items():
        print(f"| {field} | {ok} | {n} | {ok / n:.1%} |" if n else f"| {field} | – | 0 | – |")
    print(f"\n文件数 {docs}；导入异常 {raised}；报告有错误（不写入）{refused}；丢失字符 {lost} / {chars}（{lost / max(chars, 1):.2%}）；"
          f"正文中残留页码字符 {furniture}（{furniture / max(chars, 1):.4%}）")


if __name__ == "__main__":
    main()
