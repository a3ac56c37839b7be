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
