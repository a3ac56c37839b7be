"""Measure the importer once on ../shared/holdout (never tune to it): field accuracy, characters lost, furniture left.

Run: python3 tests/importer_fixtures/measure_holdout.py   (prints a table; not part of the test suite)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from gazette import docnumber  # noqa: E402
from gazette.importer import import_text  # noqa: E402
from gazette.importer.text import fold, parse_date  # noqa: E402

HOLDOUT = ROOT.parent / "shared" / "holdout"
_PAGE_RE = re.compile(r"^\s*[-－—–]\s*\d{1,3}\s*[-－—–]\s*$|^第\s*\d+\s*页", re.M)


def records(name: str, body_mark: str):
    """(metadata, body) of each record of a holdout file."""
    text = (HOLDOUT / name).read_text(encoding="utf-8")
    for chunk in re.split(r"^==== .* ====$", text, flags=re.M)[1:]:
        head, _, body = chunk.partition(body_mark)
        meta = {}
        for line in head.splitlines():
            if m := re.match(r"^\[?([^\]:：]+)\]?\s*[:：]?\s*(.*)$", line.strip()):
                meta[m[1].strip()] = m[2].strip()
        yield meta, body.split("\n==== ")[0]


def norm_num(s: str) -> str:
    s = s.replace("\u200b", "").replace(" ", "")
    return docnumber.normalise(s) or s


def main() -> None:
    rows = []
    totals = {"文号": [0, 0], "发文机关": [0, 0], "成文日期": [0, 0], "标题": [0, 0], "主送(找到)": [0, 0]}
    lost = chars = furniture = 0
    sets = [("govcn-state-council-2018-2019.txt", "---- 正文 ----", "发文字号", "发文机关", "成文日期", "标题"),
            ("beijing-municipal-docs.txt", "---- 正文 ----", "发文字号", "发文机关", "成文日期", "标题"),
            ("pdf-extracted-local-docs.txt", "---- pdftotext ----", None, None, None, None)]
    for name, mark, k_num, k_iss, k_date, k_title in sets:
        for meta, body in records(name, mark):
            if not body.strip():
                continue
            try:
                result = import_text(body, "2023-01")
            except ValueError:
                continue
            doc = result.documents[0] if result.documents else None
            chars += len(fold(body))
            lost += sum(len(s) for _, s in result.dropped)
            for path, content in result.files.items():
                if not path.endswith("issue.md"):
                    furniture += sum(len(m) for m in _PAGE_RE.findall(content.split("---\n", 2)[2]))
            if k_num is None:  # 说明: issuer 文号
                desc = meta.get("说明", "")
                m = re.match(r"^(\S+)\s+(\S+〔\d{4}〕\s*\d+\s*号)", desc)
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
            rows.append(name)
    print("| 字段 | 正确 | 总数 | 比例 |\n|---|---:|---:|---:|")
    for field, (ok, n) in totals.items():
        print(f"| {field} | {ok} | {n} | {ok / n:.1%} |" if n else f"| {field} | – | 0 | – |")
    print(f"\n文件数 {len(rows)}；丢失字符 {lost} / {chars}；正文中残留页码字符 {furniture}（{furniture / max(chars, 1):.4%}）")


if __name__ == "__main__":
    main()
