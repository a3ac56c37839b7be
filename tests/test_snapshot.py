"""The engine's memory on disk (gazette/snapshot.py): a new process resumes from the last build's state.

Each pipeline.build() here gets a new Engine, as a new `python build.py` process would. A body edit
must then be built from the state the last build left (no model assembled), and give exactly the
bytes of a cold build; a state that is damaged, from another build or missing a cached body must
be ignored (or partly ignored) without changing a byte; a failed build leaves the last state alone.
"""

from __future__ import annotations

import pytest
from test_incremental import DOC, STEPS, append, cold, new_issue

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
    assert len(_state_files(site)) == 1
    assembled = Assembled(monkeypatch)
    append(site / DOC, "\n新进程只改正文。\n")
    result = pipeline.build(site, out, steps=STEPS)
    assert result.ok and result.reloaded == 1
    assert result.written == ["2022-03/wzbf-2022-31/index.html"]
    assert assembled.calls == 0  # the model came from the state, with the new body
    assert tree_digest(out) == cold(site, tmp_path / "cold")
    # and the state this build left serves the next one the same way
    append(site / DOC, "\n再改一次正文。\n")
    assembled.calls = 0  # the cold build assembled its own
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


@pytest.mark.parametrize("damage", ["truncated", "garbage", "another build", "missing body"])
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
        append(site / DOC, "\n另一次生成。\n")
        assert pipeline.build(site, out, steps=STEPS).ok
        state.write_bytes(older)  # the state of the build before the last one
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
