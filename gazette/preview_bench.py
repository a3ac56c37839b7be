"""The preview's edit benchmark: seconds from a save to the rebuilt pages on disk, and memory."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from .preview import Preview


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def bench_edit(root: Path, edits: int) -> dict:
    """Time N incremental rebuilds, each after appending a sentence to one document (median/max seconds, RSS).

    It edits the files under root: run it on a copy. full_pass_s is one rebuild that re-assembles the
    whole model and fingerprints every page (what a title, date or file added/removed costs, before
    the pages that changed are written).
    """
    work = Path(tempfile.mkdtemp(prefix="gazette-bench-"))
    try:
        engine = Preview(Path(root), work)
        t0 = time.monotonic()
        first = engine.rebuild()
        initial = time.monotonic() - t0
        if not first.ok:
            raise RuntimeError("bench site has errors: " + "; ".join(map(str, first.problems.errors[:3])))
        docs = sorted(engine.docs)
        rss_before, times, pages = _rss_kb(), [], []
        for n in range(edits):
            path = docs[(n * 7919) % len(docs)]
            started = time.monotonic()
            with path.open("a", encoding="utf-8") as f:
                f.write(f"\n本段为第{n + 1}次预览测试追加的句子。\n")
            report = engine.rebuild()
            times.append(time.monotonic() - started)
            pages.append(len(report.written))
        engine.site = None
        started = time.monotonic()
        engine.rebuild()
        full_pass = time.monotonic() - started
        return {"documents": len(engine.docs), "initial_build_s": round(initial, 2), "edits": edits,
                "full_pass_s": round(full_pass, 3),
                "median_s": round(statistics.median(times), 4), "max_s": round(max(times), 4),
                "pages_per_edit_median": statistics.median(pages), "rss_before_mb": round(rss_before / 1024, 1),
                "rss_after_mb": round(_rss_kb() / 1024, 1)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
