"""Publishing: never a half-built site, byte-identical rebuilds, the USB copy from file://."""

from __future__ import annotations

import errno
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import pytest

from conftest import REPO, build, follow, make_site, tree_digest
from gazette import render, search_index
from synthetic import available, make_synthetic_site

ABORTED = "net::ERR_ABORTED"
"""A request the browser itself cancelled because the page moved on (e.g. the favicon of a page left
at once): not a missing file."""


def test_two_builds_are_byte_identical(real_site, tmp_path):
    out, _ = real_site
    # A copy of the site has no search cache: everything is built afresh.
    again = build(make_site(tmp_path / "site", content_from=REPO / "content"), tmp_path / "again", search=True)
    assert again.ok
    assert tree_digest(out) == tree_digest(tmp_path / "again")


def test_an_error_at_any_point_leaves_the_old_site(tmp_path, monkeypatch):
    root = make_site(tmp_path / "site", content_from=REPO / "content")
    out = tmp_path / "public"
    assert build(root, out, search=True).ok
    before = tree_digest(out)
    original = render.Renderer.write
    pages = len(before)
    for stop_after in sorted(random.Random(7).sample(range(1, 160), 5)) + [pages * 10]:
        written = 0

        def failing_write(self, page, *args, _stop=stop_after):
            nonlocal written
            written += 1
            if written > _stop:
                raise RuntimeError("simulated failure while writing")
            return original(self, page, *args)

        monkeypatch.setattr(render.Renderer, "write", failing_write)
        if stop_after < pages:  # cold builds (no cache), so every page is written again
            with pytest.raises(RuntimeError):
                build(root, out, search=True, use_cache=False)
        else:  # fail in the last step instead, after every page was written
            def failing_step(site, config, stage, problems):
                raise RuntimeError("simulated failure after indexing")
            from gazette import pipeline
            with pytest.raises(RuntimeError):
                pipeline.build(root, out, steps=(failing_step,))
        assert tree_digest(out) == before
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failed_incremental_build_leaves_the_old_site_and_the_next_one_mends(tmp_path, monkeypatch):
    root = make_site(tmp_path / "site", content_from=REPO / "content")
    out = tmp_path / "public"
    assert build(root, out).ok
    before = tree_digest(out)
    doc = root / "content/2022-03/wzbf-2022-31.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n追加一段。\n", encoding="utf-8")

    def failing_write(self, page, *args):
        raise RuntimeError("simulated failure while writing")

    with monkeypatch.context() as m:
        m.setattr(render.Renderer, "write", failing_write)
        with pytest.raises(RuntimeError):
            build(root, out)
    assert tree_digest(out) == before
    result = build(root, out)
    assert result.written == ["2022-03/wzbf-2022-31/index.html"]
    assert "追加一段。" in (out / "2022-03/wzbf-2022-31/index.html").read_text(encoding="utf-8")


def test_a_large_replaced_site_is_removed_in_the_background(tmp_path):
    """publish(large=True) returns once the new site is in place; a detached process removes the old one."""
    from gazette import output

    out, stage = tmp_path / "public", tmp_path / ".public.staging-1"
    for folder, text in ((out, "old"), (stage, "new")):
        for n in range(50):
            (folder / f"d{n}").mkdir(parents=True)
            (folder / f"d{n}" / "index.html").write_text(text, encoding="utf-8")
    output.publish(stage, out, large=True)
    assert (out / "d7/index.html").read_text(encoding="utf-8") == "new"
    assert not stage.exists()  # renamed after the process removing it
    deadline = time.monotonic() + 20
    while len(list(tmp_path.iterdir())) > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_the_next_build_leaves_a_replaced_site_to_the_process_removing_it(tmp_path):
    """recover() does not remove (and wait for) an old site that its detached process is still
    removing; once that process is gone, whatever it left is removed."""
    from gazette import output

    out = tmp_path / "public"
    out.mkdir()
    remover = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        removing = tmp_path / f".public.removing-{remover.pid}"
        (removing / "d1").mkdir(parents=True)
        (removing / "d1" / "index.html").write_text("old", encoding="utf-8")
        output.recover(out)
        assert (removing / "d1" / "index.html").exists()
    finally:
        remover.kill()
        remover.wait()
    output.recover(out)
    assert not removing.exists()


@pytest.mark.skipif(not available(), reason="needs ../shared/bench/make_corpus.py beside the repository")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_interrupted_build_leaves_the_old_site(tmp_path, sig):
    root = make_synthetic_site(tmp_path / "site", issues=10, docs_per_issue=20)
    cmd = [sys.executable, str(REPO / "build.py"), "--root", str(root)]
    assert subprocess.run(cmd, capture_output=True).returncode == 0
    out = root / "public"
    before = tree_digest(out)
    rng = random.Random(int(sig))
    cache = root / search_index.CACHE_DIR
    for _ in range(3):
        shutil.rmtree(root / ".gazette-cache", ignore_errors=True)  # so that every step does real work
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.3, 3.0))
        proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=60)
        assert "Traceback" not in stderr
        if sig == signal.SIGINT and proc.returncode != 0:
            assert proc.returncode == 130 and "原有网站未作任何改动" in stderr
        assert tree_digest(out) == before
    # The next build cleans up whatever the killed ones left and publishes normally.
    assert subprocess.run(cmd, capture_output=True).returncode == 0
    assert tree_digest(out) == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".") and p.name != ".gazette-cache"] == []
    assert sorted(p.name for p in cache.iterdir() if p.name.startswith(".") or p.name.endswith(".tmp")) == [".lock"]


