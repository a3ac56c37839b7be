"""Issue 13's catalogue of bad inputs and faults, run against this checkout: every case must end
with a clear message (or, where nothing was wrong, a correct site), never a traceback, a silent
loss or unsafe output. The cases live in tests/catalogue.py, which also prints the before/after
table for any checkout (python3 tests/catalogue.py --repo PATH).
"""

from __future__ import annotations

import re
from collections import Counter

import catalogue
import pytest

from conftest import REPO, build, make_site
from pages import read

# Fixture sites that build: every character of their bodies must reach the page.
BUILDING_SITES = ["unregistered_department", "unsafe_attributes"]


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    context = catalogue.Context(REPO, tmp_path_factory.mktemp("catalogue"))
    yield context
    context.close()


@pytest.mark.parametrize("name", list(catalogue.CASES))
def test_case_ends_with_a_clear_message(name, ctx):
    outcome = catalogue.run_case(name, ctx)
    if outcome.kind == "skipped":
        pytest.skip(outcome.seen)
    assert outcome.kind == "ok", f"{name}: {outcome.kind}: {outcome.seen}"
    assert outcome.seen.strip()


def test_catalogue_judges_what_it_sees(tmp_path):
    """The judge itself: a traceback, a silent success and a missing message are each caught."""
    ok = catalogue.Run(1, "", "content/x.md:3: 标题不能为空\n构建失败：1 个错误")
    assert catalogue.refused(ok, "x.md:3").kind == "ok"
    assert catalogue.refused(catalogue.Run(1, "", "Traceback (most recent call last):\nOSError: x")).kind == "traceback"
    assert catalogue.refused(catalogue.Run(0, "构建完成", "")).kind == "silent loss"
    assert catalogue.refused(catalogue.Run(0, "构建完成", ""), loss_if_ok=False).kind == "unsafe"
    assert catalogue.refused(ok, "y.md").kind == "silent loss"
    assert catalogue.refused(catalogue.Run(None, "", "")).kind == "hang"


_TEXT = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3001-\u3011]")


def _source_chars(markdown: str) -> Counter:
    """Chinese characters and full-width punctuation of a Markdown body, without Markdown syntax
    (the ::: 落款 container's fences name the container, they are not text)."""
    return Counter(_TEXT.findall(re.sub(r"(?m)^[ \t]*:::.*$", "", markdown)))


@pytest.mark.parametrize("fixture", BUILDING_SITES + ["deep_nesting_within_limit", "real content"])
def test_every_character_of_every_body_reaches_the_page(fixture, tmp_path):
    if fixture == "real content":
        root = REPO
    elif fixture == "deep_nesting_within_limit":
        items = "".join("  " * i + f"- 第{i}层条目\n" for i in range(45))
        root = make_site(tmp_path / "site", {"content/2022-03/issue.md": catalogue.ISSUE,
                                              "content/2022-03/wzbf-2022-31.md": catalogue.doc(31, body="\n\n" + items)})
    else:
        root = make_site(tmp_path / "site", content_from=catalogue.SITES / fixture / "content")
    result = build(root, tmp_path / "public")
    assert result.ok, result.problems.errors[:3]
    assert result.site.documents
    for doc in result.site.documents:
        body = doc.source_path.read_text(encoding="utf-8").split("---", 2)[2]
        path = result.out / doc.url
        # Visible text, and images' alternative text (what a screen reader and a text browser show).
        page = "".join(read(path).main) + "".join(re.findall(r'<img [^>]*alt="([^"]*)"', path.read_text(encoding="utf-8")))
        missing = _source_chars(body) - Counter(_TEXT.findall(page))
        assert not missing, (doc.src, "".join(sorted(missing.elements()))[:80])


def test_preview_accepts_only_local_hosts_and_its_own_origin():
    from gazette.serve import allowed_host, same_origin

    assert allowed_host("127.0.0.1:8000", "127.0.0.1") and allowed_host("localhost:8000", "127.0.0.1")
    assert allowed_host("[::1]:8000", "127.0.0.1")
    assert not allowed_host("rebind.example.com:8000", "127.0.0.1") and not allowed_host("", "127.0.0.1")
    assert not allowed_host("192.168.1.5:8000", "127.0.0.1")
    assert allowed_host("192.168.1.5:8000", "0.0.0.0")  # on every address: the LAN by address …
    assert not allowed_host("rebind.example.com", "0.0.0.0")  # … never by a name someone else controls
    assert allowed_host("gongbao.lan:8000", "gongbao.lan")
    assert same_origin("http://127.0.0.1:8000", "127.0.0.1:8000", "127.0.0.1")
    assert not same_origin("http://evil.example.com", "127.0.0.1:8000", "127.0.0.1")
    assert not same_origin("http://localhost:8000", "127.0.0.1:8000", "127.0.0.1")
    assert not same_origin("null", "127.0.0.1:8000", "127.0.0.1")
