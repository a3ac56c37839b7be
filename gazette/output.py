"""Staged output: build into a fresh folder, then swap it in place of the old site at once.

An error, Ctrl-C or kill -9 at any moment leaves the previous site complete: until the swap the
old folder is not touched, and the swap itself is one atomic rename on Linux (renameat2 with
RENAME_EXCHANGE). Where that call is missing, two renames are used and a leftover is recovered
at the start of the next build.

The output folder is owned: every published site carries a marker file, and a folder that is not
empty and has no marker is never replaced (it is someone's files, not a previous build), nor is
one that is or holds the site itself, its content/ or a .git, or lies inside content/, layouts/
or assets/. Any filesystem failure while writing (disk full, no permission, read-only disk)
becomes one message, with the old site untouched.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from . import workers

MARKER = ".gazette-build"
"""File at the top of every published site, naming the build that wrote it (gazette/pipeline.py);
its presence says the folder is a build's output and may be replaced."""
_PROTECTED_INSIDE = ("content", "layouts", "assets")


class OutputError(Exception):
    """The output folder cannot be used; carries the Chinese message to show."""

    def __init__(self, path: Path, message: str):
        super().__init__(message)
        self.path, self.message = path, message

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False if the system cannot."""
    try:
        renameat2 = workers.libc().renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _siblings(out: Path, kind: str) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.{kind}-*"))


def _alive(path: Path) -> bool:
    """True if the build process that named this folder is still running."""
    return running(int(path.name.rsplit("-", 1)[1]))


def running(pid: int) -> bool:
    """True if another process with this id is running (this process's own leftovers are not alive)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(out: Path) -> None:
    """Undo what an interrupted build left behind: restore a half-swapped site, drop stale staging."""
    old = [p for p in _siblings(out, "old") if not _alive(p)]
    if not out.exists() and old:
        os.replace(old[-1], out)
    for leftover in _siblings(out, "old") + _siblings(out, "staging") + _siblings(out, "scratch") + \
            _siblings(out, "removing"):
        if not _alive(leftover):  # a replaced site still being removed by its detached process is left to it
            shutil.rmtree(leftover, ignore_errors=True)


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def claim(out: Path, root: Path) -> None:
    """Raise OutputError unless out may be (re)written by a build of the site at root."""
    out, root = out.resolve(), root.resolve()
    if _within(root, out):
        raise OutputError(out, f"输出文件夹 {out} 是站点文件夹本身或包含它，生成时会删除您的全部文件；"
                               "请改用 --out public 之类的子文件夹")
    for name in _PROTECTED_INSIDE:
        if _within(out, root / name):
            raise OutputError(out, f"输出文件夹 {out} 位于 {name}/ 中，生成时会删除那里的文件；请改用站点下的 public/ 等文件夹")
    if not out.exists() and not out.is_symlink():
        return
    if not out.is_dir():
        raise OutputError(out, f"输出位置 {out} 是一个文件，不是文件夹；请换一个文件夹名，或确认无用后删除这个文件")
    try:
        entries = {p.name for p in out.iterdir()}
    except OSError as exc:
        raise OutputError(out, f"无法读取输出文件夹 {out}：{describe(exc)}") from None
    if ".git" in entries or "site.toml" in entries or "content" in entries:
        raise OutputError(out, f"输出文件夹 {out} 中有 .git、site.toml 或 content/，像是源文件所在的文件夹；"
                               "生成时会整体替换输出文件夹，为免删除它们，拒绝写入；请换一个空文件夹")
    if entries and MARKER not in entries:
        raise OutputError(out, f"输出文件夹 {out} 不是空的，也不是本程序生成的网站（其中没有 {MARKER} 标记文件）；"
                               "为免删除您的文件，拒绝替换它。请换一个不存在或空的文件夹，或确认其中文件无用后手动删除它")


def refusal(out: Path, root: Path) -> str | None:
    """Why out may not be (re)written by a build of the site at root; None if it may."""
    try:
        claim(out, root)
    except OutputError as exc:
        return exc.message
    return None


def describe(exc: OSError) -> str:
    """A Chinese explanation of a failure while writing output, with what to do."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        # copytree collects its failures as (source, target, "[Errno 28] …") and raises them together.
        _, target, why = exc.args[0][0]
        code = re.search(r"\[Errno (\d+)\]", str(why))
        if code:
            exc = OSError(int(code[1]), os.strerror(int(code[1])), target)
    where = f"（{exc.filename}）" if getattr(exc, "filename", None) else ""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"磁盘空间已满{where}，请清理磁盘或换一个输出位置后重新运行"
    if code in (errno.EACCES, errno.EPERM):
        return f"没有写入权限{where}，请检查文件夹的所有者和权限，或换一个输出位置"
    if code == errno.EROFS:
        return f"磁盘为只读{where}，无法写入；请换一个可写的输出位置"
    if code == errno.ENAMETOOLONG:
        return f"文件名太长{where}，系统无法写入；请缩短网址名（slug）或输出文件夹路径"
    if code == errno.EIO:
        return f"读写出错{where}（磁盘或 U 盘可能已损坏）"
    return f"{exc.strerror or exc}{where}"


def failure(exc: OSError, out: Path) -> str:
    """The message for a filesystem failure during a build that writes to out."""
    name = Path(os.fsdecode(exc.filename)) if getattr(exc, "filename", None) else None
    if name is None or name.is_relative_to(out.parent):
        return f"无法写入输出，原有网站未作任何改动：{describe(exc)}"
    return f"读写文件出错，原有网站未作任何改动：{describe(exc)}"


def staging(out: Path) -> Path:
    """A new empty folder beside out to build into (same file system, so the swap is a rename)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    path = out.parent / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir()
    return path


def scratch(out: Path) -> Path:
    """A folder for intermediate files that never become part of the site."""
    path = out.parent / f".{out.name}.scratch-{os.getpid()}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def publish(stage: Path, out: Path, large: bool = False) -> None:
    """Put the staged site at out, replacing what was there in one step.

    large: the old site has many files; it is then removed by a detached process, so the build ends
    as soon as the new site is in place (whatever that process leaves, recover() removes next time).
    """
    if out.exists() and _exchange(stage, out):
        _remove_old(stage, out, large)  # stage now holds the old site
        return
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.replace(out, old)
        os.replace(stage, out)
        _remove_old(old, out, large)
    else:
        os.replace(stage, out)


def _remove_old(path: Path, out: Path, large: bool) -> None:
    """Remove the replaced site; a large one by a detached process, which first renames it after
    itself (.public.removing-<its pid>), so the next build's recover() leaves it alone while it runs
    instead of removing the same files again and waiting for that."""
    if not large or not hasattr(os, "fork"):
        shutil.rmtree(path, ignore_errors=True)
        return
    ready, told = os.pipe()
    child = os.fork()
    if child:
        os.close(told)
        os.read(ready, 1)  # returns once the remover has renamed the folder (or is gone)
        os.close(ready)
        os.waitpid(child, 0)  # the child only forks the remover and leaves: no zombie
        return
    try:  # pragma: no cover - runs in the detached processes
        os.close(ready)
        if os.fork() == 0:
            os.setsid()
            # Let go of the command's output: whoever reads it (a pipe, `| tee`, a script waiting for the
            # command's end) would otherwise wait for this removal too.
            quiet = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(quiet, fd)
            mine = out.parent / f".{out.name}.removing-{os.getpid()}"
            try:
                os.replace(path, mine)
            except OSError:
                mine = path
            os.close(told)
            shutil.rmtree(mine, ignore_errors=True)
    finally:
        os._exit(0)


def discard(path: Path | None) -> None:
    """Remove a staging or scratch folder after a failed build."""
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)


