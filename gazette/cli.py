"""Command line: python build.py [build|serve|check|import] …"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
from pathlib import Path

from . import bundle, cache, check, feeds, output, pipeline, search_index
from . import config as config_mod
from .engine import Engine
from .problems import Problems

DESCRIPTION = """《政府公报》网站生成器。

常用命令：
  python build.py                 生成网站（输出到 site.toml 中的 output，默认 public/）
  python build.py serve           本地预览：保存即重新生成并自动刷新浏览器
  python build.py check           检查内容和生成结果，不发布
  python build.py bundle          生成 U 盘离线版文件夹和 zip
  python build.py import 公报.pdf --issue 2022-03   从 PDF（或提取的文本）导入一期或一件文件
"""


# Stages run on the staged site after the pages are written, before it is published.
PUBLISH_STEPS = (search_index.write_index, feeds.write_feeds)
# The USB copy: README.txt, then the whole folder checked as opened through file:// (errors stop it).
OFFLINE_STEPS = PUBLISH_STEPS + (bundle.bundle_step, check.offline_check_step)


def print_problems(problems: Problems, stream=sys.stderr) -> None:
    """Print every problem, sorted, then a one-line count."""
    for problem in problems.sorted():
        print(problem, file=stream)


def summary(result: pipeline.Result) -> str:
    """The closing line of a build, in Chinese."""
    errors, warnings = len(result.problems.errors), len(result.problems.warnings)
    if not result.ok:
        return f"构建失败：{errors} 个错误，{warnings} 条警告。原有网站未作任何改动。请按上面的提示修改后重新运行。"
    s = result.stats
    if result.unchanged:
        return (f"构建完成：内容、模板和设置自上次生成以来没有变化，网站无需更新（{s['issues']} 期，{s['documents']} 件文件，"
                f"{warnings} 条警告，用时 {result.seconds:.1f} 秒）。输出：{result.out}")
    return (f"构建完成：{s['issues']} 期，{s['documents']} 件文件，{s['departments']} 个部门，"
            f"{s['pages']} 个页面，{warnings} 条警告，用时 {result.seconds:.1f} 秒。输出：{result.out}")


_kept: list = []
"""The last one-shot build's engine and result, kept alive: build.py leaves with os._exit, and freeing
the model object by object when the command returns costs ~0.3 s at 10,000 documents (replaced by the
next build when main() runs in a longer process, as in the tests)."""


def _build(root: Path, out: Path | None, **options) -> pipeline.Result:
    """pipeline.build with an engine of its own, kept with the result (see _kept)."""
    engine = Engine(root)
    result = pipeline.build(root, out, engine=engine, **options)
    if engine.cache:
        engine.cache.close()  # the database closed as before; only the objects are left to the exit
    _kept[:] = [engine, result]
    return result


def _progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    steps = OFFLINE_STEPS if getattr(args, "offline", False) else PUBLISH_STEPS
    result = _build(args.root, args.out, progress=_progress, steps=steps, build_date=getattr(args, "build_date", None))
    print_problems(result.problems)
    print(summary(result), file=sys.stderr if not result.ok else sys.stdout)
    return 0 if result.ok else 1


def cmd_check(args: argparse.Namespace) -> int:
    steps = (OFFLINE_STEPS if args.offline else PUBLISH_STEPS) + (() if args.offline else (check.check_step,))
    # Checked in a folder of the cache's own, so the next check renders only what changed.
    folder = args.root / cache.CACHE_DIR / ("check-offline" if args.offline else "check")
    result = _build(args.root, folder, progress=_quiet_or(args), steps=steps,
                    build_date=getattr(args, "build_date", None))
    if args.json:
        print(check.check_json(result.problems), end="")
    else:
        print_problems(result.problems)
        errors, warnings = len(result.problems.errors), len(result.problems.warnings)
        print(f"检查完成：{errors} 个错误，{warnings} 条警告。" + ("" if errors else "可以发布。"),
              file=sys.stderr if errors else sys.stdout)
    return 1 if result.problems.errors else 0


def _quiet_or(args: argparse.Namespace):
    return (lambda _: None) if args.json else _progress


def cmd_bundle(args: argparse.Namespace) -> int:
    name = config_mod.load(args.root, Problems()).bundle_name
    out = (args.out or (args.root / "dist" / name)).resolve()
    zip_path = (args.zip or out.parent / f"{name}.zip").resolve()
    # The folder and the zip are one set: the zip is written from the staged folder and put in place
    # right after the folder is published; settle() also finishes or cleans up a killed run's work.
    steps = OFFLINE_STEPS + (bundle.zip_step(zip_path, name),)
    try:
        bundle.settle(out, zip_path)
        result = _build(args.root, out, progress=_progress, steps=steps, build_date=getattr(args, "build_date", None))
        bundle.settle(out, zip_path)
    except OSError as exc:
        print(f"无法写入离线版：{output.describe(exc)}", file=sys.stderr)
        return 1
    print_problems(result.problems)
    print(summary(result), file=sys.stderr if not result.ok else sys.stdout)
    if not result.ok:
        return 1
    print(f"离线版压缩包：{zip_path}（解压后双击 {name}\\index.html 即可浏览）")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from . import serve

    return serve.run(args.root, host=args.host, port=args.port, open_browser=args.open, search=not args.no_search,
                     build_date=getattr(args, "build_date", None))


def cmd_import(args: argparse.Namespace) -> int:
    from . import importer

    out = args.out or (args.root / "content")
    return importer.command(args.source, args.issue, out, force=args.force, root=args.root)


BUILD_DATE_HELP = ("判断文件效力（有效、已失效……）所依据的日期；默认依次取 site.toml 的 build_date、"
                   "环境变量 SOURCE_DATE_EPOCH、生成当天（浏览时页面还会按读者当天的日期重新判断）")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'日期 "{text}" 无效，应为 YYYY-MM-DD') from None


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix or "用法：")


class _Parser(argparse.ArgumentParser):
    """argparse with its usage line and errors in Chinese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：命令行有误（{message}）。运行 python build.py --help 查看全部命令和选项。\n")


