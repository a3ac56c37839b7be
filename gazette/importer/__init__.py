"""Importer: turn the text extracted from a gazette PDF (or one issued document) into content files.

``import_text`` is pure (text in, files and report out); ``command`` is the CLI entry point that reads
the source (PDF or text), prints the report in Chinese and writes the files as one set (gazette/importer/writer.py).
"""

from __future__ import annotations

import pathlib
import sys

from ..problems import Problem
from .model import ImportResult, ReportItem
from .pipeline import import_lines, import_text

__all__ = ["ImportResult", "ReportItem", "command", "format_report", "import_lines", "import_text"]


SEVERITY = {"错误": "error", "注意": "warning", "信息": "info"}


def problems_of(result: ImportResult, source_name: str, pages: dict[int, int] | None = None) -> list[Problem]:
    """The report items as the build's Problem records (path:line: message), page named for PDFs."""
    out = []
    for item in result.report:
        where = f"（第 {pages[item.line]} 页）" if pages and item.line in pages else ""
        out.append(Problem(source_name, item.line, where + item.message, SEVERITY[item.severity]))
    return out


def format_report(result: ImportResult, source_name: str, pages: dict[int, int] | None = None,
                  extra: list[Problem] | None = None) -> str:
    """The report as printed: documents found, problems as 源文件:行号: 消息, then a summary."""
    out = [f"找到 {len(result.documents)} 个文件："]
    for doc in result.documents:
        out.append(f"  {doc.doc_number or '（无文号）'}  {doc.title}  第 {doc.page or '?'} 页")
    problems = problems_of(result, source_name, pages) + list(extra or [])
    out += [str(p) for p in problems]
    chars = sum(len(span) for _, span in result.dropped)
    out.append(f"丢失字符数：{chars}")
    errors = sum(1 for p in problems if p.severity == "error")
    notes = sum(1 for p in problems if p.severity == "warning")
    out.append(f"共 {len(result.files)} 个文件待写入；错误 {errors} 条，注意 {notes} 条。")
    return "\n".join(out)


def command(source: str, issue: str, out: pathlib.Path, force: bool = False, root: pathlib.Path | None = None) -> int:
    """Import SOURCE (a PDF or text path, or '-' for stdin) into out/<issue>/; print the report; return exit status."""
    from . import inputs, writer
    from .pdf import PdfError

    out = pathlib.Path(out)
    root = pathlib.Path(root) if root else pathlib.Path(".")
    name = "-" if source == "-" else source
    if msg := writer.check_out(out):
        print(msg, file=sys.stderr)
        return 2
    try:
        src = inputs.read_source(source)
    except (inputs.SourceError, PdfError) as exc:
        print(exc if isinstance(exc, inputs.SourceError) else f"{name}：{exc}", file=sys.stderr)
        return 2
    has_issue_md = (out / issue / "issue.md").exists()
    try:
        if src.pdf is not None:
            result = import_lines(src.pdf.lines, src.pdf.furniture, issue, has_issue_md)
        else:
            result = import_text(src.text, issue, has_issue_md=has_issue_md)
    except ValueError as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 2
    result.report = sorted(src.report + result.report, key=lambda r: r.line)
    pages = src.pdf.pages if src.pdf is not None else None
    for note in writer.clean_leftovers(out):
        print(note)
    try:
        staging, written = writer.stage(result.files, out, issue, force) if result.files else (pathlib.Path(), None)
    except OSError as exc:
        print(f"{out}: 无法写入（{exc.strerror or exc}）；原有文件未作任何改动", file=sys.stderr)
        return 2
    loader: list[Problem] = []
    if written is not None and not written.refused:
        loader = writer.verify(result.files, root, issue, staging)
        # A value the importer could not find is left empty and reported: the editor fills it in.
        loader = [Problem(f"{out / p.path}", p.line, f"生成网站前须补全：{p.message}", "warning")
                  if p.severity == "error" and ("不能为空" in p.message or "缺少必填" in p.message or "\"\"" in p.message)
                  else Problem(f"{out / p.path}", p.line, p.message, p.severity) for p in loader]
    print(format_report(result, name, pages, loader))
    errors = [r for r in result.report if r.severity == "错误"] + [p for p in loader if p.severity == "error"]
    if written is None or written.refused:
        for rel in (written.refused if written else []):
            print(f"{out / rel}: 文件已存在且与导入结果不同，未写入任何文件；确认要覆盖请加 --force"
                  "（被覆盖的文件会备份到 .import-backup/）", file=sys.stderr)
        return 1
    if errors:
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
        print(f"有 {len(errors)} 个错误，未写入任何文件。请按上面的提示改正源文件后重新导入。", file=sys.stderr)
        return 1
    try:
        writer.swap(staging, out, issue)
    except OSError as exc:
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
        print(f"{out / issue}: 无法替换（{exc.strerror or exc}）；原有文件未作任何改动", file=sys.stderr)
        return 2
    for rel in written.backed_up:
        print(f"{out / rel}: 已备份被覆盖的原文件")
    print(f"已写入 {len(written.written)} 个文件到 {out / issue}（共 {len(result.files)} 个，其余未变）")
    return 0
