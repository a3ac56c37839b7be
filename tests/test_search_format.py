"""Our Pagefind index equals the one Pagefind's own indexer builds, and its runtime answers alike.

Pagefind 1.5.2's binary indexes the shadow pages (one word per Chinese character) that the site
used to hand it; gazette/pagefind_format.py writes the index from the same documents directly.
Decoded, the two are the same (page numbers, file names and the order of equal-dated pages are
Pagefind's chance and are compared by URL); in Chromium, Pagefind's runtime on either index finds
the same documents for every query.
"""

from __future__ import annotations

import gzip
import shutil

import cbor2
import pytest
from pagefind_oracle import as_we_index, decoded, differences, pagefind_index, shadow_pages

from conftest import REPO, build, make_site
from gazette import pagefind_bundle, pagefind_format, search_index, search_presence
from synthetic import available, make_synthetic_site

EDGE = """---
title: 关于COVID-19防控和PM2.5治理的e-mail通知（Wi-Fi、iPhone与HTMLParser）
doc_number: 五政办发〔2022〕99号
issuer: 五台县人民政府办公室
date: 2022-07-15
category: 县政府办文件
page: 99
addressees: 各乡（镇）人民政府，县直各有关单位
index_number: 2022-00099
topic: 城乡建设、环境保护
---

各乡（镇）人民政府：

现将 *COVID-19* 防控、**PM2.5** 与 `SO2` 治理事项 & 要求通知如下（详见 www.example.gov.cn/a_b-c?d=1）：

### 一、Items to check：it's done

1. 水污染 &lt;防治&gt; 攻坚战，推动“十四五”目标；
2. 县财政局、县税务局负责 ABCdef 与 camelCase 及 snake_case 词语。

| 项目 | 金额（万元） |
| --- | --- |
| 河长制 | 1,200.5 |
| 自建房 | 300 |

> 引用：第一行\\
> 第二行 ９８ 全角字母ＡＢＣ

#### （一）Ⅲ类水质 ①②

::: 落款
五台县人民政府办公室

2022年7月15日
:::
"""


def _index_both(site_root, tmp_path):
    """Build the site; index its documents with Pagefind's binary and with our writer."""
    captured = {}

    def step(site, config, stage, problems):
        captured["records"] = shadow_pages(site, tmp_path / "shadow")
        pagefind_format.write(captured["records"], tmp_path / "ours")

    from gazette import pipeline
    result = pipeline.build(site_root, tmp_path / "public", steps=(step,), use_cache=False)
    assert result.ok, result.problems.errors[:3]
    pagefind_index(tmp_path / "shadow", tmp_path / "theirs")
    return decoded(tmp_path / "theirs"), decoded(tmp_path / "ours"), captured["records"]


def test_our_index_is_the_one_pagefind_builds_for_the_real_issue_and_edge_cases(tmp_path):
    root = make_site(tmp_path / "site", content_from=REPO / "content",
                     files={"content/2022-03/wzbf-2022-99.md": EDGE})
    theirs, ours, _ = _index_both(root, tmp_path)
    assert differences(as_we_index(theirs), ours) == []
    # The fixture does exercise the rules: headings weigh more, Latin words are split and stemmed,
    # punctuation stays on a word's indexed variant, metadata words are indexed by field.
    words = ours["words"]
    assert any(v < -25 for locations, _ in words["污"][0].values() for v in locations)
    assert {"covid", "pm", "item", "check", "camel", "case", "snake"} <= set(words)
    assert {"五政办发202299号", "wi", "fi", "iphon", "htmlparser"} <= set(words)
    # Pagefind's compound parts with punctuation are left out (no query can ask for them).
    assert {"局、", "五政办发〔2022〕99号"} <= set(theirs["words"]) and not {"局、", "五政办发〔2022〕99号"} & set(words)
    assert any(meta for _, meta in words["有效"][0].values())
    assert len(ours["pages"]) == 15


@pytest.mark.skipif(not available(), reason="needs ../shared/bench/make_corpus.py beside the repository")
def test_our_index_is_the_one_pagefind_builds_for_a_synthetic_archive(tmp_path):
    root = make_synthetic_site(tmp_path / "site", issues=6, docs_per_issue=20)
    theirs, ours, _ = _index_both(root, tmp_path)
    assert len(ours["pages"]) == 120 and len(ours["chunks"]) > 1
    assert differences(as_we_index(theirs), ours) == []