def _chinese(p: argparse.ArgumentParser) -> None:
    """Chinese titles for argparse's own parts of a parser's help."""
    p._optionals.title = "选项"
    p.add_argument("-h", "--help", action="help", help="显示本说明并退出")


def parser() -> argparse.ArgumentParser:
    """The argument parser, with every command and option explained."""
    p = _Parser(prog="python build.py", description=DESCRIPTION, add_help=False)
    p.add_argument("--root", type=Path, default=Path("."), help="站点根目录（含 site.toml、content/），默认当前目录")
    p.add_argument("--out", type=Path, default=None, help="输出文件夹，默认取 site.toml 的 output")
    p.add_argument("--build-date", type=_date, default=None, metavar="YYYY-MM-DD", help=BUILD_DATE_HELP)
    p.add_argument("--offline", action="store_true", help="生成离线版（U 盘/光盘，双击 index.html 浏览），并按离线规则检查")
    p.set_defaults(func=cmd_build)
    _chinese(p)
    sub = p.add_subparsers(title="命令", metavar="命令", parser_class=_Parser)

    b = sub.add_parser("build", help="生成网站（默认命令）", add_help=False)
    _chinese(b)
    b.add_argument("--out", type=Path, default=argparse.SUPPRESS, help="输出文件夹")
    b.add_argument("--build-date", type=_date, default=argparse.SUPPRESS, metavar="YYYY-MM-DD", help=BUILD_DATE_HELP)
    b.set_defaults(func=cmd_build)

    c = sub.add_parser("check", help="检查内容和生成结果（链接、锚点、标题……），不发布", add_help=False)
    _chinese(c)
    c.add_argument("--json", action="store_true", help="以 JSON 输出问题列表")
    c.add_argument("--offline", action="store_true", help="按离线版规则检查（不得加载外部资源，链接须写出文件名）")
    c.set_defaults(func=cmd_check)

    z = sub.add_parser("bundle", help="生成离线版文件夹和 zip 压缩包（用于 U 盘分发）", add_help=False)
    _chinese(z)
    z.add_argument("--out", type=Path, default=argparse.SUPPRESS, help="离线版文件夹，默认 dist/wutai-gongbao")
    z.add_argument("--zip", type=Path, default=None, help="压缩包路径，默认 dist/wutai-gongbao.zip")
    z.set_defaults(func=cmd_bundle)

    v = sub.add_parser("serve", help="本地预览（含草稿）：保存即重新生成，浏览器自动刷新", add_help=False)
    _chinese(v)
    v.add_argument("--port", type=int, default=8000, help="端口，默认 8000")
    v.add_argument("--host", default="127.0.0.1", help="监听地址，默认 127.0.0.1（仅本机可访问）")
    v.add_argument("--open", action="store_true", help="启动后在浏览器中打开预览")
    v.add_argument("--no-search", action="store_true", help="不建立搜索索引（大型档案可更快启动）")
    v.set_defaults(func=cmd_serve)

    i = sub.add_parser("import", help="从 PDF（或从 PDF 提取的文本）导入一期（或一件文件）", add_help=False)
    _chinese(i)
    i.add_argument("source", help="PDF 或文本文件路径；- 表示从标准输入读取")
    i.add_argument("--issue", required=True, help="期文件夹名，例如 2022-03")
    i.add_argument("--out", type=Path, default=argparse.SUPPRESS, help="内容文件夹，默认 content/")
    i.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    i.set_defaults(func=cmd_import)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parser().parse_args(argv)
    args.root = args.root.resolve()
    if args.func in (cmd_build, cmd_check, cmd_bundle):
        # One build, then the process ends: its model lives to the end, and re-enabling cyclic garbage
        # collection after the build (workers.collection_paused) would only rescan it (~1 s at 10,000 documents).
        gc.disable()
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("已中断，原有网站未作任何改动。", file=sys.stderr)
        return 130
    except OSError as exc:  # a filesystem failure no stage turned into a problem: still one clear line
        print(f"读写文件出错，已停止：{output.describe(exc)}", file=sys.stderr)
        return 1
