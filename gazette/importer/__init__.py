"""Importer: turn the text extracted from a gazette PDF (or one issued document) into content files.

``import_text`` is pure (text in, files and report out); ``command`` is the CLI entry point that reads
the source, prints the report in Chinese and writes the files atomically.
"""

from __future__ import annotations

import os
import pathlib
import sys
import tempfile

from .model import ImportResult, ReportItem
from .pipeline import import_text

__all__ = ["ImportResult", "ReportItem", "command", "format_report", "import_text", "write_files"]


def format_report(result: ImportResult, source_name: str) -> str:
    """The report as printed: documents found, then problems as 源文件:行号: 消息, then a summary."""
    out = [f"找到 {len(result.documents)} 个文件："]
    for doc in result.documents:
        out.append(f"  {doc.doc_number or '（无文号）'}  {doc.title}  第 {doc.page or '?'} 页")
    for item in result.report:
        where = f"{source_name}:{item.line}" if item.line else source_name
        out.append(f"{where}: [{item.severity}] {item.message}")
    chars = sum(len(span) for _, span in result.dropped)
    out.append(f"丢失字符数：{chars}")
    errors = sum(1 for r in result.report if r.severity == "错误")
    notes = sum(1 for r in result.report if r.severity == "注意")
    out.append(f"共 {len(result.files)} 个文件待写入；错误 {errors} 条，注意 {notes} 条。")
    return "\n".join(out)


def write_files(files: dict[str, str], out: pathlib.Path, force: bool) -> list[str]:
    """Write files under out atomically; refuse existing ones unless force. Return refused paths."""
    existing = [rel for rel in files if (out / rel).exists()]
    if existing and not force:
        return existing
    for rel, content in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".import-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(content)
            os.replace(tmp, path)
        except BaseException:
            pathlib.Path(tmp).unlink(missing_ok=True)
            raise
    return []


def command(source: str, issue: str, out: pathlib.Path, force: bool = False) -> int:
    """Import SOURCE (a path, or '-' for stdin) into out/<issue>/; print the report in Chinese; return exit status."""
    try:
        text = sys.stdin.read() if source == "-" else pathlib.Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{source}: 无法读取源文件：{exc}", file=sys.stderr)
        return 2
    out = pathlib.Path(out)
    has_issue_md = (out / issue / "issue.md").exists()
    try:
        result = import_text(text, issue, has_issue_md=has_issue_md)
    except ValueError as exc:
        print(f"{source}: {exc}", file=sys.stderr)
        return 2
    print(format_report(result, "-" if source == "-" else source))
    from ..metadata import add_index_numbers  # issue #12: 索引号 written once, at import

    refused = write_files(add_index_numbers(result.files, out), out, force)
    if refused:
        for rel in refused:
            print(f"{out / rel}: 文件已存在，未写入任何文件；确认要覆盖请加 --force", file=sys.stderr)
        return 1
    print(f"已写入 {len(result.files)} 个文件到 {out / issue}")
    return 1 if result.dropped else 0
