"""The output checker: broken links and anchors, titles, duplicate ids, offline rules, JSON output."""

from __future__ import annotations

import json
from pathlib import Path

from test_feeds import make_site  # shared fixture site (tests/ is on sys.path under pytest)

from gazette import check, cli, feeds, pipeline

HEAD = '<!doctype html>\n<html><head><meta charset="utf-8"><title>{title}</title>\n'


def write(folder: Path, rel: str, text: str) -> None:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def messages(problems, path: str | None = None, severity: str | None = None) -> list[str]:
    return [p.message for p in problems
            if (path is None or p.path == path) and (severity is None or p.severity == severity)]


def broken_site(folder: Path) -> None:
    """A hand-written output folder with one good page, one target page and one broken page."""
    write(folder, "index.html", HEAD.format(title="首页")
          + '<link rel="canonical" href="https://example.gov.cn/gongbao/">\n</head><body>\n'
          + '<a href="a/index.html#sec">ok</a>\n<a href="a/">dir form</a>\n<a href="#top">top</a>\n'
          + '<a href="a/index.html?q=%E6%B0%B4">query</a>\n<a href="/gongbao/a/index.html">root-absolute</a>\n'
          + '<a href="mailto:x@example.gov.cn">mail</a>\n</body></html>\n')
    write(folder, "a/index.html", HEAD.format(title="A") + '</head><body>\n<h2 id="sec">节</h2>\n'
          + '<a href="../index.html">up</a>\n<a href="#sec">self</a>\n</body></html>\n')
    write(folder, "assets/site.css", 'body { background: url("bg.png"); }\n@import "missing.css";\n')
    write(folder, "assets/bg.png", "png")
    write(folder, "b/index.html", "<!doctype html>\n<html><head>\n"                         # line 1–2, no title
          + '<link rel="canonical" href="https://example.gov.cn/gongbao/b/">\n'              # 3
          + '<script src="https://cdn.example.com/x.js"></script>\n'                         # 4
          + "</head><body>\n"                                                                # 5
          + '<p id="dup">1</p>\n<p id="dup">2</p>\n'                                         # 6, 7
          + '<a href="../missing/index.html">missing</a>\n'                                  # 8
          + '<a href="../a/index.html#nowhere">bad anchor</a>\n'                             # 9
          + '<a href="#gone">bad local anchor</a>\n'                                         # 10
          + '<a href="https://www.gov.cn/">external link</a>\n'                              # 11
          + '<img src="../../outside.png" alt="">\n'                                         # 12
          + "</body></html>\n")


def test_broken_page_is_reported(tmp_path):
    broken_site(tmp_path)
    problems = check.check_output(tmp_path)
    b = messages(problems, "b/index.html", "error")
    assert "页面缺少 <title>" in b
    assert any('id "dup"' in m and "重复" in m for m in b)
    assert '链接 "../missing/index.html" 指向的文件不存在' in b
    assert any("#nowhere" in m and "a/index.html" in m for m in b)
    assert any("#gone" in m and "本页" in m for m in b)
    assert any("../../outside.png" in m and "之外" in m for m in b)
    lines = {p.message: p.line for p in problems if p.path == "b/index.html"}
    assert lines['链接 "../missing/index.html" 指向的文件不存在'] == 8
    assert next(line for m, line in lines.items() if 'id "dup"' in m) == 7
    # online: external script and link are not the checker's business
    assert not any("cdn.example.com" in m or "www.gov.cn" in m for m in messages(problems))
    # the good pages are clean; the stylesheet's missing @import is found
    assert messages(problems, "index.html") == [] and messages(problems, "a/index.html") == []
    assert messages(problems, "assets/site.css") == ['链接 "missing.css" 指向的文件不存在']


def test_offline_rules(tmp_path):
    broken_site(tmp_path)
    problems = check.check_output(tmp_path, offline=True)
    b_errors = messages(problems, "b/index.html", "error")
    assert any("https://cdn.example.com/x.js" in m for m in b_errors)
    assert any("https://www.gov.cn/" in m for m in messages(problems, "b/index.html", "warning"))
    assert not any("example.gov.cn/gongbao/b/" in m for m in messages(problems))  # canonical is exempt
    home = messages(problems, "index.html", "error")
    assert any('"a/"' in m and "a/index.html" in m for m in home)  # no directory index on file://
    assert any('"/gongbao/a/index.html"' in m for m in home)        # root-absolute cannot work offline
    assert len(home) == 2


def test_offline_external_stylesheet_is_an_error(tmp_path):
    write(tmp_path, "index.html", HEAD.format(title="首页")
          + '<link rel="stylesheet" href="//fonts.example.com/a.css">\n'
          + '<link rel="alternate" type="application/atom+xml" href="https://example.gov.cn/feed.xml">\n'
          + "</head><body></body></html>\n")
    problems = check.check_output(tmp_path, offline=True)
    assert [(p.line, p.severity) for p in problems] == [(3, "error")]
    assert check.check_output(tmp_path) == []


def test_empty_title_and_base_path(tmp_path):
    write(tmp_path, "index.html",
          HEAD.format(title="  ") + '</head><body><a href="/other/x.html">x</a></body></html>\n')
    problems = check.check_output(tmp_path, base_path="/gongbao/")
    assert "页面的 <title> 为空" in messages(problems)
    assert any("/gongbao/" in m and "/other/x.html" in m for m in messages(problems))


def test_built_site_is_clean_online_and_offline(tmp_path):
    root = make_site(tmp_path)
    favicon = root / "assets" / "favicon.svg"  # referenced by base.html
    if not favicon.exists():
        favicon.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    out = tmp_path / "out"
    steps = tuple(dict.fromkeys(cli.PUBLISH_STEPS + (feeds.write_feeds,)))  # as published
    result = pipeline.build(root, out, steps=steps)
    assert result.ok, result.problems.errors
    online = check.check_output(out)
    assert [str(p) for p in online if p.severity == "error"] == []
    offline = check.check_output(out, offline=True)
    assert [str(p) for p in offline if p.severity == "error"] == []


def test_check_step_stops_publishing_a_broken_site(tmp_path):
    root = make_site(tmp_path)
    layout = root / "layouts" / "404.html"
    layout.write_text(layout.read_text(encoding="utf-8").replace(
        "{% block main %}", '{% block main %}<a href="{{ root }}nowhere/index.html">x</a>', 1), encoding="utf-8")
    out = tmp_path / "out"
    result = pipeline.build(root, out, steps=(feeds.write_feeds, check.check_step))
    assert not result.ok and not out.exists()
    assert [(p.path, p.message) for p in result.problems.errors] == [
        ("public/404.html", '链接 "/gongbao/nowhere/index.html" 指向的文件不存在')]
    # offline, the server-only 404 page is not checked for root-absolute links
    result = pipeline.build(root, out, steps=(feeds.write_feeds, check.offline_check_step))
    assert result.ok and out.is_dir()


def test_check_json(tmp_path):
    broken_site(tmp_path)
    problems = check.check_output(tmp_path, offline=True)
    parsed = json.loads(check.check_json(problems))
    assert parsed["ok"] is False
    assert parsed["errors"] == sum(p.severity == "error" for p in problems)
    assert parsed["warnings"] == sum(p.severity == "warning" for p in problems) >= 1
    assert {"path", "line", "message", "severity"} == set(parsed["problems"][0])
    assert "指向的文件不存在" in check.check_json(problems)  # Chinese kept readable
