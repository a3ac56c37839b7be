"""data/issues.json and data/documents/*.json: complete, in TOC order, stable bytes."""

from __future__ import annotations

import json
from pathlib import Path

from test_feeds import DOCS, make_site  # shared fixture site (tests/ is on sys.path under pytest)

from gazette import pipeline

BASE = "https://www.wutai.gov.cn/gongbao/"


def build(tmp_path: Path, name: str = "out") -> Path:
    root = tmp_path / "site" if (tmp_path / "site").exists() else make_site(tmp_path)
    out = tmp_path / name
    result = pipeline.build(root, out)
    assert result.ok, result.problems.errors
    return out


def test_issues_json_lists_issues_and_documents_in_order(tmp_path):
    out = build(tmp_path)
    issues = json.loads((out / "data" / "issues.json").read_text(encoding="utf-8"))["issues"]
    assert [i["id"] for i in issues] == ["2022-03", "2022-02"]
    latest = issues[0]
    assert (latest["year"], latest["number"], latest["total_number"]) == (2022, 3, 9)
    assert latest["published"] == "2022-07-18"
    assert latest["period"] == {"start": "2022-06-13", "end": "2022-07-18"}
    assert issues[1]["period"] is None
    assert latest["url"] == BASE + "2022-03/"
    assert (out / latest["path"]).is_file()
    # TOC order: category order of site.toml, then page
    assert [d["doc_number"] for d in latest["documents"]] == ["五政发〔2022〕22号", "五政办发〔2022〕31号"]
    for doc in latest["documents"]:
        assert doc["url"].startswith(BASE) and doc["url"].endswith("/")
        assert (out / doc["path"]).is_file()
        assert (out / doc["data"]).is_file()
        assert doc["title"]


def test_one_file_per_document_with_every_field(tmp_path):
    out = build(tmp_path)
    files = sorted(p.name for p in (out / "data" / "documents").iterdir())
    assert files == sorted(f"{p.split('/')[0]}--{Path(p).stem}.json" for p in DOCS)
    record = json.loads((out / "data" / "documents" / "2022-03--wzbf-2022-31.json").read_text(encoding="utf-8"))
    assert set(record) == {"doc_number", "title", "issuer", "date", "category", "page", "addressees",
                           "issue", "departments", "url", "path"}
    assert record["doc_number"] == "五政办发〔2022〕31号"
    assert record["issuer"] == "五台县人民政府办公室"
    assert record["date"] == "2022-06-07"
    assert record["category"] == "县政府办文件"
    assert record["page"] == 15
    assert record["addressees"] == "各乡（镇）人民政府，县直各局、办"
    assert record["issue"] == {"id": "2022-03", "label": "2022年第3期", "total_number": 9}
    assert record["url"] == BASE + "2022-03/wzbf-2022-31/"
    assert record["path"] == "2022-03/wzbf-2022-31/index.html"
    names = {d["name"] for d in record["departments"]}
    assert {"县财政局", "县水利局"} <= names
    assert [d["id"] for d in record["departments"]] == sorted(d["id"] for d in record["departments"])


def test_json_format_is_canonical(tmp_path):
    out = build(tmp_path)
    for path in (out / "data").rglob("*.json"):
        text = path.read_text(encoding="utf-8")
        assert text.endswith("}\n") and not text.endswith("\n\n")
        assert "\\u" not in text  # Chinese kept as is
        assert text == json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False, indent=1) + "\n"


def test_dumps_writes_the_json_modules_bytes():
    from markupsafe import Markup

    from gazette.data import dumps

    values = [{}, [], "", 0, None, {"b": [], "a": {}, "c": [[], [{}], {"x": [1, -2, 3.5, True, False, None]}]},
              {"文号": "五政办发〔2022〕31号", "q": 'say "hi"\\\n\t\u2028\x00', "m": Markup("<b>"), "t": ("a", 1)},
              [{"nested": {"deep": [{"deeper": ["法", 1e20, float("inf")]}]}}]]
    for value in values:
        assert dumps(value) == json.dumps(value, sort_keys=True, ensure_ascii=False, indent=1) + "\n", value


def test_byte_identical_across_builds(tmp_path):
    a, b = build(tmp_path, "a"), build(tmp_path, "b")
    files_a = sorted(p.relative_to(a) for p in (a / "data").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in (b / "data").rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