def test_usb_copy_works_from_file_without_any_outside_request(browser, tmp_path):
    root = make_site(tmp_path / "site", content_from=REPO / "content")
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "bundle"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    folder = root / "dist" / "wutai-gongbao"
    assert (folder / "README.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    with zipfile.ZipFile(root / "dist" / "wutai-gongbao.zip") as z:
        assert "wutai-gongbao/index.html" in z.namelist()
        # Opened where a clerk would put it: a folder with Chinese and a space in its name.
        z.extractall(tmp_path / "U盘 公报")
    folder = tmp_path / "U盘 公报" / "wutai-gongbao"
    prefix = folder.resolve().as_uri() + "/"
    page = browser.new_page()
    requests, failed, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append(r.url) if r.failure != ABORTED else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(prefix + "index.html")
    follow(page, "text=查看2022年第3期目录页")
    assert page.url == prefix + "2022-03/index.html"
    follow(page, "a.toc-title >> text=水污染防治")
    assert page.url == prefix + "2022-03/wzbf-2022-31/index.html"
    follow(page, ".doc-body a.dept >> text=县财政局")
    assert page.url == prefix + "departments/czj/index.html"
    follow(page, "a.mention-title >> text=政务公开工作实施方案")
    assert page.url == prefix + "2022-03/wzbf-2022-42/index.html"
    page.fill("#site-search", "个体工商户")
    page.press("#site-search", "Enter")
    page.wait_for_selector("#search-form[data-search-done]", timeout=20000)
    assert "找到 2 件文件" in page.inner_text("#search-status")
    follow(page, "#search-list li >> nth=0 >> a.search-result-title")
    assert page.url.startswith(prefix + "2022-03/")
    assert requests and all(u.startswith(prefix) for u in requests), [u for u in requests if not u.startswith(prefix)]
    assert failed == [] and errors == []
    page.close()


def test_every_path_is_short_ascii_and_links_are_explicit(real_site):
    out, _ = real_site
    for path in out.rglob("*"):
        rel = path.relative_to(out).as_posix()
        assert rel.isascii(), rel
        assert len("E:\\wutai-gongbao\\" + rel) < 260, rel
    html = (out / "2022-03" / "index.html").read_text(encoding="utf-8")
    assert 'href="../2022-03/wzbf-2022-31/index.html"' in html
    assert 'href="../index.html"' in html


def test_site_works_under_a_sub_path(real_site, serve, browser, tmp_path):
    out, _ = real_site
    import shutil
    shutil.copytree(out, tmp_path / "www" / "gongbao")
    base = serve(tmp_path / "www") + "gongbao/"
    page = browser.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url) if r.failure != ABORTED else None)
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(base + "index.html")
    follow(page, "a.toc-title >> text=自建房安全专项整治")
    assert page.url == base + "2022-03/wzbf-2022-44/index.html"
    follow(page, ".breadcrumbs a >> text=2022年第3期")
    assert page.url == base + "2022-03/index.html"
    # The 404 page is served at any depth, so it links from the site's own path (base_url's).
    page.goto(base + "404.html")
    hrefs = page.eval_on_selector_all("main a", "els => els.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("/gongbao/") for h in hrefs)
    follow(page, "main a >> text=返回首页")
    assert page.url == base + "index.html"
    assert failed == []
    page.close()


def test_unchanged_files_are_linked_by_a_process_that_reports_missing_files_and_errors(tmp_path):
    from gazette import output

    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    (out / "a" / "x.html").write_text("x", encoding="utf-8")
    stage = tmp_path / "stage"
    linking = output.Linking(out, stage, ["a/x.html", "a/gone.html"])
    assert linking.wait() == ["a/gone.html"] and linking.wait() == ["a/gone.html"]
    assert (stage / "a" / "x.html").stat().st_ino == (out / "a" / "x.html").stat().st_ino
    # A folder that cannot be made: the build gets the OSError the links met (turned into a message).
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    linking = output.Linking(out, blocker / "stage", ["a/x.html"])
    with pytest.raises(OSError) as raised:
        linking.wait()
    assert raised.value.errno == errno.ENOTDIR and str(blocker) in str(raised.value.filename)


def test_the_detached_remover_lets_go_of_the_commands_output(tmp_path):
    """A build read through a pipe (`| tee`, a script capturing its output) ends when the build ends:
    the process removing the replaced site does not hold the pipe (it held it: the benchmark's
    body edits took 1.5–2 s longer than the builds themselves)."""
    old, out = tmp_path / "old", tmp_path / "public"
    (old / "a").mkdir(parents=True)
    out.mkdir()
    script = f"""
import shutil, sys, time
sys.path.insert(0, {str(REPO)!r})
from pathlib import Path
from gazette import output
real = shutil.rmtree
def slow(path, *a, **k):
    time.sleep(6)  # a large site takes a while to remove
    real(path, *a, **k)
shutil.rmtree = slow
output._remove_old(Path({str(old)!r}), Path({str(out)!r}), large=True)
print("published", flush=True)
"""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    assert done.stdout.strip() == "published"
    assert time.monotonic() - started < 4  # not the remover's 6 s
    assert not old.exists()  # renamed to .public.removing-<pid> first, removed later
    deadline = time.monotonic() + 20
    while list(tmp_path.glob(".public.removing-*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not list(tmp_path.glob(".public.removing-*"))
