"""Synthetic gazette archives from ../shared/bench/make_corpus.py, as sites this project builds.

The generator samples sentences from the real issue and names departments that our registry
(made from 2022年第3期) does not know; those are added to the site's copy of the registry so the
archive builds without errors, as a county would register them.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO, make_site

SHARED = REPO.parent / "shared"
MAKE_CORPUS = SHARED / "bench" / "make_corpus.py"
SEED = SHARED / "seeds" / "000_3e1c21670e535661.txt"


def available() -> bool:
    """True when the shared corpus generator and seed text are beside the repository."""
    return MAKE_CORPUS.exists() and SEED.exists()


def make_synthetic_site(root: Path, issues: int, docs_per_issue: int = 20, seed: int = 1) -> Path:
    """A buildable site holding a synthetic archive of issues × docs_per_issue documents."""
    corpus = root.parent / f"{root.name}-corpus"
    subprocess.run([sys.executable, str(MAKE_CORPUS), "--source", str(SEED), "--issues", str(issues),
                    "--docs-per-issue", str(docs_per_issue), "--out", str(corpus), "--layout", "gazette",
                    "--seed", str(seed)], check=True, capture_output=True)
    make_site(root, content_from=corpus / "content")
    register_departments(root)
    return root


def register_departments(root: Path) -> None:
    """Add every department named in front matter but missing from the registry."""
    registry_path = root / "content" / "departments.yaml"
    registry = yaml.safe_load(registry_path.read_text(encoding="utf-8"))
    known = {n for d in registry for n in [d["name"], *d.get("aliases", [])]}
    missing: set[str] = set()
    for path in (root / "content").glob("*/*.md"):
        header = path.read_text(encoding="utf-8").split("---", 2)[1]
        block = re.search(r"^departments:\n((?:\s+- .*\n)+)", header, flags=re.M)
        if block:
            missing.update(re.findall(r'- "?([^"\n]+)"?', block.group(1)))
    extra = [{"id": "x" + hashlib.sha1(n.encode()).hexdigest()[:8], "name": n,
              "group": "乡（镇）" if n.endswith(("乡", "镇")) else "县直部门"} for n in sorted(missing - known)]
    with registry_path.open("a", encoding="utf-8") as f:
        f.write(yaml.safe_dump(extra, allow_unicode=True, sort_keys=False) if extra else "")
