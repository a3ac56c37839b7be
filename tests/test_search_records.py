"""The index's records computed on code points equal the ones the first, word-at-a-time code made.

gazette/search_chars.py and gazette/pagefind_words.py split and number the words of a page with
numpy; tests/search_reference.py keeps the rules as first written (regular expressions, one word
at a time). Same spacing, same records (so the same index bytes), on the shipped issue, a
synthetic archive and text chosen to hit the rules' corners.
"""

from __future__ import annotations

import random

import pytest
import search_reference as reference
import snowballstemmer

from conftest import REPO, make_site
from gazette import pagefind_words, pipeline, search, search_index
from synthetic import available, make_synthetic_site

TRICKY = """---
title: 关于印发《五台县２０２２年ＰＭ2.5治理方案》的通知（Wi-Fi、iPhone、HTMLParser）
doc_number: 五政办发〔2022〕98号
issuer: 五台县人民政府办公室
date: 2022-07-15
category: 县政府办文件
page: 12
addressees: 各乡（镇）人民政府，县直各有关单位
index_number: 2022-00098
---

各乡（镇）人民政府，县直各有关单位：

依据五政办发〔2022〕31号、五政办发[2022]31号、五政办发（2022）31号和五政办发2022 31号，现通知如下……

## 一、Ｈｅａｌｔｈ与ｓａｆｅｔｙ：it's　done——“十四五”目标；

1. 水污染 &lt;防治&gt; 攻坚战，推动 COVID-19 防控；①②Ⅲ类水质 ½ café naïve 𠀀𪚥 ＿下划线_snake_case camelCase
2. 县财政局、县税务局负责 ABCdef 与 ９８ 全角字母ＡＢＣ 和 1,200.5 万元（详见 www.example.gov.cn/a_b-c?d=1）。

| 项目 | 金额（万元） |
| --- | --- |
| 河长制 | ３００ |

> 引用：第一行\\
> 第二行 e-mail：x@y.cn

### （一）附件：《细则》.docx

::: 落款
五台县人民政府办公室

2022年7月15日
:::
"""

ALPHABET = (list("水污染局县财政五政办发号第年，。、；：“”（）《》〈〉〔〕［］【】-_.,;:!?'\"()[]&<> \t\n\u3000\xa0\u2028\x1c")
            + list("abcXYZ019０１２ＡＢｚ①②Ⅲ½é\u0301𠀀𪚥\U0002ffff\U0001f600\u9fff\u4dbf\uf900\ufa6e＿‿"))


def test_spacing_on_code_points_is_the_regular_expressions_spacing():
    rng = random.Random(16)
    samples = ["", " ", "五政办发〔2022〕31号", "五政办发 2022 第 31 号", "ＰＭ２.５", "牵头，水污染", "a_b-c?d=1",
               *("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 40))) for _ in range(5000))]
    samples += [p.read_text(encoding="utf-8") for p in sorted((REPO / "content").rglob("*.md"))]
    for text in samples:
        assert search.spaced(text) == reference.spaced(text), repr(text)


def test_snowball_leaves_words_without_latin_letters_as_they_are():
    # pagefind_words._stem skips the stemmer for such words; this is why that is safe.
    stemmer = snowballstemmer.stemmer("english")
    rng = random.Random(5)
    letters = [c for c in ALPHABET if not ("a" <= c.lower() <= "z" or c == "'")]
    for _ in range(3000):
        word = "".join(rng.choice(letters) for _ in range(rng.randint(1, 8)))
        assert stemmer.stemWord(word) == word
    for word in ("counting", "policies", "cats", "it's", "水s", "2022s"):
        assert pagefind_words._stem(word) == stemmer.stemWord(word)


def _records_of(root) -> list:
    """(document, our record, the reference record) for every document of the site at root."""
    found = []

    def step(site, config, stage, problems):
        for doc in site.documents:
            source = search.index_source(doc, site)
            url = search_index._url(doc)
            found.append((doc, pagefind_words.record(url, source), reference.record(url, source)))
        # Words are numbered process-wide; a record must not depend on what the process read before.
        doc = site.documents[0]
        assert pagefind_words.record(search_index._url(doc), search.index_source(doc, site)) == found[0][1]

    result = pipeline.build(root, root / "public", steps=(step,), use_cache=False)
    assert result.ok, result.problems.errors[:3]
    return found


def test_records_equal_the_word_at_a_time_records_for_the_issue_and_tricky_text(tmp_path):
    root = make_site(tmp_path / "site", content_from=REPO / "content",
                     files={"content/2022-03/wzbf-2022-98.md": TRICKY})
    pairs = _records_of(root)
    for doc, ours, theirs in pairs:
        assert reference.same_record(ours, theirs), doc.slug
    assert len(pairs) >= 15
    tricky = next(r for d, r, _ in pairs if d.slug == "wzbf-2022-98")
    words = set(tricky["words"])
    # The fixture does reach the rules: parts of Latin words, no variant of a character with
    # punctuation, full-width letters folded, astral ideographs one word each.
    assert {"pm", "wi", "fi", "html", "htmlparser", "camel", "snake", "health", "safeti", "𠀀", "𪚥＿"} <= words
    assert "局、" not in words and "局" in words and "98" in words
    assert "𪚥" in tricky["chars"] and "县" in tricky["chars"]


@pytest.mark.skipif(not available(), reason="needs ../shared/bench/make_corpus.py beside the repository")
def test_records_equal_the_word_at_a_time_records_for_a_synthetic_archive(tmp_path):
    root = make_synthetic_site(tmp_path / "site", issues=4, docs_per_issue=20)
    pairs = _records_of(root)
    assert len(pairs) == 80
    for doc, ours, theirs in pairs:
        assert reference.same_record(ours, theirs), doc.slug


def test_fields_spaced_in_one_call_equal_each_spaced_alone():
    # search.index_source spaces the title, doc number, issuer… and the body's text runs in one
    # call, the texts joined by NUL; each must come out as if spaced alone.
    rng = random.Random(5)
    alphabet = ["水", "污", "A", "b", "1", "２", "，", "、", "（", "）", " ", "\u3000", "\n", "_", "-", ".", "𠀀", "é"]
    for _ in range(2000):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(1, 6))]
        assert search._spaced_many(texts) == [search.spaced(t) for t in texts], texts
    with_nul = ["标题\x00一", "，县财政局"]
    assert search._spaced_many(with_nul) == [search.spaced(t) for t in with_nul]


def _normalize_by_regex(text: str) -> str:
    """normalize_content as first written (the regular expressions of Pagefind's normalize_content)."""
    import html
    import re
    text = html.unescape(text).strip(pagefind_words._RUST_SPACE)
    return re.sub(r"\s{2,}", " ", re.sub(r"(\n|\r\n)+", " ", text))


def test_a_page_text_is_normalized_as_the_regular_expressions_do():
    # Long texts (a page's) are normalized on code points; short ones by the regular expressions.
    rng = random.Random(7)
    alphabet = ["a", "水", " ", "  ", "\n", "\r", "\r\n", "\t", "\u3000", "\x1c", "\x1f", "\xa0", "&amp;",
                "&nbsp;", "&#10;", "\u2028", "\x85", "\x0b", "&lt"]
    for _ in range(1500):
        piece = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        for text in (piece * 120, "x" * 2001 + piece, piece + "y" * 2001, " \n" * 1100):
            assert len(text) <= 2000 or pagefind_words.normalize_content(text) == _normalize_by_regex(text), piece
