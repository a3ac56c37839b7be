"""The engine's memory on disk (gazette/snapshot.py): a new process resumes from the last build's state.

Each pipeline.build() here gets a new Engine, as a new `python build.py` process would. A body edit
must then be built from the state the last build left (no model assembled), and give exactly the
bytes of a cold build; a state that is damaged, from another build or missing a cached body must
be ignored (or partly ignored) without changing a byte; a failed build leaves the last state alone.
"""

from __future__ import annotations

import pytest
from test_incremental import DOC, STEPS, append, cold, edit, new_issue

from conftest import REPO, make_site, tree_digest
from gazette import cache, pipeline, snapshot

OTHER = "content/2022-03/wzf-2022-22.md"


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path / "site", content_from=REPO / "content")


def _state_files(site):
    return sorted((site / cache.CACHE_DIR).glob(snapshot.FILE.format("*")))


class Assembled:
    """Counts how often the model is assembled from loaded files (pipeline.model)."""

    def __init__(self, monkeypatch):
        self.calls = 0
        real = pipeline.model

        def counted(*args, **kwargs):
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(pipeline, "model", counted)


def test_body_edit_in_a_new_process_resumes_from_the_last_build(site, tmp_path, monkeypatch):
    out = tmp_path / "public"
    assert pipeline.build(site, out, steps=STEPS).ok
    [state] = _state_files(site)
    whole = state.read_bytes()
    assembled = Assembled(monkeypatch)
    journal = state.with_suffix(".journal")
    for n, path in enumerate([DOC, OTHER, DOC]):  # each build resumes from the state and the journal before it
        append(site / path, f"\n新进程只改正文（第 {n + 1} 次）。\n")
        assembled.calls = 0  # (the cold builds below assemble their own)
        result = pipeline.build(site, out, steps=STEPS)
        assert result.ok and result.reloaded == 1
        assert result.written == [f"{path[len('content/'):-3]}/index.html"]
        assert assembled.calls == 0  # the model came from the state, with the new bodies
        assert state.read_bytes() == whole and journal.is_file()  # a journal, not a whole new state
        assert tree_digest(out) == cold(site, tmp_path / "cold")
    # a body edit with a layout edit renders every document page from the resumed model: OTHER's page
    # must show the body the journal holds, not the whole state's
    append(site / DOC, "\n正文和模板一起改。\n")
    edit(site / "layouts/document.html", "</article>", "</article>\n<!-- edited -->")
    assembled.calls = 0
    result = pipeline.build(site, out, steps=STEPS)
    assert result.ok and assembled.calls == 0 and len(result.written) > 10
    assert tree_digest(out) == cold(site, tmp_path / "cold")
    # a build that is not a body edit leaves no state (it would not use it); the next body edit
    # cannot resume, assembles the model and leaves a whole state for the edits after it
    whole = state.read_bytes()
    new_issue(site)
    assert pipeline.build(site, out, steps=STEPS).ok
    assert state.read_bytes() == whole
    append(site / DOC, "\n新的一期之后改正文。\n")
    assembled.calls = 0
    assert pipeline.build(site, out, steps=STEPS).ok and assembled.calls == 1
    assert state.read_bytes() != whole and not journal.exists()
    append(site / DOC, "\n再改。\n")
    assembled.calls = 0
    assert pipeline.build(site, out, steps=STEPS).ok and assembled.calls == 0
    assert tree_digest(out) == cold(site, tmp_path / "cold")


def test_other_edits_assemble_the_model_and_skip_the_stored_one(site, tmp_path, monkeypatch):
    out = tmp_path / "public"
    assert pipeline.build(site, out, steps=STEPS).ok
    assembled = Assembled(monkeypatch)
    read = []
    real_rest = snapshot.Reader.rest
    monkeypatch.setattr(snapshot.Reader, "rest", lambda self: read.append(1) or real_rest(self))
    new_issue(site)
    assert pipeline.build(site, out, steps=STEPS).ok
    assert assembled.calls == 1 and read == []  # the files came from the state, the model did not
    assert tree_digest(out) == cold(site, tmp_path / "cold")


