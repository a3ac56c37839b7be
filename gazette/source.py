"""The one reader for every input file the build reads: content, issue.md, departments.yaml,
site.toml, layouts and assets.

Whatever is wrong with a file on disk becomes a ``path:line: message`` problem in Chinese that says
what to do: bytes that are not UTF-8 (with the encoding they look like and the command that converts
them), folders or pipes where a file should be, symlinks that loop, dangle or leave the site root,
files and folders the user cannot read, names too long for the system, and names that differ from
what the build looks for only in case or extension (``.MD``, ``.markdown``), which would otherwise
be skipped without a word.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from .problems import Problems
from .text import HAN

MARKDOWN_SUFFIX = ".md"
# Extensions that mean "Markdown" elsewhere but that the build does not read.
_MARKDOWN_LIKE = (".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt", ".mdtext", ".rmd")
MAX_REPORTED_CONTROLS = 5


def relative(root: Path, path: Path) -> str:
    """Path relative to the site root, /-separated, for messages."""
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
    return path.as_posix() if rel == "." else rel


def os_message(exc: OSError, what: str = "文件") -> str:
    """A Chinese explanation of a filesystem error, with what to do."""
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        return f"没有读取此{what}的权限，请检查它的所有者和权限（例如 chmod a+r，文件夹用 chmod a+rx）"
    if code == errno.ELOOP:
        return "符号链接形成了循环（链接最终指回自身），无法读取；请删除这个链接，换成文件本身"
    if code == errno.ENAMETOOLONG:
        return "文件名太长，系统无法打开；请把文件名改短（不超过 255 字节，约 80 个汉字）"
    if code == errno.ENOENT:
        return f"{what}不存在（可能刚被删除或移动）"
    if code == errno.EISDIR:
        return f"这是一个文件夹，不是{what}；请改名或移走它"
    if code == errno.ENOSPC:
        return "磁盘空间已满，请清理磁盘后重新运行"
    if code == errno.EROFS:
        return "所在磁盘为只读，无法写入；请换一个可写的位置"
    if code == errno.EIO:
        return "读写出错（磁盘或 U 盘可能已损坏），请把文件复制到别处再试"
    return f"无法读取：{exc.strerror or exc}"


def _escapes_root(path: Path, root: Path) -> Path | None:
    """Where a symlinked path really points, if that is outside root; else None."""
    try:
        real = path.resolve(strict=True)
        base = root.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if real == base or base in real.parents:
        return None
    return real


def inspect(path: Path, root: Path, what: str = "文件", folder: bool = False) -> str | None:
    """Why path cannot be read as a regular file (or, with folder=True, listed as a folder); None if fine."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        return os_message(exc, what)
    if stat.S_ISLNK(info.st_mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        try:
            info = os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ENOENT:
                return f'符号链接指向的 "{target}" 不存在；请删除这个链接，或把它指向的文件放回原处'
            return os_message(exc, what)
        outside = _escapes_root(path, root)
        if outside is not None:
            return f'符号链接指向站点文件夹之外（{outside}），不会被读取；请把文件本身复制到站点文件夹中'
    if folder:
        if not stat.S_ISDIR(info.st_mode):
            return "这不是文件夹"
        return None
    if stat.S_ISDIR(info.st_mode):
        return f"这是一个文件夹，不是{what}；请给文件夹改名（不要以 {path.suffix or path.name} 结尾）或把它移走"
    if not stat.S_ISREG(info.st_mode):
        return f"这不是普通{what}（是命名管道、设备或套接字），不会被读取；请换成普通文件"
    return None


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def encoding_message(data: bytes, exc: UnicodeDecodeError) -> tuple[int, str]:
    """(line, message) for bytes that are not UTF-8: which encoding they look like and how to convert."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return 1, ("文件是 UTF-16 编码，不是 UTF-8；请用记事本“另存为”选择 UTF-8 编码，"
                   "或运行 iconv -f UTF-16 -t UTF-8 原文件 > 新文件")
    line = _line_at(data, exc.start)
    bad = data[exc.start : exc.start + 4].hex(" ").upper()
    # A GBK file fails at its first Chinese character; a UTF-8 file with one damaged spot has
    # good UTF-8 Chinese before it.
    try:
        looks_gbk = _cjk(data[: exc.start].decode("utf-8")) == 0 and _cjk(data.decode("gb18030")) > 0
    except UnicodeDecodeError:
        looks_gbk = False
    if looks_gbk:
        return line, ("文件不是 UTF-8 编码，看起来是 GBK（GB2312/GB18030）编码；请另存为 UTF-8，"
                      "例如运行 iconv -f GBK -t UTF-8 原文件 > 新文件，或在记事本“另存为”中选择 UTF-8")
    return line, (f"这一行含有不是 UTF-8 的字节（{bad}），文件可能已损坏或用了其他编码；"
                  "请用 UTF-8 编码重新保存（例如 iconv -f 原编码 -t UTF-8 原文件 > 新文件）")


_CJK = re.compile(HAN)
_TWO_BYTE = re.compile(r"[\u0080-\u07ff]")
# Control characters (C0 but tab, line feed, carriage return; DEL; C1) and the two non-characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _cjk(text: str) -> int:
    return len(_CJK.findall(text))


def looks_like_gbk(data: bytes, text: str) -> int:
    """The line of the first odd character if text is GBK bytes that happen to be valid UTF-8; else 0.

    Short GBK text can decode as UTF-8 (通知 → ֪ͨ): it then shows as Greek, Hebrew or Arabic
    letters with hardly any Chinese, while decoding the bytes as GBK gives Chinese.
    """
    first = _TWO_BYTE.search(text)
    if first is None:
        return 0
    odd = len(_TWO_BYTE.findall(text))
    if odd <= _cjk(text):
        return 0
    try:
        as_gbk = data.decode("gb18030")
    except UnicodeDecodeError:
        return 0
    return text.count("\n", 0, first.start()) + 1 if _cjk(as_gbk) > odd // 2 else 0


def bad_character(ch: str) -> bool:
    """Whether ch is a control character or non-character no text of ours may hold."""
    return bool(_CONTROL.match(ch))


def control_problems(text: str) -> list[tuple[int, str]]:
    """(line, message) for control characters in text, at most a few (one per line)."""
    found: list[tuple[int, str]] = []
    for match in _CONTROL.finditer(text):
        number = text.count("\n", 0, match.start()) + 1
        if found and found[-1][0] == number:
            continue
        found.append((number, f"这一行含有控制字符 U+{ord(match.group()):04X}（不可见，常由复制粘贴带入），"
                              "它会使网页和订阅源出错；请删除它"))
        if len(found) >= MAX_REPORTED_CONTROLS:
            break
    return found


def exists(path: Path) -> bool:
    """Whether anything (even a broken symlink) is at path."""
    try:
        os.lstat(path)
    except OSError as exc:
        return exc.errno not in (errno.ENOENT, errno.ENOTDIR)
    return True


def read_bytes(path: Path, root: Path, problems: Problems, rel: str | None = None, what: str = "文件") -> bytes | None:
    """The file's bytes, or None with the reason recorded as a problem."""
    rel = rel or relative(root, path)
    why = inspect(path, root, what)
    if why:
        problems.error(rel, 0, why)
        return None
    try:
        return path.read_bytes()
    except OSError as exc:
        problems.error(rel, 0, os_message(exc, what))
        return None


def read_text(path: Path, root: Path, problems: Problems, rel: str | None = None) -> str | None:
    """The file as UTF-8 text, or None with every reason recorded (path:line) as a problem."""
    rel = rel or relative(root, path)
    data = read_bytes(path, root, problems, rel)
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, message = encoding_message(data, exc)
        problems.error(rel, line, message)
        return None
    line = looks_like_gbk(data, text)
    if line:
        problems.error(rel, line, "文件像是 GBK（GB2312/GB18030）编码，按 UTF-8 读出来是乱码；请另存为 UTF-8，"
                                  "例如运行 iconv -f GBK -t UTF-8 原文件 > 新文件，或在记事本“另存为”中选择 UTF-8")
        return None
    controls = control_problems(text)
    for line, message in controls:
        problems.error(rel, line, message)
    return None if controls else text


def list_dir(folder: Path, root: Path, problems: Problems) -> list[Path] | None:
    """The folder's entries, sorted, or None with the reason recorded."""
    rel = relative(root, folder)
    why = inspect(folder, root, "文件夹", folder=True)
    if why is None:
        try:
            return sorted(folder.iterdir())
        except OSError as exc:
            why = os_message(exc, "文件夹")
    problems.error(rel, 0, f"无法读取这个文件夹：{why}")
    return None


def misnamed(path: Path, wanted: tuple[str, ...] = ()) -> str | None:
    """Why a file whose name is close to what the build reads is not read; None if it is not close.

    wanted are exact file names the build looks for (issue.md); any *.md is read as well.
    """
    name, suffix = path.name, path.suffix
    for exact in wanted:
        if name != exact and name.lower() == exact.lower():
            return f'文件名应为小写的 "{exact}"，否则不会被读取；请改名为 {exact}'
    if suffix.lower() == MARKDOWN_SUFFIX and suffix != MARKDOWN_SUFFIX:
        return f'扩展名 "{suffix}" 应为小写的 .md，否则这个文件不会发布；请改名为 {path.stem}.md'
    if suffix.lower() in _MARKDOWN_LIKE:
        return f'扩展名 "{suffix}" 不会被读取，只有 .md 文件会发布；请改名为 {path.stem}.md'
    return None


def check_tree(folder: Path, root: Path, problems: Problems, text: bool) -> None:
    """Check every file under folder can be read (and, with text=True, is clean UTF-8)."""
    if not exists(folder):
        return
    pending = [folder]
    while pending:
        current = pending.pop()
        entries = list_dir(current, root, problems)
        for entry in entries or []:
            if _is_real_folder(entry):
                pending.append(entry)
            elif text:
                read_text(entry, root, problems)
            else:
                read_bytes(entry, root, problems)


def _is_real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


PDF_SIGNATURE = b"%PDF-"


def check_pdf(folder: Path, name: str) -> str | None:
    """Why name (issue.md's pdf:) is not a PDF file in the issue folder; None if it is one."""
    if "/" in name or "\\" in name or name in (".", "..") or name.startswith("~") or ":" in name:
        return (f'印刷版 PDF "{name}" 应只写文件名，不能含路径（/、\\、..）；'
                f"请把 PDF 文件放在 {folder.name}/ 文件夹中，写成 pdf: 文件名.pdf")
    path = folder / name
    if not exists(path):
        return f'找不到印刷版 PDF "{name}"，请把它放在 {folder.name}/ 文件夹中'
    why = inspect(path, folder, "PDF 文件")
    if why:
        return f'印刷版 PDF "{name}"：{why}'
    try:
        with path.open("rb") as handle:
            head = handle.read(len(PDF_SIGNATURE))
    except OSError as exc:
        return f'印刷版 PDF "{name}"：{os_message(exc, "PDF 文件")}'
    if head != PDF_SIGNATURE:
        return f'"{name}" 不是 PDF 文件（文件开头不是 %PDF-）；请放入印刷版的 PDF 原件'
    return None
