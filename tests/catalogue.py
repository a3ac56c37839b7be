"""The bad-input and fault catalogue (issue 13): what a careless or hostile user can do to a site.

Each case sets up a small site, runs a checkout's `build.py` (or its preview server) the way a user
would, and judges what happened:

- ok: a clear message (the line shown in the table) and, where something was wrong, exit status 1
  and the old site untouched;
- traceback: Python's traceback instead of a message;
- silent loss: something the user wrote is gone or not published, without a word;
- unsafe: wrong or unsafe output was published (a file from outside the site, a page-covering
  link, a half-replaced USB copy, an off-site redirect …);
- hang: no answer within the time limit.

tests/test_catalogue.py runs every case against this checkout and expects "ok". Run against any
checkout, this file prints the table (the before/after of issue 13):

    python3 tests/catalogue.py [--repo PATH] [--only NAME …]
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITES = HERE / "sites"
KINDS = ("ok", "traceback", "silent loss", "unsafe", "hang", "skipped")
ISSUE = "---\nyear: 2022\nnumber: 3\ntotal_number: 9\npublished: 2022-07-18\n---\n"
DOC = ("---\ntitle: 关于测试的通知\ndoc_number: 五政办发〔2022〕{n}号\nissuer: 五台县人民政府办公室\n"
       "date: 2022-06-07\ncategory: 县政府办文件\n{extra}---\n各乡（镇）人民政府：\n\n县财政局要加强资金保障。{body}\n")


@dataclass
class Outcome:
    """How one case ended."""

    kind: str
    """One of KINDS."""
    seen: str
    """What the user saw (the message line), or what went wrong."""


@dataclass
class Run:
    """One finished command."""

    code: int | None
    """Exit status; None if it had to be stopped (hang)."""
    out: str
    err: str

    @property
    def said(self) -> str:
        """The first problem line (without progress lines), else the last line printed."""
        lines = [line for line in (self.err + self.out).splitlines() if line.strip() and not line.startswith("…")]
        problems = [line for line in lines if ": " in line and not line.startswith(("构建", "检查", "Traceback"))]
        errors = [line for line in problems if ": 警告：" not in line and ": 提示：" not in line]
        return (errors or problems or lines or [""])[0][:200]


def digest(folder: Path) -> dict[str, str]:
    """Relative path → sha256 of every file (and symlink target) under folder, .git included."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def leftovers(folder: Path, name: str) -> list[str]:
    """Work files of interrupted runs beside an output named name (.name.staging-…, .name.zip.123.tmp …)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}."))


@dataclass
class Context:
    """Where the cases run: the checkout under test and a scratch folder."""

    repo: Path
    """Checkout whose build.py is run."""
    work: Path
    """Scratch folder; each case gets its own subfolder."""
    servers: list = field(default_factory=list)

    def site(self, name: str, fixture: str | None = None, files: dict[str, str | bytes] | None = None) -> Path:
        """A site folder: the checkout's settings, layouts, assets and registry, plus content."""
        root = self.work / name
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        shutil.copy(self.repo / "site.toml", root / "site.toml")
        shutil.copytree(self.repo / "layouts", root / "layouts")
        shutil.copytree(self.repo / "assets", root / "assets")
        (root / "content").mkdir()
        shutil.copy(self.repo / "content" / "departments.yaml", root / "content" / "departments.yaml")
        if fixture:
            shutil.copytree(SITES / fixture / "content", root / "content", dirs_exist_ok=True, symlinks=True)
        if files is None and fixture is None:
            files = {"content/2022-03/issue.md": ISSUE, "content/2022-03/wzbf-2022-31.md": doc(31)}
        for rel, data in (files or {}).items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return root

    def command(self, root: Path, *args: str) -> list[str]:
        return [sys.executable, str(self.repo / "build.py"), "--root", str(root), *args]

    def run(self, root: Path, *args: str, prefix: tuple[str, ...] = (), timeout: float = 120) -> Run:
        """Run build.py with args; a run over the time limit is stopped and counts as a hang."""
        env = dict(os.environ, PYTHONPATH=str(self.repo), SOURCE_DATE_EPOCH="1658102400")
        proc = subprocess.Popen([*prefix, *self.command(root, *args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, errors="replace", env=env, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
            return Run(proc.returncode, out, err)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            return Run(None, out, err)

    def close(self) -> None:
        for proc in self.servers:
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        self.servers.clear()


def doc(n: int, extra: str = "", body: str = "") -> str:
    """A valid document numbered 五政办发〔2022〕n号."""
    return DOC.format(n=n, extra=extra, body=body)


def refused(run: Run, *needles: str, loss_if_ok: bool = True) -> Outcome:
    """Judge a run that must fail with a message containing every needle."""
    if run.code is None:
        return Outcome("hang", "no answer within the time limit")
    if "Traceback" in run.err:
        return Outcome("traceback", run.err.strip().splitlines()[-1][:200])
    if run.code == 0:
        return Outcome("silent loss" if loss_if_ok else "unsafe", "exit 0: " + run.said)
    if not all(n in run.err + run.out for n in needles):
        return Outcome("silent loss", f"message lacks {needles}: {run.said}")
    return Outcome("ok", run.said)


# ── Input files: one reader for all ─────────────────────────────────────────────────────────────


def fixture_case(fixture: str, *needles: str, unsafe: bool = False) -> Callable[[Context], Outcome]:
    def case(ctx: Context) -> Outcome:
        root = ctx.site(fixture, fixture)
        return refused(ctx.run(root), *needles, loss_if_ok=not unsafe)

    case.__doc__ = f"fixture site tests/sites/{fixture}"
    return case


def gbk_that_is_valid_utf8(ctx: Context) -> Outcome:
    """Short GBK text can be valid UTF-8 (通知 → ֪ͨ): published as gibberish unless caught."""
    root = ctx.site("gbk-valid", files={"content/2022-03/issue.md": (ISSUE + "\n通知\n").encode("gbk"),
                                        "content/2022-03/wzbf-2022-31.md": doc(31)})
    return refused(ctx.run(root), "issue.md:8", "GBK", loss_if_ok=False)


def site_toml_not_utf8(ctx: Context) -> Outcome:
    root = ctx.site("toml")
    path = root / "site.toml"
    path.write_bytes(("# 五台县政府公报设置\n" + path.read_text(encoding="utf-8")).encode("gbk"))
    return refused(ctx.run(root), "site.toml:", "GBK")


def layout_not_utf8(ctx: Context) -> Outcome:
    root = ctx.site("layout")
    path = root / "layouts" / "base.html"
    path.write_bytes(path.read_bytes() + "{# 页脚 #}\n".encode("gbk"))
    return refused(ctx.run(root), "layouts/base.html:")


def check_json_with_bad_encoding(ctx: Context) -> Outcome:
    root = ctx.site("json", "bad_encoding")
    run = ctx.run(root, "check", "--json")
    if "Traceback" in run.err:
        return Outcome("traceback", run.err.strip().splitlines()[-1][:200])
    try:
        report = json.loads(run.out)
    except ValueError:
        return Outcome("silent loss", f"stdout is not JSON: {run.out[:80]!r}")
    if run.code != 1 or report.get("ok") or not report.get("errors"):
        return Outcome("silent loss", f"exit {run.code}, report {str(report)[:120]}")
    return Outcome("ok", f"JSON with {report['errors']} errors, exit 1")


def _with_link(ctx: Context, name: str, target: str, rel: str = "content/2022-03/wzbf-2022-32.md") -> Path:
    root = ctx.site(name)
    (root / rel).symlink_to(target)
    return root


def symlink_loop(ctx: Context) -> Outcome:
    root = _with_link(ctx, "loop", "wzbf-2022-32.md")
    return refused(ctx.run(root), "wzbf-2022-32.md", "循环")


def dangling_symlink(ctx: Context) -> Outcome:
    root = _with_link(ctx, "dangling", "wzbf-2022-99.md")
    return refused(ctx.run(root), "wzbf-2022-32.md", "不存在")


def symlink_leaving_root(ctx: Context) -> Outcome:
    outside = ctx.work / "outside.md"
    outside.write_text(doc(32, body="\n\n此段来自站点之外。"), encoding="utf-8")
    root = _with_link(ctx, "leaving", str(outside))
    return refused(ctx.run(root), "wzbf-2022-32.md", "站点文件夹之外", loss_if_ok=False)


def unprivileged() -> tuple[str, ...] | None:
    """A command prefix under which file permissions apply (root bypasses them); None if impossible."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv"):
        return ("setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--inh-caps=-all")
    return None


def unreadable_file(ctx: Context) -> Outcome:
    prefix = unprivileged()
    if prefix is None:
        return Outcome("skipped", "needs setpriv to drop root's permission bypass")
    root = ctx.site("unreadable-file", files={"content/2022-03/issue.md": ISSUE,
                                              "content/2022-03/wzbf-2022-31.md": doc(31),
                                              "content/2022-03/wzbf-2022-32.md": doc(32)})
    (root / "content/2022-03/wzbf-2022-32.md").chmod(0)
    return refused(ctx.run(root, prefix=prefix), "wzbf-2022-32.md", "权限")


def unreadable_issue_folder(ctx: Context) -> Outcome:
    prefix = unprivileged()
    if prefix is None:
        return Outcome("skipped", "needs setpriv to drop root's permission bypass")
    root = ctx.site("unreadable-folder")
    (root / "content/2022-03").chmod(0o300)  # can enter, cannot list
    try:
        return refused(ctx.run(root, prefix=prefix), "content/2022-03")
    finally:
        (root / "content/2022-03").chmod(0o755)


def slug_too_long(ctx: Context) -> Outcome:
    root = ctx.site("long-slug", files={"content/2022-03/issue.md": ISSUE,
                                        "content/2022-03/wzbf-2022-31.md": doc(31, extra=f"slug: {'a' * 300}\n")})
    return refused(ctx.run(root), "太长")


# ── Front matter, registry and pdf values ───────────────────────────────────────────────────────


def front_matter_value(title: str, line_needle: str = "wzbf-2022-31.md:2") -> Callable[[Context], Outcome]:
    """A document whose title is written as title: a success means wrong text (or a broken feed) was published."""

    def case(ctx: Context) -> Outcome:
        text = doc(31).replace("title: 关于测试的通知", f"title: {title}")
        root = ctx.site(f"title-{abs(hash(title))}", files={"content/2022-03/issue.md": ISSUE,
                                                             "content/2022-03/wzbf-2022-31.md": text})
        return refused(ctx.run(root), line_needle, loss_if_ok=False)

    return case


def registry_entry(entry: str, line_needle: str) -> Callable[[Context], Outcome]:
    """departments.yaml with one more entry written as entry."""

    def case(ctx: Context) -> Outcome:
        root = ctx.site(f"registry-{abs(hash(entry))}")
        path = root / "content/departments.yaml"
        path.write_text(path.read_text(encoding="utf-8") + entry, encoding="utf-8")
        return refused(ctx.run(root), line_needle, loss_if_ok=False)

    return case


def pdf_outside(value: str) -> Callable[[Context], Outcome]:
    """issue.md's pdf: naming a file outside the issue folder (a real PDF there, so only the path is wrong)."""

    def case(ctx: Context) -> Outcome:
        name = f"pdf-{abs(hash(value))}"
        root = ctx.site(name, files={"content/2022-03/issue.md": ISSUE.replace(
            "published: 2022-07-18\n", f"published: 2022-07-18\npdf: {value}\n"),
            "content/2022-03/wzbf-2022-31.md": doc(31), "x.pdf": b"%PDF-1.4\n%%EOF\n"})
        out = ctx.work / f"{name}-out" / "public"
        run = ctx.run(root, "--out", str(out))
        strays = [p.name for p in out.parent.iterdir() if p.name != "public"] if out.parent.exists() else []
        if strays:
            return Outcome("unsafe", f"written outside the output folder: {strays}")
        return refused(run, "issue.md:6", loss_if_ok=False)

    return case


def pdf_symlink_to_passwd(ctx: Context) -> Outcome:
    root = ctx.site("pdf-link", files={"content/2022-03/issue.md": ISSUE.replace("published: 2022-07-18\n",
                                                                                  "published: 2022-07-18\npdf: print.pdf\n"),
                                       "content/2022-03/wzbf-2022-31.md": doc(31)})
    (root / "content/2022-03/print.pdf").symlink_to("/etc/passwd")
    run = ctx.run(root)
    leaked = [p for p in (root / "public").rglob("print.pdf")] if (root / "public").exists() else []
    if leaked and any(b"root:" in p.read_bytes() for p in leaked):
        return Outcome("unsafe", "/etc/passwd published as " + leaked[0].relative_to(root).as_posix())
    return refused(run, "print.pdf", loss_if_ok=False)


def unsafe_attributes(ctx: Context) -> Outcome:
    root = ctx.site("attrs", "unsafe_attributes")
    run = ctx.run(root)
    if "Traceback" in run.err:
        return Outcome("traceback", run.err.strip().splitlines()[-1][:200])
    page = root / "public/2022-03/wzbf-2022-31/index.html"
    if run.code != 0 or not page.exists():
        return Outcome("silent loss", run.said)
    html = page.read_text(encoding="utf-8")
    if "position:fixed" in html or "srcdoc" in html or "autofocus" in html:
        return Outcome("unsafe", "page keeps style/srcdoc/autofocus from the Markdown attributes")
    if "办事指南" not in html or "警告" not in run.err:
        return Outcome("silent loss", "link text lost or no warning")
    return Outcome("ok", run.said)


# ── Output folders: owned, and failures leave the old site ──────────────────────────────────────


def _refuses_and_keeps(ctx: Context, root: Path, *args: str, keep: Path | None = None) -> Outcome:
    before = digest(keep or root)
    run = ctx.run(root, *args)
    after = digest(keep or root)
    lost = sorted(rel for rel, sha in before.items() if after.get(rel) != sha)  # new files (a cache) are fine
    if lost:
        return Outcome("silent loss", f"{len(lost)} files deleted or changed ({', '.join(lost[:3])} …), "
                                      f"exit {run.code}: {run.said}")
    return refused(run)


def out_is_site_root(ctx: Context) -> Outcome:
    root = ctx.site("out-dot")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    return _refuses_and_keeps(ctx, root, "--out", str(root))


def out_in_content(ctx: Context) -> Outcome:
    root = ctx.site("out-content")
    return _refuses_and_keeps(ctx, root, "--out", str(root / "content" / "2022-03"))


def out_is_foreign_folder(ctx: Context) -> Outcome:
    root = ctx.site("out-foreign")
    mine = ctx.work / "my-documents"
    mine.mkdir(exist_ok=True)
    (mine / "工作总结.txt").write_text("不能删除\n", encoding="utf-8")
    return _refuses_and_keeps(ctx, root, "--out", str(mine), keep=mine)


def out_is_a_file(ctx: Context) -> Outcome:
    root = ctx.site("out-file")
    (root / "notes.txt").write_text("笔记\n", encoding="utf-8")
    return _refuses_and_keeps(ctx, root, "--out", str(root / "notes.txt"))


def bundle_out_is_site_root(ctx: Context) -> Outcome:
    root = ctx.site("bundle-dot")
    return _refuses_and_keeps(ctx, root, "bundle", "--out", str(root))


class Mount:
    """A tmpfs mounted for one case (needs root); .ok is False when mounting is refused."""

    def __init__(self, path: Path, size_kb: int, read_only: bool = False):
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        options = f"size={size_kb}k" + (",ro" if read_only else "")
        self.ok = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                                 capture_output=True).returncode == 0 if os.geteuid() == 0 else False

    def __enter__(self) -> Mount:
        return self

    def used_kb(self) -> int:
        info = os.statvfs(self.path)
        return (info.f_blocks - info.f_bfree) * info.f_frsize // 1024

    def shrink(self, spare: float, extra_kb: int = 64) -> None:
        """Make the file system only spare times bigger than what it holds now (plus extra_kb)."""
        size = int(self.used_kb() * spare) + extra_kb
        subprocess.run(["mount", "-o", f"remount,size={size}k", str(self.path)], check=True)

    def __exit__(self, *_) -> None:
        if self.ok:
            subprocess.run(["umount", "-l", str(self.path)], capture_output=True)


def out_parent_read_only(ctx: Context) -> Outcome:
    root = ctx.site("out-ro")
    with Mount(ctx.work / "ro", 1024, read_only=True) as mount:
        if not mount.ok:
            return Outcome("skipped", "mount -t tmpfs refused (not root?)")
        return refused(ctx.run(root, "--out", str(mount.path / "public")), "只读")


def out_parent_not_writable(ctx: Context) -> Outcome:
    prefix = unprivileged()
    if prefix is None:
        return Outcome("skipped", "needs setpriv to drop root's permission bypass")
    root = ctx.site("out-eacces")
    parent = ctx.work / "locked"
    parent.mkdir(exist_ok=True)
    parent.chmod(0o555)
    try:
        return refused(ctx.run(root, "--out", str(parent / "public"), prefix=prefix), "权限")
    finally:
        parent.chmod(0o755)


def disk_full_build(ctx: Context) -> Outcome:
    root = ctx.site("enospc")
    with Mount(ctx.work / "full", 64 * 1024) as mount:
        if not mount.ok:
            return Outcome("skipped", "mount -t tmpfs refused (not root?)")
        out = mount.path / "public"
        first = ctx.run(root, "--out", str(out))
        if first.code != 0:
            return Outcome("silent loss", "base site does not build: " + first.said)
        mount.shrink(1.0, 16)  # unchanged pages are hard-linked from the old site: leave almost no room
        before = digest(out)
        (root / "content/2022-03/wzbf-2022-32.md").write_text(doc(32), encoding="utf-8")
        run = ctx.run(root, "--out", str(out))
        if run.code == 0:
            return Outcome("skipped", "the disk did not fill up")
        if digest(out) != before:
            return Outcome("silent loss", "old site changed by a failed build")
        if leftovers(mount.path, "public"):
            return Outcome("unsafe", f"left behind: {leftovers(mount.path, 'public')}")
        return refused(run, "磁盘空间已满")


def disk_full_bundle(ctx: Context) -> Outcome:
    root = ctx.site("enospc-bundle")
    with Mount(ctx.work / "full-bundle", 64 * 1024) as mount:
        if not mount.ok:
            return Outcome("skipped", "mount -t tmpfs refused (not root?)")
        first = ctx.run(root, "bundle", "--out", str(mount.path / "usb"))
        if first.code != 0:
            return Outcome("silent loss", "base site does not bundle: " + first.said)
        mount.shrink(1.4)
        before = digest(mount.path)
        (root / "content/2022-03/wzbf-2022-32.md").write_text(doc(32), encoding="utf-8")
        run = ctx.run(root, "bundle", "--out", str(mount.path / "usb"))
        if run.code == 0:
            return Outcome("skipped", "the disk did not fill up")
        if "构建完成" in run.out:
            return Outcome("unsafe", "printed 构建完成 and then failed: " + run.said)
        after = digest(mount.path)
        if after != before:
            changed = sorted(set(after.items()) ^ set(before.items()))
            return Outcome("unsafe", f"folder or zip changed by a failed bundle: {changed[0][0]}")
        return refused(run, "磁盘空间已满")


def disk_full_zip(ctx: Context) -> Outcome:
    """The folder fits, the zip (on another, full disk) does not: nothing may change, no 构建完成."""
    root = ctx.site("enospc-zip")
    usb = ctx.work / "zip-usb" / "usb"
    with Mount(ctx.work / "full-zip", 64 * 1024) as mount:
        if not mount.ok:
            return Outcome("skipped", "mount -t tmpfs refused (not root?)")
        zip_path = mount.path / "usb.zip"
        first = ctx.run(root, "bundle", "--out", str(usb), "--zip", str(zip_path))
        if first.code != 0:
            return Outcome("silent loss", "base site does not bundle: " + first.said)
        mount.shrink(1.4)
        before = (digest(usb), digest_file(zip_path))
        (root / "content/2022-03/wzbf-2022-32.md").write_text(doc(32), encoding="utf-8")
        run = ctx.run(root, "bundle", "--out", str(usb), "--zip", str(zip_path))
        if "Traceback" in run.err:
            return Outcome("traceback", ("printed 构建完成, then " if "构建完成" in run.out else "")
                           + run.err.strip().splitlines()[-1][:160])
        if run.code == 0:
            return Outcome("skipped", "the disk did not fill up")
        if "构建完成" in run.out:
            return Outcome("unsafe", "printed 构建完成 and then failed: " + run.said)
        if (digest(usb), digest_file(zip_path)) != before or leftovers(mount.path, "usb.zip"):
            return Outcome("unsafe", "folder or zip changed (or work files left) by a failed bundle")
        return refused(run, "磁盘空间已满")


def _timed(ctx: Context, root: Path, *args: str) -> float:
    started = time.monotonic()
    ctx.run(root, *args)
    return time.monotonic() - started


def _kill_at(ctx: Context, root: Path, delay: float, *args: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(ctx.repo), SOURCE_DATE_EPOCH="1658102400")
    proc = subprocess.Popen(ctx.command(root, *args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env, start_new_session=True)
    time.sleep(delay)
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


KILL_MOMENTS = 6


def _kill_when(ctx: Context, root: Path, ready: Callable[[], bool], *args: str) -> bool:
    """Start build.py and kill -9 it the moment ready() holds; False if it finished first."""
    env = dict(os.environ, PYTHONPATH=str(ctx.repo), SOURCE_DATE_EPOCH="1658102400")
    proc = subprocess.Popen(ctx.command(root, *args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env, start_new_session=True)
    caught = False
    while proc.poll() is None:
        if ready():
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            caught = True
            break
        time.sleep(0.002)
    proc.wait()
    return caught


def _inode(path: Path) -> int:
    try:
        return os.stat(path).st_ino
    except OSError:
        return -1


def kill_build(ctx: Context) -> Outcome:
    """kill -9 of `build` at many moments: the site is always the old or the new one, complete."""
    root = ctx.site("kill-build")
    out, saved, fresh = root / "public", ctx.work / "kill-build-old", ctx.work / "kill-build-new"
    ctx.run(root)
    shutil.copytree(out, saved, symlinks=True)
    (root / "content/2022-03/wzbf-2022-32.md").write_text(doc(32), encoding="utf-8")
    seconds = _timed(ctx, root, "--out", str(fresh))
    old, new = digest(saved), digest(fresh)
    for i in range(1, KILL_MOMENTS + 1):
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(saved, out, symlinks=True)
        _kill_at(ctx, root, seconds * i / (KILL_MOMENTS + 1))
        now = digest(out) if out.exists() else {}
        if now not in (old, new):
            return Outcome("silent loss", f"killed at {i}/{KILL_MOMENTS + 1} of the build: the site is half replaced")
    run = ctx.run(root)
    if run.code != 0 or leftovers(root, "public"):
        return Outcome("unsafe", f"next run: exit {run.code}, left behind {leftovers(root, 'public')}")
    return Outcome("ok", f"killed at {KILL_MOMENTS} moments: always the old or the new site; next run cleans up")


def kill_bundle(ctx: Context) -> Outcome:
    """kill -9 of `bundle` at many moments: after the next run (even a failing one) folder and zip match."""
    root = ctx.site("kill-bundle")
    dist = ctx.work / "kill-bundle-dist"
    name = "wutai-gongbao"
    ctx.run(root, "bundle", "--out", str(dist / name))
    old = (digest(dist / name), digest_file(dist / f"{name}.zip"))
    saved = ctx.work / "kill-bundle-saved"
    shutil.copytree(dist, saved)
    (root / "content/2022-03/wzbf-2022-32.md").write_text(doc(32), encoding="utf-8")
    fresh = ctx.work / "kill-bundle-fresh"
    seconds = _timed(ctx, root, "bundle", "--out", str(fresh / name))
    new = (digest(fresh / name), digest_file(fresh / f"{name}.zip"))
    broken = root / "content/2022-03/wzbf-2022-33.md"
    for i in range(1, KILL_MOMENTS + 2):
        shutil.rmtree(dist)
        shutil.copytree(saved, dist)
        if i <= KILL_MOMENTS:
            _kill_at(ctx, root, seconds * i / (KILL_MOMENTS + 1), "bundle", "--out", str(dist / name))
        else:  # the moment the new folder is in place, before the zip may be
            folder = _inode(dist / name)
            _kill_when(ctx, root, lambda before=folder: _inode(dist / name) != before, "bundle", "--out", str(dist / name))
        broken.write_text("没有头部的文件\n", encoding="utf-8")  # the next run fails, yet must tidy up
        ctx.run(root, "bundle", "--out", str(dist / name))
        broken.unlink()
        now = (digest(dist / name), digest_file(dist / f"{name}.zip"))
        if now not in (old, new):
            state = ["old" if now[k] == old[k] else "new" if now[k] == new[k] else "other" for k in (0, 1)]
            return Outcome("unsafe", f"killed at {i}/{KILL_MOMENTS + 1}: folder {state[0]}, zip {state[1]}")
        if leftovers(dist, name):
            return Outcome("unsafe", f"killed at {i}/{KILL_MOMENTS + 1}: left behind {leftovers(dist, name)}")
    return Outcome("ok", f"killed at {KILL_MOMENTS + 1} moments (one right after the folder swap): "
                         "folder and zip always a matching set, work files removed")


def digest_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def bundle_zip_onto_a_file(ctx: Context) -> Outcome:
    root = ctx.site("zip-onto")
    (root / "报告.docx").write_bytes(b"PK\x03\x04 not really, but a user's file\n" * 10)
    (root / "notes.zip").write_text("这不是压缩包，是我的笔记\n", encoding="utf-8")
    return _refuses_and_keeps(ctx, root, "bundle", "--out", str(ctx.work / "zip-onto-usb" / "usb"),
                              "--zip", str(root / "notes.zip"))


def bundle_reserved_name(ctx: Context) -> Outcome:
    root = ctx.site("reserved", files={"content/2022-03/issue.md": ISSUE,
                                       "content/2022-03/wzbf-2022-31.md": doc(31, extra="slug: con\n")})
    return refused(ctx.run(root, "bundle", "--out", str(ctx.work / "reserved-usb" / "usb")), "保留名", loss_if_ok=False)


def bundle_case_twins(ctx: Context) -> Outcome:
    root = ctx.site("twins")
    shutil.copy(root / "assets" / "site.css", root / "assets" / "Site.css")
    return refused(ctx.run(root, "bundle", "--out", str(ctx.work / "twins-usb" / "usb")), "大小写", loss_if_ok=False)


# ── The preview server ──────────────────────────────────────────────────────────────────────────


def _server(ctx: Context) -> tuple[int, Path]:
    """A preview server on 127.0.0.1 over a small site, shared by the server cases."""
    if ctx.servers:
        return ctx.servers[0].port, ctx.servers[0].root
    root = ctx.site("serve")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=str(ctx.repo))
    log = open(ctx.work / "serve.log", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(ctx.command(root, "serve", "--port", str(port), "--no-search"), stdout=log,
                            stderr=subprocess.STDOUT, env=env, start_new_session=True)
    proc.port, proc.root = port, root
    ctx.servers.append(proc)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with suppress(OSError):
            if _get(port, "/")[0] == 200:
                break
        time.sleep(0.2)
    return port, root


def _get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_host="Host" in (headers or {}))
        for key, value in (headers or {}).items():
            conn.putheader(key, value)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def _server_log(ctx: Context, since: int = 0) -> str:
    """The server's output (from character since on)."""
    return (ctx.work / "serve.log").read_text(encoding="utf-8", errors="replace")[since:]


def serve_nul(ctx: Context) -> Outcome:
    port, _ = _server(ctx)
    since = len(_server_log(ctx))
    status, _, _ = _get(port, "/%00")
    if "Traceback" in _server_log(ctx, since) or status >= 500:
        return Outcome("traceback", f"/%00 → {status}")
    return Outcome("ok" if status == 404 else "unsafe", f"/%00 → {status}")


def serve_double_slash(ctx: Context) -> Outcome:
    port, _ = _server(ctx)
    status, headers, _ = _get(port, "//2022-03")
    location = headers.get("Location", "")
    if location.startswith("//") or "://" in location and "127.0.0.1" not in location:
        return Outcome("unsafe", f"//2022-03 → {status} Location: {location}")
    return Outcome("ok", f"//2022-03 → {status} {location}")


def serve_foreign_host(ctx: Context) -> Outcome:
    port, _ = _server(ctx)
    status, _, _ = _get(port, "/", {"Host": "rebind.example.com"})
    js, _, _ = _get(port, "/livereload.js", {"Host": "rebind.example.com"})
    if status == 200 or js == 200:
        return Outcome("unsafe", f"Host: rebind.example.com → {status}, livereload.js → {js}")
    return Outcome("ok", f"Host: rebind.example.com → {status}")


def serve_cross_origin_websocket(ctx: Context) -> Outcome:
    port, _ = _server(ctx)
    handshake = {"Host": f"127.0.0.1:{port}", "Connection": "Upgrade", "Upgrade": "websocket",
                 "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        lines = ["GET /livereload HTTP/1.1", *(f"{k}: {v}" for k, v in
                 {**handshake, "Origin": "http://evil.example.com"}.items()), "", ""]
        sock.sendall("\r\n".join(lines).encode())
        status = sock.recv(200).split(b"\r\n", 1)[0].decode()
    if " 101 " in status:
        return Outcome("unsafe", f"websocket from http://evil.example.com: {status}")
    return Outcome("ok", f"websocket from http://evil.example.com: {status}")


def serve_bad_save(ctx: Context) -> Outcome:
    port, root = _server(ctx)
    since = len(_server_log(ctx))
    doc_path = root / "content/2022-03/wzbf-2022-31.md"
    doc_path.write_bytes(doc(31).encode("gbk"))
    deadline = time.monotonic() + 30
    page = b""
    while time.monotonic() < deadline:
        _, _, page = _get(port, "/2022-03/")
        if b"error-overlay" in page or "Traceback" in _server_log(ctx, since):
            break
        time.sleep(0.3)
    if "Traceback" in _server_log(ctx, since):
        return Outcome("traceback", [line for line in _server_log(ctx, since).splitlines() if line.strip()][-1][:200])
    text = page.decode("utf-8", "replace")
    if "wzbf-2022-31.md" not in text or "error-overlay" not in text:
        return Outcome("silent loss", "the page does not show the error")
    return Outcome("ok", "页面显示：" + text[text.index("content/2022-03/wzbf-2022-31.md"):][:90])


CASES: dict[str, Callable[[Context], Outcome]] = {
    "GBK / damaged / UTF-16 documents": fixture_case("bad_encoding", "iconv -f GBK -t UTF-8", "UTF-16", "wzbf-2022-32.md:10"),
    "GBK issue.md": fixture_case("bad_encoding_issue", "issue.md:2", "GBK"),
    "GBK departments.yaml": fixture_case("bad_encoding_registry", "departments.yaml:2", "GBK"),
    "GBK text that happens to be valid UTF-8 (通知 → ֪ͨ)": gbk_that_is_valid_utf8,
    "site.toml not UTF-8": site_toml_not_utf8,
    "layout not UTF-8": layout_not_utf8,
    "check --json with bad encoding": check_json_with_bad_encoding,
    ".MD, .markdown, folder x.md, ISSUE.md, stray .md": fixture_case(
        "misnamed_files", ".MD", ".markdown", "wzbf-2022-34.md", "ISSUE.md", "content/wzbf-2022-36.md"),
    "symlink loop": symlink_loop,
    "dangling symlink": dangling_symlink,
    "symlink leaving the site root": symlink_leaving_root,
    "unreadable file": unreadable_file,
    "unlistable issue folder": unreadable_issue_folder,
    "slug of 300 characters (ENAMETOOLONG)": slug_too_long,
    "title: 12345": front_matter_value("12345"),
    "title: null": front_matter_value("null"),
    "title: !!python/object:os.system 关于测试的通知": front_matter_value('!!python/object:os.system 关于测试的通知'),
    "title with a control character (\\a)": front_matter_value('"关于\\a测试的通知"'),
    "all of these in one site (every error in one run)": fixture_case(
        "value_types", *(f"wzbf-2022-3{i}.md" for i in range(1, 8)), unsafe=True),
    "registry aliases: [[x]]": registry_entry("- id: zz\n  name: 县测试局\n  group: 县直部门\n  aliases: [[测试局]]\n",
                                             "departments.yaml:"),
    "registry alias \"\" (empty)": registry_entry("- id: zz\n  name: 县测试局\n  group: 县直部门\n  aliases: [\"\"]\n",
                                              "departments.yaml:"),
    "registry aliases [[x]], empty name and alias": fixture_case(
        "registry_values", "departments.yaml:4", "departments.yaml:6", "departments.yaml:11", unsafe=True),
    "pdf: /etc/hostname": pdf_outside("/etc/hostname"),
    "pdf: ../../x.pdf": pdf_outside("../../x.pdf"),
    "pdf: /etc/hostname, ../../x.pdf, not a PDF": fixture_case(
        "pdf_checks", "2022-03/issue.md:6", "2022-04/issue.md:6", "2022-05/issue.md:6", unsafe=True),
    "pdf: symlink to /etc/passwd": pdf_symlink_to_passwd,
    "Markdown nested 2,000 deep": fixture_case("deep_nesting", "wzbf-2022-31.md:"),
    "Markdown attributes style / srcdoc / autofocus": unsafe_attributes,
    "--out . (site root with .git)": out_is_site_root,
    "--out content/2022-03": out_in_content,
    "--out a folder of someone's files": out_is_foreign_folder,
    "--out a file": out_is_a_file,
    "bundle --out . ": bundle_out_is_site_root,
    "read-only output parent": out_parent_read_only,
    "output parent without write permission (EACCES)": out_parent_not_writable,
    "disk full during build (tmpfs)": disk_full_build,
    "disk full during bundle (tmpfs)": disk_full_bundle,
    "disk full while zipping the bundle (zip on a full tmpfs)": disk_full_zip,
    "kill -9 of build at many moments": kill_build,
    "kill -9 of bundle at many moments": kill_bundle,
    "bundle --zip onto a file that is not a zip": bundle_zip_onto_a_file,
    "USB bundle with a Windows reserved name (con)": bundle_reserved_name,
    "USB bundle with names differing only in case": bundle_case_twins,
    "preview GET /%00": serve_nul,
    "preview GET //2022-03": serve_double_slash,
    "preview with a foreign Host (DNS rebinding)": serve_foreign_host,
    "preview websocket from another origin": serve_cross_origin_websocket,
    "preview: invalid UTF-8 saved": serve_bad_save,
}


def run_case(name: str, ctx: Context) -> Outcome:
    """Run one case; an exception in the case itself counts against the case, never hides it."""
    try:
        return CASES[name](ctx)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            return Outcome("skipped", f"the catalogue ran out of space: {exc}")
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", type=Path, default=HERE.parent, help="checkout whose build.py is run")
    parser.add_argument("--only", nargs="*", default=None, help="case names (substrings)")
    args = parser.parse_args(argv)
    names = [n for n in CASES if not args.only or any(o in n for o in args.only)]
    counts = dict.fromkeys(KINDS, 0)
    with tempfile.TemporaryDirectory(prefix="catalogue-") as tmp:
        ctx = Context(args.repo.resolve(), Path(tmp))
        try:
            print("| case | outcome | what the user sees |\n|---|---|---|")
            for name in names:
                outcome = run_case(name, ctx)
                counts[outcome.kind] += 1
                print(f"| {name} | {outcome.kind} | {outcome.seen.replace('|', '/')} |", flush=True)
        finally:
            ctx.close()
    print("\n" + ", ".join(f"{kind}: {n}" for kind, n in counts.items()))
    return 0 if counts["ok"] + counts["skipped"] == len(names) else 1


if __name__ == "__main__":
    sys.exit(main())
