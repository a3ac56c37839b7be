"""Every content error is reported as path:line: message, all in one run, with no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, build, make_site, tree_digest

SITES = REPO / "tests" / "sites"
CASES = sorted(p.name for p in SITES.iterdir() if p.is_dir())


def run_build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root)],
                          capture_output=True, text=True, timeout=120)


def reported(stderr: str) -> str:
    """The problem lines and the summary, without progress lines."""
    return "".join(line + "\n" for line in stderr.splitlines() if not line.startswith("…"))


@pytest.mark.parametrize("case", CASES)
def test_fixture_site_reports_expected_problems(case, tmp_path):
    root = make_site(tmp_path / "site", content_from=SITES / case / "content")
    run = run_build(root)
    expected = (SITES / case / "expected.txt").read_text(encoding="utf-8")
    assert "Traceback" not in run.stderr
    assert reported(run.stderr) == expected
    has_errors = "构建失败" in expected
    assert run.returncode == (1 if has_errors else 0)
    assert (root / "public").exists() == (not has_errors)


def test_failed_build_leaves_previous_site_untouched(tmp_path):
    root = make_site(tmp_path / "site", content_from=SITES / "unregistered_department" / "content")
    assert run_build(root).returncode == 0
    before = tree_digest(root / "public")
    doc = root / "content" / "2022-03" / "wzbf-2022-31.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("2022-06-07", "2022-13-01"), encoding="utf-8")
    run = run_build(root)
    assert run.returncode == 1
    assert 'wzbf-2022-31.md:5: 成文日期 "2022-13-01" 无效' in run.stderr
    assert tree_digest(root / "public") == before
    # No staging or scratch folder is left (the search cache .gazette-cache is meant to stay).
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".") and p.name != ".gazette-cache") == []


def test_every_problem_in_the_tree_is_reported_at_once(tmp_path):
    root = make_site(tmp_path / "site", content_from=SITES / "many_errors" / "content")
    result = build(root)
    assert [(p.path.rsplit("/", 1)[1], p.line) for p in result.problems.errors] == [
        ("wzbf-2022-31.md", 5), ("wzbf-2022-31.md", 6), ("wzbf-2022-31.md", 7),
        ("wzbf-2022-32.md", 3), ("wzbf-2022-33.md", 3),
    ]


def test_unknown_site_setting_is_an_error_with_suggestion(tmp_path):
    root = make_site(tmp_path / "site", content_from=SITES / "unregistered_department" / "content")
    toml = root / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("base_url =", "base_ur ="), encoding="utf-8")
    result = build(root)
    messages = [str(p) for p in result.problems.errors]
    assert any(m.startswith("site.toml:") and '未知的设置 "base_ur"，是否应为 base_url？' in m for m in messages)


def test_check_command_reports_json_and_exit_status(tmp_path):
    import json

    good = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(REPO), "check", "--json"],
                          capture_output=True, text=True, timeout=300)
    report = json.loads(good.stdout)
    assert good.returncode == 0 and report["ok"] and report["errors"] == 0
    root = make_site(tmp_path / "site", content_from=SITES / "many_errors" / "content")
    bad = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "check", "--json"],
                         capture_output=True, text=True, timeout=300)
    report = json.loads(bad.stdout)
    assert bad.returncode == 1 and not report["ok"] and report["errors"] == 5
    first = report["problems"][0]
    assert (first["path"], first["line"], first["severity"]) == ("content/2022-03/wzbf-2022-31.md", 5, "error")
    assert not (root / "public").exists()


def test_reader_names_the_encoding_and_the_line(tmp_path):
    from gazette import source
    from gazette.problems import Problems

    gbk, damaged, utf16, control = (tmp_path / n for n in ("gbk.md", "damaged.md", "utf16.md", "control.md"))
    gbk.write_bytes("---\ntitle: 通知\n---\n".encode("gbk"))
    damaged.write_bytes("---\ntitle: 通知\n---\n正文\n".encode() + b"\xff\n")
    utf16.write_bytes("---\n".encode("utf-16"))
    control.write_text("---\ntitle: 通知\n---\n第一段\x0c\n", encoding="utf-8")
    problems = Problems()
    for path in (gbk, damaged, utf16, control):
        assert source.read_text(path, tmp_path, problems) is None
    said = [str(p) for p in problems.sorted()]
    assert said[0].startswith("control.md:4: 这一行含有控制字符 U+000C")
    assert said[1].startswith("damaged.md:5: 这一行含有不是 UTF-8 的字节（FF 0A）")
    assert said[2].startswith("gbk.md:2: 文件像是 GBK") and "iconv -f GBK -t UTF-8" in said[2]  # 通知 in GBK is valid UTF-8
    assert said[3].startswith("utf16.md:1: 文件是 UTF-16 编码")


def test_only_an_empty_or_marked_folder_is_replaced(tmp_path):
    root = make_site(tmp_path / "site", content_from=SITES / "unregistered_department" / "content")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert build(root, empty).ok
    assert (empty / ".gazette-build").is_file()
    assert build(root, empty).ok  # marked by the first build: replaced
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "照片.jpg").write_bytes(b"\xff\xd8")
    result = build(root, mine)
    assert not result.ok and [p.path for p in result.problems.errors] == [mine.as_posix()]
    assert [p.name for p in mine.iterdir()] == ["照片.jpg"]
    for inside in (root, root / "content", root / "content" / "2022-03", root / "layouts"):
        refused = build(root, inside)
        assert not refused.ok and "生成时会删除" in str(refused.problems.errors[0])


def test_markdown_attributes_are_allow_listed_and_table_alignment_kept():
    from gazette import departments, markdown

    md = markdown.parser(False)
    body = markdown.render(md, '[链接](https://example.org/){style="position:fixed" .small #top onclick=x}\n\n'
                               "| 甲 | 乙 |\n|--:|:-:|\n| 1 | 2 |\n", 7, departments.matcher([]), "")
    assert '<a href="https://example.org/" id="top" class="small">链接</a>' in body.html
    assert "position" not in body.html and "onclick" not in body.html
    assert '<td style="text-align:right">1</td>' in body.html
    assert body.notices == [(7, "warning", body.notices[0][2])] and "style" in body.notices[0][2]
