"""Writing an import as one set: staged, loaded back through the build's own loader, swapped in whole.

The new issue folder is assembled beside the old one (existing files copied, new files added) and
replaced with two renames, so a killed import leaves either the old folder or the new one. What a
killed run leaves behind (``.import-staging-*``, ``.import-old-*``) is cleaned up by the next run.
A file the editor changed since the importer wrote it (or never written by the importer) is never
overwritten without --force, and even then its old text is kept in ``.import-backup/``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import config as config_mod
from .. import content, departments, markdown
from ..problems import Problem, Problems

MANIFEST = ".import-manifest.json"
BACKUP = ".import-backup"
_STAGING = ".import-staging-"
_OLD = ".import-old-"


@dataclass
class WriteResult:
    """What writing the set did."""

    written: list[str] = field(default_factory=list)
    """Relative paths written (new or changed)."""
    refused: list[str] = field(default_factory=list)
    """Existing files that would be overwritten (nothing written)."""
    backed_up: list[str] = field(default_factory=list)
    """Editor's files overwritten under --force, kept under .import-backup/."""


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_out(out: Path) -> str:
    """A message if out cannot hold content folders (a file, or inside a file), else ""."""
    for parent in [out, *out.parents]:
        if parent.exists():
            if not parent.is_dir():
                return f"{parent}: 这是一个文件，不是文件夹；--out 应指向内容文件夹（例如 content）"
            return ""
    return ""


def clean_leftovers(out: Path) -> list[str]:
    """Undo or remove what a killed import left in out; return what was done, for the report."""
    done = []
    if not out.is_dir():
        return done
    for entry in sorted(out.iterdir()):
        if entry.name.startswith(_OLD) and entry.is_dir():
            for old in sorted(entry.iterdir()):
                target = out / old.name
                if not target.exists():
                    os.replace(old, target)
                    done.append(f"上次导入中断：已恢复 {target}")
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(_STAGING) and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
            done.append(f"已清除上次中断的导入留下的临时文件夹 {entry.name}")
    return done


def _manifest(folder: Path) -> dict[str, str]:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def verify(files: dict[str, str], root: Path, issue: str, staging: Path) -> list[Problem]:
    """Load the staged files back through the build's loader; its problems, located in the new files."""
    sink = Problems()
    config = config_mod.load(root, sink)
    registry = departments.load(root, Problems())
    matcher = departments.matcher(registry)
    md = markdown.parser(config.allow_html)
    found = Problems()
    folder = staging / issue
    scratch = Path(tempfile.mkdtemp(prefix="import-check-"))
    try:
        for rel in files:
            path = staging / rel
            if path.name == content.ISSUE_FILE:
                content.load_issue(config, folder, md, found)
            else:
                content.load_document(config, path, md, matcher, scratch, found)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    out = []
    for p in found.items:
        rel = p.path
        for name in files:
            if rel.endswith("/" + name) or rel == name:
                rel = name
        out.append(Problem(rel, p.line, p.message, p.severity))
    return out


def stage(files: dict[str, str], out: Path, issue: str, force: bool) -> tuple[Path, WriteResult]:
    """Assemble the new issue folder in a staging folder beside it; decide what may be overwritten."""
    result = WriteResult()
    current = out / issue
    owned = _manifest(current)
    for rel, text in files.items():
        path = out / rel
        if path.exists():
            data = path.read_bytes()
            if data == text.encode("utf-8"):
                continue
            if owned.get(Path(rel).name) != _sha(data):
                result.refused.append(rel)
            elif not force:
                result.refused.append(rel)
    if result.refused and not force:
        return Path(), result
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=out))
    try:
        return staging, _fill(staging, files, out, issue, owned, force, result)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _fill(staging: Path, files: dict[str, str], out: Path, issue: str, owned: dict[str, str], force: bool,
          result: WriteResult) -> WriteResult:
    """Copy the current issue folder into staging and add the new files (backing up the editor's)."""
    current = out / issue
    folder = staging / issue
    if current.is_dir():
        shutil.copytree(current, folder, symlinks=True)
    else:
        folder.mkdir(parents=True)
    backup = folder / BACKUP
    for rel, text in files.items():
        path = staging / rel
        if rel in result.refused:  # force: keep the editor's text
            n = 1
            while (backup / f"{path.name}.{n}").exists():
                n += 1
            backup.mkdir(exist_ok=True)
            shutil.copy2(path, backup / f"{path.name}.{n}")
            result.backed_up.append(f"{issue}/{BACKUP}/{path.name}.{n}")
        if not path.exists() or path.read_bytes() != text.encode("utf-8"):
            result.written.append(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        owned[path.name] = _sha(text.encode("utf-8"))
    (folder / MANIFEST).write_text(json.dumps(owned, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")
    result.refused = [] if force else result.refused
    return result


def swap(staging: Path, out: Path, issue: str) -> None:
    """Replace out/issue by the staged folder with two renames; remove what is left."""
    current = out / issue
    old = Path(tempfile.mkdtemp(prefix=_OLD, dir=out))
    if current.exists():
        os.replace(current, old / issue)
    try:
        os.replace(staging / issue, current)
    except BaseException:
        if (old / issue).exists() and not current.exists():
            os.replace(old / issue, current)
        raise
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