@pytest.mark.parametrize("damage", ["truncated", "garbage", "another build", "another journal", "missing body"])
def test_a_damaged_or_foreign_state_changes_no_byte(site, tmp_path, monkeypatch, damage):
    out = tmp_path / "public"
    assert pipeline.build(site, out, steps=STEPS).ok
    [state] = _state_files(site)
    if damage == "truncated":
        state.write_bytes(state.read_bytes()[: state.stat().st_size // 2])
    elif damage == "garbage":
        state.write_bytes(b"not a pickle at all")
    elif damage == "another build":
        older = state.read_bytes()
        edit(site / DOC, "title: ", "title: 改过的")  # not a body edit: no new state
        assert pipeline.build(site, out, steps=STEPS).ok and state.read_bytes() == older  # now another build's
    elif damage == "another journal":
        journal = state.with_suffix(".journal")
        append(site / DOC, "\n另一次生成。\n")
        assert pipeline.build(site, out, steps=STEPS).ok and journal.is_file()
        older = journal.read_bytes()
        append(site / DOC, "\n又一次生成。\n")
        assert pipeline.build(site, out, steps=STEPS).ok
        journal.write_bytes(older)  # leads to the build before the last one
    else:
        doc = next(x.value for x in snapshot.Reader.open(
            site / cache.CACHE_DIR, out.resolve(), pipeline._settings_version(site.resolve()),
            (out / pipeline.MARKER).read_text().strip()).files.values() if x.value.src == OTHER)
        doc.body_path.unlink()  # the cached body of a document not edited is gone: that one is read again
    assembled = Assembled(monkeypatch)
    append(site / DOC, "\n损坏之后改正文。\n")
    result = pipeline.build(site, out, steps=STEPS)
    assert result.ok, result.problems.errors
    assert assembled.calls == 1  # nothing trusted from the state: the model was assembled again
    assert tree_digest(out) == cold(site, tmp_path / "cold")


def test_a_failed_build_keeps_the_last_state(site, tmp_path):
    out = tmp_path / "public"
    assert pipeline.build(site, out, steps=STEPS).ok
    [state] = _state_files(site)
    before = state.read_bytes()

    def failing_step(site_, config, stage, problems):
        problems.error("content/x.md", 1, "测试用的错误")

    append(site / DOC, "\n这次生成会失败。\n")
    assert not pipeline.build(site, out, steps=(*STEPS, failing_step)).ok
    assert _state_files(site) == [state] and state.read_bytes() == before
    assert not [p for p in (site / cache.CACHE_DIR).iterdir() if p.name.startswith(".engine")]
    # the next good build resumes as usual and equals a cold build
    result = pipeline.build(site, out, steps=STEPS)
    assert result.ok and tree_digest(out) == cold(site, tmp_path / "cold")


def test_mentions_read_like_the_dict_they_were_made_from():
    """model.Mentions keeps a document's ~40 mentions as four flat values (pickled as they are)."""
    import pickle

    from gazette.model import Mentions
    made = {"czj": (("主送", "配合"), "请县财政局配合做好资金保障。"), "fgj": (("提及",), ""),
            "xzf": (("发文机关",), ""), "jyj": (("牵头", "抄送"), "由县教育局牵头，")}
    found = pickle.loads(pickle.dumps(Mentions(made), protocol=5))
    assert dict(found.items()) == made and list(found) == list(made) and len(found) == 4
    assert found["jyj"] == (("牵头", "抄送"), "由县教育局牵头，") and found.get("nobody") is None
    assert "czj" in found and "nobody" not in found and found == Mentions(made)
    with pytest.raises(KeyError):
        found["nobody"]
    with pytest.raises(ValueError):
        Mentions({"czj": (("配合", "主送"), "")})  # roles are kept most involved first
    assert Mentions() == Mentions({}) and list(Mentions()) == []