def test_location_bytes_are_what_cbor2_writes(tmp_path):
    """The per-page location arrays are encoded in bulk (numpy); the bytes must be cbor2's."""
    root = make_site(tmp_path / "site", content_from=REPO / "content",
                     files={"content/2022-03/wzbf-2022-99.md": EDGE})
    _index_both(root, tmp_path)
    for folder in ("ours", "theirs"):  # Pagefind's own files too: cbor2 encodes as minicbor does
        for path in sorted((tmp_path / folder).rglob("*.pf_index")) + sorted((tmp_path / folder).rglob("*.pf_meta")):
            raw = gzip.decompress(path.read_bytes())[len(pagefind_format.MAGIC):]
            assert cbor2.dumps(cbor2.loads(raw)) == raw, path


def test_an_installed_pagefind_of_another_version_stops_the_build(tmp_path, monkeypatch):
    root = make_site(tmp_path / "site", content_from=REPO / "content")
    monkeypatch.setattr(pagefind_bundle, "installed_version", lambda: "1.5.3")
    shutil.rmtree(root / search_index.CACHE_DIR, ignore_errors=True)
    result = build(root, search=True)
    assert not result.ok
    [error] = [str(e) for e in result.problems.errors]
    assert "Pagefind 1.5.2" in error and "1.5.3" in error and "pip install -r requirements.txt" in error


RUNTIME_QUERIES = [
    ("水污染", {}), ("财政局", {}), ("水", {}), ("污", {}), ("五政办发〔2022〕31号", {}), ("五政办发[2022]31号", {}),
    ("五政办发2022 31号", {}), ("31号", {}), ("2022", {}), ("12369", {}), ("00005", {}), ("gb", {}),
    ("河长制", {}), ("龘", {}), ("攻坚战，推动", {}), ("个体工商户 财政局", {}),
    ("财政局", {"发文机关": "五台县人民政府"}), ("", {"部门": "县财政局"}), ("", {"类别": "县政府文件"}),
]


@pytest.fixture(scope="module")
def both_sites(real_site, tmp_path_factory):
    """The built real issue (our index), and a copy whose shard is the one Pagefind's binary builds."""
    out, result = real_site
    work = tmp_path_factory.mktemp("oracle")
    shadow_pages(result.site, work / "shadow")
    theirs = pagefind_index(work / "shadow", work / "bundle")
    site = work / "site"
    shutil.copytree(out, site)
    [shard] = [p for p in (site / "pagefind").iterdir() if p.is_dir() and p.name != search_presence.PRESENCE_DIR]
    shutil.rmtree(shard)
    shard.mkdir()
    pages, names = [], []
    for path in sorted(theirs.rglob("*")):
        rel = path.relative_to(theirs).as_posix()
        if path.is_file() and rel.startswith(("fragment/", "index/", "filter/", "pagefind.", "pagefind-entry")) \
                and not rel.endswith(".js"):
            (shard / rel).parent.mkdir(parents=True, exist_ok=True)
            (shard / f"{rel}.js").write_text(pagefind_bundle.wrap(path.read_bytes(), f"{shard.name}/{rel}"))
            if rel.startswith("fragment/"):
                fragment = pagefind_format.decode(gzip.decompress(path.read_bytes()))
                pages.append({"url": fragment["url"], "sort": [["date", fragment["meta"]["day"]]],
                              "filters": [[k, v] for k, vs in fragment["filters"].items() for v in vs]})
                names.append(path.name[: -len(".pf_fragment")])
    (shard / f"{pagefind_bundle.FACETS}.js").write_text(
        pagefind_bundle.wrap(pagefind_bundle.facets([p["sort"] for p in pages], [p["url"] for p in pages],
                                                    [sorted(map(tuple, p["filters"])) for p in pages], names),
                             f"{shard.name}/{pagefind_bundle.FACETS}"))
    return out, site


@pytest.mark.parametrize("how", ["http", "file"])
def test_pagefinds_runtime_finds_the_same_documents_in_either_index(browser, serve, both_sites, how):
    from test_search_browser import search
    ours, theirs = both_sites
    bases = [serve(f) if how == "http" else f.as_uri() + "/" for f in (ours, theirs)]
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    found_any = 0
    for query, filters in RUNTIME_QUERIES:
        mine, pagefinds = (search(page, base, query, **filters) for base in bases)
        assert sorted(mine) == sorted(pagefinds) and len(mine) == len(pagefinds), (query, filters)
        found_any += bool(mine)
    assert found_any >= len(RUNTIME_QUERIES) - 3  # (河长制, 龘 and gb+… find nothing in the real issue)
    assert errors == []
    page.close()
