"""Validity judged on the day the site is read (issue #12): the build date, the timeline, the pages.

The browser half (the reader's own date) is in test_validity_browser.py.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import REPO, TODAY, make_site, pin_today
from gazette import cli, pipeline, validity
from gazette import config as config_mod
from pages import squash, visible_text

D = dt.date


def table(html: str) -> str:
    """The metadata table's visible text (what a reader without JavaScript sees)."""
    return visible_text(re.search(r'<table class="gov-meta">.*?</table>', html, re.S).group())


def cell(html: str, label: str) -> str:
    """Visible text of the table cell after the header `label`, whitespace removed."""
    m = re.search(rf'<th scope="row">{label}</th>\s*<td[^>]*>(.*?)</td>', html, re.S)
    return squash(visible_text(m.group(1)))


# ── where the build date comes from ─────────────────────────────────────

def test_build_date_order_cli_then_site_toml_then_epoch_then_today(monkeypatch):
    monkeypatch.setattr(config_mod, "today", lambda: D(2026, 12, 1))
    env = {"SOURCE_DATE_EPOCH": "1700000000"}  # 2023-11-14 UTC
    resolve = config_mod.resolve_build_date
    assert resolve(D(2023, 1, 1), D(2024, 1, 1), env) == (D(2023, 1, 1), "--build-date")
    assert resolve(None, D(2024, 1, 1), env) == (D(2024, 1, 1), "site.toml")
    assert resolve(None, None, env) == (D(2023, 11, 14), "SOURCE_DATE_EPOCH")
    assert resolve(None, None, {}) == (D(2026, 12, 1), "生成当天")
    assert resolve(None, None, {"SOURCE_DATE_EPOCH": "soon"}) == (D(2026, 12, 1), "生成当天")


def test_build_date_in_site_toml(tmp_path, monkeypatch):
    root = make_site(tmp_path / "site", content_from=REPO / "content")
    with (root / "site.toml").open("a", encoding="utf-8") as f:
        f.write("build_date = 2023-01-01\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = pipeline.build(root, tmp_path / "out")
    assert (result.site.build_date, result.site.build_date_source) == (D(2023, 1, 1), "site.toml")
    assert {d.doc_number: d.status for d in result.site.documents}["五政办发〔2022〕41号"] == "有效"


# ── the timeline: every status a document will have ─────────────────────

def rec(**kw) -> validity.Recognised:
    return validity.Recognised(**kw)


@pytest.mark.parametrize("recognised, repealed_on, expected", [
    (rec(), None, "@有效"),
    (rec(trial=True), None, "@试行"),
    (rec(effective=D(2022, 7, 18), valid_until=D(2025, 7, 17)), None, "@尚未施行 2022-07-18@有效 2025-07-18@已失效"),
    (rec(effective=D(2022, 7, 14), valid_until=D(2025, 7, 13)), None, "@有效 2025-07-14@已失效"),
    (rec(effective=D(2022, 7, 14), valid_until=D(2024, 7, 13), trial=True), None, "@试行 2024-07-14@已失效"),
    (rec(effective=D(2023, 1, 1), valid_until=D(2030, 12, 31)), None, "@尚未施行 2023-01-01@有效 2031-01-01@已失效"),
    (rec(valid_until=D(2030, 12, 31)), D(2024, 3, 1), "@有效 2024-03-01@已废止"),
])
def test_timeline(recognised, repealed_on, expected):
    issued = D(2022, 7, 14)
    v = validity.judge(recognised, issued, TODAY, object() if repealed_on else None, repealed_on)
    assert v.timeline_code == expected
    # The status on any day is the last change begun by then: the rule and the timeline agree.
    for day in [issued + dt.timedelta(days=n) for n in range(0, 3650, 29)]:
        on_day = validity.judge(recognised, issued, day, object() if repealed_on else None, repealed_on).status
        assert on_day == validity.status_on(recognised, day, repealed_on if repealed_on else None), day


# ── the shipped issue, built on 2026-12-01 without any date option ──────

def test_38_and_41_say_expired_with_their_end_dates_at_the_top(real_site):
    out, result = real_site
    assert (result.site.build_date, result.site.build_date_source) == (TODAY, "生成当天")
    for slug, end in (("wzbf-2022-38", "2024年7月13日"), ("wzbf-2022-41", "2025年7月17日")):
        html = (out / "2022-03" / slug / "index.html").read_text(encoding="utf-8")
        status = cell(html, "有效性")
        assert status.startswith(f"已失效（有效期至{end}，已届满）"), status
        assert "截至2026年12月1日" in status
        assert "试行" not in status
        body = visible_text(re.search(r'<div class="doc-body[^"]*">(.*)', html, re.S).group(1))
        assert body.strip().startswith(f"本文件已失效：有效期至{end}，已届满。"), body[:80]
    expired = {d.doc_number for d in result.site.documents if d.status == "已失效"}
    assert expired == {"五政办发〔2022〕38号", "五政办发〔2022〕41号"}


def test_documents_in_force_say_so_without_a_notice(real_site):
    out, result = real_site
    for doc in result.site.documents:
        html = (out / doc.url).read_text(encoding="utf-8")
        assert cell(html, "有效性").startswith(doc.status)
        if doc.status in ("有效", "试行"):
            assert "本文件已" not in visible_text(html)


def test_page_carries_every_status_and_its_dates(real_site):
    out, _ = real_site
    html = (out / "2022-03/wzbf-2022-38/index.html").read_text(encoding="utf-8")
    assert 'data-timeline="@试行 2024-07-14@已失效"' in html
    assert re.search(r'data-status="试行" hidden>', html), "the build day's status shows; the others wait for the script"
    assert '施行日期：<time datetime="2022-07-14">' in html and '有效期至：<time datetime="2024-07-13">' in html
    assert '<script src="../../assets/validity.js"></script>' in html


def test_build_date_option_judges_at_that_date(tmp_path, monkeypatch):
    root = make_site(tmp_path / "site", content_from=REPO / "content")
    assert cli.main(["--root", str(root), "build", "--build-date", "2023-01-01"]) == 0
    html = (root / "public/2022-03/wzbf-2022-38/index.html").read_text(encoding="utf-8")
    assert cell(html, "有效性").startswith("试行（有效期至2024年7月13日）截至2023年1月1日")
    assert "本文件已失效" not in visible_text(html)


def test_same_day_same_output_and_next_day_judges_again(tmp_path, monkeypatch):
    root = make_site(tmp_path / "site", content_from=REPO / "content")
    first = pipeline.build(root, tmp_path / "a")
    again = pipeline.build(root, tmp_path / "b")
    page = "2022-03/wzbf-2022-41/index.html"
    assert (tmp_path / "a" / page).read_bytes() == (tmp_path / "b" / page).read_bytes()
    pin_today(monkeypatch, D(2025, 7, 17))
    last_day = pipeline.build(root, tmp_path / "c")
    assert {d.slug: d.status for d in first.site.documents}["wzbf-2022-41"] == "已失效"
    assert {d.slug: d.status for d in again.site.documents}["wzbf-2022-41"] == "已失效"
    assert {d.slug: d.status for d in last_day.site.documents}["wzbf-2022-41"] == "有效", "valid through its last day"
