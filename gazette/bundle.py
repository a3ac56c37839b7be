"""The USB copy: a README.txt for Windows users, a deterministic zip, and a check of path names.

The zip holds one top folder (e.g. wutai-gongbao/…); its entries are sorted and carry fixed
timestamps and permissions, so the same site gives a byte-identical zip on any machine and day.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import zipfile
from pathlib import Path, PurePosixPath

from . import output
from .config import Config
from .model import Site
from .problems import Problems

README = "README.txt"
TOP_FOLDER = "gazette-offline"
"""Name of the folder inside the zip when none is given (site.toml's bundle_name is)."""
WINDOWS_ROOT = "E:\\gazette-offline\\"
"""Where a reader typically copies the folder; paths are measured from here."""
MAX_PATH = 260
"""Windows MAX_PATH, counting the terminating NUL: a full path may have at most 259 characters."""
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""Earliest time a zip entry can carry."""


def readme_text(config: Config, site: Site) -> str:
    """The README in Chinese, with \\n line endings (write_readme converts them)."""
    lines = [f"《{config.title}》离线版", ""]
    lines += [
        "使用说明",
        "--------",
        "1. 双击本文件夹中的 index.html，即可用浏览器（Edge、Chrome、Firefox、360 浏览器等）打开公报首页。",
        "2. 不需要连接网络，也不需要安装任何软件。",
        "3. 搜索可用：在页面顶部的搜索框输入关键词、文号或部门名称即可查找文件。",
        "   搜索支持的浏览器：Chrome、新版 Edge、360 浏览器、QQ 浏览器等 Chromium 内核 64 版及以上，",
        "   Firefox 78 及以上，Safari 11.1 及以上；不支持 IE 和旧版 Edge（其他页面仍可阅读）。",
        "4. 可按“往期目录”“部门索引”浏览全部文件。",
        "5. 请把整个文件夹一起复制，不要只复制其中的某个文件，也不要修改文件夹内的文件名。",
        "   如从压缩包（.zip）使用，请先“全部解压缩”，再打开解压后的 index.html。",
        "",
        "本版收录",
        "--------",
    ]
    if site.issues:
        for issue in site.issues:
            lines.append(f"{issue.label}（总第{issue.total_number}期），{issue.published.year}年"
                         f"{issue.published.month}月{issue.published.day}日出版，共{len(issue.documents)}件文件")
        lines.append(f"合计 {len(site.issues)} 期，{len(site.documents)} 件文件。")
    else:
        lines.append("（尚无内容）")
    lines += ["", "编印", "----"]
    if config.publisher:
        lines.append(f"主办：{config.publisher}")
    lines += [line for line in config.footer if not line.startswith("主办")]
    if config.base_url.startswith(("http://", "https://")):
        lines.append(f"网络版：{config.base_url}")
    return "\n".join(lines) + "\n"


def write_readme(config: Config, site: Site, stage: Path) -> None:
    """Write README.txt at the top of the site: UTF-8 with BOM and CRLF, for Windows Notepad."""
    text = readme_text(config, site).replace("\n", "\r\n")
    (stage / README).write_bytes(text.encode("utf-8-sig"))


def bundle_step(site: Site, config: Config, stage: Path, problems: Problems) -> None:
    """Pipeline step for the offline build: README.txt, and warnings for paths Windows cannot take."""
    write_readme(config, site, stage)
    for rel, message in path_problems(stage, f"E:\\{config.bundle_name}\\"):
        problems.warning(rel, 0, message)
    sources = {d.url.rsplit("/", 1)[0]: d.src for d in site.documents}
    for rel, message in windows_problems(stage):
        problems.error(sources.get(rel) or sources.get(rel.rsplit("/", 1)[0]) or rel, 0, message)


def _date_time(date: dt.date | None) -> tuple[int, int, int, int, int, int]:
    if date is None or date.year < 1980:
        return ZIP_EPOCH
    return (date.year, date.month, date.day, 0, 0, 0)


def _entries(folder: Path, skip: frozenset[Path] = frozenset()) -> list[tuple[str, Path]]:
    """(posix path relative to folder, path) for every file and folder, sorted folder by folder."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        base = Path(dirpath)
        for name in dirnames + filenames:
            path = base / name
            if skip and path.resolve() in skip:
                continue
            found.append((path.relative_to(folder).as_posix(), path))
    return sorted(found, key=lambda entry: entry[0].split("/"))


def _write_zip(folder: Path, target: Path, top: str, stamp: tuple, skip: frozenset[Path]) -> None:
    """Write the deterministic zip of folder to target (a new file)."""
    with target.open("xb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(_info(f"{top}/", stamp, directory=True), b"")
        for rel, path in _entries(folder, skip | {target.resolve()}):
            name = str(PurePosixPath(top, rel))
            if path.is_dir() and not path.is_symlink():
                archive.writestr(_info(name + "/", stamp, directory=True), b"")
            elif path.is_file():
                archive.writestr(_info(name, stamp), path.read_bytes(), compresslevel=9)
    os.chmod(target, 0o644)


def _temporary(zip_path: Path) -> Path:
    """A work file beside zip_path named for this process, so a later run can tell it is abandoned."""
    return zip_path.parent / f".{zip_path.name}.{os.getpid()}.tmp"


def make_zip(folder: Path, zip_path: Path, top: str | None = None, date: dt.date | None = None) -> None:
    """Write a deterministic zip of folder to zip_path, atomically, everything under one top folder.

    top defaults to the zip's file name without .zip; date (e.g. the newest issue's publication date)
    stamps every entry, 1980-01-01 when not given.
    """
    folder, zip_path = Path(folder), Path(zip_path)
    top = top or zip_path.stem or TOP_FOLDER
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(zip_path)
    tmp.unlink(missing_ok=True)
    try:
        _write_zip(folder, tmp, top, _date_time(date), frozenset({zip_path.resolve()}))
        os.replace(tmp, zip_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _info(name: str, stamp: tuple, directory: bool = False) -> zipfile.ZipInfo:
    """A zip entry header with fixed time, system and permissions."""
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.create_system = 3  # Unix, so the permission bits below are honoured and identical everywhere
    if directory:
        info.external_attr = ((stat.S_IFDIR | 0o755) << 16) | 0x10  # 0x10: MS-DOS directory flag
        info.compress_type = zipfile.ZIP_STORED
    else:
        info.external_attr = (stat.S_IFREG | 0o644) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
    return info


def path_problems(folder: Path, root: str = WINDOWS_ROOT) -> list[tuple[str, str]]:
    """(path relative to folder, message) for every path that is not ASCII or too long under root."""
    found = []
    for rel, _ in _entries(Path(folder)):
        if not rel.isascii():
            found.append((rel, f'路径 "{rel}" 含有非 ASCII 字符，在部分 Windows 电脑或 U 盘上可能显示为乱码或无法打开'))
        full = root + rel.replace("/", "\\")
        if len(full) >= MAX_PATH:
            found.append((rel, f'路径 "{rel}" 复制到 {root} 后长 {len(full)} 个字符，超过 Windows 的 {MAX_PATH - 1} 字符上限，'
                               "可能无法复制或打开；请缩短文件名"))
    return found


def check_paths(folder: Path, root: str = WINDOWS_ROOT) -> list[str]:
    """Messages (Chinese) for every path that is not ASCII or too long for Windows under root."""
    return [message for _, message in path_problems(folder, root)]


# The folder and the zip are replaced as a set. The zip is written while the folder is still staged,
# as a "pending" file beside the zip that records the staged folder's inode (a rename keeps it). Once
# the folder is published, settle() renames the pending zip into place; a run killed in between
# leaves a pending zip whose inode matches the published folder, and the next run finishes the swap.
# A pending zip whose folder never got published, and any work file of a dead run, is deleted.
_PENDING = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)-(?P<dev>\d+)-(?P<ino>\d+)\.pending$")
_WORK = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.tmp$")


_alive = output.running


def zip_problem(zip_path: Path, root: Path, out: Path) -> str | None:
    """Why the zip may not be written at zip_path; None if it may."""
    zip_path, root, out = zip_path.resolve(), root.resolve(), out.resolve()
    if zip_path == out or out in zip_path.parents:
        return f"压缩包 {zip_path} 不能放在离线版文件夹 {out} 之中；请用 --zip 指定别处"
    if zip_path == root or root / "content" in (zip_path, *zip_path.parents):
        return f"压缩包 {zip_path} 不能放在 content/ 中；请用 --zip 指定别处，例如 dist/ 下"
    if zip_path.is_dir():
        return f"压缩包位置 {zip_path} 是一个文件夹；请用 --zip 指定一个 .zip 文件名"
    if zip_path.exists():
        try:
            with zip_path.open("rb") as handle:
                head = handle.read(4)
        except OSError:
            head = b""
        if head not in (b"PK\x03\x04", b"PK\x05\x06"):
            return f"{zip_path} 已存在且不是 zip 压缩包，为免覆盖您的文件，拒绝写入；请用 --zip 指定别的文件名"
    return None


def zip_step(zip_path: Path, top: str):
    """Pipeline step: zip the staged folder into a pending file, put in place with the folder by settle()."""

    def write_zip(site: Site, config: Config, stage: Path, problems: Problems) -> None:
        why = zip_problem(zip_path, config.root, stage.parent / top)
        if why:
            problems.error(zip_path.name, 0, why)
            return
        info = os.stat(stage)
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        work = _temporary(zip_path)
        work.unlink(missing_ok=True)
        latest = site.latest
        _write_zip(stage, work, top, _date_time(latest.published if latest else None), frozenset())
        os.replace(work, zip_path.parent / f".{zip_path.name}.{os.getpid()}-{info.st_dev}-{info.st_ino}.pending")

    return write_zip


def settle(out: Path, zip_path: Path) -> bool:
    """Finish or undo what bundle runs (this one or a killed one) left; True if a new zip was put in place."""
    if not zip_path.parent.is_dir():
        return False
    try:
        folder = os.stat(out)
    except OSError:
        folder = None
    placed = False
    for path in sorted(zip_path.parent.iterdir()):
        work, pending = _WORK.match(path.name), _PENDING.match(path.name)
        match = work or pending
        if not match or match["name"] != zip_path.name or _alive(int(match["pid"])):
            continue
        if pending and folder and (int(pending["dev"]), int(pending["ino"])) == (folder.st_dev, folder.st_ino):
            os.replace(path, zip_path)
            placed = True
        else:
            path.unlink(missing_ok=True)
    return placed


# Names Windows cannot create, with or without an extension (con.html is as impossible as con).
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_WINDOWS_BAD = re.compile(r'[<>:"|?*\x00-\x1f\\]')


def windows_problems(folder: Path) -> list[tuple[str, str]]:
    """(path, message) for names Windows refuses or folds together: reserved, bad characters, case twins."""
    found, seen = [], {}
    for rel, _ in _entries(Path(folder)):
        name = rel.rsplit("/", 1)[-1]
        if name.split(".", 1)[0].lower() in _RESERVED:
            found.append((rel, f'"{name}" 是 Windows 的保留名，U 盘版在 Windows 上无法复制或打开；'
                               "请给相应的文件改名（文件的网址名可用 slug 指定）"))
        elif _WINDOWS_BAD.search(name) or name.endswith((".", " ")):
            found.append((rel, f'"{name}" 含有 Windows 文件名不允许的字符（< > : " | ? * \\ 或以点、空格结尾），请改名'))
        twin = seen.setdefault(rel.lower(), rel)
        if twin != rel:
            found.append((rel, f'"{rel}" 与 "{twin}" 只有大小写不同，在 Windows 上会互相覆盖；请改名其中之一'))
    return found