def link_unchanged(out: Path, stage: Path, urls: list[str]) -> list[str]:
    """Hard-link each file (a path relative to out) from the published folder into stage, making
    folders as needed (a copy across file systems); return those missing from out. Plain strings:
    this runs over every file of the site (the pages, the search index's unchanged shards)."""
    source, target, made, missing = str(out), str(stage), set(), []
    for url in urls:
        folder = url.rpartition("/")[0]
        if folder and folder not in made:
            os.makedirs(f"{target}/{folder}", exist_ok=True)
            made.add(folder)
        try:
            os.link(f"{source}/{url}", f"{target}/{url}")
        except FileNotFoundError:
            missing.append(url)
        except OSError:
            try:
                shutil.copyfile(f"{source}/{url}", f"{target}/{url}")
            except FileNotFoundError:
                missing.append(url)
    return missing


class Linking:
    """link_unchanged in a process of its own (``python -S``, given the files on its input): the build
    renders and indexes meanwhile. In a thread the links took three times as long (1.2 s of links,
    3.6 s at 10,000 documents): between two links the thread waited for the interpreter lock the busy
    build held. wait() returns the files missing from out, and raises an OSError the links met."""

    def __init__(self, out: Path, stage: Path, urls: list[str]):
        package_parent = str(Path(__file__).resolve().parent.parent)
        self._process = subprocess.Popen(
            [sys.executable, "-S", "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
             "from gazette.output import _link_listed; _link_listed(sys.argv[2], sys.argv[3])",
             package_parent, str(out), str(stage)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True)  # Ctrl-C goes to the build, which waits for this process and cleans up
        self._missing: list[str] | None = None
        stdin, self._process.stdin = self._process.stdin, None  # (communicate() would flush it again)
        try:  # read at once by the process: written in a few milliseconds
            stdin.write("\0".join(urls).encode("utf-8"))
            stdin.close()
        except BrokenPipeError:
            pass  # it ended early: wait() says why

    def wait(self) -> list[str]:
        """The files missing from out, once every other file is linked (again: the same answer)."""
        if self._missing is None:
            found, error = self._process.communicate()
            self._missing = []  # (an error is raised once)
            self._missing = self._result(found, error)
        return self._missing

    def _result(self, found: bytes, error: bytes) -> list[str]:
        if self._process.returncode != 0:
            try:
                number, strerror, filename = json.loads(error.decode("utf-8").strip().splitlines()[-1])
            except (ValueError, IndexError, TypeError):
                raise OSError(errno.EIO, f"链接未改动的文件时出错：{error.decode('utf-8', 'replace')[-500:]}") from None
            raise OSError(number, strerror, filename)
        return [url for url in found.decode("utf-8").split("\0") if url]


def _link_listed(out: str, stage: str) -> None:
    """The linking process (see Linking): the files from its input, the missing ones to its output;
    an OSError as [errno, message, file name] on its error output, with exit status 1."""
    urls = [url for url in sys.stdin.buffer.read().decode("utf-8").split("\0") if url]
    try:
        missing = link_unchanged(Path(out), Path(stage), urls)
    except OSError as exc:
        sys.stderr.write(json.dumps([exc.errno, exc.strerror, exc.filename]) + "\n")
        sys.exit(1)
    sys.stdout.buffer.write("\0".join(missing).encode("utf-8"))
