"""A golden copy of key files of the built 2022年第3期, compared byte for byte.

When a change to layouts or the engine changes the output on purpose, regenerate the copy and
review its diff before committing:

    GAZETTE_UPDATE_GOLDEN=1 python3 -m pytest tests/test_golden_files.py
    git diff tests/golden/
"""

from __future__ import annotations

import os

import pytest

from conftest import REPO

GOLDEN = REPO / "tests" / "golden"
FILES = [
    "index.html",
    "2022-03/index.html",
    "2022-03/wzbf-2022-31/index.html",
    "2022-03/wzbf-2022-41/index.html",
    "departments/index.html",
    "departments/czj/index.html",
    "data/issues.json",
    "feed.xml",
    "sitemap.xml",
]


@pytest.mark.parametrize("name", FILES)
def test_built_file_matches_golden_copy(real_site, name):
    out, _ = real_site
    built = (out / name).read_bytes()
    golden = GOLDEN / name
    if os.environ.get("GAZETTE_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(built)
    assert golden.exists(), f"no golden copy of {name}: run GAZETTE_UPDATE_GOLDEN=1 pytest {__file__}"
    assert built == golden.read_bytes(), f"{name} differs from tests/golden/{name}; see this file's docstring"


def test_no_stale_golden_files():
    present = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()} if GOLDEN.exists() else set()
    if os.environ.get("GAZETTE_UPDATE_GOLDEN"):
        for stale in present - set(FILES):
            (GOLDEN / stale).unlink()
        present &= set(FILES)
    assert present <= set(FILES), present - set(FILES)
